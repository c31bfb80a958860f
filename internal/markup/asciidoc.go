package markup

import (
	"bytes"
	"strings"
)

func parseAsciiDoc(b *builder, lines []string) {
	sourceLang, haveSource := "", false // from a [source,lang] line before a block
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimRight(line, " \t")
		switch {
		case t == "":
		case isDelimiter(t, '/'): // comment block
			i = closingDelimiter(lines, i, t)
		case strings.HasPrefix(t, "//"): // comment line
		case isDelimiter(t, '-') || isDelimiter(t, '.'): // listing or literal block
			end := closingDelimiter(lines, i, t)
			info := ""
			if t[0] == '-' && haveSource {
				info = sourceLang
			}
			b.code(info, i+1, lines[i+1:end], 0)
			i, haveSource = end, false
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"): // block attributes
			if lang, ok := sourceStyle(t); ok {
				sourceLang, haveSource = lang, true
			}
		default:
			if char, n, info, ok := openFence(t); ok && indentOf(t) == 0 {
				end := i + 1
				for end < len(lines) && !closesFence(lines[end], char, n) {
					end++
				}
				b.code(info, i+1, lines[i+1:end], 0)
				i, haveSource = end, false
				continue
			}
			level, text, ok := prefixHeading(t, '=', 0)
			if !ok {
				level, text, ok = prefixHeading(t, '#', 0)
			}
			if ok && text != "" {
				b.heading(level, text, i+1)
				line = text
			}
			b.prose(AsciiDoc, line, i+1)
			if !strings.HasPrefix(t, ".") { // a block title keeps the pending style
				haveSource = false
			}
		}
	}
}

// isDelimiter reports whether line is a block delimiter: four or more of char.
func isDelimiter(line string, char byte) bool {
	return len(line) >= 4 && line[0] == char && strings.Trim(line, line[:1]) == ""
}

// closingDelimiter returns the index of the line after i that repeats the
// delimiter exactly, or len(lines) for an unterminated block.
func closingDelimiter(lines []string, i int, delim string) int {
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimRight(lines[j], " \t") == delim {
			return j
		}
	}
	return len(lines)
}

// sourceStyle parses a block attribute line such as [source,shell],
// [source%linenums,ruby], [,ruby] or [listing].
func sourceStyle(line string) (lang string, ok bool) {
	style, rest, _ := strings.Cut(line[1:len(line)-1], ",")
	style = strings.TrimSpace(style)
	if k := strings.IndexAny(style, "%#."); k >= 0 {
		style = style[:k]
	}
	lang, _, _ = strings.Cut(rest, ",")
	lang = strings.TrimSpace(lang)
	switch style {
	case "source":
		return lang, true
	case "":
		return lang, lang != "" && !strings.Contains(lang, "=")
	case "listing", "literal":
		return "", true
	}
	return "", false
}

// macro handles AsciiDoc inline macros name:target[text]. Links are
// reported with their text kept as prose; images are masked entirely.
func (in *inline) macro(name string, isLink bool) {
	buf := in.buf
	for i := 0; i < len(buf); {
		k := bytes.Index(buf[i:], []byte(name))
		if k < 0 {
			return
		}
		at := i + k
		t := at + len(name)
		i = t
		if at > 0 && isASCIIAlnum(buf[at-1]) {
			continue
		}
		if !isLink && t < len(buf) && buf[t] == ':' { // block image::
			t++
		}
		e := t
		for e < len(buf) && buf[e] > ' ' && buf[e] != '[' {
			e++
		}
		i = e
		if e == t || e == len(buf) || buf[e] != '[' {
			continue
		}
		c, ok := scanTo(buf, e+1, ']', "[")
		i = c
		if !ok {
			continue
		}
		if isLink {
			in.link(at, strings.TrimSuffix(in.src[e+1:c], "^"), in.src[t:e])
			in.mask(at, e+1)
			in.mask(c, c+1)
		} else {
			in.mask(at, c+1)
		}
		i = c + 1
	}
}
