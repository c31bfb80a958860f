package markup

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestFormatOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Format
	}{
		{"README.md", Markdown},
		{"docs/guide.markdown", Markdown},
		{"site/page.MDX", Markdown},
		{"notes.mkd", Markdown},
		{"README.rst", RST},
		{"docs/index.rest", RST},
		{"README.adoc", AsciiDoc},
		{"manual.asciidoc", AsciiDoc},
		{`docs\intro.asc`, AsciiDoc},
		{"README", Plain},
		{"CONTRIBUTING.txt", Plain},
		{"LICENSE", Plain},
		{"docs.md/README", Plain},
	}
	for _, tt := range tests {
		if got := FormatOf(tt.name); got != tt.want {
			t.Errorf("FormatOf(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

const readme = `[![Build](https://ci.example.org/badge.svg)](https://ci.example.org/project) [![License](https://img.shields.io/badge/license-MIT-blue.svg)](LICENSE)

# Frobnicator

Frobnicator frobs **widgets** quickly. See the [docs](https://frob.example.org/docs "Docs") or https://frob.example.org.

## Installation

` + "```" + `Bash
# not a heading
pip install frob
` + "```" + `

## Usage

Run ` + "`frob --help`" + `, read <https://frob.example.org/guide>, or ask on <a href="https://chat.example.org">our chat</a>.

[docs]: https://frob.example.org/docs
`

func TestParseREADME(t *testing.T) {
	t.Parallel()
	title := Heading{Level: 1, Text: "Frobnicator", Line: 3}
	install := Heading{Level: 2, Text: "Installation", Line: 7}
	usage := Heading{Level: 2, Text: "Usage", Line: 14}
	want := Doc{
		Headings: []Heading{title, install, usage},
		Links: []Link{
			{Text: "Build", URL: "https://ci.example.org/project", Line: 1},
			{Text: "License", URL: "LICENSE", Line: 1},
			{Text: "docs", URL: "https://frob.example.org/docs", Line: 5},
			{URL: "https://frob.example.org", Line: 5},
			{URL: "https://frob.example.org/guide", Line: 16},
			{Text: "our chat", URL: "https://chat.example.org", Line: 16},
			{Text: "docs", URL: "https://frob.example.org/docs", Line: 18},
		},
		Code: []CodeBlock{{Lang: "bash", Line: 9, Text: "# not a heading\npip install frob"}},
		Sections: []Section{
			{Heading: title, Start: 3, End: 18, Words: 20, Code: 1},
			{Heading: install, Start: 7, End: 13, Words: 1, Code: 1},
			{Heading: usage, Start: 14, End: 18, Words: 10},
		},
		Words: 20, // the badge line has none
		Lines: 18,
	}
	if diff := cmp.Diff(want, Parse(Markdown, readme)); diff != "" {
		t.Errorf("Parse(Markdown, readme) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseLinesAndLineEndings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want Doc
	}{
		{"empty", "", Doc{}},
		{"one line without newline", "hello", Doc{Words: 1, Lines: 1}},
		{"final newline", "hello\n", Doc{Words: 1, Lines: 1}},
		{"blank line", "\n", Doc{Lines: 1}},
		{"CRLF", "# Title\r\nSee https://a.example\r\n", Doc{
			Headings: []Heading{{Level: 1, Text: "Title", Line: 1}},
			Links:    []Link{{URL: "https://a.example", Line: 2}},
			Sections: []Section{{Heading: Heading{Level: 1, Text: "Title", Line: 1}, Start: 1, End: 2, Words: 2}},
			Words:    2,
			Lines:    2,
		}},
		{"byte order mark", "\ufeff# Title", Doc{
			Headings: []Heading{{Level: 1, Text: "Title", Line: 1}},
			Sections: []Section{{Heading: Heading{Level: 1, Text: "Title", Line: 1}, Start: 1, End: 1, Words: 1}},
			Words:    1,
			Lines:    1,
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(Markdown, tt.text)); diff != "" {
			t.Errorf("%s: Parse mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestParsePlain(t *testing.T) {
	t.Parallel()
	text := "# Not a heading\n\nFrobnicator 2.0 -- see https://frob.example.org/docs, or (https://frob.example.org/faq).\n```\nnot code either\n```\n"
	want := Doc{
		Links: []Link{
			{URL: "https://frob.example.org/docs", Line: 3},
			{URL: "https://frob.example.org/faq", Line: 3},
		},
		Words: 10,
		Lines: 6,
	}
	if diff := cmp.Diff(want, Parse(Plain, text)); diff != "" {
		t.Errorf("Parse(Plain) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, Parse(Format(42), text)); diff != "" {
		t.Errorf("Parse(Format(42)) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseSections(t *testing.T) {
	t.Parallel()
	text := `Intro words here.
# A
one two
## B
three
` + "```" + `
code words ignored
` + "```" + `
### C
four five six
## D
# E
seven
`
	a := Heading{Level: 1, Text: "A", Line: 2}
	b := Heading{Level: 2, Text: "B", Line: 4}
	c := Heading{Level: 3, Text: "C", Line: 9}
	d := Heading{Level: 2, Text: "D", Line: 11}
	e := Heading{Level: 1, Text: "E", Line: 12}
	want := []Section{
		{Heading: a, Start: 2, End: 11, Words: 10, Code: 1},
		{Heading: b, Start: 4, End: 10, Words: 6, Code: 1},
		{Heading: c, Start: 9, End: 10, Words: 4},
		{Heading: d, Start: 11, End: 11, Words: 1},
		{Heading: e, Start: 12, End: 13, Words: 2},
	}
	doc := Parse(Markdown, text)
	if diff := cmp.Diff(want, doc.Sections); diff != "" {
		t.Errorf("Sections mismatch (-want +got):\n%s", diff)
	}
	if doc.Words != 15 {
		t.Errorf("Words = %d, want 15", doc.Words)
	}
}

func TestParseBounds(t *testing.T) {
	t.Parallel()
	t.Run("counts", func(t *testing.T) {
		t.Parallel()
		text := strings.Repeat("# h https://x.example/a\n```\nc\n```\n", maxItems+5)
		doc := Parse(Markdown, text)
		if len(doc.Headings) != maxItems || len(doc.Links) != maxItems || len(doc.Code) != maxItems || len(doc.Sections) != maxItems {
			t.Errorf("got %d headings, %d links, %d code blocks, %d sections; want %d of each",
				len(doc.Headings), len(doc.Links), len(doc.Code), len(doc.Sections), maxItems)
		}
		// The last section runs to the end and holds the words of the ignored
		// headings; code blocks beyond the bound are not counted anywhere.
		if last := doc.Sections[maxItems-1]; last.End != doc.Lines || last.Words != 6 || last.Code != 1 {
			t.Errorf("last section = %+v, want it to run to line %d with 6 words and 1 code block", last, doc.Lines)
		}
	})
	t.Run("sizes", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("é", 400) // 800 bytes
		text := "# " + long + "\n[" + long + "](https://x.example)\n```" + long + "\n" + strings.Repeat("x", 100<<10) + "\n```\n"
		doc := Parse(Markdown, text)
		if got := doc.Headings[0].Text; got != strings.Repeat("é", 150) {
			t.Errorf("heading text has %d bytes, want 300 bytes of é", len(got))
		}
		if got := doc.Links[0].Text; got != strings.Repeat("é", 150) {
			t.Errorf("link text has %d bytes, want 300 bytes of é", len(got))
		}
		if got := doc.Code[0]; len(got.Text) != maxCodeBytes || !utf8.ValidString(got.Lang) || len(got.Lang) > maxLangBytes {
			t.Errorf("code block has %d bytes and lang %q, want %d bytes and a short valid lang", len(got.Text), got.Lang, maxCodeBytes)
		}
	})
	t.Run("overlong URL", func(t *testing.T) {
		t.Parallel()
		doc := Parse(Plain, "https://x.example/"+strings.Repeat("a", maxURLBytes))
		if len(doc.Links) != 0 {
			t.Errorf("got %d links, want an overlong URL dropped", len(doc.Links))
		}
	})
}

func TestParseInvalidUTF8(t *testing.T) {
	t.Parallel()
	text := "# Ti\xfftle \xe2\x82\n\xff[a\xc3](https://x.example/\xfe)\n```\xff\n\xc0\n```\n"
	for _, f := range []Format{Plain, Markdown, RST, AsciiDoc} {
		doc := Parse(f, text)
		if doc.Lines != 5 {
			t.Errorf("Parse(%v): Lines = %d, want 5", f, doc.Lines)
		}
	}
	doc := Parse(Markdown, text)
	if len(doc.Headings) != 1 || len(doc.Links) != 1 || len(doc.Code) != 1 {
		t.Errorf("Parse(Markdown) = %+v, want a heading, a link and a code block", doc)
	}
}
