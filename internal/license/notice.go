package license

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Copyright is a copyright notice found in a text.
type Copyright struct {
	Holder string // "Example Foundation", years and "All rights reserved" removed
	Line   int    // 1-based
}

// copyrightLine matches a line that starts (after comment markers) with a
// copyright statement: "Copyright (c) 2019-2024 Example Foundation",
// "© 2024 Example", "SPDX-FileCopyrightText: 2024 Example <x@example.org>".
var copyrightLine = lazyregexp.New(`(?i)^[\s#*/;%!<>\-"'` + "`" + `]*(?:spdx-filecopyrighttext:|copyright\b|©|\(c\)\s+(?:\d{4}|by\b))\s*(.*)$`)

var yearsOrMarks = lazyregexp.New(`(?i)^(?:(?:©|\(c\)|copyright\b|by\b|[0-9]{4}(?:\s*[-–,/]\s*(?:[0-9]{4}|present|now))*)[\s,.:]*)+`)

var allRights = lazyregexp.New(`(?i)[\s,.;]*all rights reserved\.?.*$`)

// placeholders are template holders that name nobody: Apache-2.0's
// "[yyyy] [name of copyright owner]", MIT's "<year> <copyright holders>",
// 0BSD's "YEAR by AUTHOR EMAIL", the GNU licences' "<year> <name of author>",
// PolyForm's and the GPL's example company Yoyodyne.
var placeholders = []string{"[", "<year", "<name", "<copyright", "{", "yyyy", "name of copyright owner", "name of author",
	"copyright holders", "copyright holder", "copyright owner", "<owner", "$owner", "fullname", "[fullname]", "your name",
	"author email", "year by author", "__", "yoyodyne"}

// genericWords begin phrases that mention copyright without naming a holder:
// "Copyright notice", "copyright and license", "copyright law".
var genericWords = []string{"notice", "and ", "and/or", "law", "license", "licence", "statement", "information", "holder", "owner",
	"protection", "infringement", "the above", "this ", "of ", "to ", "on ", "or ", "is ", "may ", "for ", "in ", "as ", "under ",
	"rights", "laws", "with ", "from "}

// licenceAuthors are the copyright lines licence texts carry about
// themselves: the copyright of the licence's author, not of the project that
// uses the licence. A line is a licence's own when its holder starts with
// holder and, where given, its years are one of years and the line or the
// three after it contain context. Beside this list, a copyright line followed
// by "copies of this license document" (the GNU licences, SSPL, Artistic-2.0,
// LPPL, WTFPL, OpenLDAP) is always a licence's own (see licenceDocument).
//
// The MPL, the Creative Commons licences, Elastic-2.0, PolyForm and the
// Commons Clause carry no copyright line (TestFindCopyrightsIgnoresLicenceTexts);
// Apache-2.0 and MIT carry placeholders (see placeholders).
var licenceAuthors = []struct {
	holder  string // lower-case beginning of the holder
	years   []string
	context string // lower-case text in the line or the three after it
}{
	// GPL-1.0, GPL-2.0, LGPL-2.0, LGPL-2.1, GFDL-1.1 to 1.3, and the 3.0
	// licences (GPL, LGPL, AGPL), by the years their texts give. A GNU
	// project's own notice with other years stays.
	{"free software foundation", []string{"1989", "1989,1991", "1991", "1991,1999", "2000", "2000,2001,2002",
		"2000,2001,2002,2007,2008", "2007", "2008"}, ""},
	{"mongodb", []string{"2018"}, ""},                           // SSPL-1.0
	{"affero inc", []string{"2002"}, ""},                        // AGPL-1.0
	{"mariadb", nil, "is a trademark of mariadb"},               // BUSL-1.1: "License text copyright (c) 2017 MariaDB Corporation Ab"
	{"sam hocevar", []string{"2004"}, ""},                       // WTFPL
	{"json.org", []string{"2002"}, ""},                          // JSON
	{"internet systems consortium", []string{"2004,2010"}, ""},  // ISC, as SPDX publishes it
	{"internet software consortium", []string{"1995,2003"}, ""}, // ISC, as SPDX publishes it
	{"the perl foundation", []string{"2000,2006"}, ""},          // Artistic-2.0
}

// FindCopyrights returns the copyright notices of text that name a holder,
// in order, without duplicates. The copyright lines of licence texts
// themselves (the FSF's in the GNU licences, MongoDB's in the SSPL) and
// template placeholders are not notices: they name no holder of the project.
func FindCopyrights(text []byte) []Copyright {
	var out []Copyright
	seen := map[string]bool{}
	line := 0
	for len(text) > 0 {
		line++
		var l []byte
		l, text, _ = bytes.Cut(text, []byte{'\n'})
		if len(l) > 400 || !bytes.ContainsAny(l, "©cC") {
			continue
		}
		m := copyrightLine.FindSubmatch(l)
		if m == nil || bytes.HasPrefix(m[1], []byte("\uFE0F")) {
			continue // none, or the emoji ©️ decorating a heading ("### ©️ Open source - licence")
		}
		tagged := bytes.Contains(bytes.ToLower(m[0][:len(m[0])-len(m[1])]), []byte("spdx-filecopyrighttext"))
		holder, years := cleanHolder(string(m[1]), tagged)
		if holder == "" || seen[strings.ToLower(holder)] || licenceOwn(holder, years, l, text) {
			continue
		}
		seen[strings.ToLower(holder)] = true
		out = append(out, Copyright{Holder: holder, Line: line})
	}
	return out
}

// licenceOwn reports whether a copyright line is a licence text's own.
// following is the text after the line.
func licenceOwn(holder, years string, line, following []byte) bool {
	next := following
	for range 3 {
		_, next, _ = bytes.Cut(next, []byte{'\n'})
	}
	context := bytes.ToLower(append(append(bytes.Clone(line), ' '), following[:len(following)-len(next)]...))
	if licenceDocument(context) {
		return true
	}
	lower := strings.ToLower(holder)
	for _, a := range licenceAuthors {
		if !strings.HasPrefix(lower, a.holder) {
			continue
		}
		if a.years != nil && !slices.Contains(a.years, years) {
			continue
		}
		if a.context != "" && !bytes.Contains(context, []byte(a.context)) {
			continue
		}
		return true
	}
	return false
}

// licenceDocument reports whether the lines after a copyright line say it is
// the copyright of a licence document: "Everyone is permitted to copy and
// distribute verbatim copies of this license document", "Permission to copy
// and distribute verbatim copies of this document is granted".
func licenceDocument(context []byte) bool {
	folded := bytes.Join(bytes.Fields(context), []byte{' '})
	return bytes.Contains(folded, []byte("copies of this license document")) ||
		bytes.Contains(folded, []byte("copies of this licence document")) ||
		bytes.Contains(folded, []byte("verbatim copies of this document is granted"))
}

// sentenceAfterHolder ends a holder where a sentence about the licence begins:
// "Example. Released under the BSD-3-Clause license".
var sentenceAfterHolder = []string{". Licensed ", ". Released ", ". Distributed ", ". Available ", ". Published ",
	". This ", ". See ", ". Use of ", ". Licence", ". License", ". SPDX"}

// cleanHolder returns the holder named after "Copyright", and the years
// before it ("1989,1991"), or "" when it names nobody. tagged is true for an
// SPDX-FileCopyrightText tag, which always names a holder.
func cleanHolder(s string, tagged bool) (holder, years string) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "-->")
	rest := yearsOrMarks.ReplaceAllString(s, "")
	years = yearsOf(s[:len(s)-len(rest)])
	marked := tagged || len(rest) < len(s)
	s = allRights.ReplaceAllString(rest, "")
	for _, end := range sentenceAfterHolder {
		if i := strings.Index(s, end); i > 0 {
			s = s[:i]
		}
	}
	s = strings.Trim(s, " \t\r*/#\"'`,.;:-")
	lower := strings.ToLower(s)
	if len(s) < 2 || len(s) > 160 {
		return "", ""
	}
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return "", ""
		}
	}
	for _, g := range genericWords {
		if strings.HasPrefix(lower, g) {
			return "", ""
		}
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' || r > 127 || r >= 'a' && r <= 'z' }) {
		return "", ""
	}
	if !marked && (!strings.Contains(s, " ") || proseLike(s)) {
		// "Copyright" followed by words, no year or ©: a sentence that starts
		// with the word ("Copyright treaty adopted on ...", "“Copyright” also
		// means ...") or a heading ("Copyright Status").
		return "", ""
	}
	return s, years
}

// yearsOf returns the four-digit years of s joined by commas, with
// "present" for an open range ("2018-present" is "2018,present").
func yearsOf(s string) string {
	var years []string
	for i := 0; i+4 <= len(s); i++ {
		if isDigits(s[i:i+4]) && (i == 0 || !isDigit(s[i-1])) && (i+4 == len(s) || !isDigit(s[i+4])) {
			years = append(years, s[i:i+4])
			i += 3
		}
	}
	if l := strings.ToLower(s); strings.Contains(l, "present") || strings.Contains(l, "now") {
		years = append(years, "present")
	}
	return strings.Join(years, ",")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// connectives may be lower case in a name: "Ministry of Health", "Jean de la Fontaine".
var connectives = map[string]bool{"of": true, "and": true, "the": true, "for": true, "de": true, "du": true, "des": true,
	"la": true, "le": true, "van": true, "von": true, "der": true, "di": true, "da": true, "y": true, "e": true, "et": true,
	"und": true, "en": true, "zu": true, "del": true, "dos": true, "das": true, "at": true, "&": true}

// proseLike reports whether more than half of the words of s are lower-case
// words that no name would hold.
func proseLike(s string) bool {
	words := strings.Fields(s)
	lower := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !connectives[w] {
			lower++
		}
	}
	return len(words) >= 3 && lower*2 > len(words)
}

// Tag is an SPDX-License-Identifier tag.
type Tag struct {
	Expr string
	Line int
}

var spdxTag = lazyregexp.New(`SPDX-License-Identifier:\s*([^\r\n]*)`)

// FindSPDXTags returns the SPDX-License-Identifier tags of text. Comment
// closers after the expression ("*/", "-->") are removed.
func FindSPDXTags(text []byte) []Tag {
	if !bytes.Contains(text, []byte("SPDX-License-Identifier")) {
		return nil
	}
	var out []Tag
	for _, loc := range spdxTag.FindAllSubmatchIndex(text, -1) {
		expr := strings.TrimSpace(string(text[loc[2]:loc[3]]))
		for _, closer := range []string{"*/", "-->", "*)", "#}", "%>"} {
			expr = strings.TrimSpace(strings.TrimSuffix(expr, closer))
		}
		expr = strings.Trim(expr, `"'`+"`")
		if expr == "" {
			continue
		}
		out = append(out, Tag{Expr: expr, Line: lineOf(text, loc[0])})
	}
	return out
}
