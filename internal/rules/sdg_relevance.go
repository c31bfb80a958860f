package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/sdg"
)

// sdgRelevance decides DPG indicator 1. Only a person can say which SDG
// targets a project advances, so the rule passes when the configuration names
// SDGs with targets, relevance and public evidence, and otherwise asks for them
// (keyword suggestions are hints, never a result).
func sdgRelevance(in *Input) Result {
	cfg := in.Config
	if len(cfg.SDGs) == 0 {
		hints := readmeSuggestions(in)
		r := Result{Outcome: report.NeedsReview,
			Message: "no SDGs are named; state which SDG targets the project advances, with evidence"}
		r.Details = append(r.Details, dpgaSDGs(in)...)
		r.Details = append(r.Details, sdgHints(hints)...)
		r.Details = append(r.Details, breadthHint(in)...)
		r.Remediation = sdgExample(hints)
		return r
	}
	var named, missing []string
	var ev []report.Evidence
	for _, s := range cfg.SDGs {
		ev = append(ev, in.configAt(s.Pos.Line))
		label := fmt.Sprintf("SDG %d", s.Goal)
		if len(s.Targets) > 0 {
			label += " (" + strings.Join(s.Targets, ", ") + ")"
		}
		named = append(named, label)
		var lacks []string
		if len(s.Targets) == 0 {
			lacks = append(lacks, "targets")
		}
		if strings.TrimSpace(s.Relevance) == "" {
			lacks = append(lacks, "a relevance statement")
		}
		if len(s.Evidence) == 0 {
			lacks = append(lacks, "an evidence link")
		}
		if len(lacks) > 0 {
			missing = append(missing, fmt.Sprintf("SDG %d has no %s", s.Goal, strings.Join(lacks, ", no ")))
		}
		for _, e := range s.Evidence {
			ev = append(ev, report.Link(e))
		}
	}
	if len(missing) > 0 {
		return Result{Outcome: report.NeedsReview, Evidence: ev,
			Message: strings.Join(missing, "; "),
			Remediation: "Reviewers ask for SDG targets (such as 3.8), a sentence on how the project advances each, and a public " +
				"link that shows it; complete each entry under `sdgs:` in .github/dpgcheck.yml."}
	}
	r := Result{Outcome: report.Pass, Evidence: ev,
		Message: strings.Join(named, ", ") + " named with relevance and evidence"}
	r.Details = breadthHint(in)
	return r
}

// dpgaSDGs mentions SDGs named by a DPGA application record in the repository.
func dpgaSDGs(in *Input) []string {
	var out []string
	for _, a := range in.Repo.DPGApplications {
		var goals []string
		for _, s := range a.App.SDGs {
			goals = append(goals, fmt.Sprintf("%d", s.Goal))
		}
		if len(goals) > 0 {
			out = append(out, fmt.Sprintf("%s names SDGs %s but no targets; copy them into the configuration with targets", a.Path, strings.Join(goals, ", ")))
		}
	}
	return out
}

// readmeSuggestions are the goals the README's words suggest, best first.
func readmeSuggestions(in *Input) []sdg.Suggestion {
	if in.Repo.Readme == nil {
		return nil
	}
	return sdg.Suggest(in.Repo.Readme.Text, 3)
}

// sdgHints words the suggestions as hints for a person.
func sdgHints(suggestions []sdg.Suggestion) []string {
	var out []string
	for _, s := range suggestions {
		g, _ := sdg.Lookup(s.Goal)
		out = append(out, fmt.Sprintf("hint: the README mentions %s; SDG %d (%s) may be relevant", listUpTo(quoteAll(s.Keywords), 3), g.Number, g.Name))
	}
	return out
}

// sdgExample is the configuration to add, for the goal the first hint
// suggests (SDG 3 when there is none), so the example matches the hint
// printed above it.
func sdgExample(suggestions []sdg.Suggestion) string {
	g, _ := sdg.Lookup(3)
	if len(suggestions) > 0 {
		g, _ = sdg.Lookup(suggestions[0].Goal)
	}
	return fmt.Sprintf("Add the SDGs under `sdgs:` in .github/dpgcheck.yml, for example:\n"+
		"sdgs:\n  - goal: %d\n    targets: [%q]  # the targets of SDG %d: https://sdgs.un.org/goals/goal%d\n"+
		"    relevance: How the project advances %s.\n"+
		"    evidence: [\"https://example.org/impact-report\"]", g.Number, g.Targets()[0], g.Number, g.Number, g.Name)
}

// breadthHint warns about the DPGA's 2026 impact-and-breadth screen, which
// usually screens out developer libraries.
func breadthHint(in *Input) []string {
	if pc := in.Repo.PublicCode; pc != nil && pc.File != nil && pc.File.SoftwareType == "library" {
		return []string{"publiccode.yml says softwareType: library; the DPGA usually screens out developer libraries and SDKs " +
			"unless they show direct SDG impact or high breadth"}
	}
	return nil
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
