package rules

import (
	"fmt"
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// This file holds the licence rules that depend on the kind of digital
// public good (DPG Standard 1.1.7): a data or content collection must be
// entirely under licences approved for it, and an AI system must open its
// code, its model and its training data.

// isCollection reports whether the project is a data or content collection
// and nothing else (no software, no AI system).
func isCollection(types []license.ProjectType) bool {
	return len(types) > 0 && !slices.ContainsFunc(types, func(t license.ProjectType) bool {
		return t != license.Data && t != license.Content
	})
}

// splitCollection finds the parts of a data or content collection under a
// licence that is open but not approved for the collection (a software
// licence, NonCommercial terms for data): the DPGA does not accept
// split-licensed collections. A part may be tooling rather than the
// collection, so it is for a person to confirm, never a fail.
func splitCollection(d *declarations, types []license.ProjectType, ev []report.Evidence) (Result, bool) {
	if !isCollection(types) {
		return Result{}, false
	}
	parts := slices.Clone(d.parts)
	for _, o := range d.others {
		if o.source == "sub-package licence" && o.expr != nil {
			parts = append(parts, o)
		}
	}
	var split []string
	var at []report.Evidence
	for _, p := range parts {
		if ok, _ := license.JudgeExpr(p.expr, types); !ok {
			split = append(split, fmt.Sprintf("%s (%s)", p.expr, p.at()))
			at = append(at, p.at())
		}
	}
	if len(split) == 0 {
		return Result{}, false
	}
	kind := typeList(types)
	return Result{Outcome: report.NeedsReview, Evidence: append(slices.Clone(ev), at...),
		Message: fmt.Sprintf("the %s collection is under %s, but part of the repository is under %s, which is not approved for %s: "+
			"the DPGA does not accept split-licensed %s collections", kind, d.project, listUpTo(split, 3), kind, kind),
		Details: []string{"rule applied: data and content collections entirely under approved licences (DPG Standard 1.1.7)"},
		Remediation: "Put the whole collection under one licence approved for " + kind + ", or, when those parts are tooling " +
			"(scripts, a viewer) rather than the collection, say so in the README and attest it under `attestations: {dpg-2: ...}` " +
			"in .github/dpgcheck.yml.",
		Concerns: []string{"split-licensed collection"}}, true
}

// aiComponentsMissing lists what an AI system has not shown to be openly
// licensed besides its code: the model (a LICENSE.model or LICENSE-weights
// file) and the training data (a LICENSE.data file).
func aiComponentsMissing(d *declarations, types []license.ProjectType) []string {
	if !slices.Contains(types, license.AIModel) {
		return nil
	}
	var missing []string
	for _, c := range []struct {
		t    license.ProjectType
		name string
	}{{license.AIModel, "model"}, {license.Data, "training data"}} {
		if !slices.ContainsFunc(d.typed, func(t declaration) bool { return t.forType == c.t }) {
			missing = append(missing, c.name)
		}
	}
	return missing
}
