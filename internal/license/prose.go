package license

import (
	"bytes"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// prose finds a licence named in a sentence: "licensed under the MIT License",
// "released under the terms of the GNU AGPL v3", "you can redistribute it
// and/or modify it under the terms of the GNU GPL", "governed by the CeCILL
// license", "under the terms of the MPL 2.0". It runs once per text, over the text with its lines joined (see
// joinLines), so that a name wrapped over two lines is read whole.
var prose = lazyregexp.New(`(?i)\b(?:(?:(?:licen[cs]ed|released|distributed|available|published|provided|offered|modify\s+it|redistribute\s+it)\s+(?:to\s+you\s+)?under|governed\s+by|covered\s+by)\s+(?:the\s+)?(?:(?:terms|conditions)\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?|under\s+the\s+terms\s+of\s+(?:the\s+)?)([A-Za-z0-9][^\n;:()\[\]]{1,80})`)

// maxProseMatches bounds the sentences read per text.
const maxProseMatches = 20

// FromProse returns the first licence a text names in a sentence about the
// project, with its line. A sentence about a component ("uses jQuery, which
// is released under the MIT license") is not the project's licence. A GNU
// licence takes its version and "or later" from the rest of the sentence
// ("... the GNU AGPL, either version 3 of the License, or (at your option)
// any later version").
func FromProse(text []byte) (*Expr, int, bool) {
	joined := joinLines(text)
	for _, loc := range prose.FindAllSubmatchIndex(joined, maxProseMatches) {
		if aboutComponent(joined, loc[0]) {
			continue
		}
		e, ok := fromPhrase(string(joined[loc[2]:loc[3]]))
		if !ok {
			continue
		}
		end := sentenceEnd(joined, loc[2])
		e = gnuTerms(e, bytes.ToLower(joined[loc[2]:end]))
		return e, lineOf(text, loc[0]), true
	}
	return nil, 0, false
}

// joinLines returns a copy of text, of the same length, in which a single
// line break and the comment or quote markers that open the next line are
// spaces, so that "GNU Affero\n# General Public License" reads as one name.
// Blank lines still end a paragraph.
func joinLines(text []byte) []byte {
	out := bytes.Clone(text)
	for i := 0; i < len(out); i++ {
		if out[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(out) && (out[j] == ' ' || out[j] == '\t' || out[j] == '\r' || out[j] == '#' || out[j] == '*' || out[j] == '/' || out[j] == ';' || out[j] == '>') {
			j++
		}
		prevBlank := i > 0 && (out[i-1] == '\n' || i > 1 && out[i-1] == '\r' && out[i-2] == '\n')
		if j < len(out) && out[j] == '\n' || prevBlank {
			continue // a blank line ends the paragraph
		}
		if i > 0 && out[i-1] == '\r' {
			out[i-1] = ' '
		}
		for k := i; k < j; k++ {
			out[k] = ' '
		}
		i = j - 1
	}
	return out
}

// componentMarkers, in the sentence before "licensed under", say that the
// sentence is about something the project uses, not the project.
var componentMarkers = []string{"which is", "which are", "which was", "that is", "that are", "whose", " uses ", " use of ",
	"using ", "includes", "including", "incorporates", "bundles", "depends on", "dependency", "dependencies", "third-party",
	"third party", "vendored", "derived from", "adapted from", "copied from", "portions of", "parts of"}

// aboutComponent reports whether the sentence that ends at off is about a
// component rather than the project.
func aboutComponent(text []byte, off int) bool {
	start := sentenceStart(text, off)
	before := " " + strings.ToLower(string(text[start:off]))
	for _, m := range componentMarkers {
		if strings.Contains(before, m) {
			return true
		}
	}
	return false
}

// sentenceStart returns the offset where the sentence holding off begins.
func sentenceStart(text []byte, off int) int {
	for i := off - 1; i > 0; i-- {
		switch text[i] {
		case '\n':
			if text[i-1] == '\n' {
				return i + 1
			}
		case ' ', '\t':
			if c := text[i-1]; (c == '.' || c == '!' || c == '?') && !abbreviationBefore(text, i-1) {
				return i
			}
		}
	}
	return 0
}

// sentenceEnd returns the offset where the sentence holding off ends: after a
// full stop (not one of an abbreviation such as "v." or "Inc."), at a blank
// line, or 400 bytes on.
func sentenceEnd(text []byte, off int) int {
	limit := min(len(text), off+400)
	for i := off; i < limit; i++ {
		switch text[i] {
		case '.', '!', '?':
			if (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\r') && !abbreviationBefore(text, i) {
				return i
			}
		case '\n':
			if i+1 < len(text) && text[i+1] == '\n' {
				return i
			}
		}
	}
	return limit
}

// abbreviationBefore reports whether the full stop at dot ends an
// abbreviation that does not end a sentence.
func abbreviationBefore(text []byte, dot int) bool {
	start := dot
	for start > 0 && (text[start-1] >= 'a' && text[start-1] <= 'z' || text[start-1] >= 'A' && text[start-1] <= 'Z') {
		start--
	}
	switch strings.ToLower(string(text[start:dot])) {
	case "v", "inc", "ltd", "co", "corp", "vs", "no", "ver", "st", "e", "i", "g", "ca", "etc":
		return true
	}
	return false
}

// gnuTerms completes a GNU licence named in a sentence with what the rest of
// the sentence (lower case) says: "either version 3 of the License" gives the
// version of a name without one, and "or (at your option) any later version"
// makes it -or-later.
func gnuTerms(e *Expr, sentence []byte) *Expr {
	if e.Op != Leaf || e.Lic.Plus {
		return e
	}
	id := e.Lic.ID
	if u := unversionedOf(id); u != nil {
		v := statedVersion(sentence)
		f := familyByPrefix(u.prefixes[0])
		if v == "" || f == nil || !f.gnu || f.versions[v] == "" {
			return e
		}
		id = f.prefix + f.versions[v] + "-only"
	}
	base, only := strings.CutSuffix(id, "-only")
	if !only {
		return e
	}
	if bytes.Contains(sentence, []byte("any later version")) || bytes.Contains(sentence, []byte("or later")) ||
		bytes.Contains(sentence, []byte("or (at your option)")) {
		id = base + "-or-later"
	}
	return &Expr{Op: Leaf, Lic: Lic{ID: id, Exception: e.Lic.Exception}}
}

// statedVersion returns the N of the first "version N" of a sentence.
func statedVersion(sentence []byte) string {
	i := bytes.Index(sentence, []byte("version "))
	if i < 0 {
		return ""
	}
	rest := sentence[i+len("version "):]
	n := 0
	for n < len(rest) && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == '.' && n > 0 && n+1 < len(rest) && rest[n+1] >= '0' && rest[n+1] <= '9') {
		n++
	}
	return string(rest[:n])
}

func familyByPrefix(prefix string) *versionedFamily {
	for i := range versionedFamilies {
		if versionedFamilies[i].prefix == prefix {
			return &versionedFamilies[i]
		}
	}
	return nil
}

// fromPhrase tries the longest leading run of words of a phrase that names a
// licence: "Apache License, Version 2.0 (the License)" -> Apache-2.0.
func fromPhrase(phrase string) (*Expr, bool) {
	words := strings.Fields(phraseQuotes.Replace(phrase))
	for n := min(len(words), 12); n > 0; n-- {
		cand := strings.TrimRight(strings.Join(words[:n], " "), ".,")
		if n == 1 && !safeSingleWord(cand) {
			continue // "licensed under fair terms" must not become the Fair licence
		}
		if e, ok := FromName(cand); ok {
			return e, true
		}
	}
	return nil, false
}

// safeSingleWord reports whether one word alone may name a licence in prose:
// an id with a version or clause count, or a licence everyone calls by one word.
func safeSingleWord(w string) bool {
	switch strings.ToLower(w) {
	case "mit", "isc", "unlicense", "zlib", "wtfpl", "apache2", "gplv2", "gplv3", "agplv3", "lgplv3", "mpl2", "cc0",
		"gpl", "agpl", "lgpl", "mpl", "eupl", "bsd":
		return true
	}
	return idLike(w)
}

// idLike reports whether a word has the shape of a licence id rather than of
// an ordinary word: a version or clause count ("GPLv3", "BSD-3-Clause"), or a
// known id with a hyphen ("CeCILL-B").
func idLike(w string) bool {
	if strings.ContainsAny(w, "0123456789") {
		return true
	}
	_, known := Canonical(w)
	return known && strings.Contains(w, "-")
}

// phraseQuotes are the quotes and emphasis a licence phrase is read without.
var phraseQuotes = strings.NewReplacer("“", " ", "”", " ", `"`, " ", "`", " ", "*", " ", "_", " ")
