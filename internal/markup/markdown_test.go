package markup

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const fence = "```"

func TestMarkdownHeadings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []Heading
	}{
		{"ATX levels", "# One\n## Two\n###### Six\n####### Seven", []Heading{
			{Level: 1, Text: "One", Line: 1}, {Level: 2, Text: "Two", Line: 2}, {Level: 6, Text: "Six", Line: 3},
		}},
		{"closing hashes", "## Usage ##\n# C#\n#   Spaced   #####   ", []Heading{
			{Level: 2, Text: "Usage", Line: 1}, {Level: 1, Text: "C#", Line: 2}, {Level: 1, Text: "Spaced", Line: 3},
		}},
		{"hashtags and indented code", "#hashtag\n    # indented code\n   # three spaces", []Heading{
			{Level: 1, Text: "three spaces", Line: 3},
		}},
		{"inline markup removed", "# **Bold** `code` [Link](https://x.example) ![logo](logo.png) <img src=\"a.png\"> snake_case *em* &amp;", []Heading{
			{Level: 1, Text: "Bold code Link logo snake_case em &", Line: 1},
		}},
		{"setext", "Title\n=====\n\nSubtitle\n---\n", []Heading{
			{Level: 1, Text: "Title", Line: 1}, {Level: 2, Text: "Subtitle", Line: 4},
		}},
		{"setext needs paragraph text", "\n---\n- item\n---\n| a | b |\n---\n# ATX\n---\n> quote\n===\n***\n---\n[x]: https://x.example\n===", []Heading{
			{Level: 1, Text: "ATX", Line: 7},
		}},
		{"setext after comment", "<!-- note -->\n===\n<!-- open\n---\n-->\n===", nil},
		{"HTML heading", "<h1 align=\"center\">Frob<b>nicator</b></h1>\n<H3>Small &amp; fast</H3>", []Heading{
			{Level: 1, Text: "Frob nicator", Line: 1}, {Level: 3, Text: "Small & fast", Line: 2},
		}},
		{"multi-line HTML heading", "<div align=\"center\"><h1 align=\"center\">\n  <img src=\"logo.svg\" width=\"200\"/>\n  <br>\n  Frobnicator\n</h1></div>\n", []Heading{
			{Level: 1, Text: "Frobnicator", Line: 1},
		}},
		{"unclosed HTML heading", "<h2>Never closed\ntext", nil},
		{"headings inside fences", fence + "bash\n# comment\nText\n===\n" + fence + "\n~~~~\n## tilde\n~~~\n" + fence + "\n~~~~\n# after\n", []Heading{
			{Level: 1, Text: "after", Line: 11},
		}},
		{"unterminated fence", "# Before\n" + fence + "\n# inside\n", []Heading{{Level: 1, Text: "Before", Line: 1}}},
		{"front matter", "---\ntitle: Frob\n# yaml comment\n---\n# Real\n", []Heading{{Level: 1, Text: "Real", Line: 5}}},
		{"no front matter close", "---\n# Title\n", []Heading{{Level: 1, Text: "Title", Line: 2}}},
		{"HTML comments", "<!--\n# hidden\n-->\n# Shown <!-- note -->\n<!-- a --> text <!-- b\n# not hidden: the comment did not start the line\n", []Heading{
			{Level: 1, Text: "Shown", Line: 4}, {Level: 1, Text: "not hidden: the comment did not start the line", Line: 6},
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(Markdown, tt.text).Headings); diff != "" {
			t.Errorf("%s: Headings mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestMarkdownLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []Link
	}{
		{"inline with title", `See [the docs](https://x.example/docs "Docs") and [guide](<docs/a guide.md>).`, []Link{
			{Text: "the docs", URL: "https://x.example/docs", Line: 1}, {Text: "guide", URL: "docs/a guide.md", Line: 1},
		}},
		{"relative, anchor and parens", "[Install](#installation) [Wiki](https://en.wikipedia.org/wiki/Frob_(tool)) [empty]()", []Link{
			{Text: "Install", URL: "#installation", Line: 1}, {Text: "Wiki", URL: "https://en.wikipedia.org/wiki/Frob_(tool)", Line: 1},
		}},
		{"images are not links", "![logo](https://x.example/logo.png) <img src=\"https://x.example/a.png\">", nil},
		{"badge", "[![CI](https://ci.example/badge.svg)](https://ci.example/frob)", []Link{
			{Text: "CI", URL: "https://ci.example/frob", Line: 1},
		}},
		{"reference definitions", "[docs]: https://x.example/docs \"Docs\"\n  [chat]: <https://chat.example>\n[^1]: https://footnote.example is a footnote", []Link{
			{Text: "docs", URL: "https://x.example/docs", Line: 1}, {Text: "chat", URL: "https://chat.example", Line: 2},
			{URL: "https://footnote.example", Line: 3},
		}},
		{"reference uses are not links", "[docs][] and [the chat][chat] and - [x] done", nil},
		{"autolinks", "Mail <mailto:team@x.example> or see <https://x.example/a>.", []Link{
			{URL: "mailto:team@x.example", Line: 1}, {URL: "https://x.example/a", Line: 1},
		}},
		{"HTML anchors", "<a href=\"https://x.example\"><img src=\"logo.png\"></a> <A class=x HREF='https://y.example'>Why <b>Y</b></A>\n<a name=\"top\"></a>", []Link{
			{URL: "https://x.example", Line: 1}, {Text: "Why Y", URL: "https://y.example", Line: 1},
		}},
		{"anchor tag over two lines", "<a href=\"https://x.example\"\n   title=\"https://not.example\">text</a>", []Link{
			{URL: "https://x.example", Line: 1},
		}},
		{"bare URL punctuation", "Go to https://x.example/a. Or (https://x.example/b), https://x.example/c_(d)!\n**https://x.example/e**; 'https://x.example/f', \"https://x.example/g\"?", []Link{
			{URL: "https://x.example/a", Line: 1}, {URL: "https://x.example/b", Line: 1}, {URL: "https://x.example/c_(d)", Line: 1},
			{URL: "https://x.example/e", Line: 2}, {URL: "https://x.example/f", Line: 2}, {URL: "https://x.example/g", Line: 2},
		}},
		{"not URLs", "http:// alone, xhttps://x.example, ftp://x.example", nil},
		{"one URL, two forms", "[https://x.example](https://x.example) <https://y.example> https://y.example\n[a](https://z.example) https://z.example", []Link{
			{Text: "https://x.example", URL: "https://x.example", Line: 1}, {URL: "https://y.example", Line: 1},
			{Text: "a", URL: "https://z.example", Line: 2},
		}},
		{"code is not links", "`[a](https://x.example)` and ``https://y.example``\n" + fence + "\nhttps://z.example [b](c)\n" + fence, nil},
		{"comments are not links", "<!-- [a](https://x.example) -->\n<!--\nhttps://y.example\n-->", nil},
		{"escaped brackets", `\[not](https://x.example) [yes](https://y.example)`, []Link{
			{URL: "https://x.example", Line: 1}, {Text: "yes", URL: "https://y.example", Line: 1},
		}},
		{"link in heading", "## See [docs](https://x.example)", []Link{{Text: "docs", URL: "https://x.example", Line: 1}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(Markdown, tt.text).Links); diff != "" {
			t.Errorf("%s: Links mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []CodeBlock
	}{
		{"info string", fence + "Python title=\"x.py\"\nprint(1)\n\nprint(2)\n" + fence, []CodeBlock{
			{Lang: "python", Line: 1, Text: "print(1)\n\nprint(2)"},
		}},
		{"tildes and braces", "~~~{r, echo=FALSE}\nplot(x)\n~~~", []CodeBlock{{Lang: "r", Line: 1, Text: "plot(x)"}}},
		{"empty", fence + "\n" + fence, []CodeBlock{{Line: 1}}},
		{"closing needs same char and length", "````md\n" + fence + "\n~~~~\n````` \n", []CodeBlock{
			{Lang: "md", Line: 1, Text: fence + "\n~~~~"},
		}},
		{"inside a list item", "1. Install:\n\n   " + fence + "sh\n   make\n     indented\n   " + fence + "\n", []CodeBlock{
			{Lang: "sh", Line: 3, Text: "make\n  indented"},
		}},
		{"unterminated", "text\n" + fence + "go\nfunc main() {}\n", []CodeBlock{{Lang: "go", Line: 2, Text: "func main() {}"}}},
		{"inline backticks are not a fence", "```not a fence```\n", nil},
		{"indented code is prose", "    make install\n", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(Markdown, tt.text).Code); diff != "" {
			t.Errorf("%s: Code mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestMarkdownWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want int
	}{
		{"prose", "Frobnicator frobs widgets, fast. 2 times -- really!", 7},
		{"badges and images only", "<p align=\"center\">\n  <img src=\"logo.png\"\n       alt=\"Frobnicator logo\"\n       width=\"200\">\n</p>\n\n[![CI](https://ci.example/b.svg)](https://ci.example) ![cov](https://cov.example/b.svg)\n", 0},
		{"link text counts, URLs do not", "Read [the manual](https://x.example/manual) at https://x.example.", 4},
		{"inline code counts", "Run `make install` now", 4},
		{"code blocks, comments and front matter do not", "---\ntitle: Frob\n---\n<!-- a b c -->\n" + fence + "\nx y z\n" + fence + "\none <!-- two --> three", 2},
		{"tables", "| Name | Value |\n|------|-------|\n| a | 1 |", 4},
		{"non-ASCII", "Größe 大きい ✓", 2},
	}
	for _, tt := range tests {
		if got := Parse(Markdown, tt.text).Words; got != tt.want {
			t.Errorf("%s: Words = %d, want %d", tt.name, got, tt.want)
		}
	}
}
