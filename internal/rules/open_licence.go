package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var allRightsReserved = lazyregexp.New(`(?i)all rights reserved|proprietary and confidential|may not be (?:copied|used|distributed)`)

// openLicence decides DPG indicator 2: an approved open licence for the
// project type, declared consistently. The root licence file decides; files
// named for a kind of asset (LICENSE.data.md) cover that asset; folders under
// a licence that is not open (open core) are for a person to review.
func openLicence(in *Input) Result {
	res := decideLicence(in)
	r := in.Repo
	// A root licence file that was not read may be the licence; a root
	// manifest that was not read may declare a conflicting one.
	lic := unreadFiles(r, "licence files", atRoot)
	if len(lic) > 0 && in.declarations().project == nil {
		return unknownBecause(lic, res)
	}
	if res.Outcome == report.Pass {
		if m := unreadFiles(r, "manifests", atRoot); len(m) > 0 {
			return unknownBecause(m, res)
		}
	}
	return res
}

func decideLicence(in *Input) Result {
	d := in.declarations()
	types := in.Config.ProjectTypes()
	if d.project == nil {
		return noProjectLicence(in, d, types)
	}
	for _, m := range d.main {
		if len(m.restrictions) > 0 {
			return restricted(m)
		}
	}
	ok, judgements := license.JudgeExpr(d.project, types)
	var ev []report.Evidence
	for _, m := range d.main {
		ev = append(ev, m.at())
	}
	rule := judgements[0].Rule
	if !ok {
		j := firstRejected(judgements)
		return Result{Outcome: report.Fail, Evidence: ev,
			Message:     fmt.Sprintf("%s is not an approved open licence for %s", d.project, typeList(types)),
			Details:     append([]string{j.Reason, "rule applied: " + j.Rule}, d.notes(types)...),
			Remediation: licenceRemediation(types)}
	}
	var details []string
	for _, p := range d.parts {
		pok, pj := license.JudgeExpr(p.expr, license.ProjectTypes)
		if !pok {
			j := firstRejected(pj)
			return Result{Outcome: report.Fail, Evidence: append(ev, p.at()),
				Message:     fmt.Sprintf("%s is %s, but %s puts part of the project under %s", ev[0].Path, d.project, p.path, p.expr),
				Details:     []string{j.Reason, "rule applied: " + j.Rule},
				Remediation: "Relicense that part under an approved open licence, or remove it from the repository."}
		}
		details = append(details, fmt.Sprintf("%s also applies to part of the project (%s)", p.expr, p.path))
	}
	for _, t := range d.typed {
		tok, tj := license.JudgeExpr(t.expr, []license.ProjectType{t.forType})
		if !tok {
			j := firstRejected(tj)
			return Result{Outcome: report.Fail, Evidence: append(ev, t.at()),
				Message:     fmt.Sprintf("%s puts the project's %s under %s, which is not an approved open licence for %s", t.path, t.forType, t.expr, t.forType),
				Details:     []string{j.Reason, "rule applied: " + j.Rule},
				Remediation: licenceRemediation([]license.ProjectType{t.forType})}
		}
		ev = append(ev, t.at())
		details = append(details, fmt.Sprintf("%s applies to the %s (%s)", t.expr, t.forType, t.path))
	}
	if c := d.conflicts(); len(c) > 0 {
		return licenceConflict(d, c, types, ev)
	}
	closed, bundled := splitThirdParty(closedParts(in, d, types))
	if len(closed) > 0 {
		return openCore(in.Repo, d, closed, ev)
	}
	if res, split := splitCollection(d, types, ev); split {
		return res
	}
	details = append(details, "rule applied: "+rule)
	for _, b := range bundled {
		details = append(details, fmt.Sprintf("bundled third-party work under another licence: %s/ (%s, %s)", b.dir, b.licence, b.at))
	}
	details = append(details, d.notes(types)...)
	if missing := aiComponentsMissing(d, types); len(missing) > 0 {
		return Result{Outcome: report.NeedsReview, Evidence: ev, Details: details,
			Message: fmt.Sprintf("the code is under %s; an AI system must also openly release its %s", d.project, strings.Join(missing, " and ")),
			Remediation: "Publish the model weights and the training data under open licences (OSI for code; CC-BY, CC0, ODbL or similar for " +
				"data) and attest it under `attestations: {dpg-2: ...}` in .github/dpgcheck.yml."}
	}
	msg := fmt.Sprintf("%s (%s)", d.project, rule)
	if len(d.typed) > 0 {
		var parts []string
		for _, t := range d.typed {
			parts = append(parts, fmt.Sprintf("%s for the %s", t.expr, t.forType))
		}
		msg = fmt.Sprintf("%s for the software; %s", d.project, strings.Join(parts, "; "))
	}
	return Result{Outcome: report.Pass, Evidence: ev, Details: details, Message: msg}
}

func firstRejected(js []license.Judgement) license.Judgement {
	for _, j := range js {
		if !j.Approved {
			return j
		}
	}
	return js[0]
}

func typeList(types []license.ProjectType) string {
	var s []string
	for _, t := range types {
		s = append(s, string(t))
	}
	return strings.Join(s, " or ")
}

func licenceRemediation(types []license.ProjectType) string {
	switch {
	case slices.Contains(types, license.Content) && !slices.Contains(types, license.Software):
		return "License the content under Creative Commons (CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0 are encouraged; no ND variants)."
	case slices.Contains(types, license.Data) && !slices.Contains(types, license.Software):
		return "License the data under an open data licence: CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODbL-1.0, ODC-By-1.0 or PDDL-1.0."
	}
	return "Relicense under an OSI-approved licence (https://opensource.org/licenses), for example Apache-2.0, MIT, MPL-2.0 or AGPL-3.0-or-later, and replace the LICENSE file."
}

func noProjectLicence(in *Input, d *declarations, types []license.ProjectType) Result {
	if len(d.unrecognised) > 0 {
		return unrecognisedLicence(d.unrecognised[0])
	}
	if res, ok := metadataOnly(d, types); ok {
		return res
	}
	if res, ok := subPackagesOnly(d, types); ok {
		return res
	}
	if res, ok := subManifestsOnly(d); ok {
		return res
	}
	if links := umbrellaLinks(in.Repo); len(links) > 0 {
		return Result{Outcome: report.NeedsReview, Evidence: links[:min(len(links), 3)],
			Message: "this repository holds no source code and no licence; it links the project's repositories, whose licences apply",
			Remediation: "Add a LICENSE file here too, or list each repository's licence in the README so a reviewer finds them " +
				"(the DPGA asks for a licence file or public URL per repository)."}
	}
	return Result{Outcome: report.Fail,
		Message:     "no licence found: without one, all rights are reserved by default and nobody may reuse the project",
		Remediation: "Add a LICENSE file at the repository root with the full text of an OSI-approved licence (https://opensource.org/licenses)."}
}

func unrecognisedLicence(u declaration) Result {
	if len(u.restrictions) > 0 {
		return restricted(u)
	}
	if u.reserved {
		return Result{Outcome: report.Fail, Evidence: []report.Evidence{u.at()},
			Message:     fmt.Sprintf("%s reserves all rights: the project is proprietary, not openly licensed", u.path),
			Remediation: licenceRemediation(nil)}
	}
	return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{u.at()},
		Message: fmt.Sprintf("%s is not the text of any licence the tool knows; a modified licence is not an approved one", u.path),
		Remediation: "Replace the file with the unmodified text of an approved open licence, or have a reviewer confirm " +
			"it is one and attest it under `attestations: {dpg-2: ...}`."}
}

// metadataOnly decides dpg-2 when no licence file exists at the root but the
// manifests, publiccode.yml, a DPGA record or the README name a licence: the
// DPGA has certified such projects, so an approved licence passes, with the
// advice to add its text.
func metadataOnly(d *declarations, types []license.ProjectType) (Result, bool) {
	var open, closed []declaration
	for _, o := range d.others {
		if !o.root || o.expr == nil {
			continue
		}
		if ok, _ := license.JudgeExpr(o.expr, types); ok {
			open = append(open, o)
		} else {
			closed = append(closed, o)
		}
	}
	named := func(ds []declaration) (string, []report.Evidence) {
		var s []string
		var ev []report.Evidence
		for _, x := range ds {
			s = append(s, fmt.Sprintf("%s (%s)", x, x.at()))
			ev = append(ev, x.at())
		}
		return listUpTo(s, 3), ev
	}
	addText := "Add a LICENSE file at the repository root with the full text of the licence; the DPGA asks for a licence " +
		"file or public URL as evidence, and most licences require their text to travel with the code."
	switch {
	case len(open) > 0 && len(closed) > 0:
		o, oev := named(open)
		c, cev := named(closed)
		return Result{Outcome: report.NeedsReview, Evidence: append(oev, cev...),
			Message:     fmt.Sprintf("no licence file at the repository root, and the metadata disagrees: %s, but %s", o, c),
			Remediation: "Decide the project's licence, add its text as LICENSE and make every manifest name it (as an SPDX id)."}, true
	case len(open) > 0:
		o, ev := named(open)
		return Result{Outcome: report.Pass, Evidence: ev, Remediation: addText,
			Message: "no licence file at the repository root; the metadata declares " + o,
			Details: []string{"the licence text is missing: " + addText}}, true
	case len(closed) > 0:
		c, ev := named(closed)
		j := firstRejected(second(license.JudgeExpr(closed[0].expr, types)))
		return Result{Outcome: report.Fail, Evidence: ev, Details: []string{j.Reason},
			Message:     "no licence file at the repository root, and the metadata names a licence that is not open: " + c,
			Remediation: licenceRemediation(types)}, true
	}
	return Result{}, false
}

func second[A, B any](_ A, b B) B { return b }

// subPackagesOnly decides dpg-2 when the root has no licence but the
// packages of the product have licence files (an R package in pkg/).
func subPackagesOnly(d *declarations, types []license.ProjectType) (Result, bool) {
	var subs []declaration
	for _, o := range d.others {
		if o.source == "sub-package licence" {
			subs = append(subs, o)
		}
	}
	if len(subs) == 0 {
		return Result{}, false
	}
	var names []string
	var ev []report.Evidence
	allOpen := true
	for _, x := range subs {
		names = append(names, describeSubLicence(x, types))
		ev = append(ev, x.at())
		if x.expr == nil {
			allOpen = false
		} else if ok, _ := license.JudgeExpr(x.expr, types); !ok {
			allOpen = false
		}
	}
	res := Result{Evidence: ev[:min(len(ev), 5)], Details: []string{"licence files: " + listUpTo(names, 8)},
		Remediation: "Add a LICENSE file at the repository root that says which licence covers the repository."}
	if allOpen {
		res.Outcome = report.Pass
		res.Message = "no licence file at the repository root; the packages carry approved licences: " + listUpTo(names, 3)
		return res, true
	}
	res.Outcome = report.NeedsReview
	res.Message = "no licence file at the repository root, and not every package's licence is an approved open licence: " + listUpTo(names, 3)
	return res, true
}

// umbrellaLinks returns the repositories a README links when the repository
// itself holds no code and no manifest: a charter or index of a project
// whose code lives elsewhere.
func umbrellaLinks(r *evidence.Repo) []report.Evidence {
	if r.Readme == nil || len(r.Manifests) > 0 {
		return nil
	}
	for lang, n := range r.Languages {
		if n > 0 && lang != "Shell" {
			return nil
		}
	}
	var out []report.Evidence
	seen := map[string]bool{}
	for _, l := range r.Readme.Links {
		m := githubRepoLink.FindStringSubmatch(l.URL)
		if m == nil || seen[strings.ToLower(m[1])] {
			continue
		}
		seen[strings.ToLower(m[1])] = true
		out = append(out, linkEvidence(r.Readme.Path, l.URL, l.Line))
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

var githubRepoLink = lazyregexp.New(`^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/?$`)

func licenceConflict(d *declarations, conflicts []declaration, types []license.ProjectType, ev []report.Evidence) Result {
	var parts []string
	outcome := report.NeedsReview
	var details []string
	for _, c := range conflicts {
		ev = append(ev, c.at())
		parts = append(parts, fmt.Sprintf("%s says %s", c.at(), c))
		if ok, js := license.JudgeExpr(c.expr, types); !ok {
			outcome = report.Fail
			details = append(details, firstRejected(js).Reason)
		}
	}
	return Result{Outcome: outcome, Evidence: ev, Details: details,
		Message: fmt.Sprintf("conflicting declarations: %s is %s, but %s", ev[0].Path, d.project, strings.Join(parts, "; ")),
		Remediation: "Declare one approved open licence everywhere: make the manifests and publiccode.yml name the licence of the " +
			"LICENSE file (as an SPDX id), or explain a deliberate difference in the README."}
}

// notes are the details every dpg-2 finding carries: how the licence was
// recognised when not from its full text, third-party licences appended to
// licence files, and the licences of sub-packages.
func (d *declarations) notes(types []license.ProjectType) []string {
	var out []string
	for _, m := range d.main {
		switch m.how {
		case "licence title":
			out = append(out, fmt.Sprintf("%s: recognised by its title", m.at()))
		case "prose", "SPDX tag":
			out = append(out, fmt.Sprintf("%s: only a short statement names the licence (%s); a full licence text is expected", m.at(), m.how))
		}
	}
	if len(d.appended) > 0 {
		var ids []string
		for _, a := range d.appended {
			ids = append(ids, fmt.Sprintf("%s (line %d)", a.raw, a.line))
		}
		out = append(out, fmt.Sprintf("%s also carries third-party licences, not the project's: %s", d.appended[0].path, listUpTo(ids, 4)))
	}
	var subs []string
	for _, o := range d.others {
		if o.source != "sub-package licence" {
			continue
		}
		// A sub-package's licence is judged for any kind of asset: a bundled
		// font under CC-BY-4.0 is openly licensed content.
		subs = append(subs, describeSubLicence(o, license.ProjectTypes))
	}
	if len(subs) > 0 {
		out = append(out, "sub-package licences (the verdict uses the root licence): "+listUpTo(subs, 6))
	}
	return out
}

// describeSubLicence names a sub-package's licence file and its licence:
// "pkg/LICENSE (MIT)", "ee/LICENSE (a licence that reserves rights)".
func describeSubLicence(o declaration, types []license.ProjectType) string {
	if o.expr == nil {
		return fmt.Sprintf("%s (a licence that reserves rights)", o.path)
	}
	s := fmt.Sprintf("%s (%s)", o.path, o.expr)
	if ok, _ := license.JudgeExpr(o.expr, types); !ok {
		s += " — not an approved open licence"
	}
	return s
}

// restricted fails a licence text whose own terms make it not open: use only
// for non-commercial purposes, a licence the owner can revoke, use limited
// to research or one purpose. Whatever a manifest says, the text decides.
func restricted(d declaration) Result {
	r := d.restrictions[0]
	at := report.At(d.path, r.Line)
	var details []string
	for _, x := range d.restrictions[:min(len(d.restrictions), 4)] {
		details = append(details, fmt.Sprintf("%s:%d: %s (%q)", d.path, x.Line, x.Kind, x.Phrase))
	}
	return Result{Outcome: report.Fail, Evidence: []report.Evidence{at}, Details: details,
		Message:     fmt.Sprintf("%s is not an open licence: its terms are %s (%q, line %d)", d.path, r.Kind, r.Phrase, r.Line),
		Remediation: licenceRemediation(nil)}
}

// subManifestsOnly decides dpg-2 when only manifests below the root name a
// licence (a web client's package.json, a bundled library's pom.xml): they
// speak for those packages, not for the repository, so a person decides.
func subManifestsOnly(d *declarations) (Result, bool) {
	var names []string
	var ev []report.Evidence
	for _, o := range d.others {
		if o.root || o.source == "sub-package licence" || o.source == "SPDX tag" || o.expr == nil {
			continue
		}
		names = append(names, fmt.Sprintf("%s (%s)", o, o.at()))
		ev = append(ev, o.at())
	}
	if len(names) == 0 {
		return Result{}, false
	}
	return Result{Outcome: report.NeedsReview, Evidence: ev[:min(len(ev), 5)],
		Message: "no licence file and no licence for the repository as a whole; only packages inside it declare one: " + listUpTo(names, 3),
		Remediation: "Add a LICENSE file at the repository root with the full text of the licence that covers the whole project " +
			"(an OSI-approved licence for software)."}, true
}
