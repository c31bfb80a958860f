package evidence

import (
	"bytes"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

// parseStages returns the stages of a Dockerfile with their instructions:
// continuation lines joined, comments dropped, FROM flags (--platform) skipped.
func parseStages(text string) []Stage {
	_, stages := parseDockerfile(text)
	return stages
}

// parseDockerfile returns the ARG instructions before the first FROM (the
// build arguments FROM lines can use) and the stages.
func parseDockerfile(text string) (args []Instruction, stages []Stage) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				continue
			}
			line = strings.TrimSuffix(line, "\\") + " " + next
		}
		cmd, rest, _ := strings.Cut(line, " ")
		cmd = strings.ToUpper(cmd)
		rest = strings.TrimSpace(rest)
		if cmd != "FROM" {
			ins := Instruction{Cmd: cmd, Args: rest, Line: start + 1}
			switch n := len(stages); {
			case n > 0 && len(stages[n-1].Instructions) < 2000:
				stages[n-1].Instructions = append(stages[n-1].Instructions, ins)
			case n == 0 && cmd == "ARG" && len(args) < 100:
				args = append(args, ins)
			}
			continue
		}
		fields := strings.Fields(rest)
		for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
			fields = fields[1:]
		}
		if len(fields) == 0 {
			continue
		}
		st := Stage{Image: fields[0], Line: start + 1}
		if len(fields) >= 3 && strings.EqualFold(fields[1], "AS") {
			st.Name = fields[2]
		}
		stages = append(stages, st)
		if len(stages) >= 100 {
			break
		}
	}
	return args, stages
}

// maxYAMLNodes bounds the YAML nodes visited in a compose or values file.
const maxYAMLNodes = 50000

// parseCompose reads the services of a compose file: image, build,
// environment, volumes, dependencies, health checks and resource limits, and
// the file's external resources and ${VAR} interpolations.
func parseCompose(data []byte) (*ComposeFile, error) {
	cf := &ComposeFile{}
	cf.Variables, cf.Optional = interpolations(data)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return cf, err
	}
	if len(doc.Content) == 0 {
		return cf, nil
	}
	root := doc.Content[0]
	for _, section := range []string{"networks", "volumes"} {
		m := mapValue(root, section)
		if m == nil || m.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if ext := mapValue(m.Content[i+1], "external"); ext != nil && (ext.Value == "true" || ext.Kind == yaml.MappingNode) {
				cf.External = append(cf.External, Named{Name: section + "/" + m.Content[i].Value, Line: m.Content[i].Line})
			}
		}
	}
	services := mapValue(root, "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return cf, nil
	}
	for i := 0; i+1 < len(services.Content) && len(cf.Services) < 1000; i += 2 {
		cf.Services = append(cf.Services, parseService(services.Content[i], services.Content[i+1]))
	}
	return cf, nil
}

func parseService(key, n *yaml.Node) Service {
	s := Service{Name: key.Value, Line: key.Line}
	if img := mapValue(n, "image"); img != nil && img.Kind == yaml.ScalarNode {
		s.Image, s.Line = img.Value, img.Line
	}
	switch build := mapValue(n, "build"); {
	case build == nil:
	case build.Kind == yaml.ScalarNode:
		s.Build, s.BuildContext = true, build.Value
	default:
		s.Build = true
		s.BuildContext, s.BuildFile = nodeText(mapValue(build, "context")), nodeText(mapValue(build, "dockerfile"))
	}
	s.User = nodeText(mapValue(n, "user"))
	s.Command = serviceCommand(n)
	s.Healthcheck = mapValue(n, "healthcheck") != nil
	s.Limits = mapValue(mapValue(mapValue(n, "deploy"), "resources"), "limits") != nil || mapValue(n, "mem_limit") != nil || mapValue(n, "cpus") != nil
	switch env := mapValue(n, "environment"); {
	case env == nil:
	case env.Kind == yaml.MappingNode || env.Kind == yaml.AliasNode:
		s.Environment = mappingEnv(env, 0)
	case env.Kind == yaml.SequenceNode:
		for _, item := range env.Content {
			name, value, set := strings.Cut(item.Value, "=")
			s.Environment = append(s.Environment, EnvVar{Name: name, Value: value, Set: set && !strings.Contains(value, "${"), Line: item.Line})
		}
	}
	if vols := mapValue(n, "volumes"); vols != nil && vols.Kind == yaml.SequenceNode {
		for _, v := range vols.Content {
			src := v.Value
			if v.Kind == yaml.MappingNode {
				if sv := mapValue(v, "source"); sv != nil {
					src = sv.Value
				}
			} else {
				src, _, _ = strings.Cut(src, ":")
			}
			if src != "" {
				s.Volumes = append(s.Volumes, src)
			}
		}
	}
	switch deps := mapValue(n, "depends_on"); {
	case deps == nil:
	case deps.Kind == yaml.SequenceNode:
		for _, d := range deps.Content {
			s.DependsOn = append(s.DependsOn, d.Value)
		}
	case deps.Kind == yaml.MappingNode:
		for i := 0; i < len(deps.Content); i += 2 {
			s.DependsOn = append(s.DependsOn, deps.Content[i].Value)
		}
	}
	s.Escapes = isolationEscapes(n)
	return s
}

// maxCommand caps the command of a service kept for the rules.
const maxCommand = 500

// serviceCommand returns a service's entrypoint and command, each a string
// or a list, joined by spaces.
func serviceCommand(n *yaml.Node) string {
	var parts []string
	for _, key := range []string{"entrypoint", "command"} {
		switch c := mapValue(n, key); {
		case c == nil:
		case c.Kind == yaml.ScalarNode:
			parts = append(parts, c.Value)
		case c.Kind == yaml.SequenceNode:
			for _, item := range c.Content[:min(len(c.Content), 50)] {
				if item.Kind == yaml.ScalarNode {
					parts = append(parts, item.Value)
				}
			}
		}
	}
	cmd := strings.Join(parts, " ")
	if len(cmd) > maxCommand {
		cmd = cmd[:maxCommand]
	}
	return cmd
}

// mappingEnv reads an environment: mapping. The YAML merge key (<<: *anchor)
// is not a variable: the anchored mapping's variables are read in its place.
func mappingEnv(env *yaml.Node, depth int) []EnvVar {
	if env.Kind == yaml.AliasNode {
		env = env.Alias
	}
	if env == nil || depth > 5 {
		return nil
	}
	var out []EnvVar
	for i := 0; i+1 < len(env.Content) && len(out) < 1000; i += 2 {
		k, v := env.Content[i], env.Content[i+1]
		if k.Value == "<<" {
			switch v.Kind {
			case yaml.AliasNode, yaml.MappingNode:
				out = append(out, mappingEnv(v, depth+1)...)
			case yaml.SequenceNode:
				for _, m := range v.Content {
					out = append(out, mappingEnv(m, depth+1)...)
				}
			}
			continue
		}
		set := v.Kind == yaml.ScalarNode && v.Tag != "!!null" && !strings.Contains(v.Value, "${")
		out = append(out, EnvVar{Name: k.Value, Value: v.Value, Set: set, Line: k.Line})
	}
	return out
}

// isolationEscapes returns the settings of a compose service that give it
// the host: privileged mode, host namespaces and the Docker socket.
func isolationEscapes(n *yaml.Node) []Named {
	var out []Named
	if v := mapValue(n, "privileged"); v != nil && v.Value == "true" {
		out = append(out, Named{Name: "privileged: true", Line: v.Line})
	}
	for _, key := range []string{"network_mode", "pid", "ipc"} {
		if v := mapValue(n, key); v != nil && v.Value == "host" {
			out = append(out, Named{Name: key + ": host", Line: v.Line})
		}
	}
	if vols := mapValue(n, "volumes"); vols != nil && vols.Kind == yaml.SequenceNode {
		for _, v := range vols.Content {
			if strings.Contains(v.Value, "docker.sock") || strings.Contains(nodeText(mapValue(v, "source")), "docker.sock") {
				out = append(out, Named{Name: "the Docker socket mounted", Line: v.Line})
			}
		}
	}
	return out
}

func nodeText(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// interpolation is a compose variable: ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error} or $VAR ($$ escapes a dollar).
var interpolation = lazyregexp.New(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?|\$([A-Za-z_][A-Za-z0-9_]*)`)

// interpolations returns the variables a compose file interpolates, first
// occurrence each, and those every use of which has a default.
func interpolations(data []byte) (vars []Named, optional []string) {
	seen := map[string]bool{}
	required := map[string]bool{}
	for _, m := range interpolation.FindAllSubmatchIndex(data, 1000) {
		var name string
		switch {
		case m[2] >= 0:
			name = string(data[m[2]:m[3]])
			if m[4] < 0 || data[m[5]-1] == '?' {
				required[name] = true
			}
		case m[6] >= 0:
			name = string(data[m[6]:m[7]])
			required[name] = true
		default:
			continue // $$
		}
		if !seen[name] {
			seen[name] = true
			vars = append(vars, Named{Name: name, Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
		}
	}
	for _, v := range vars {
		if !required[v.Name] {
			optional = append(optional, v.Name)
		}
	}
	return vars, optional
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
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

// imagesIn returns the container images a values.yaml names ("image:
// repo:tag" strings and "image: {repository, tag}" mappings, at any depth).
func imagesIn(p string, doc *yaml.Node) []Image {
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
