package markup

import (
	"bytes"
	"sort"
	"strings"
)

// inline scans one line of prose for links and then counts its words. Each
// pass overwrites the markup it understood in buf — with spaces, or with
// neutral bytes inside code spans — so that later passes neither report it
// again nor count it as prose. Link text is always taken from src.
type inline struct {
	b    *builder
	src  string // the line as written
	buf  []byte // the line with understood markup masked
	line int
	seen map[string]bool // URLs already reported on this line
	pos  []int           // where each link reported on this line starts
}

// prose extracts the links of one line of prose and counts its words.
func (b *builder) prose(f Format, line string, n int) {
	in := inline{b: b, src: line, buf: []byte(line), line: n}
	switch f {
	case Markdown:
		if in.referenceDefinition() {
			return
		}
		in.codeSpans(1)
		in.markdownLinks()
		in.htmlTags()
	case RST:
		in.codeSpans(2)
		in.rstLinks()
	case AsciiDoc:
		in.macro("image:", false)
		in.macro("link:", true)
	}
	in.bareURLs(f == AsciiDoc)
	b.words(countWords(in.buf))
	if len(in.pos) > 1 { // passes find links out of order
		links := b.doc.Links[len(b.doc.Links)-len(in.pos):]
		sort.Stable(byPosition{links, in.pos})
	}
}

type byPosition struct {
	links []Link
	pos   []int
}

func (s byPosition) Len() int           { return len(s.pos) }
func (s byPosition) Less(i, j int) bool { return s.pos[i] < s.pos[j] }
func (s byPosition) Swap(i, j int) {
	s.links[i], s.links[j] = s.links[j], s.links[i]
	s.pos[i], s.pos[j] = s.pos[j], s.pos[i]
}

func (in *inline) mask(from, to int) {
	for i := from; i < to; i++ {
		in.buf[i] = ' '
	}
}

// link reports a link found at byte at unless its URL was already reported
// on this line, and returns its index in Doc.Links or -1.
func (in *inline) link(at int, text, url string) int {
	url = strings.TrimSpace(url)
	if url == "" || in.seen[url] {
		return -1
	}
	if in.seen == nil {
		in.seen = make(map[string]bool)
	}
	in.seen[url] = true
	i := in.b.link(text, url, in.line)
	if i >= 0 {
		in.pos = append(in.pos, at)
	}
	return i
}

// codeSpans masks the delimiters of code spans (backtick runs of at least
// minRun, closed by a run of the same length) and neutralises the bytes that
// other passes look for inside them; their words still count.
func (in *inline) codeSpans(minRun int) {
	buf := in.buf
	if bytes.IndexByte(buf, '`') < 0 {
		return
	}
	type run struct{ at, n int }
	var runs []run
	for i := 0; i < len(buf); {
		if buf[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(buf) && buf[j] == '`' {
			j++
		}
		runs = append(runs, run{i, j - i})
		i = j
	}
	next := make([]int, len(runs)) // the next run of the same length, or -1
	last := make(map[int]int)
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = -1
		if j, ok := last[runs[k].n]; ok {
			next[k] = j
		}
		last[runs[k].n] = k
	}
	for k := 0; k < len(runs); k++ {
		open := runs[k]
		if open.n < minRun || next[k] < 0 {
			continue
		}
		end := runs[next[k]]
		in.mask(open.at, open.at+open.n)
		in.mask(end.at, end.at+end.n)
		for i := open.at + open.n; i < end.at; i++ {
			if strings.IndexByte("[]()<>:", buf[i]) >= 0 {
				buf[i] = '_'
			}
		}
		k = next[k]
	}
}

// referenceDefinition handles a Markdown link reference definition,
// "[label]: url", which is the whole line. Footnotes ("[^1]: ...") are not.
func (in *inline) referenceDefinition() bool {
	s := in.src
	if indentOf(s) > 3 {
		return false
	}
	s = strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(s, "[") || strings.HasPrefix(s, "[^") {
		return false
	}
	k := strings.Index(s, "]:")
	if k < 1 || strings.ContainsAny(s[1:k], "[]") {
		return false
	}
	url := strings.TrimLeft(s[k+2:], " \t")
	if strings.HasPrefix(url, "<") {
		e := strings.IndexByte(url, '>')
		if e < 0 {
			return false
		}
		url = url[1:e]
	} else if e := strings.IndexAny(url, " \t"); e >= 0 {
		url = url[:e]
	}
	if url == "" {
		return false
	}
	in.link(0, s[1:k], url)
	return true
}

// markdownLinks reports inline links [text](url "title") and masks their
// syntax, keeping the text; images ![alt](src) are masked entirely.
func (in *inline) markdownLinks() {
	buf := in.buf
	var open []int
	for i := 0; i < len(buf); i++ {
		switch buf[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if len(open) == 0 {
				continue
			}
			o := open[len(open)-1]
			open = open[:len(open)-1]
			if i+1 >= len(buf) || buf[i+1] != '(' {
				continue
			}
			url, end, ok := in.destination(i + 2)
			if !ok {
				continue
			}
			if o > 0 && buf[o-1] == '!' {
				in.mask(o-1, end)
			} else {
				in.link(o, in.src[o+1:i], url)
				in.mask(o, o+1)
				in.mask(i, end)
				open = open[:0] // links do not nest
			}
			i = end - 1
		}
	}
}

// destination parses `url "title")` or `<url>)` starting at buf[p] and
// returns the URL and the index after the ')'. No scan crosses a bracket, so
// failed attempts cannot rescan the same bytes.
func (in *inline) destination(p int) (url string, end int, ok bool) {
	buf := in.buf
	p = skipBlanks(buf, p)
	if p < len(buf) && buf[p] == '<' {
		k, found := scanTo(buf, p+1, '>', "<[]")
		if !found {
			return "", 0, false
		}
		url, p = in.src[p+1:k], k+1
	} else {
		start, depth := p, 0
	scan:
		for ; p < len(buf) && p-start <= maxURLBytes; p++ {
			switch c := buf[p]; {
			case c <= ' ' || c == '[' || c == ']' || c == '<':
				break scan
			case c == '(':
				depth++
			case c == ')':
				if depth == 0 {
					break scan
				}
				depth--
			}
		}
		url = in.src[start:p]
	}
	p = skipBlanks(buf, p)
	if p < len(buf) && (buf[p] == '"' || buf[p] == '\'' || buf[p] == '(') {
		closer := buf[p]
		if closer == '(' {
			closer = ')'
		}
		k, found := scanTo(buf, p+1, closer, "[]")
		if !found {
			return "", 0, false
		}
		p = skipBlanks(buf, k+1)
	}
	if p >= len(buf) || buf[p] != ')' {
		return "", 0, false
	}
	return url, p + 1, true
}

func skipBlanks(buf []byte, p int) int {
	for p < len(buf) && (buf[p] == ' ' || buf[p] == '\t') {
		p++
	}
	return p
}
