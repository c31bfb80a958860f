package markup

import (
	"bytes"
	"strings"
)

// bareURLs reports http and https URLs left in the prose and masks them.
// Trailing punctuation that is not part of balanced parentheses or brackets
// is left out. With bracketText, AsciiDoc's url[text] form supplies the text.
func (in *inline) bareURLs(bracketText bool) {
	buf := in.buf
	for i := 0; i < len(buf); {
		k := bytes.Index(buf[i:], []byte("http"))
		if k < 0 {
			return
		}
		at := i + k
		i = at + 4
		var scheme int
		switch rest := buf[at+4:]; {
		case bytes.HasPrefix(rest, []byte("://")):
			scheme = 7
		case bytes.HasPrefix(rest, []byte("s://")):
			scheme = 8
		default:
			continue
		}
		if at > 0 && isASCIIAlnum(buf[at-1]) {
			continue
		}
		stop := at + scheme
		for stop < len(buf) && !endsURL(buf[stop], bracketText) {
			stop++
		}
		i = stop
		end := at + trimURLTail(in.src[at:stop])
		if end-at <= scheme || end-at > maxURLBytes {
			continue
		}
		text := ""
		if bracketText && end == stop && stop < len(buf) && buf[stop] == '[' {
			if c, ok := scanTo(buf, stop+1, ']', "["); ok {
				text = strings.TrimSuffix(in.src[stop+1:c], "^")
				in.mask(stop, stop+1)
				in.mask(c, c+1)
				i = c + 1
			}
		}
		in.link(at, text, in.src[at:end])
		in.mask(at, end)
	}
}

func endsURL(c byte, bracketText bool) bool {
	return c <= ' ' || c == 0x7f || strings.IndexByte("<>\"`|", c) >= 0 || (bracketText && c == '[')
}

// trimURLTail returns the length of url without trailing punctuation, keeping
// closing parentheses and brackets that balance opening ones.
func trimURLTail(url string) int {
	parens := strings.Count(url, ")") - strings.Count(url, "(")
	brackets := strings.Count(url, "]") - strings.Count(url, "[")
	n := len(url)
	for ; n > 0; n-- {
		switch c := url[n-1]; {
		case strings.IndexByte(".,;:!?'\"*_~", c) >= 0:
		case c == ')' && parens > 0:
			parens--
		case c == ']' && brackets > 0:
			brackets--
		default:
			return n
		}
	}
	return n
}
