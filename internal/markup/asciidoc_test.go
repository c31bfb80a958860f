package markup

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const adocDoc = `= Frobnicator
:toc:

image:https://ci.example/badge.svg[CI,link=https://ci.example]

Frobnicator frobs widgets. See https://frob.example/docs[the docs^] or link:CONTRIBUTING.adoc[how to help].

== Installation

[source,Shell]
.Install
----
$ pip install frob
== not a heading
----

....
literal text
....

// a comment with https://hidden.example
////
== hidden
////

=== Details

Mail https://frob.example/list.
`

func TestParseAsciiDoc(t *testing.T) {
	t.Parallel()
	title := Heading{Level: 1, Text: "Frobnicator", Line: 1}
	install := Heading{Level: 2, Text: "Installation", Line: 8}
	details := Heading{Level: 3, Text: "Details", Line: 26}
	want := Doc{
		Headings: []Heading{title, install, details},
		Links: []Link{
			{Text: "the docs", URL: "https://frob.example/docs", Line: 6},
			{Text: "how to help", URL: "CONTRIBUTING.adoc", Line: 6},
			{URL: "https://frob.example/list", Line: 28},
		},
		Code: []CodeBlock{
			{Lang: "shell", Line: 12, Text: "$ pip install frob\n== not a heading"},
			{Line: 17, Text: "literal text"},
		},
		Sections: []Section{
			{Heading: title, Start: 1, End: 28, Words: 16, Code: 2},
			{Heading: install, Start: 8, End: 28, Words: 4, Code: 2},
			{Heading: details, Start: 26, End: 28, Words: 2},
		},
		Words: 16, // including ":toc:" and the block title
		Lines: 28,
	}
	if diff := cmp.Diff(want, Parse(AsciiDoc, adocDoc)); diff != "" {
		t.Errorf("Parse(AsciiDoc) mismatch (-want +got):\n%s", diff)
	}
}

func TestAsciiDocBlocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		headings []Heading
		code     []CodeBlock
	}{
		{"heading forms", "= Title =\n###### Six\n======= Seven\n====\nexample block\n====\n=NoSpace", []Heading{
			{Level: 1, Text: "Title", Line: 1}, {Level: 6, Text: "Six", Line: 2},
		}, nil},
		{"attribute forms", "[,ruby]\n----\nputs 1\n----\n[source%linenums,Go]\n------\ngo\n------\n[NOTE]\n----\nplain\n----", nil, []CodeBlock{
			{Lang: "ruby", Line: 2, Text: "puts 1"}, {Lang: "go", Line: 6, Text: "go"}, {Line: 10, Text: "plain"},
		}},
		{"source style is for the next block only", "[source,python]\nA paragraph.\n\n----\nx\n----", nil, []CodeBlock{{Line: 4, Text: "x"}}},
		{"closing delimiter must match", "-----\n----\n= inside\n", nil, []CodeBlock{{Line: 1, Text: "----\n= inside"}}},
		{"markdown fences", "```js\n= inside\n```\n", nil, []CodeBlock{{Lang: "js", Line: 1, Text: "= inside"}}},
	}
	for _, tt := range tests {
		doc := Parse(AsciiDoc, tt.text)
		if diff := cmp.Diff(tt.headings, doc.Headings); diff != "" {
			t.Errorf("%s: Headings mismatch (-want +got):\n%s", tt.name, diff)
		}
		if diff := cmp.Diff(tt.code, doc.Code); diff != "" {
			t.Errorf("%s: Code mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
