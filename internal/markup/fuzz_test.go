package markup

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var formats = []Format{Plain, Markdown, RST, AsciiDoc}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		readme, rstDoc, adocDoc, "", "\n", "\ufeff", "# a\n===\n", "a\n---\n", "<h1>\n<b>x</b>\n</h1>",
		"---\na: b\n---\n", "<!--\n# x\n-->", "[![a](b)](c) <a href='d'>e</a> <https://f>",
		"[](", "`` ` ``", "http://x.(y)).", "====\nT\n====\n", ".. code-block::\n\n  x", "x::\n\n  y",
		"[source,sh]\n----\nx\n----", "link:x[y] https://z[w]", "é\xff\xfe\xc3",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := string(data)
		for _, format := range formats {
			checkInvariants(t, format, text, Parse(format, text))
		}
	})
}

// checkInvariants fails t unless doc is a well-formed result of Parse(f, text).
func checkInvariants(t *testing.T, f Format, text string, doc Doc) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("Parse(%v, %q): "+format, append([]any{f, text}, args...)...)
	}
	text = strings.TrimPrefix(text, "\ufeff")
	wantLines := strings.Count(text, "\n")
	if text != "" && !strings.HasSuffix(text, "\n") {
		wantLines++
	}
	if doc.Lines != wantLines {
		fail("Lines = %d, want %d", doc.Lines, wantLines)
	}
	if doc.Words < 0 {
		fail("Words = %d", doc.Words)
	}
	if len(doc.Headings) > maxItems || len(doc.Links) > maxItems || len(doc.Code) > maxItems {
		fail("%d headings, %d links, %d code blocks: over the bound", len(doc.Headings), len(doc.Links), len(doc.Code))
	}
	if f == Plain && (len(doc.Headings) > 0 || len(doc.Code) > 0) {
		fail("plain text has headings or code")
	}
	checkLine := func(what string, i, line, prev int, strict bool) {
		t.Helper()
		if line < 1 || line > doc.Lines || line < prev || (strict && line == prev) {
			fail("%s %d is on line %d (previous %d, %d lines)", what, i, line, prev, doc.Lines)
		}
	}
	prev := 0
	for i, h := range doc.Headings {
		checkLine("heading", i, h.Line, prev, true)
		prev = h.Line
		if h.Level < 1 || len(h.Text) > maxTextBytes {
			fail("heading %d = %+v", i, h)
		}
	}
	prev = 0
	for i, l := range doc.Links {
		checkLine("link", i, l.Line, prev, false)
		prev = l.Line
		if l.URL == "" || len(l.URL) > maxURLBytes || len(l.Text) > maxTextBytes {
			fail("link %d = %+v", i, l)
		}
	}
	prev = 0
	for i, c := range doc.Code {
		checkLine("code block", i, c.Line, prev, true)
		prev = c.Line
		if len(c.Text) > maxCodeBytes || len(c.Lang) > maxLangBytes {
			fail("code block %d has %d bytes, lang %q", i, len(c.Text), c.Lang)
		}
	}
	if len(doc.Sections) != len(doc.Headings) {
		fail("%d sections for %d headings", len(doc.Sections), len(doc.Headings))
	}
	for i, s := range doc.Sections {
		if s.Heading != doc.Headings[i] || s.Start != s.Heading.Line || s.Start > s.End || s.End > doc.Lines ||
			s.Words < 0 || s.Words > doc.Words || s.Code < 0 || s.Code > len(doc.Code) ||
			(i > 0 && s.Start <= doc.Sections[i-1].Start) {
			fail("section %d = %+v", i, s)
		}
	}
}

// TestParseHostileInput feeds inputs built to trigger quadratic behaviour
// (unclosed brackets, tags, fences, comments; many candidate titles...). A
// linear parser handles each in milliseconds; a quadratic one takes minutes.
func TestParseHostileInput(t *testing.T) {
	t.Parallel()
	const size = 256 << 10
	var runs strings.Builder // backtick runs of every length
	for k := 1; runs.Len() < size; k++ {
		runs.WriteString(strings.Repeat("`", k) + " ")
	}
	patterns := []string{
		"[", "]", "[](", "](", "![", "[a](<", "[a](b \"", "(", "<", "<a", "<a href=", "<h1>", "<h1>\n", "<x\n",
		"<!--", "<!--\n", "-->", "`", "``", "` ``", "\\", "*_~", "&amp;", "é", "\xff", "http://", "https://x(",
		"https://x)", "# ", "#", "\n", "=\n", "a\n=\n", "a\n", "---\n", "```\n", "~~~~\n```\n", ".. ", "..\n ",
		"::\n\n ", "`a <b>`_", "`", ".. _a: b\n", "link:x[", "link:", "image:", "https://x[", "----\n",
		"[source,x]\n", "= ", "a" + strings.Repeat(" ", 100),
	}
	for _, p := range patterns {
		text := strings.Repeat(p, size/len(p)+1)
		for _, f := range formats {
			start := time.Now()
			doc := Parse(f, text)
			d := time.Since(start)
			if d > 10*time.Second {
				t.Errorf("Parse(%v, %q × %d) took %v", f, p, size/len(p)+1, d)
			}
			checkInvariants(t, f, text, doc)
			if testing.Verbose() && d > 20*time.Millisecond {
				t.Logf("Parse(%v, %q × %d) took %v", f, p, size/len(p)+1, d)
			}
		}
	}
	for _, f := range formats {
		start := time.Now()
		Parse(f, runs.String())
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Parse(%v, backtick runs) took %v", f, d)
		}
	}
}

// syntheticREADME returns a Markdown README of about size bytes, made of
// typical sections: headings, prose with links, HTML, lists and code.
func syntheticREADME(size int) string {
	var sb strings.Builder
	sb.WriteString("[![CI](https://ci.example/badge.svg)](https://ci.example/frob) [![Docs](https://docs.example/badge.svg)](https://docs.example)\n\n")
	sb.WriteString("<h1 align=\"center\">\n  <img src=\"logo.svg\" width=\"200\"/><br>\n  Frobnicator\n</h1>\n\n")
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, "## Section %d\n\n", i)
		fmt.Fprintf(&sb, "Frobnicator **frobs** widgets in `mode %d`; see the [guide](https://frob.example/guide/%d \"Guide\") or https://frob.example/faq/%d.\n", i, i, i)
		sb.WriteString("It is <em>fast</em>, small and <!-- TODO: measure --> well tested.\n\n")
		sb.WriteString("- one item with [a link][ref]\n- another item\n\n")
		fmt.Fprintf(&sb, "```bash\n# install\npip install frob==%d.0\n```\n\n", i)
		fmt.Fprintf(&sb, "### Details %d\n\nMore text follows here, with an autolink <https://frob.example/%d>.\n\n", i, i)
	}
	sb.WriteString("[ref]: https://frob.example/ref\n")
	return sb.String()
}

func BenchmarkParseREADME(b *testing.B) {
	text := syntheticREADME(200 << 10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(Markdown, text)
	}
}
