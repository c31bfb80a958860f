package rules

import (
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// containsWord reports whether text holds name between word boundaries:
// regexp `\bNAME\b` without compiling one expression per name and running
// it over the whole text.
func containsWord(text, name string) bool {
	if name == "" || !asciiOnly(name) {
		return lazyregexp.New(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(text)
	}
	for off := 0; ; {
		i := strings.Index(text[off:], name)
		if i < 0 {
			return false
		}
		start := off + i
		end := start + len(name)
		if boundaryAt(text, start) && boundaryAt(text, end) {
			return true
		}
		off = start + 1
	}
}

// boundaryAt is `\b` at byte offset i of text: a word character (ASCII
// letter, digit, underscore) on one side only. Bytes of multi-byte runes
// are not word characters, as their runes are not.
func boundaryAt(text string, i int) bool {
	before := i > 0 && textindex.WordByte(text[i-1])
	after := i < len(text) && textindex.WordByte(text[i])
	return before != after
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
