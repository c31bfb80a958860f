// Package compare owns judging a pull request against its base: how each
// criterion moved (regressed, fixed, unchanged), what the licences of the
// dependencies the pull request adds mean for the project (dpg-2 and dpg-4),
// and which changed lines broke a criterion. It is pure: the caller reads
// files and passes them in through Input.ReadBase and Input.ReadHead.
package compare

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// The criteria that new dependencies affect.
const (
	openLicenceID = "dpg-2" // an incompatible licence is a licensing problem of the project
	platformID    = "dpg-4" // a closed or restrictive licence is a closed mandatory dependency
)

// ReadFunc returns a file of one side of the pull request, relative to the
// evaluated folder, and whether it exists there.
type ReadFunc func(path string) ([]byte, bool)

// Input is what Apply compares.
type Input struct {
	Head *report.Report
	// Base is the evaluation of the base, nil when it could not be done;
	// BaseTarget then says why.
	Base       *report.Report
	BaseTarget report.BaseTarget
	// Deps are the dependencies the pull request adds or upgrades, with
	// their licence verdicts.
	Deps []report.DependencyChange
	// ReadBase and ReadHead, when set, let Apply find the changed line
	// that broke a criterion.
	ReadBase, ReadHead ReadFunc
}

// Apply records the comparison in in.Head: Finding.Base, Change,
// NewConcerns and BrokenBy for every criterion, and Report.PullRequest. The
// caller finalizes the report afterwards (the verdict depends on Change).
func Apply(in Input) {
	head := in.Head
	pr := &report.PullRequest{Base: in.BaseTarget, Regressed: []string{}, Fixed: []string{}, Unchanged: []string{},
		Dependencies: slices.Clone(in.Deps)}
	if pr.Dependencies == nil {
		pr.Dependencies = []report.DependencyChange{}
	}
	head.PullRequest = pr
	foldDependencies(head, in.Deps)
	if in.Base == nil {
		pr.Base.Status = report.BaseUnknown
		return
	}
	pr.Base.Status = report.BaseEvaluated
	base := map[string]*report.Finding{}
	for i := range in.Base.Findings {
		base[in.Base.Findings[i].ID] = &in.Base.Findings[i]
	}
	for i := range head.Findings {
		f := &head.Findings[i]
		b, ok := base[f.ID]
		if !ok {
			f.Change = report.Added
			continue
		}
		f.Base = &report.BaseResult{Outcome: b.Outcome, Waived: b.Waived != nil}
		f.NewConcerns = newConcerns(b.Concerns, f.Concerns)
		headFails := f.Outcome == report.Fail && f.Waived == nil
		baseFails := b.Outcome == report.Fail && b.Waived == nil
		switch {
		case headFails && !baseFails || len(f.NewConcerns) > 0:
			f.Change = report.Regressed
			pr.Regressed = append(pr.Regressed, f.ID)
			if headFails && !baseFails {
				f.BrokenBy = append(f.BrokenBy, changedLines(in, b, f)...)
			} else {
				f.BrokenBy = append(f.BrokenBy, changedHeadLines(in, f)...)
			}
			f.BrokenBy = dedupe(f.BrokenBy)
			if f.Outcome == report.Pass && len(f.NewConcerns) > 0 {
				reopen(f)
			}
		case baseFails && !headFails:
			f.Change = report.Fixed
			pr.Fixed = append(pr.Fixed, f.ID)
		default:
			f.Change = report.Unchanged
			pr.Unchanged = append(pr.Unchanged, f.ID)
		}
	}
	pr.LicenceChange = licenceChange(in.Base.Licenses, head.Licenses)
}

// reopen asks again for a person's review of a criterion that passes
// although the pull request adds a concern to it: what made it pass (an
// attestation given for the base's dependencies, a licence check that knew
// no new dependency) did not know the new concern, so a ✅ would hide it.
func reopen(f *report.Finding) {
	f.Details = append([]string{"before this pull request: " + f.Message}, f.Details...)
	f.Outcome = report.NeedsReview
	f.Message = "it passed without what this pull request adds; a person must confirm it"
	f.Remediation = "Check what this pull request adds (" + strings.Join(f.NewConcerns, "; ") + "): replace it with an openly licensed " +
		"alternative, or have a person confirm it is acceptable (when the criterion was attested, update the attestation in .github/dpgcheck.yml)."
}

// foldDependencies adds the licence problems of new runtime dependencies to
// the criteria they concern, as concerns with the manifest line as BrokenBy:
// a licence that is not open is a closed mandatory dependency (dpg-4); an
// incompatible one is a licensing conflict (dpg-2). The problem shows as a
// regression of the criterion, which needs review again if it passed
// (reopen).
func foldDependencies(head *report.Report, deps []report.DependencyChange) {
	for _, d := range deps {
		if !d.Violation() {
			continue
		}
		id, concern := platformID, report.ClosedConcern(d.Ecosystem+" "+d.Name)
		if d.Status == report.DependencyIncompatible {
			id, concern = openLicenceID, report.IncompatibleConcern(d.Ecosystem, d.Name)
		}
		i := slices.IndexFunc(head.Findings, func(f report.Finding) bool { return f.ID == id })
		if i < 0 {
			continue
		}
		f := &head.Findings[i]
		if slices.Contains(f.Concerns, concern) {
			continue
		}
		f.Concerns = append(f.Concerns, concern)
		f.Details = append(f.Details, fmt.Sprintf("%s %s %s (%s) %s: %s", d.Change, d.Ecosystem, d.Name, orUnknown(d.License), where(d), d.Reason))
		if d.Path != "" {
			f.BrokenBy = append(f.BrokenBy, report.At(d.Path, d.Line))
		}
	}
}

func where(d report.DependencyChange) string {
	if d.Path == "" {
		return "by this pull request"
	}
	if d.Line > 0 {
		return fmt.Sprintf("in %s:%d", d.Path, d.Line)
	}
	return "in " + d.Path
}

func orUnknown(s string) string {
	if s == "" {
		return "licence unknown"
	}
	return s
}

// newConcerns returns the concerns of head that base does not have.
func newConcerns(base, head []string) []string {
	var out []string
	for _, c := range head {
		if !slices.Contains(base, c) {
			out = append(out, c)
		}
	}
	return out
}

// licenceChange describes how the project's licence declarations changed,
// per file: "LICENSE: MIT → GPL-3.0-only; package.json: MIT → (removed)".
func licenceChange(base, head []report.License) string {
	byPath := func(ls []report.License) map[string]string {
		m := map[string]string{}
		for _, l := range ls {
			if m[l.Path] == "" {
				m[l.Path] = l.SPDX
			} else if !strings.Contains(m[l.Path], l.SPDX) {
				m[l.Path] += ", " + l.SPDX
			}
		}
		return m
	}
	b, h := byPath(base), byPath(head)
	var paths []string
	for p := range b {
		paths = append(paths, p)
	}
	for p := range h {
		if _, ok := b[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	var parts []string
	for _, p := range paths {
		from, inBase := b[p]
		to, inHead := h[p]
		switch {
		case !inBase:
			parts = append(parts, fmt.Sprintf("%s: (none) → %s", p, to))
		case !inHead:
			parts = append(parts, fmt.Sprintf("%s: %s → (removed)", p, from))
		case from != to:
			parts = append(parts, fmt.Sprintf("%s: %s → %s", p, from, to))
		}
	}
	return strings.Join(parts, "; ")
}

func dedupe(ev []report.Evidence) []report.Evidence {
	var out []report.Evidence
	for _, e := range ev {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}
