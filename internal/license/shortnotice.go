package license

import (
	"bytes"
	"strings"
)

// maxShortNoticeLines bounds the non-empty lines of a short notice.
const maxShortNoticeLines = 8

// fromShortNotice reads a licence file or README licence section that only
// names its licence: "MPL 2.0", "MIT © Example", "**License:** [Apache
// 2.0](LICENSE)". The name must be the only statement of the text: every
// other non-empty line is a heading, a copyright line or a pointer to the
// licence file. A text that says anything else ("MIT License" over a
// bespoke grant) is not a short notice.
func fromShortNotice(text []byte) (*Expr, int, bool) {
	var found *Expr
	foundLine, lines := 0, 0
	for n, line := range bytes.Split(text, []byte{'\n'}) {
		s := strings.TrimSpace(string(line))
		if s == "" {
			continue
		}
		lines++
		if lines > maxShortNoticeLines {
			return nil, 0, false
		}
		switch {
		case isHeadingOrRule(s), isCopyrightStatement(s), isPointer(s):
			continue
		}
		e, ok := nameLine(s)
		if !ok || found != nil {
			return nil, 0, false
		}
		found, foundLine = e, n+1
	}
	return found, foundLine, found != nil
}

// isHeadingOrRule reports a Markdown or reStructuredText heading that
// introduces a licence section, or a rule line.
func isHeadingOrRule(s string) bool {
	if strings.Trim(s, "=-*#~_ ") == "" {
		return true
	}
	return (strings.HasPrefix(s, "#") || !strings.ContainsAny(s, " ")) && IsLicenceHeading(strings.Trim(s, "#*_ "))
}

func isCopyrightStatement(s string) bool {
	l := strings.ToLower(strings.TrimLeft(s, "#*>-_ "))
	return strings.HasPrefix(l, "copyright") || strings.HasPrefix(l, "©") || strings.HasPrefix(l, "(c)") ||
		strings.HasPrefix(l, "spdx-filecopyrighttext")
}

// isPointer reports a line that only points at the licence text: "See
// [LICENSE](LICENSE) for details.", a bare link.
func isPointer(s string) bool {
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "<http") {
		return !strings.Contains(strings.TrimSpace(l), " ")
	}
	if !strings.Contains(l, "licen") {
		return false
	}
	for _, p := range []string{"see ", "refer to", "found in", "can be found", "full text", "details in", "read the", "in the file"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// nameLabels open a line that names the licence.
var nameLabels = []string{"license:", "licence:", "licensed under", "released under", "license -", "licence -", "license type:",
	"licensed", "license", "licence"}

// nameLine reads a line that names a licence and nothing else, after
// removing Markdown, a label, a trailing holder and a pointer.
func nameLine(s string) (*Expr, bool) {
	s = unlink(s)
	s = markdownEmphasis.Replace(s)
	s = strings.TrimSpace(strings.TrimLeft(s, "#*>-+ \t"))
	lower := asciiLower(s) // byte for byte, so that its offsets are s's
	for _, label := range nameLabels {
		if strings.HasPrefix(lower, label) {
			s = strings.TrimSpace(s[len(label):])
			lower = asciiLower(s)
			break
		}
	}
	for _, cut := range []string{"©", "(c)", " copyright", "(see ", " - see", ", see", " see ", " – "} {
		if i := strings.Index(lower, cut); i > 0 {
			s, lower = s[:i], lower[:i]
		}
	}
	s = strings.Trim(s, " .,;:-–")
	if s == "" || len(s) > 80 || !strings.ContainsAny(s, " ") && !safeSingleWord(s) {
		return nil, false
	}
	e, ok := FromName(s)
	if !ok || e.Op == Leaf && e.Lic.ID == "LicenseRef-Proprietary" {
		return nil, false // "All rights reserved" is judged by the caller from the whole text
	}
	return e, true
}

// unlink replaces Markdown links "[text](target)" by their text.
func unlink(s string) string {
	for range 8 {
		open := strings.Index(s, "](")
		if open < 0 {
			return s
		}
		close := strings.IndexByte(s[open:], ')')
		start := strings.LastIndexByte(s[:open], '[')
		if close < 0 || start < 0 {
			return s
		}
		s = s[:start] + s[start+1:open] + s[open+close+1:]
	}
	return s
}

// markdownEmphasis is the emphasis a notice line is read without.
var markdownEmphasis = strings.NewReplacer("**", "", "__", "", "`", "")
