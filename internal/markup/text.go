package markup

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCleanInput bounds the raw markup that cleanInline looks at; the result
// is truncated to maxTextBytes anyway.
const maxCleanInput = 2048

// cleanInline turns a fragment of inline markup into display text: links and
// images become their text, HTML tags, code and emphasis markers are dropped,
// entities are decoded and white space is collapsed.
func cleanInline(s string) string {
	s = truncate(s, maxCleanInput)
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && strings.IndexByte("\\`*_~[]()<>!#", s[i+1]) >= 0 {
				i++
				c = s[i]
			}
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				continue
			}
		case '[':
			continue
		case ']':
			if i+1 < len(s) && s[i+1] == '(' {
				if k, ok := scanTo(s, i+2, ')', "[]"); ok {
					i = k
				}
			}
			continue
		case '<':
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!') {
				if k, ok := scanTo(s, i+1, '>', "<"); ok {
					i, c = k, ' '
				}
			}
		case '`':
			continue
		case '*', '_', '~':
			// Markers that touch a word on one side only are emphasis;
			// snake_case keeps its underscore.
			if i == 0 || i+1 == len(s) || !isWordByte(s[i-1]) || !isWordByte(s[i+1]) {
				continue
			}
		}
		out = append(out, c)
	}
	text := strings.Join(strings.Fields(html.UnescapeString(string(out))), " ")
	return strings.Clone(truncate(text, maxTextBytes))
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	for i := n; i > 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}

// countWords counts the white-space separated tokens of b that contain a
// letter or a digit.
func countWords(b []byte) int {
	n, hasAlnum := 0, false
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		i += size
		switch {
		case unicode.IsSpace(r):
			if hasAlnum {
				n++
			}
			hasAlnum = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			hasAlnum = true
		}
	}
	if hasAlnum {
		n++
	}
	return n
}

// scanTo returns the index of the first target byte in s at or after from,
// stopping early at any byte in abort. ok is false if target was not found;
// i is then where the scan stopped. Aborting at the byte that starts a scan
// keeps repeated scans from overlapping, and so keeps callers linear.
func scanTo[T string | []byte](s T, from int, target byte, abort string) (i int, ok bool) {
	for i = from; i < len(s); i++ {
		if s[i] == target {
			return i, true
		}
		if strings.IndexByte(abort, s[i]) >= 0 {
			return i, false
		}
	}
	return len(s), false
}

// indexFold is strings.Index for an ASCII lower-case sub, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCIILetter(c byte) bool { return 'a' <= lowerASCII(c) && lowerASCII(c) <= 'z' }
func isASCIIAlnum(c byte) bool  { return isASCIILetter(c) || '0' <= c && c <= '9' }
func isWordByte(c byte) bool    { return c >= utf8.RuneSelf || isASCIIAlnum(c) }

// containsWord reports whether s has a letter or digit (any non-ASCII byte counts).
func containsWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if isWordByte(s[i]) {
			return true
		}
	}
	return false
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// indentOf returns the number of leading blanks (spaces and tabs) of s.
func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

// trimIndent removes up to n leading blanks from s.
func trimIndent(s string, n int) string {
	for k := 0; k < n && s != "" && (s[0] == ' ' || s[0] == '\t'); k++ {
		s = s[1:]
	}
	return s
}

// isListItem reports whether the trimmed line s starts a bullet or an
// ordered list item.
func isListItem(s string) bool {
	if s == "" {
		return false
	}
	if strings.IndexByte("-*+", s[0]) >= 0 {
		return len(s) == 1 || s[1] == ' ' || s[1] == '\t'
	}
	n := 0
	for n < len(s) && n < 10 && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if n == 0 || n == len(s) || (s[n] != '.' && s[n] != ')') {
		return false
	}
	return n+1 == len(s) || s[n+1] == ' ' || s[n+1] == '\t'
}

// displayWidth approximates the columns s takes in a monospace font, as
// docutils measures title lengths: wide East Asian characters take two and
// combining marks none.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
			(r >= 0xFFE0 && r <= 0xFFE6) || (r >= 0x1F300 && r <= 0x1F64F) || (r >= 0x1F900 && r <= 0x1F9FF) ||
			(r >= 0x20000 && r <= 0x3FFFD)):
			w += 2
		default:
			w++
		}
	}
	return w
}
