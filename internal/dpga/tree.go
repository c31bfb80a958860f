package dpga

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// kind is the JSON type of a node.
type kind uint8

const (
	nullKind kind = iota
	boolKind
	numberKind
	stringKind
	arrayKind
	objectKind
)

// node is a JSON value with the line it starts on. Arrays and objects keep at
// most MaxItems members; values nested deeper than maxDepth are dropped.
type node struct {
	kind  kind
	line  int
	text  string   // the value of a string, number ("16", "1e3") or boolean
	items []*node  // array items, or object values
	keys  []string // object keys, parallel to items
}

// get returns the value of key in an object (the first, if repeated), or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != objectKind {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.items[i]
		}
	}
	return nil
}

// is reports whether n is present and of kind k.
func (n *node) is(k kind) bool { return n != nil && n.kind == k }

const (
	// maxDepth bounds nesting; DPGA records are four levels deep.
	maxDepth = 32
	// maxNodes bounds the nodes kept from one document.
	maxNodes = 100000
)

// treeBuilder reads a JSON document token by token into nodes.
type treeBuilder struct {
	dec   *json.Decoder
	lines lineCounter
	nodes int
}

// parseTree reads data, which must hold exactly one JSON value.
func parseTree(data []byte) (*node, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte order mark
	b := &treeBuilder{dec: json.NewDecoder(bytes.NewReader(data)), lines: lineCounter{data: data, line: 1}}
	b.dec.UseNumber()
	tok, err := b.dec.Token()
	if err == io.EOF {
		return nil, &ParseError{Msg: "the file is empty; a DPGA application is a JSON object"}
	}
	if err != nil {
		return nil, b.fail(err)
	}
	root, err := b.value(tok, 0)
	if err != nil {
		return nil, b.fail(err)
	}
	switch _, err := b.dec.Token(); {
	case err == io.EOF:
		return root, nil
	case err == nil:
		return nil, &ParseError{Line: b.line(), Msg: "invalid JSON: more data after the top-level value"}
	default:
		return nil, b.fail(err)
	}
}

// line returns the line of the end of the last token read.
func (b *treeBuilder) line() int { return b.lines.at(b.dec.InputOffset()) }

// errTruncated reports input that ends inside an array or object.
var errTruncated = errors.New("unexpected end of input")

// fail turns a decoding error into a ParseError with the line it occurred on.
func (b *treeBuilder) fail(err error) *ParseError {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return &ParseError{Line: b.lines.lineOf(syntax.Offset), Msg: "invalid JSON: " + clip(syntax.Error())}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) || err == errTruncated:
		end := len(bytes.TrimRight(b.lines.data, " \t\r\n"))
		return &ParseError{Line: b.lines.at(int64(end)), Msg: "invalid JSON: unexpected end of input"}
	}
	return &ParseError{Line: b.line(), Msg: "invalid JSON: " + clip(err.Error())}
}

// value builds the node that starts with tok.
func (b *treeBuilder) value(tok json.Token, depth int) (*node, error) {
	b.nodes++
	n := &node{line: b.line()}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n.kind = arrayKind
			return n, b.members(n, depth, false)
		}
		n.kind = objectKind
		return n, b.members(n, depth, true)
	case string:
		n.kind, n.text = stringKind, t
	case json.Number:
		n.kind, n.text = numberKind, string(t)
	case bool:
		n.kind, n.text = boolKind, strconv.FormatBool(t)
	}
	return n, nil
}

// members reads the members of an array or object up to its closing
// delimiter, keeping what the limits allow.
func (b *treeBuilder) members(n *node, depth int, object bool) error {
	for b.dec.More() {
		key := ""
		if object {
			tok, err := b.next()
			if err != nil {
				return err
			}
			key, _ = tok.(string)
		}
		tok, err := b.next()
		if err != nil {
			return err
		}
		if depth+1 >= maxDepth || len(n.items) >= MaxItems || b.nodes >= maxNodes {
			if err := b.skip(tok); err != nil {
				return err
			}
			continue
		}
		child, err := b.value(tok, depth+1)
		if err != nil {
			return err
		}
		n.items = append(n.items, child)
		if object {
			n.keys = append(n.keys, key)
		}
	}
	_, err := b.next() // the closing delimiter
	return err
}

// next reads a token inside a value, where the end of input is an error.
func (b *treeBuilder) next() (json.Token, error) {
	tok, err := b.dec.Token()
	if err == io.EOF {
		return nil, errTruncated
	}
	return tok, err
}

// skip reads past the value that starts with tok without keeping it.
func (b *treeBuilder) skip(tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = b.next(); err != nil {
			return err
		}
	}
}

// lineCounter maps byte offsets to 1-based lines, counting newlines
// incrementally because offsets mostly grow.
type lineCounter struct {
	data []byte
	off  int // newlines before off are counted in line
	line int
}

// at returns the line of the byte just before off (the end of a token).
func (c *lineCounter) at(off int64) int {
	end := int(min(max(off-1, 0), int64(len(c.data))))
	if end < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:end], []byte{'\n'})
	c.off = end
	return c.line
}

// lineOf returns the line of the byte at off (where an error was found).
func (c *lineCounter) lineOf(off int64) int {
	return c.at(off + 1)
}
