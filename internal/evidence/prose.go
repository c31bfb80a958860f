package evidence

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/markup"
)

// proseOf blanks the lines of code blocks in text, fences included, keeping
// every line (so line numbers stay those of the file). Text without code
// blocks is returned as is, without a copy.
func proseOf(text string, code []markup.CodeBlock) string {
	if len(code) == 0 {
		return blankURLs(text)
	}
	blank := map[int]bool{}
	fence := map[int]bool{} // lines that are blanked only if they are a closing fence
	for _, c := range code {
		n := 0
		if c.Text != "" {
			n = strings.Count(c.Text, "\n") + 1
		}
		for l := c.Line; l <= c.Line+n; l++ { // the opening line and the content
			blank[l] = true
		}
		fence[c.Line+n+1] = true
	}
	var b strings.Builder
	b.Grow(len(text))
	line := 1
	for rest := text; ; line++ {
		l, next, more := strings.Cut(rest, "\n")
		if !blank[line] && !(fence[line] && isFence(l)) {
			b.WriteString(l)
		}
		if !more {
			break
		}
		b.WriteByte('\n')
		rest = next
	}
	return blankURLs(b.String())
}

// urlInProse is a URL written in prose or as a Markdown link target: its
// words ("downloading-and-installing-sql") are an address, not a claim.
var urlInProse = lazyregexp.New(`https?://[^\s)\]>"']+`)

// blankURLs replaces URLs with spaces of the same length (offsets, and so
// line numbers, stay those of the file).
func blankURLs(text string) string {
	if !strings.Contains(text, "://") {
		return text
	}
	return urlInProse.ReplaceAllStringFunc(text, func(u string) string { return strings.Repeat(" ", len(u)) })
}

// isFence reports whether a line closes a code block: ``` or ~~~ in
// Markdown, ---- or .... in AsciiDoc.
func isFence(l string) bool {
	t := strings.TrimSpace(l)
	for _, f := range []string{"```", "~~~", "----", "...."} {
		if strings.HasPrefix(t, f) {
			return true
		}
	}
	return false
}
