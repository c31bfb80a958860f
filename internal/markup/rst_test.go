package markup

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const rstDoc = `============
 Frobnicator
============

.. image:: https://ci.example/badge.svg
   :target: https://ci.example/frob

Frobnicator frobs widgets. Read the ` + "`manual <https://frob.example/manual>`_" + ` or the
` + "`FAQ <faq.html>`__" + ` at https://frob.example/faq.

Installation
============

Install it with pip:

.. code-block:: Bash
   :linenos:

   pip install frob
     --upgrade

Usage
-----

Run it like this::

    frob --all

.. This is a comment
   with https://hidden.example

.. _issues: https://frob.example/issues
`

func TestParseRST(t *testing.T) {
	t.Parallel()
	title := Heading{Level: 1, Text: "Frobnicator", Line: 2}
	install := Heading{Level: 2, Text: "Installation", Line: 11}
	usage := Heading{Level: 3, Text: "Usage", Line: 22} // a third style: a subsection
	want := Doc{
		Headings: []Heading{title, install, usage},
		Links: []Link{
			{URL: "https://ci.example/frob", Line: 6},
			{Text: "manual", URL: "https://frob.example/manual", Line: 8},
			{Text: "FAQ", URL: "faq.html", Line: 9},
			{URL: "https://frob.example/faq", Line: 9},
			{Text: "issues", URL: "https://frob.example/issues", Line: 32},
		},
		Code: []CodeBlock{
			{Lang: "bash", Line: 16, Text: "pip install frob\n  --upgrade"},
			{Line: 25, Text: "frob --all"},
		},
		Sections: []Section{
			{Heading: title, Start: 2, End: 32, Words: 22, Code: 2},
			{Heading: install, Start: 11, End: 32, Words: 10, Code: 2},
			{Heading: usage, Start: 22, End: 32, Words: 5, Code: 1},
		},
		Words: 22, // including ":target:"
		Lines: 32,
	}
	if diff := cmp.Diff(want, Parse(RST, rstDoc)); diff != "" {
		t.Errorf("Parse(RST) mismatch (-want +got):\n%s", diff)
	}
}

func TestRSTTitles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []Heading
	}{
		{"levels by first appearance", "A\n*\n\nB\n=\n\nC\n*\n\n===\nD\n===\n\nE\n=\n", []Heading{
			{Level: 1, Text: "A", Line: 1}, {Level: 2, Text: "B", Line: 4}, {Level: 1, Text: "C", Line: 7},
			{Level: 3, Text: "D", Line: 11}, {Level: 2, Text: "E", Line: 14},
		}},
		{"short underlines", "Title\n==\n\nA long title\n----\n", []Heading{{Level: 1, Text: "A long title", Line: 4}}},
		{"wide characters", "日本語\n===\n\n日本語\n======\n", []Heading{{Level: 1, Text: "日本語", Line: 4}}},
		{"not titles", "paragraph\ncontinues\n-----------\n\n- item\n------\n\n  indented\n  ----------\n\n====\nover only\n\n", nil},
		{"mismatched overline", "=====\nTitle\n-----\n", nil},
		{"inline markup", "**Bold** ``code`` `Link <https://x.example>`_\n=============================================\n", []Heading{
			{Level: 1, Text: "Bold code Link", Line: 1},
		}},
		{"inside a literal block", "Example::\n\n    Not a title\n    ===========\n", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(RST, tt.text).Headings); diff != "" {
			t.Errorf("%s: Headings mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestRSTLinksAndCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		links []Link
		code  []CodeBlock
	}{
		{"targets", ".. _Home page: https://x.example\n.. _`A: B`: https://y.example\n.. __: https://anon.example\n.. _internal:\n.. _alias: other_", []Link{
			{Text: "Home page", URL: "https://x.example", Line: 1}, {Text: "A: B", URL: "https://y.example", Line: 2},
			{URL: "https://anon.example", Line: 3},
		}, nil},
		{"references", "`<https://x.example>`_ and `named`_ and :ref:`label` and ``https://lit.example``", []Link{
			{URL: "https://x.example", Line: 1},
		}, nil},
		{"code directives", ".. code:: python\n\n    print(1)\n\n    print(2)\nafter\n\n.. sourcecode::\n\n  plain\n", nil, []CodeBlock{
			{Lang: "python", Line: 1, Text: "print(1)\n\nprint(2)"}, {Line: 8, Text: "plain"},
		}},
		{"nested code block", "- Install:\n\n  .. code-block:: console\n\n     $ make\n\n- Done", nil, []CodeBlock{
			{Lang: "console", Line: 3, Text: "$ make"},
		}},
		{"literal blocks", "Text::\n\n  a\n    b\n\n::\n\n  c\n\nNot literal::\nno blank line\n", nil, []CodeBlock{
			{Line: 1, Text: "a\n  b"}, {Line: 6, Text: "c"},
		}},
		{"comments and raw", ".. a comment https://x.example\n\n  still https://y.example\n\n.. raw:: html\n\n   <a href=\"https://z.example\">z</a>\n", nil, nil},
		{"empty comment", "..\n\n  a block quote, https://x.example\n", []Link{{URL: "https://x.example", Line: 3}}, nil},
		{"substitution images", ".. |ci| image:: https://ci.example/badge.svg\n   :target: https://ci.example\n", nil, nil},
	}
	for _, tt := range tests {
		doc := Parse(RST, tt.text)
		if diff := cmp.Diff(tt.links, doc.Links); diff != "" {
			t.Errorf("%s: Links mismatch (-want +got):\n%s", tt.name, diff)
		}
		if diff := cmp.Diff(tt.code, doc.Code); diff != "" {
			t.Errorf("%s: Code mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
