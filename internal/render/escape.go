package render

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// escape makes repository text inert in Markdown and HTML: markup characters
// are backslash-escaped, HTML is entity-encoded, @mentions cannot notify, the
// text stays on one line, and control and bidi characters read as escapes
// and markers such as <U+202E> (oneLine).
func escape(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			b.WriteRune('@')
			if i+1 < len(s) && isWordByte(s[i+1]) {
				b.WriteString("\u200b") // a zero-width space stops the mention
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// cell escapes text for a table cell.
// Pipes are escaped by escapeKeepCode, and safe code spans hold none.
func cell(s string) string { return escapeKeepCode(s) }

// safeCode is what a code span may hold and stay inert even if a hostile file
// name shifted the backtick pairing: no HTML, no mentions, no pipes.
var safeCode = lazyregexp.New(`^[A-Za-z0-9 _.:/{}\-,="'\[\]#*+()]*$`)

// escapeKeepCode escapes like escape but keeps `code spans` whose content is
// plainly safe, so that remediation text keeps its formatting.
func escapeKeepCode(s string) string {
	s = oneLine(s)
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return escape(s)
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(escape(p))
		case p != "" && safeCode.MatchString(p):
			b.WriteString("`" + p + "`")
		default:
			b.WriteString(escape("`" + p + "`"))
		}
	}
	return b.String()
}

// codeSpan renders a name or path s as inline code, with a fence longer than
// any backtick run inside it. Its control and bidi characters are shown as
// escapes and markers (safetext.Line, not folded: a line break in a name
// reads "\n"), which a code span shows literally.
func codeSpan(s string) string {
	s = safetext.Line(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// truncate shortens s to at most n runes, ending with an ellipsis.
func truncate(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
