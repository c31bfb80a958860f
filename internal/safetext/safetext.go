// Package safetext makes text that came from a repository safe to show to a
// person: file names, licence names, dependency names and messages built from
// them. A name can hold any byte but "/" and NUL, so a file called
// "x\x1b[2J\nverdict: PASS" could clear a terminal and forge a line of the
// report, and a right-to-left override (U+202E) can make "txt.exe" read as
// "exe.txt". Nothing is dropped silently: every such character becomes a
// visible escape, so the reader sees that it was there.
//
// Each function handles one concern: [Controls] the characters that control
// a terminal or break a line, [Bidi] the characters that reorder displayed
// text, [Line] both, for one line of a terminal, log or table, and [JSON] an
// encoded JSON document, where the escapes must keep the data exact.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// IsBidi reports whether r is a bidirectional formatting character: the
// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the
// marks U+200E, U+200F and U+061C. These are the characters GitHub flags in
// code ("hidden or bidirectional Unicode text"), as in CVE-2021-42574.
func IsBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// isControl reports whether r controls a terminal or breaks a line: the C0
// controls, DEL, the C1 controls (U+0080–U+009F, which include the 8-bit CSI
// U+009B and NEL U+0085) and the line and paragraph separators U+2028 and
// U+2029.
func isControl(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029
}

// Controls returns s with every control character replaced by a visible
// escape in Go's notation: "\n", "\r", "\t", "\a", "\b", "\f", "\v", "\x1b"
// for the other C0 controls and DEL, "\u009b" for C1 controls and the line
// separators; a byte that is not valid UTF-8 becomes "\xff". Text without
// them is returned as is.
func Controls(s string) string {
	return replace(s, func(r rune) bool { return isControl(r) || r == utf8.RuneError }, controlEscape)
}

// Bidi returns s with every bidirectional formatting character replaced by a
// visible marker such as "<U+202E>". Text without them is returned as is.
func Bidi(s string) string {
	return replace(s, IsBidi, func(b *strings.Builder, r rune, _ string) { fmt.Fprintf(b, "<U+%04X>", r) })
}

// Line returns s ready for one line of a terminal, a log or a table: no
// control character can move the cursor, change colours or start a new line,
// and no bidirectional character can reorder it. It is Controls and Bidi.
// Line is idempotent: the escapes it writes are plain ASCII.
func Line(s string) string { return Bidi(Controls(s)) }

// controlEscape writes the escape of r, which was encoded as raw in s.
func controlEscape(b *strings.Builder, r rune, raw string) {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		fmt.Fprintf(b, `\x%02x`, raw[0]) // invalid UTF-8
	case r == utf8.RuneError:
		b.WriteString(raw) // a real U+FFFD is printable
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\a':
		b.WriteString(`\a`)
	case r == '\b':
		b.WriteString(`\b`)
	case r == '\f':
		b.WriteString(`\f`)
	case r == '\v':
		b.WriteString(`\v`)
	case r < 0x80:
		fmt.Fprintf(b, `\x%02x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// replace returns s with each rune for which match is true replaced by what
// write writes; raw is the rune's bytes in s. It allocates only when there is
// something to replace.
func replace(s string, match func(rune) bool, write func(b *strings.Builder, r rune, raw string)) string {
	i := strings.IndexFunc(s, match) // invalid UTF-8 is passed as utf8.RuneError
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if match(r) {
			write(&b, r, s[i:i+n])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
