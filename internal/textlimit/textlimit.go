// Package textlimit bounds text taken from untrusted files: it cuts strings to
// a byte budget without splitting a UTF-8 sequence.
package textlimit

import "unicode/utf8"

// Cut returns s cut to at most max bytes, at a rune boundary.
func Cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
