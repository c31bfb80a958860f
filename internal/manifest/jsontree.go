package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
)

// jsonKind is the type of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is a decoded JSON value that remembers the line it starts on and,
// for objects, the order and line of every key. encoding/json cannot give
// either, and manifests need both (file order, annotated lines).
type jsonValue struct {
	kind    jsonKind
	line    int
	text    string       // string value, or the literal of a number or bool
	members []jsonMember // objects, in file order (duplicates kept)
	elems   []*jsonValue // arrays
}

// jsonMember is one "key": value pair of an object.
type jsonMember struct {
	key   string
	line  int // line of the key
	value *jsonValue
}

// get returns the value of the last member named key (the one encoding/json
// would keep), or nil.
func (v *jsonValue) get(key string) *jsonValue {
	if m := v.member(key); m != nil {
		return m.value
	}
	return nil
}

// member returns the last member named key, or nil.
func (v *jsonValue) member(key string) *jsonMember {
	if v == nil {
		return nil
	}
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].key == key {
			return &v.members[i]
		}
	}
	return nil
}

// str returns the value if it is a JSON string, else "".
func (v *jsonValue) str() string {
	if v == nil || v.kind != jsonString {
		return ""
	}
	return v.text
}

// isTrue reports whether the value is the literal true.
func (v *jsonValue) isTrue() bool {
	return v != nil && v.kind == jsonBool && v.text == "true"
}

// isObject reports whether the value is a JSON object.
func (v *jsonValue) isObject() bool { return v != nil && v.kind == jsonObject }

// parseJSON validates data with encoding/json (which bounds nesting at 10,000
// levels) and then builds a jsonValue tree with line numbers.
func parseJSON(b *builder, data []byte) (*jsonValue, error) {
	if !json.Valid(data) {
		var raw json.RawMessage
		err := json.Unmarshal(data, &raw)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset is the number of bytes read when the error was found,
			// so the offending byte is the one before it.
			return nil, b.errorf(lineAt(data, int(se.Offset)-1), "invalid JSON: %v", se)
		}
		if err == nil {
			err = errors.New("malformed document")
		}
		return nil, b.errorf(0, "invalid JSON: %v", err)
	}
	s := &jsonScanner{data: data, line: 1}
	s.skipSpace()
	v := s.value()
	return v, nil
}

// parseJSONObject parses data and requires a top-level object.
func parseJSONObject(b *builder, data []byte) (*jsonValue, error) {
	v, err := parseJSON(b, data)
	if err != nil {
		return nil, err
	}
	if !v.isObject() {
		return nil, b.errorf(v.line, "invalid %s: top-level value is not a JSON object", fileKindName(b))
	}
	return v, nil
}

func fileKindName(b *builder) string {
	return fmt.Sprintf("%s %s", b.file.Ecosystem, b.file.Kind)
}

// jsonScanner builds a jsonValue tree from input that json.Valid accepted. It
// still checks bounds everywhere so that a bug cannot turn into a panic.
type jsonScanner struct {
	data []byte
	pos  int
	line int
	slab []jsonValue // values are allocated in blocks, not one by one
}

// newValue returns a zero value from the current block.
func (s *jsonScanner) newValue() *jsonValue {
	if len(s.slab) == 0 {
		s.slab = make([]jsonValue, 256)
	}
	v := &s.slab[0]
	s.slab = s.slab[1:]
	return v
}

func (s *jsonScanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		s.pos++
	}
}

// value parses the value at the current position (after whitespace). Nesting
// depth is bounded by json.Valid's limit of 10,000 levels.
func (s *jsonScanner) value() *jsonValue {
	v := s.newValue()
	v.line = s.line
	switch c := s.peek(); c {
	case '{':
		v.kind = jsonObject
		s.pos++
		for {
			s.skipSpace()
			if s.peek() != '"' {
				s.pos++ // '}' (or end of input)
				return v
			}
			line := s.line
			key := s.string()
			s.skipSpace()
			s.pos++ // ':'
			s.skipSpace()
			v.members = append(v.members, jsonMember{key: key, line: line, value: s.value()})
			s.skipSpace()
			if s.peek() == ',' {
				s.pos++
			}
		}
	case '[':
		v.kind = jsonArray
		s.pos++
		for {
			s.skipSpace()
			if c := s.peek(); c == ']' || c == 0 {
				s.pos++
				return v
			}
			v.elems = append(v.elems, s.value())
			s.skipSpace()
			if s.peek() == ',' {
				s.pos++
			}
		}
	case '"':
		v.kind = jsonString
		v.text = s.string()
	default:
		start := s.pos
		for s.pos < len(s.data) {
			c := s.data[s.pos]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				break
			}
			s.pos++
		}
		if s.pos == start {
			s.pos++ // never loop without progress
		}
		v.text = string(s.data[start:min(s.pos, len(s.data))])
		switch v.text {
		case "true", "false":
			v.kind = jsonBool
		case "null":
			v.kind = jsonNull
		default:
			v.kind = jsonNumber
		}
	}
	return v
}

// string parses the string starting at the current '"'.
func (s *jsonScanner) string() string {
	start := s.pos
	s.pos++
	escaped := false
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\\':
			escaped = true
			s.pos += 2
			continue
		case '"':
			s.pos++
			raw := s.data[start:s.pos]
			if !escaped {
				return string(raw[1 : len(raw)-1])
			}
			var out string
			if json.Unmarshal(raw, &out) != nil {
				return ""
			}
			return out
		}
		s.pos++
	}
	return ""
}
