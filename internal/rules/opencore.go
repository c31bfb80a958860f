package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Open core: a root licence that covers only part of the tree, with folders
// under a licence that is not open (an ee/ folder under an enterprise
// licence, a vendor's "community" licence). The repository is not cleanly
// open; a person must decide whether the product needs those folders.

// commercialLicence recognises the title of a commercial or enterprise
// licence text that licensecheck does not know.
var commercialLicence = lazyregexp.New(`(?i)\b(enterprise|commercial|proprietary|community) (edition )?(\([a-z]+\) )?licen[cs]e\b|\bsubscription (agreement|terms)\b|\btimescale licen[cs]e\b`)

// folderClause is a sentence of a root licence that puts a folder under a
// licence: `content residing under the "ee/" directory is licensed under ...`.
var folderClause = lazyregexp.New("(?i)(?:under|in|within|inside) (?:the )?[\"“'`]?([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*)/[\"”'`]? (?:directory|folder|sub-?directory)")

// closedPart is a folder of the product under a licence that is not open.
type closedPart struct {
	dir     string
	licence string // what covers it, as the tool read it
	at      report.Evidence
	// thirdParty: the folder is someone else's work bundled with the
	// product (its licence names another copyright holder, or it sits in an
	// assets or library folder), not the project's own closed part.
	thirdParty bool
}

// bundleDir is a folder name under which projects keep other people's
// libraries and assets.
var bundleDir = lazyregexp.New(`(?i)(^|/)(assets|static|public|lib|libs|vendors?|plugins|components|bower|js|css|fonts|third[-_]?party|external|contrib)(/|$)`)

// isThirdParty decides whether a folder under another licence is bundled
// third-party work: its licence names a holder the project's root licence
// does not, or (naming none) it sits in a library or assets folder.
func isThirdParty(o declaration, projectHolders []string) bool {
	if len(o.holders) > 0 && len(projectHolders) > 0 {
		for _, h := range o.holders {
			for _, p := range projectHolders {
				if strings.Contains(strings.ToLower(h), strings.ToLower(p)) || strings.Contains(strings.ToLower(p), strings.ToLower(h)) {
					return false
				}
			}
		}
		return true
	}
	return bundleDir.MatchString(path.Dir(o.path))
}

// closedParts finds the folders of the product that a non-open licence
// covers: by their own licence file, or by a clause of the root licence.
func closedParts(in *Input, d *declarations, types []license.ProjectType) []closedPart {
	var out []closedPart
	seen := map[string]bool{}
	add := func(c closedPart) {
		if c.dir == "." || c.dir == "" || seen[c.dir] {
			return
		}
		seen[c.dir] = true
		out = append(out, c)
	}
	var projectHolders []string
	for _, m := range d.main {
		projectHolders = append(projectHolders, m.holders...)
	}
	if o := in.Config.Owner; o != nil {
		projectHolders = append(projectHolders, o.Name)
	}
	for _, o := range d.others {
		if o.source != "sub-package licence" {
			continue
		}
		switch {
		case o.reserved:
			add(closedPart{dir: path.Dir(o.path), licence: "a licence that reserves rights (" + path.Base(o.path) + ")", at: o.at(),
				thirdParty: isThirdParty(o, projectHolders)})
		case o.expr != nil:
			if ok, _ := license.JudgeExpr(o.expr, license.ProjectTypes); !ok {
				add(closedPart{dir: path.Dir(o.path), licence: o.expr.String(), at: o.at(), thirdParty: isThirdParty(o, projectHolders)})
			}
		}
	}
	for _, l := range in.Repo.RootLicenses() {
		for _, m := range folderClause.FindAllStringSubmatchIndex(l.Text, 10) {
			dir := l.Text[m[2]:m[3]]
			if !hasFilesUnder(in.Repo, dir) {
				continue
			}
			line := lineAt(l.Text, m[0])
			add(closedPart{dir: dir, licence: "another licence, by a clause of " + l.Path, at: report.At(l.Path, line)})
		}
	}
	return out
}

func hasFilesUnder(r *evidence.Repo, dir string) bool {
	for _, f := range r.Files {
		if strings.HasPrefix(f, dir+"/") {
			return true
		}
	}
	return false
}

// folderSummary says what a folder holds: "124 files, mostly TypeScript".
func folderSummary(r *evidence.Repo, dir string) string {
	n := 0
	langs := map[string]int{}
	for _, f := range r.Files {
		if strings.HasPrefix(f, dir+"/") {
			n++
			if l := evidence.Language(f); l != "" {
				langs[l]++
			}
		}
	}
	best, count := "", 0
	for l, c := range langs {
		if c > count || c == count && l < best {
			best, count = l, c
		}
	}
	s := plural(n, "file")
	if best != "" {
		s += ", mostly " + best
	}
	return s
}

func openCore(r *evidence.Repo, d *declarations, closed []closedPart, ev []report.Evidence) Result {
	var names, details []string
	for _, c := range closed {
		names = append(names, c.dir+"/")
		ev = append(ev, c.at)
		details = append(details, fmt.Sprintf("%s/ (%s) is under %s (%s)", c.dir, folderSummary(r, c.dir), c.licence, c.at))
	}
	return Result{Outcome: report.NeedsReview, Evidence: ev[:min(len(ev), 6)], Details: details,
		Message: fmt.Sprintf("%s covers the project, but %s %s under a licence that is not open",
			d.project, listUpTo(names, 3), isAre(len(names))),
		Remediation: "Say whether the product needs " + listUpTo(names, 3) + ": if it runs without them, document that (a reviewer " +
			"judges the open part); if it needs them, they are closed components (indicator 4) and need an open alternative. " +
			"Attest the answer under `attestations: {dpg-2: ...}` in .github/dpgcheck.yml."}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func splitThirdParty(parts []closedPart) (own, thirdParty []closedPart) {
	for _, p := range parts {
		if p.thirdParty {
			thirdParty = append(thirdParty, p)
		} else {
			own = append(own, p)
		}
	}
	return own, thirdParty
}
