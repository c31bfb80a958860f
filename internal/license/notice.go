package license

import (
	"bytes"
	"regexp"
	"strings"
)

// Copyright is a copyright notice found in a text.
type Copyright struct {
	Holder string // "Example Foundation", years and "All rights reserved" removed
	Line   int    // 1-based
}

// copyrightLine matches a line that starts (after comment markers) with a
// copyright statement: "Copyright (c) 2019-2024 Example Foundation",
// "© 2024 Example", "SPDX-FileCopyrightText: 2024 Example <x@example.org>".
var copyrightLine = regexp.MustCompile(`(?i)^[\s#*/;%!<>\-"'` + "`" + `]*(?:spdx-filecopyrighttext:|copyright\b|©|\(c\)\s+(?:\d{4}|by\b))\s*(.*)$`)

var yearsOrMarks = regexp.MustCompile(`(?i)^(?:(?:©|\(c\)|copyright\b|by\b|[0-9]{4}(?:\s*[-–,/]\s*(?:[0-9]{4}|present|now))*)[\s,.:]*)+`)

var allRights = regexp.MustCompile(`(?i)[\s,.;]*all rights reserved\.?.*$`)

// placeholders are template holders that name nobody.
var placeholders = []string{"[", "<year", "<name", "<copyright", "{", "yyyy", "name of copyright owner", "name of author",
	"copyright holders", "copyright holder", "copyright owner", "<owner", "$owner", "fullname", "[fullname]"}

// genericWords begin phrases that mention copyright without naming a holder:
// "Copyright notice", "copyright and license", "copyright law".
var genericWords = []string{"notice", "and ", "law", "license", "licence", "statement", "information", "holder", "owner",
	"protection", "infringement", "the above", "this ", "of ", "to ", "on ", "or ", "is ", "may ", "for ", "in "}

// FindCopyrights returns the copyright notices of text that name a holder,
// in order, without duplicates.
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
		if m == nil {
			continue
		}
		holder := cleanHolder(string(m[1]))
		if holder == "" || seen[strings.ToLower(holder)] {
			continue
		}
		seen[strings.ToLower(holder)] = true
		out = append(out, Copyright{Holder: holder, Line: line})
	}
	return out
}

func cleanHolder(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "-->")
	s = yearsOrMarks.ReplaceAllString(s, "")
	s = allRights.ReplaceAllString(s, "")
	s = strings.Trim(s, " \t\r*/#\"'`,.;:-")
	lower := strings.ToLower(s)
	if len(s) < 2 || len(s) > 160 {
		return ""
	}
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return ""
		}
	}
	for _, g := range genericWords {
		if strings.HasPrefix(lower, g) {
			return ""
		}
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' || r > 127 || r >= 'a' && r <= 'z' }) {
		return ""
	}
	return s
}

// Tag is an SPDX-License-Identifier tag.
type Tag struct {
	Expr string
	Line int
}

var spdxTag = regexp.MustCompile(`SPDX-License-Identifier:\s*([^\r\n]*)`)

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
