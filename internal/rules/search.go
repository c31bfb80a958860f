package rules

import (
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// docWords are the patterns rules search documents with (Doc Text and Prose,
// policies, CI files). Compiling a pattern here instead of with
// regexp.MustCompile lets the repository's text index (evidence.Repo.TextIndex)
// read each text once for all of them and run a pattern only on the texts
// that hold one of its literals.
var docWords = textindex.NewVocabulary()

// texts returns the repository's index for docWords.
func texts(r *evidence.Repo) *textindex.Index { return r.TextIndex(docWords) }

// hit is a match of a pattern in a documentation file.
type hit struct {
	path string
	line int
	text string
}

func (h hit) at() report.Evidence { return report.At(h.path, h.line) }

// searchDocs finds p in the prose of the project's documentation, README
// first, at most max hits and one per file.
func searchDocs(r *evidence.Repo, p *textindex.Pattern, max int) []hit {
	var out []hit
	ix := texts(r)
	docs := r.Docs
	if r.Readme != nil {
		docs = append([]*evidence.Doc{r.Readme}, docs...)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		if len(out) >= max || seen[d.Path] || notClaims(d.Path) {
			continue
		}
		seen[d.Path] = true
		// Claims are searched in the prose: a README's sample output is
		// not what the project does.
		text := d.Prose
		loc := ix.FindStringIndex(text, p)
		if loc == nil {
			continue
		}
		out = append(out, hit{path: d.Path, line: strings.Count(text[:loc[0]], "\n") + 1, text: text[loc[0]:loc[1]]})
	}
	return out
}

// searchLinks finds links in the project's documentation whose URL or text
// matches re, at most max, one per URL.
func searchLinks(r *evidence.Repo, re *lazyregexp.Regexp, max int) []report.Evidence {
	var out []report.Evidence
	seen := map[string]bool{}
	may := textindex.FilterOf(re.String())
	matches := func(s string) bool { return may.May(s) && re.MatchString(s) }
	for _, d := range r.Docs {
		for _, l := range d.Links {
			if len(out) >= max {
				return out
			}
			if seen[l.URL] || !(matches(l.URL) || matches(l.Text)) {
				continue
			}
			seen[l.URL] = true
			out = append(out, linkEvidence(d.Path, l.URL, l.Line))
		}
	}
	return out
}

// notClaims reports documents that do not say what the project does today:
// changelogs and release notes say what changed (a feature removed since
// still appears), plans and decision records say what was considered.
func notClaims(p string) bool {
	base := strings.ToUpper(path.Base(p))
	for _, w := range []string{"CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASE", "RELEASES"} {
		if strings.HasPrefix(base, w) {
			return true
		}
	}
	for _, dir := range strings.Split(strings.ToLower(path.Dir(p)), "/") {
		switch dir {
		case "plans", "adr", ".adr", "adrs", "decisions", "rfcs", "proposals", "prompts":
			return true
		}
	}
	if strings.HasPrefix(base, "CONTRIBUTING") || strings.HasPrefix(base, "CODE_OF_CONDUCT") {
		// A community file in a sub-folder is a sub-project's or a copied
		// template's (an admin template's CONTRIBUTING names WCAG for its
		// own contributors), not a claim about the product.
		switch path.Dir(p) {
		case ".", ".github", "docs", "doc":
		default:
			return true
		}
	}
	return strings.Contains(base, "FUTURE")
}
