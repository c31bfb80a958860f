package textindex

// The byte classes of Go's regular expressions, for code that matches by
// hand what an expression would (and is tested against it).

// WordByte reports whether b is in \w: an ASCII letter, digit or
// underscore. \b looks at these; a byte of a multi-byte rune is not one.
func WordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// SpaceByte reports whether b is in \s: tab, line feed, form feed,
// carriage return or space (not the vertical tab).
func SpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }
