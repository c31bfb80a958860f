package safetext

import (
	"fmt"
	"unicode/utf8"
)

// JSON returns the JSON document doc with every bidirectional formatting
// character, DEL and C1 control written as a \uXXXX escape. encoding/json
// already escapes the C0 controls and U+2028/U+2029 but writes these raw, so
// a report shown with cat or in an editor could be reordered by a file name.
// The escapes decode to the same characters: a JSON consumer gets the exact
// original strings back. doc must be valid UTF-8 JSON (as encoding/json
// writes it); these characters can only occur inside its strings.
func JSON(doc []byte) []byte {
	first := -1
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if needsJSONEscape(r) {
			first = i
			break
		}
		i += n
	}
	if first < 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	out = append(out, doc[:first]...)
	for i := first; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if needsJSONEscape(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	return out
}

func needsJSONEscape(r rune) bool { return IsBidi(r) || r >= 0x7F && r <= 0x9F }
