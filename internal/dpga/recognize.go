package dpga

import "github.com/dpgcheck/dpgcheck/internal/jsonline"

// signature is a top-level key that marks one shape of record, with the JSON
// kinds its value takes in that shape. Keys that several shapes share (name,
// organizations, stage, NonPII, locations, ...) are left out, and so are
// keys that common JSON files use (package.json has a string "license" and
// "type"; OpenAPI and tsconfig.json share none of these).
type signature struct {
	key   string
	kinds []jsonline.Kind
}

// shapeSignatures lists the marking keys of each shape, in Shapes order.
var shapeSignatures = []struct {
	shape string
	keys  []signature
}{
	{ShapeNominee, []signature{
		{"SDGs", []jsonline.Kind{jsonline.Array}},
		{"license", []jsonline.Kind{jsonline.Array}},
		{"repositoryURL", []jsonline.Kind{jsonline.String}},
		{"type", []jsonline.Kind{jsonline.Array}},
	}},
	{ShapeScreening, []signature{
		{"clearOwnership", []jsonline.Kind{jsonline.Object}},
		{"doNoHarm", []jsonline.Kind{jsonline.Object}},
		{"standards", []jsonline.Kind{jsonline.Object}},
		{"privacy", []jsonline.Kind{jsonline.Object}},
		{"documentation", []jsonline.Kind{jsonline.Object}},
	}},
	{ShapePortal, []signature{
		{"openlicenses", []jsonline.Kind{jsonline.Array}},
		{"sdgs", []jsonline.Kind{jsonline.Object, jsonline.Array}},
		{"clearOwnership", []jsonline.Kind{jsonline.Array}},
		{"openStandards", []jsonline.Kind{jsonline.Array}},
		{"bestPractices", []jsonline.Kind{jsonline.Array}},
		{"userContent", []jsonline.Kind{jsonline.Object}},
		{"dataPrivacySecurity", []jsonline.Kind{jsonline.Object}},
		{"protectionFromHarassment", []jsonline.Kind{jsonline.Object}},
		{"privacy", []jsonline.Kind{jsonline.Array}},
		{"documentation", []jsonline.Kind{jsonline.String}},
	}},
}

// shapeScores counts, for each shape, the marking keys present in top (a map
// from top-level key to the kind of its value).
func shapeScores(top map[string]jsonline.Kind) []int {
	scores := make([]int, len(shapeSignatures))
	for i, s := range shapeSignatures {
		for _, sig := range s.keys {
			if k, ok := top[sig.key]; ok {
				for _, want := range sig.kinds {
					if k == want {
						scores[i]++
						break
					}
				}
			}
		}
	}
	return scores
}

// Recognize reports whether data looks like a DPGA application record: a
// JSON object with at least two top-level keys that mark one shape, such as
// "SDGs" and "license" (a list), "clearOwnership" and "doNoHarm" (objects),
// or "openlicenses" and "sdgs". It reads only top-level keys and the first
// character of their values, so it is cheap and may be given just the first
// few kilobytes of a file: a value cut off at the end still counts.
func Recognize(data []byte) bool {
	for _, score := range shapeScores(topLevelKinds(data)) {
		if score >= 2 {
			return true
		}
	}
	return false
}

// topLevelKinds scans a JSON object, possibly truncated, and returns the kind
// of the value of each top-level key. Scanning stops quietly at the end of
// data or at the first malformed byte; a non-object gives an empty map.
func topLevelKinds(data []byte) map[string]jsonline.Kind {
	s := scanner{data: data}
	s.skipSpace()
	if s.peek() == 0xef && len(data) >= 3 && string(data[:3]) == "\xef\xbb\xbf" {
		s.pos += 3
		s.skipSpace()
	}
	out := map[string]jsonline.Kind{}
	if !s.consume('{') {
		return out
	}
	for len(out) < MaxItems {
		s.skipSpace()
		key, ok := s.str()
		if !ok {
			return out
		}
		s.skipSpace()
		if !s.consume(':') {
			return out
		}
		s.skipSpace()
		k, ok := kindOf(s.peek())
		if !ok {
			return out
		}
		out[key] = k // the last of duplicate keys wins, as in Parse
		if !s.skipValue() {
			return out
		}
		s.skipSpace()
		if !s.consume(',') {
			return out
		}
	}
	return out
}

// kindOf returns the kind of the JSON value that starts with byte c.
func kindOf(c byte) (jsonline.Kind, bool) {
	switch {
	case c == '{':
		return jsonline.Object, true
	case c == '[':
		return jsonline.Array, true
	case c == '"':
		return jsonline.String, true
	case c == 't' || c == 'f':
		return jsonline.Bool, true
	case c == 'n':
		return jsonline.Null, true
	case c == '-' || (c >= '0' && c <= '9'):
		return jsonline.Number, true
	}
	return 0, false
}

// scanner is a forgiving byte scanner over JSON text.
type scanner struct {
	data []byte
	pos  int
}

// peek returns the current byte, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// consume skips byte c if it is next.
func (s *scanner) consume(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.pos++
	return true
}

// str reads a string and returns its raw content (escapes are not decoded:
// the keys that matter have none). ok is false if no complete string is next.
func (s *scanner) str() (string, bool) {
	if !s.consume('"') {
		return "", false
	}
	start := s.pos
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\\':
			s.pos += 2
		case '"':
			s.pos++
			return string(s.data[start : s.pos-1]), true
		default:
			s.pos++
		}
	}
	return "", false
}

// skipValue skips one value; false means the data ended (or broke) inside it.
func (s *scanner) skipValue() bool {
	depth := 0
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; c {
		case '"':
			if _, ok := s.str(); !ok {
				return false
			}
		case '{', '[':
			depth++
			s.pos++
		case '}', ']':
			depth--
			s.pos++
			if depth < 0 {
				return false
			}
		case ',':
			if depth == 0 {
				return true
			}
			s.pos++
		default:
			s.pos++
		}
		if depth == 0 {
			// A scalar runs to the next delimiter; a closed container ends here.
			if c := s.peek(); c == ',' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0 {
				return true
			}
		}
	}
	return false
}
