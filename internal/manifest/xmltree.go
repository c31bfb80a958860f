package manifest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// xmlElement is an element of a parsed XML document, with the line of its
// start tag.
type xmlElement struct {
	name     string // local name, namespace dropped
	attrs    []xml.Attr
	text     strings.Builder // character data directly inside the element
	line     int
	children []*xmlElement
}

// attr returns the value of the attribute with local name key (compared
// case-insensitively, as MSBuild does), or "".
func (e *xmlElement) attr(key string) string {
	for _, a := range e.attrs {
		if strings.EqualFold(a.Name.Local, key) {
			return a.Value
		}
	}
	return ""
}

// child returns the first child element named name, or nil.
func (e *xmlElement) child(name string) *xmlElement {
	if e == nil {
		return nil
	}
	for _, c := range e.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// childText returns the trimmed text of the first child named name.
func (e *xmlElement) childText(name string) string {
	return e.child(name).value()
}

// value returns the element's trimmed text, or "".
func (e *xmlElement) value() string {
	if e == nil {
		return ""
	}
	return strings.TrimSpace(e.text.String())
}

// maxXMLText bounds the character data kept per element.
const maxXMLText = 64 << 10

// parseXML parses data into an element tree and returns the root element.
// Elements nested deeper than maxNesting are parsed but not kept, so walks of
// the tree are bounded.
func parseXML(b *builder, data []byte) (*xmlElement, error) {
	data = decodeUTF16(data)
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = passThroughCharset
	var root *xmlElement
	var stack []*xmlElement
	depth := 0 // includes elements too deep to keep
	for {
		line, _ := dec.InputPos() // the position of the next token's "<"
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, b.errorf(se.Line, "invalid XML: %s", se.Msg)
			}
			line, _ := dec.InputPos()
			return nil, b.errorf(line, "invalid XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			// Keep only elements whose parent was kept, within the depth
			// bound, under the first root element.
			if depth > maxNesting || depth != len(stack)+1 || (depth == 1 && root != nil) {
				continue
			}
			e := &xmlElement{name: t.Name.Local, attrs: t.Attr, line: line}
			if len(stack) == 0 {
				root = e
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			if len(stack) > 0 && depth == len(stack) {
				stack = stack[:len(stack)-1]
			}
			depth--
		case xml.CharData:
			if len(stack) > 0 && depth == len(stack) {
				if e := stack[len(stack)-1]; e.text.Len() < maxXMLText {
					e.text.Write(t)
				}
			}
		}
	}
	if root == nil {
		return nil, b.errorf(0, "invalid XML: no root element")
	}
	return root, nil
}

// walk calls fn for e and its descendants in document order, with the names
// of their ancestors (outermost first). The tree depth is bounded by
// parseXML, and the walk uses an explicit stack.
func (e *xmlElement) walk(fn func(el *xmlElement, ancestors []string)) {
	type frame struct {
		el        *xmlElement
		ancestors []string
	}
	if e == nil {
		return
	}
	stack := []frame{{e, nil}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fn(f.el, f.ancestors)
		path := append(f.ancestors[:len(f.ancestors):len(f.ancestors)], f.el.name)
		for i := len(f.el.children) - 1; i >= 0; i-- {
			stack = append(stack, frame{f.el.children[i], path})
		}
	}
}

// passThroughCharset lets documents that declare a non-UTF-8 encoding parse:
// Latin-1 family encodings are converted, anything else is read as is.
func passThroughCharset(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		raw, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(raw))
		for _, c := range raw {
			out = utf8.AppendRune(out, rune(c))
		}
		return bytes.NewReader(out), nil
	}
	return input, nil
}

// decodeUTF16 converts a document with a UTF-16 byte order mark (as some
// Visual Studio tools write) to UTF-8; other input is returned unchanged.
func decodeUTF16(data []byte) []byte {
	var bigEndian bool
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		bigEndian = true
	default:
		return data
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		if bigEndian {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}
