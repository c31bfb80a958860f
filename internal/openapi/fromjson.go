package openapi

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
	"go.yaml.in/yaml/v3"
)

// decodeJSON builds the same kind of yaml.Node tree the YAML parser would,
// with the same lines, from JSON the YAML parser rejects. Raw tabs and other
// control characters inside strings, which hand-edited files contain, are
// accepted, as the YAML-based OpenAPI tools accept them.
func decodeJSON(data []byte) (*yaml.Node, error) {
	v, err := jsonline.Parse(data, jsonline.Options{MaxBytes: maxInputBytes, ControlCharacters: true})
	if err != nil {
		return nil, err
	}
	var b nodeBuilder
	return b.node(v), nil
}

// nodeBuilder turns jsonline values into yaml.Nodes, allocated in blocks.
type nodeBuilder struct{ slab []yaml.Node }

func (b *nodeBuilder) alloc(n yaml.Node) *yaml.Node {
	if len(b.slab) == 0 {
		b.slab = make([]yaml.Node, 256)
	}
	p := &b.slab[0]
	b.slab = b.slab[1:]
	*p = n
	return p
}

// node converts v; recursion is bounded by jsonline's nesting limit.
func (b *nodeBuilder) node(v *jsonline.Value) *yaml.Node {
	switch v.Kind {
	case jsonline.Object:
		n := b.alloc(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: v.Line, Style: yaml.FlowStyle})
		n.Content = make([]*yaml.Node, 0, 2*len(v.Members))
		for _, m := range v.Members {
			key := b.alloc(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.Key, Line: m.Line, Style: yaml.DoubleQuotedStyle})
			n.Content = append(n.Content, key, b.node(m.Value))
		}
		return n
	case jsonline.Array:
		n := b.alloc(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line, Style: yaml.FlowStyle})
		n.Content = make([]*yaml.Node, 0, len(v.Elems))
		for _, e := range v.Elems {
			n.Content = append(n.Content, b.node(e))
		}
		return n
	case jsonline.String:
		return b.alloc(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.Text, Line: v.Line, Style: yaml.DoubleQuotedStyle})
	case jsonline.Number:
		tag := "!!int"
		if strings.ContainsAny(v.Text, ".eE") {
			tag = "!!float"
		}
		return b.alloc(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v.Text, Line: v.Line})
	case jsonline.Bool:
		return b.alloc(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v.Text, Line: v.Line})
	}
	return b.alloc(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: v.Line})
}
