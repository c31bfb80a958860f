package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxJSONDepth matches the nesting limit of the YAML parser.
const maxJSONDepth = 10000

// decodeJSON builds the same kind of yaml.Node tree the YAML parser would,
// from a JSON token walk. Lines come from the byte offset of each token, so
// they match what the YAML parser would have given. Raw tabs and other
// control characters inside strings, which hand-edited files contain and
// encoding/json rejects, are accepted. Trailing data after the first value
// is ignored.
func decodeJSON(data []byte) (*yaml.Node, error) {
	data = escapeControlCharacters(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lines := lineCounter{data: data, line: 1}
	var (
		root  *yaml.Node
		stack []*yaml.Node
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 || root == nil {
				return nil, io.ErrUnexpectedEOF
			}
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		line := lines.at(dec.InputOffset())
		var node *yaml.Node
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				node = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Style: yaml.FlowStyle}
			case '[':
				node = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Style: yaml.FlowStyle}
			default: // '}' or ']'
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return root, nil
				}
				continue
			}
		case string:
			node = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tok, Line: line, Style: yaml.DoubleQuotedStyle}
		case json.Number:
			tag := "!!int"
			if strings.ContainsAny(string(tok), ".eE") {
				tag = "!!float"
			}
			node = &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(tok), Line: line}
		case bool:
			node = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(tok), Line: line}
		case nil:
			node = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}
		}
		if len(stack) == 0 {
			root = node
		} else {
			parent := stack[len(stack)-1]
			parent.Content = append(parent.Content, node)
		}
		if node.Kind == yaml.MappingNode || node.Kind == yaml.SequenceNode {
			if len(stack) >= maxJSONDepth {
				return nil, fmt.Errorf("exceeded max depth of %d", maxJSONDepth)
			}
			stack = append(stack, node)
		} else if len(stack) == 0 {
			return root, nil
		}
	}
}

// lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data   []byte
	offset int
	line   int
}

// at returns the line of the byte just before offset: the last byte of the
// token the JSON decoder has just returned. JSON tokens never span lines.
func (c *lineCounter) at(offset int64) int {
	end := int(offset) - 1
	if end > len(c.data) {
		end = len(c.data)
	}
	if end > c.offset {
		c.line += bytes.Count(c.data[c.offset:end], []byte{'\n'})
		c.offset = end
	}
	return c.line
}

// escapeControlCharacters returns data with raw control characters other
// than line breaks inside JSON strings written as \u escapes, so that
// encoding/json accepts them. Line breaks are left alone (they keep line
// numbers right, and a string cannot span lines anyway). data itself is
// returned when there is nothing to escape.
func escapeControlCharacters(data []byte) []byte {
	var out []byte
	inString, escaped := false, false
	last := 0
	for i, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20 && c != '\n' && c != '\r':
			if out == nil {
				out = make([]byte, 0, len(data)+64)
			}
			out = append(out, data[last:i]...)
			out = fmt.Appendf(out, "\\u%04x", c)
			last = i + 1
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
