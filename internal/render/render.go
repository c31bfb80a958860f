// Package render owns turning one report.Report into the formats users read:
// terminal text, Markdown (the PR comment and job summary), JSON and SARIF.
// Renderers are pure: they compute nothing about the repository, only present
// the report, and everything that came from the repository is escaped.
package render

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Options tune the presentation.
type Options struct {
	// Color enables ANSI colours in text output (only on a terminal).
	Color bool
	// Marker is a hidden HTML comment placed first in Markdown output, used to
	// find the sticky PR comment again.
	Marker string
	// BlobURL links evidence to the file at the evaluated commit; nil for no links.
	BlobURL func(path string, line int) string
	// RunURL links the full report (the workflow run).
	RunURL string
	// FailOn is the gating policy, shown in the verdict line.
	FailOn report.FailOn
	// Previous holds the outcomes of the previous run on the pull request
	// (criterion id -> outcome), to show what changed; nil for none.
	Previous map[string]string
	// PreviousSHA is the commit the previous run evaluated.
	PreviousSHA string
	// Compact leaves out the folded details, to fit a size limit.
	Compact bool
	// Notice is a paragraph of dpgcheck's own Markdown shown under the verdict
	// (for example, why the check run could not be created). It is not
	// escaped: never put repository text in it.
	Notice string
}

// Format is an output format.
type Format string

// Formats. The list is the single source for --format validation and help.
var Formats = map[Format]func(io.Writer, *report.Report, Options) error{
	"text":          Text,
	"json":          JSON,
	"markdown":      Markdown,
	"sarif":         SARIF,
	"govstack-json": GovStackJSON,
	"dpga":          DPGA,
	"dpga-markdown": DPGAMarkdown,
}

// FormatNames returns the format names, sorted.
func FormatNames() []string {
	var out []string
	for f := range Formats {
		out = append(out, string(f))
	}
	sort.Strings(out)
	return out
}

func (o Options) failOn() report.FailOn {
	if o.FailOn == "" {
		return report.FailOnRequired
	}
	return o.FailOn
}

// label returns the criterion's short label: "2", "9A", or the id.
func label(_ Options, f report.Finding) string {
	if f.Label != "" {
		return f.Label
	}
	return f.ID
}

// standardName returns the display name of a standard.
func standardName(_ Options, ref report.StandardRef) string {
	if ref.Name != "" {
		return ref.Name
	}
	return ref.ID
}

// verdictLine says the verdict in words: "1 required criterion fails (dpg-2)".
func verdictLine(r *report.Report, failOn report.FailOn) string {
	failing := r.Failing(failOn)
	var ids []string
	for _, f := range failing {
		ids = append(ids, f.ID)
	}
	review := 0
	for _, f := range r.Findings {
		if f.Waived == nil && (f.Outcome == report.NeedsReview || f.Outcome == report.Unknown) {
			review++
		}
	}
	if failOn == report.FailOnRegression && r.PullRequest.Known() {
		return regressionVerdictLine(r, ids, review)
	}
	switch r.Verdict {
	case report.VerdictFail:
		what := "required criterion fails"
		if len(failing) > 1 {
			what = "required criteria fail"
		}
		if failOn == report.FailOnAny {
			what = strings.Replace(what, "required ", "", 1)
		}
		s := fmt.Sprintf("%d %s (%s)", len(failing), what, strings.Join(ids, ", "))
		if n := newlyFailing(failing); r.PullRequest.Known() && n > 0 {
			s += fmt.Sprintf(", %d introduced by this PR", n)
		}
		if review > 0 {
			s += fmt.Sprintf(", %d to review", review)
		}
		return s
	case report.VerdictNeedsReview:
		return fmt.Sprintf("nothing fails; %d %s a person's review or attestation", review, pick(review, "criterion needs", "criteria need"))
	}
	return "every criterion passes or does not apply"
}

// regressionVerdictLine says the verdict under fail-on: regression, where
// old failures are debt that does not gate.
func regressionVerdictLine(r *report.Report, regressedIDs []string, review int) string {
	old := 0
	for _, f := range r.Findings {
		if f.Outcome == report.Fail && f.Waived == nil && f.Change != report.Regressed {
			old++
		}
	}
	var s string
	if len(regressedIDs) > 0 {
		s = fmt.Sprintf("%d required %s by this PR (%s)", len(regressedIDs), pick(len(regressedIDs), "criterion regressed", "criteria regressed"), strings.Join(regressedIDs, ", "))
	} else {
		s = "nothing regressed in this PR"
	}
	if old > 0 {
		s += fmt.Sprintf("; %d older %s not gated", old, pick(old, "failure", "failures"))
	}
	if review > 0 {
		s += fmt.Sprintf(", %d to review", review)
	}
	return s
}

// newlyFailing counts the failing findings that regressed from the base.
func newlyFailing(fs []report.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Change == report.Regressed {
			n++
		}
	}
	return n
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// waivedFindings returns the findings that are waived.
func waivedFindings(r *report.Report) []report.Finding {
	return slices.DeleteFunc(slices.Clone(r.Findings), func(f report.Finding) bool { return f.Waived == nil })
}
