// Package markup extracts the structure of documentation text — headings,
// links, code blocks, sections and a count of prose words — from the
// Markdown, reStructuredText, AsciiDoc and plain-text files that projects use
// for READMEs and docs. It owns only that extraction: no I/O, no rendering,
// and no judgement of what the structure means.
//
// Input is untrusted. Parse never panics, runs in time roughly linear in the
// size of its input, and bounds the number and size of the items it returns.
package markup

import (
	"path"
	"strings"
)

// Format is a documentation markup language.
type Format int

// The formats that Parse understands. Plain has no headings or code blocks.
const (
	Plain Format = iota
	Markdown
	RST
	AsciiDoc
)

// Bounds on what Parse returns, so that hostile input cannot inflate results.
const (
	maxItems     = 10000    // headings, links and code blocks, each
	maxTextBytes = 300      // Heading.Text and Link.Text
	maxCodeBytes = 64 << 10 // CodeBlock.Text
	maxURLBytes  = 4096     // longer "URLs" are dropped rather than truncated
	maxLangBytes = 64       // CodeBlock.Lang
)

// FormatOf picks the format from a file name: .md .markdown .mdx .mkd are
// Markdown; .rst .rest are RST; .adoc .asciidoc .asc are AsciiDoc; anything
// else (README, CONTRIBUTING.txt, ...) is Plain.
func FormatOf(name string) Format {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdx", ".mkd":
		return Markdown
	case ".rst", ".rest":
		return RST
	case ".adoc", ".asciidoc", ".asc":
		return AsciiDoc
	}
	return Plain
}

// Heading is a section title.
type Heading struct {
	Level int    // 1 is the top level
	Text  string // trimmed, with inline markup removed (links become their text)
	Line  int    // 1-based line of the title text
}

// Link is a hyperlink. Images are not links.
type Link struct {
	Text string // the link text; "" for bare URLs
	URL  string // as written, trimmed
	Line int    // 1-based
}

// CodeBlock is a fenced, delimited or literal block of code.
type CodeBlock struct {
	Lang string // first word of the info string or directive argument, lower case; may be ""
	Line int    // 1-based line of the opening fence or directive
	Text string // the content lines, joined by "\n"
}

// Section is the part of a document that a heading introduces: lines Start
// to End inclusive, from the heading line to the line before the next heading
// of the same or a higher level, or to the end of the document.
type Section struct {
	Heading    Heading
	Start, End int
	Words      int // prose words in the section, heading included, code excluded
	Code       int // code blocks that open inside the section
}

// Doc is the structure of one document.
//
// Words counts the white-space separated tokens that contain a letter or a
// digit, leaving out code blocks, front matter, HTML comments and tags, and
// markup that is not prose: URLs, link destinations and images (alt text
// included). Link text and inline code count.
type Doc struct {
	Headings []Heading
	Links    []Link
	Code     []CodeBlock
	Sections []Section // one per heading, in order
	Words    int       // prose words, as described above
	Lines    int
}

// Parse extracts the structure of text written in format f. An unknown f is
// treated as Plain.
func Parse(f Format, text string) Doc {
	lines := splitLines(strings.TrimPrefix(text, "\ufeff"))
	b := newBuilder(len(lines))
	switch f {
	case Markdown:
		parseMarkdown(b, lines)
	case RST:
		parseRST(b, lines)
	case AsciiDoc:
		parseAsciiDoc(b, lines)
	default:
		for i, line := range lines {
			b.prose(Plain, line, i+1)
		}
	}
	return b.finish()
}

// splitLines splits text into lines without their "\n" or "\r\n" endings. A
// final line ending does not start another line.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimSuffix(line, "\r")
	}
	return lines
}
