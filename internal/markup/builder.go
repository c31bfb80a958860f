package markup

import "strings"

// builder accumulates a Doc while a format parser walks the lines, enforcing
// the bounds on item counts and sizes.
type builder struct {
	doc Doc
	// spanWords[0] counts the words before the first heading and
	// spanWords[k+1] those from heading k to the next heading of any level;
	// spanCode does the same for code blocks. Sections sum runs of spans.
	spanWords []int
	spanCode  []int
	inTag     bool // Markdown: inside an HTML tag that began on an earlier line
}

func newBuilder(lines int) *builder {
	return &builder{doc: Doc{Lines: lines}, spanWords: []int{0}, spanCode: []int{0}}
}

func (b *builder) headingsFull() bool { return len(b.doc.Headings) >= maxItems }

// heading records a heading whose text is still raw inline markup.
func (b *builder) heading(level int, raw string, line int) {
	hs := b.doc.Headings
	if b.headingsFull() || (len(hs) > 0 && hs[len(hs)-1].Line >= line) {
		return
	}
	b.doc.Headings = append(hs, Heading{Level: level, Text: cleanInline(raw), Line: line})
	b.spanWords = append(b.spanWords, 0)
	b.spanCode = append(b.spanCode, 0)
}

func (b *builder) words(n int) {
	b.doc.Words += n
	b.spanWords[len(b.spanWords)-1] += n
}

// link records a link whose text is still raw inline markup and returns its
// index in Doc.Links, or -1 if it was dropped.
func (b *builder) link(raw, url string, line int) int {
	url = strings.TrimSpace(url)
	if url == "" || len(url) > maxURLBytes || len(b.doc.Links) >= maxItems {
		return -1
	}
	b.doc.Links = append(b.doc.Links, Link{Text: cleanInline(raw), URL: strings.Clone(url), Line: line})
	return len(b.doc.Links) - 1
}

func (b *builder) setLinkText(i int, raw string) {
	if i >= 0 {
		b.doc.Links[i].Text = cleanInline(raw)
	}
}

// code records a code block, removing up to dedent leading blanks from each
// body line.
func (b *builder) code(info string, line int, body []string, dedent int) {
	if len(b.doc.Code) >= maxItems {
		return
	}
	var sb strings.Builder
	for k, l := range body {
		if sb.Len() >= maxCodeBytes {
			break
		}
		if k > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(truncate(trimIndent(l, dedent), maxCodeBytes-sb.Len()))
	}
	b.doc.Code = append(b.doc.Code, CodeBlock{Lang: langOf(info), Line: line, Text: sb.String()})
	b.spanCode[len(b.spanCode)-1]++
}

// langOf returns the language named by the first word of an info string,
// e.g. "bash" for "Bash title=x" and "r" for "{r, echo=FALSE}".
func langOf(info string) string {
	info = strings.TrimSpace(info)
	if k := strings.IndexAny(info, " \t"); k >= 0 {
		info = info[:k]
	}
	info = strings.Trim(truncate(info, maxLangBytes), "{}.,;")
	return strings.Clone(truncate(strings.ToLower(info), maxLangBytes))
}

// finish computes the sections and returns the document.
func (b *builder) finish() Doc {
	hs := b.doc.Headings
	if len(hs) == 0 {
		return b.doc
	}
	words, code := prefixSums(b.spanWords), prefixSums(b.spanCode)
	sections := make([]Section, len(hs))
	closeAt := func(k, next int) { // heading next (or the end) ends section k
		end := b.doc.Lines
		if next < len(hs) {
			end = hs[next].Line - 1
		}
		sections[k] = Section{
			Heading: hs[k], Start: hs[k].Line, End: end,
			Words: words[next+1] - words[k+1],
			Code:  code[next+1] - code[k+1],
		}
	}
	var open []int // headings whose sections are still open, levels increasing
	for k, h := range hs {
		for len(open) > 0 && hs[open[len(open)-1]].Level >= h.Level {
			closeAt(open[len(open)-1], k)
			open = open[:len(open)-1]
		}
		open = append(open, k)
	}
	for _, k := range open {
		closeAt(k, len(hs))
	}
	b.doc.Sections = sections
	return b.doc
}

// prefixSums returns s where s[i] is the sum of xs[:i].
func prefixSums(xs []int) []int {
	s := make([]int, len(xs)+1)
	for i, x := range xs {
		s[i+1] = s[i] + x
	}
	return s
}
