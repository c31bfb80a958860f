package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var allRightsReserved = regexp.MustCompile(`(?i)all rights reserved|proprietary and confidential|may not be (?:copied|used|distributed)`)

// openLicence decides DPG indicator 2: an approved open licence for the
// project type, declared consistently.
func openLicence(in *Input) Result {
	d := in.declarations()
	types := in.Config.ProjectTypes()
	if d.project == nil {
		return noProjectLicence(d)
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
	if c := d.conflicts(); len(c) > 0 {
		return licenceConflict(d, c, types, ev)
	}
	details = append(details, "rule applied: "+rule)
	details = append(details, d.notes(types)...)
	if slices.Contains(types, license.AIModel) {
		return Result{Outcome: report.NeedsReview, Evidence: ev, Details: details,
			Message: fmt.Sprintf("the code is under %s; an AI system must also openly release its model and training data", d.project),
			Remediation: "Publish the model weights and the training data under open licences (OSI for code; CC-BY, CC0, ODbL or similar for " +
				"data) and attest it under `attestations: {dpg-2: ...}` in .github/dpgcheck.yml."}
	}
	return Result{Outcome: report.Pass, Evidence: ev, Details: details,
		Message: fmt.Sprintf("%s (%s)", d.project, rule)}
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

func noProjectLicence(d *declarations) Result {
	if len(d.unrecognised) > 0 {
		u := d.unrecognised[0]
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
	var ev []report.Evidence
	var named []string
	for _, o := range d.others {
		if o.root {
			ev = append(ev, o.at())
			named = append(named, fmt.Sprintf("%s (%s)", o, o.at()))
		}
	}
	if len(named) > 0 {
		return Result{Outcome: report.Fail, Evidence: ev,
			Message: "no licence file at the repository root; only metadata names a licence: " + listUpTo(named, 3),
			Remediation: "Add a LICENSE file with the full text of the licence the metadata names; the DPGA asks for a licence " +
				"file or public URL as evidence, and most licences require their text to travel with the code."}
	}
	return Result{Outcome: report.Fail,
		Message:     "no licence found: without one, all rights are reserved by default and nobody may reuse the project",
		Remediation: "Add a LICENSE file at the repository root with the full text of an OSI-approved licence (https://opensource.org/licenses)."}
}

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
		s := fmt.Sprintf("%s (%s)", o.path, o.expr)
		if ok, _ := license.JudgeExpr(o.expr, types); !ok {
			s += " — not an approved open licence"
		}
		subs = append(subs, s)
	}
	if len(subs) > 0 {
		out = append(out, "sub-package licences (the verdict uses the root licence): "+listUpTo(subs, 6))
	}
	return out
}
