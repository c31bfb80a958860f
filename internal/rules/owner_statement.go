package rules

import (
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A project's own documentation may say whose it is in so many words:
// "iHRIS, IntraHealth International's free, open source software, helps
// countries ..." (iHRIS' about page). The sentence must name the project as
// its README's title does, so that a bundled library's pages do not speak
// for it.

// projectTitle is the project's name as the README's first heading gives
// it: its first word ("iHRIS" of "iHRIS ![docker](...)"), or "".
func projectTitle(r *evidence.Repo) string {
	if r.Readme == nil || len(r.Readme.Headings) == 0 {
		return ""
	}
	f := strings.Fields(r.Readme.Headings[0].Text)
	if len(f) == 0 {
		return ""
	}
	name := strings.Trim(f[0], "*_`:,.")
	if len([]rune(name)) < 3 {
		return ""
	}
	return name
}

// ownerStatement finds "<project>, <Owner>'s (free,) open source ..." in
// the README or the project's documentation.
func ownerStatement(r *evidence.Repo) (owner, bool) {
	name := projectTitle(r)
	if name == "" {
		return owner{}, false
	}
	re, err := regexp.Compile(`(?:^|[^\p{L}\p{N}])(?i:` + regexp.QuoteMeta(name) + `),?\s+(?:is\s+)?` +
		`(\p{Lu}[\p{L}\p{N}&.\-]*(?:\s+\p{Lu}[\p{L}\p{N}&.\-]*){0,5})['’]s (?:(?i:free)(?:,|\s+and)?\s+)?(?i:open[- ]source)\b`)
	if err != nil {
		return owner{}, false
	}
	docs := append([]*evidence.Doc{r.Readme}, r.Docs...)
	for _, d := range docs {
		if d == nil || notClaims(d.Path) || !possessiveOpen(d.Prose) {
			continue
		}
		if m := re.FindStringSubmatchIndex(d.Prose); m != nil {
			return owner{d.Prose[m[2]:m[3]], report.At(d.Path, lineAt(d.Prose, m[2])), "the project's documentation"}, true
		}
	}
	return owner{}, false
}

// possessiveOpen is ownerStatement's quick test: the text holds an
// owner's possessive before "free" or "open" ("'s free", "’s Open").
func possessiveOpen(text string) bool {
	for _, apostrophe := range []string{"'s ", "’s "} {
		for _, word := range []string{"free", "Free", "open", "Open"} {
			if strings.Contains(text, apostrophe+word) {
				return true
			}
		}
	}
	return false
}
