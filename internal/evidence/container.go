package evidence

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseStages returns the FROM instructions of a Dockerfile, with line
// continuations joined and flags (--platform) skipped.
func parseStages(text string) []Stage {
	var stages []Stage
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		line := strings.TrimSpace(lines[i])
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(lines[i])
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || !strings.EqualFold(fields[0], "FROM") {
			continue
		}
		args := fields[1:]
		for len(args) > 0 && strings.HasPrefix(args[0], "--") {
			args = args[1:]
		}
		if len(args) == 0 {
			continue
		}
		st := Stage{Image: args[0], Line: start + 1}
		if len(args) >= 3 && strings.EqualFold(args[1], "AS") {
			st.Name = args[2]
		}
		stages = append(stages, st)
		if len(stages) >= 100 {
			break
		}
	}
	return stages
}

// maxYAMLNodes bounds the YAML nodes visited in a compose or values file.
const maxYAMLNodes = 50000

// parseCompose returns the services of a compose file and their images.
func parseCompose(data []byte) ([]Service, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	services := mapValue(doc.Content[0], "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return nil, nil
	}
	var out []Service
	for i := 0; i+1 < len(services.Content) && len(out) < 1000; i += 2 {
		s := Service{Name: services.Content[i].Value, Line: services.Content[i].Line}
		if img := mapValue(services.Content[i+1], "image"); img != nil && img.Kind == yaml.ScalarNode {
			s.Image, s.Line = img.Value, img.Line
		}
		out = append(out, s)
	}
	return out, nil
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// chartName returns the name: of a Chart.yaml.
func chartName(data []byte) string {
	var c struct {
		Name string `yaml:"name"`
	}
	if yaml.Unmarshal(data, &c) != nil {
		return ""
	}
	return c.Name
}

// valuesImages finds the container images a Helm values file names: "image:
// repo:tag" strings and "image: {repository, tag}" mappings, at any depth.
func valuesImages(p string, data []byte) []Image {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []Image
	budget := maxYAMLNodes
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		budget--
		if budget < 0 || n == nil || len(out) >= 1000 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "image" {
					if ref, line := imageRef(v); ref != "" {
						out = append(out, Image{Ref: ref, Path: p, Line: line})
						continue
					}
				}
				walk(v)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(doc.Content[0])
	return out
}

func imageRef(v *yaml.Node) (string, int) {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value, v.Line
	case yaml.MappingNode:
		repo := mapValue(v, "repository")
		if repo == nil || repo.Kind != yaml.ScalarNode || repo.Value == "" {
			return "", 0
		}
		ref := repo.Value
		if reg := mapValue(v, "registry"); reg != nil && reg.Kind == yaml.ScalarNode && reg.Value != "" {
			ref = reg.Value + "/" + ref
		}
		if tag := mapValue(v, "tag"); tag != nil && tag.Kind == yaml.ScalarNode && tag.Value != "" {
			ref += ":" + tag.Value
		}
		return ref, repo.Line
	}
	return "", 0
}
