package jsonline

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// scanner builds a tree from input json.Valid accepted, counting lines as it
// goes. It still checks bounds everywhere, so that a bug cannot become a
// panic or an endless loop.
type scanner struct {
	data   []byte
	pos    int
	line   int
	opts   Options
	values int     // values built
	slab   []Value // values are allocated in blocks, not one by one
	keys   map[string]string
	// Members and elements of the open containers are gathered here and
	// copied out at the right size when a container closes.
	members []Member
	elems   []*Value
}

// Keys repeat (every entry of a lockfile has "version", "resolved", ...), so
// short ones are shared rather than allocated each time, up to a bound.
const (
	maxSharedKeyLen = 32
	maxSharedKeys   = 4096
)

// key decodes the object key at the current '"'.
func (s *scanner) key() string {
	start := s.pos
	escaped := s.skipString()
	raw := s.data[start:min(s.pos, len(s.data))]
	if escaped || len(raw) < 2 || len(raw) > maxSharedKeyLen+2 {
		return s.decode(raw, escaped)
	}
	inner := raw[1 : len(raw)-1]
	if k, ok := s.keys[string(inner)]; ok {
		return k
	}
	k := s.decode(raw, false)
	if s.keys == nil {
		s.keys = make(map[string]string)
	}
	if len(s.keys) < maxSharedKeys {
		s.keys[k] = k
	}
	return k
}

// newValue returns a zero value from the current block.
func (s *scanner) newValue() *Value {
	if len(s.slab) == 0 {
		s.slab = make([]Value, 256)
	}
	v := &s.slab[0]
	s.slab = s.slab[1:]
	s.values++
	return v
}

// keep reports whether the n+1st member of a container, at depth, is kept.
func (s *scanner) keep(n, depth int) bool {
	o := s.opts
	return (o.MaxItems <= 0 || n < o.MaxItems) &&
		(o.MaxValues <= 0 || s.values < o.MaxValues) &&
		(o.MaxDepth <= 0 || depth < o.MaxDepth)
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) skipSpace() {
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

// value builds the value at the current position (after white space).
// Recursion is bounded by json.Valid's nesting limit.
func (s *scanner) value(depth int) *Value {
	v := s.newValue()
	v.Line = s.line
	switch s.peek() {
	case '{':
		v.Kind = Object
		s.pos++
		mark := len(s.members)
		for {
			s.skipSpace()
			if s.peek() != '"' {
				s.pos++ // '}' (or the end of input)
				if len(s.members) > mark {
					v.Members = append([]Member(nil), s.members[mark:]...)
					s.members = s.members[:mark]
				}
				return v
			}
			line := s.line
			if s.keep(len(s.members)-mark, depth+1) {
				key := s.key()
				s.colon()
				child := s.value(depth + 1)
				s.members = append(s.members, Member{Key: key, Line: line, Value: child})
			} else {
				s.skipString()
				s.colon()
				s.skip()
			}
			s.comma()
		}
	case '[':
		v.Kind = Array
		s.pos++
		mark := len(s.elems)
		for {
			s.skipSpace()
			if c := s.peek(); c == ']' || c == 0 {
				s.pos++
				if len(s.elems) > mark {
					v.Elems = append([]*Value(nil), s.elems[mark:]...)
					s.elems = s.elems[:mark]
				}
				return v
			}
			if s.keep(len(s.elems)-mark, depth+1) {
				child := s.value(depth + 1)
				s.elems = append(s.elems, child)
			} else {
				s.skip()
			}
			s.comma()
		}
	case '"':
		v.Kind = String
		v.Text = s.string()
	default:
		v.Text = string(s.literal())
		switch v.Text {
		case "true", "false":
			v.Kind = Bool
		case "null":
			v.Kind, v.Text = Null, ""
		default:
			v.Kind = Number
		}
	}
	return v
}

// colon moves past the ':' after a key and the white space around it.
func (s *scanner) colon() {
	s.skipSpace()
	s.pos++
	s.skipSpace()
}

// comma moves past the white space and ',' after a member.
func (s *scanner) comma() {
	s.skipSpace()
	if s.peek() == ',' {
		s.pos++
	}
}

// literal moves past a number, true, false or null and returns it.
func (s *scanner) literal() []byte {
	start := s.pos
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return s.data[start:s.pos]
		}
		s.pos++
	}
	if s.pos == start {
		s.pos++ // never loop without progress
		return nil
	}
	return s.data[start:s.pos]
}

// skipString moves past the string at the current '"' and reports whether
// it holds escapes.
func (s *scanner) skipString() (escaped bool) {
	s.pos++
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\\':
			escaped = true
			s.pos += 2
			continue
		case '"':
			s.pos++
			return escaped
		}
		s.pos++
	}
	return escaped
}

// string decodes the string at the current '"'. Invalid UTF-8 becomes
// U+FFFD, as with encoding/json.
func (s *scanner) string() string {
	start := s.pos
	escaped := s.skipString()
	return s.decode(s.data[start:min(s.pos, len(s.data))], escaped)
}

// decode returns the value of the string literal raw.
func (s *scanner) decode(raw []byte, escaped bool) string {
	if len(raw) < 2 {
		return ""
	}
	if inner := raw[1 : len(raw)-1]; !escaped && utf8.Valid(inner) {
		return string(inner)
	}
	var out string
	if json.Unmarshal(raw, &out) != nil {
		return ""
	}
	return out
}

// skip moves past the value at the current position without building it.
func (s *scanner) skip() {
	start := s.pos
	switch s.peek() {
	case '"':
		s.skipString()
	case '{', '[':
		depth := 0
	walk:
		for s.pos < len(s.data) {
			switch s.data[s.pos] {
			case '"':
				s.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.pos++
					break walk
				}
			}
			s.pos++
		}
	default:
		s.literal()
	}
	// Strings hold no raw line breaks, so every one skipped is white space.
	s.line += bytes.Count(s.data[start:min(s.pos, len(s.data))], []byte{'\n'})
}
