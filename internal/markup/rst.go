package markup

import (
	"bytes"
	"strings"
)

// rstAdornments are the characters that may underline or overline a title.
const rstAdornments = "=-`:'\"~^_*+#<>"

// rstStyle is a title adornment style; levels follow first appearance.
type rstStyle struct {
	char byte
	over bool
}

type rstParser struct {
	b      *builder
	lines  []string
	styles []rstStyle
}

func parseRST(b *builder, lines []string) {
	p := &rstParser{b: b, lines: lines}
	blockStart := true // a title must start a block
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			blockStart = true
			continue
		case t == ".." || strings.HasPrefix(t, ".. "):
			i = p.explicit(i)
		default:
			if n := p.title(i, blockStart); n > 0 {
				i += n - 1
				blockStart = true
				continue
			}
			b.prose(RST, line, i+1)
			if strings.HasSuffix(t, "::") && i+1 < len(lines) && isBlank(lines[i+1]) {
				i = p.block(i, indentOf(line), "", false)
			}
		}
		blockStart = false
	}
}

// title recognises a section title at line i — text and underline, or
// overline, text and underline — records it and returns the number of lines
// it takes, or 0.
func (p *rstParser) title(i int, blockStart bool) int {
	lines := p.lines
	if !blockStart || i+1 >= len(lines) {
		return 0
	}
	line := lines[i]
	if char, ok := adornment(line); ok {
		if i+2 >= len(lines) {
			return 0
		}
		text := strings.TrimSpace(lines[i+1])
		over := strings.TrimRight(line, " \t")
		if _, isAdornment := adornment(text); text == "" || isAdornment ||
			strings.TrimRight(lines[i+2], " \t") != over || !longEnough(len(over), text) {
			return 0
		}
		p.heading(rstStyle{char, true}, text, i+2)
		return 3
	}
	text := strings.TrimSpace(line)
	under := strings.TrimRight(lines[i+1], " \t")
	char, ok := adornment(under)
	if !ok || indentOf(line) > 0 || isListItem(text) || !longEnough(len(under), text) {
		return 0
	}
	p.heading(rstStyle{char, false}, text, i+1)
	return 2
}

func (p *rstParser) heading(style rstStyle, text string, line int) {
	level := 0
	for level < len(p.styles) && p.styles[level] != style {
		level++
	}
	if level == len(p.styles) {
		p.styles = append(p.styles, style)
	}
	p.b.heading(level+1, text, line)
	p.b.prose(RST, text, line)
}

// adornment reports whether line, unindented, repeats one adornment char.
func adornment(line string) (byte, bool) {
	s := strings.TrimRight(line, " \t")
	if s == "" || strings.IndexByte(rstAdornments, s[0]) < 0 || strings.Trim(s, s[:1]) != "" {
		return 0, false
	}
	return s[0], true
}

// longEnough applies docutils' rule: an adornment must be as wide as the
// title, but one of four or more characters is accepted (with a warning).
func longEnough(n int, text string) bool { return n >= 4 || n >= displayWidth(text) }

// explicit handles explicit markup starting with ".." at line i — hyperlink
// targets, code directives, other directives and comments — and returns the
// last line it consumed.
func (p *rstParser) explicit(i int) int {
	line := p.lines[i]
	base := indentOf(line)
	rest := strings.TrimSpace(strings.TrimSpace(line)[2:])
	if rest == "" { // an empty comment consumes nothing
		return i
	}
	if strings.HasPrefix(rest, "_") {
		if label, url, ok := rstTarget(rest[1:]); ok {
			p.b.link(label, url, i+1)
		}
		return i
	}
	name, arg, ok := strings.Cut(rest, "::")
	if !ok || name == "" || strings.ContainsAny(name, " \t|[") { // a comment, footnote or substitution
		_, last, _ := p.indented(i+1, base)
		return last
	}
	switch strings.ToLower(name) {
	case "code-block", "code", "sourcecode":
		return p.block(i, base, arg, true)
	case "raw":
		_, last, _ := p.indented(i+1, base)
		return last
	case "image", "figure":
		return i
	}
	p.b.prose(RST, arg, i+1)
	return i
}

// block records the code block indented under line i (options such as
// ":linenos:" skipped) and returns the last line it consumed.
func (p *rstParser) block(i, base int, info string, options bool) int {
	j := i + 1
	for options && j < len(p.lines) && indentOf(p.lines[j]) > base && strings.HasPrefix(strings.TrimSpace(p.lines[j]), ":") {
		j++
	}
	first, last, dedent := p.indented(j, base)
	if first >= 0 {
		p.b.code(info, i+1, p.lines[first:last+1], dedent)
		return last
	}
	return j - 1
}

// indented finds the block of lines from index from on that are indented
// more than base (blank lines inside included). It returns the first and
// last non-blank lines (first is -1 and last from-1 if there are none) and
// their least indentation.
func (p *rstParser) indented(from, base int) (first, last, dedent int) {
	first, last = -1, from-1
	for k := from; k < len(p.lines); k++ {
		line := p.lines[k]
		if isBlank(line) {
			continue
		}
		ind := indentOf(line)
		if ind <= base {
			break
		}
		if first < 0 || ind < dedent {
			dedent = ind
		}
		if first < 0 {
			first = k
		}
		last = k
	}
	return first, last, dedent
}

// rstTarget parses the part of a hyperlink target after ".. _":
// "label: url" or "`label`: url". Internal and indirect targets have no URL.
func rstTarget(s string) (label, url string, ok bool) {
	var rest string
	if strings.HasPrefix(s, "`") {
		k := strings.IndexByte(s[1:], '`')
		if k < 0 || !strings.HasPrefix(s[k+2:], ":") {
			return "", "", false
		}
		label, rest = s[1:k+1], s[k+3:]
	} else {
		k := 0
		for k < len(s) && (s[k] != ':' || (k+1 < len(s) && s[k+1] != ' ' && s[k+1] != '\t')) {
			k++
		}
		if k == len(s) {
			return "", "", false
		}
		label, rest = s[:k], s[k+1:]
	}
	url = strings.TrimSpace(rest)
	if url == "" || (strings.HasSuffix(url, "_") && !strings.Contains(url, "/")) {
		return "", "", false
	}
	if label == "_" { // anonymous target, ".. __: url"
		label = ""
	}
	return label, url, true
}

// rstLinks reports hyperlink references `text <url>`_ and `text <url>`__
// and masks their syntax, keeping the text.
func (in *inline) rstLinks() {
	buf := in.buf
	for i := 0; i < len(buf); i++ {
		if buf[i] != '`' {
			continue
		}
		k := bytes.IndexByte(buf[i+1:], '`')
		if k < 0 {
			return
		}
		j := i + 1 + k // the closing backquote
		u := j + 1
		for u < len(buf) && u < j+3 && buf[u] == '_' {
			u++
		}
		if u == j+1 { // interpreted text or a role, not a reference
			i = j
			continue
		}
		content := in.src[i+1 : j]
		from := j
		if lt := strings.LastIndexByte(content, '<'); lt >= 0 && strings.HasSuffix(content, ">") {
			in.link(i, content[:lt], content[lt+1:len(content)-1])
			from = i + 1 + lt
		}
		in.mask(i, i+1)
		in.mask(from, u)
		i = u - 1
	}
}
