package manifest

import (
	"strconv"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

// yamlErrorLine finds the line number in go-yaml's error text
// ("yaml: line 3: mapping values are not allowed in this context").
var yamlErrorLine = lazyregexp.New(`line (\d+)`)

// parseYAML decodes the first YAML document of data into a node tree (which
// keeps line numbers). Aliases are not expanded, so alias bombs stay small;
// go-yaml bounds nesting at 10,000 levels.
func parseYAML(b *builder, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return nil, b.errorf(line, "invalid YAML: %v", err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], nil
	}
	return nil, nil
}

// yamlGet returns the value of key in mapping node n, or nil.
func yamlGet(n *yaml.Node, key string) *yaml.Node {
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

// yamlPairs returns the key/value pairs of mapping node n in file order.
func yamlPairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	pairs := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return pairs
}

// yamlScalar returns the value of a scalar node, or "".
func yamlScalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
