package render

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Change is a criterion whose outcome differs from an earlier evaluation.
type Change struct {
	Finding report.Finding
	From    report.Outcome // "" when the criterion was not evaluated before
}

// Changes compares a report with the outcomes of an earlier evaluation (the
// previous run on the pull request): what newly fails, what was fixed, what
// else moved.
func Changes(prev map[string]string, r *report.Report) (newlyFailing, fixed, other []Change) {
	for _, f := range r.Findings {
		was, ok := prev[f.ID]
		from := report.Outcome(was)
		if ok && from == f.Outcome {
			continue
		}
		c := Change{Finding: f, From: from}
		switch {
		case f.Outcome == report.Fail && f.Waived == nil:
			newlyFailing = append(newlyFailing, c)
		case from == report.Fail && (f.Outcome == report.Pass || f.Outcome == report.NotApplicable):
			fixed = append(fixed, c)
		case ok:
			other = append(other, c)
		}
	}
	return newlyFailing, fixed, other
}

// Outcomes maps each criterion to its outcome ("waived" for waived failures),
// the state kept in the sticky comment's marker.
func Outcomes(r *report.Report) map[string]string {
	m := map[string]string{}
	for _, f := range r.Findings {
		m[f.ID] = string(f.Outcome)
	}
	return m
}

func writeChanges(b *strings.Builder, r *report.Report, o Options) {
	if o.Previous == nil {
		return
	}
	newly, fixed, other := Changes(o.Previous, r)
	if len(newly)+len(fixed)+len(other) == 0 {
		return
	}
	span := ""
	if o.PreviousSHA != "" && r.Target.Commit != "" && o.PreviousSHA != r.Target.Commit {
		span = fmt.Sprintf(" (%s → %s)", escape(shortSHA(o.PreviousSHA)), escape(shortSHA(r.Target.Commit)))
	}
	fmt.Fprintf(b, "<details%s><summary>Changes since the previous run%s</summary>\n\n", openIf(len(newly) > 0), span)
	for _, c := range newly {
		fmt.Fprintf(b, "- %s new: %s · %s — %s\n", icon[report.Fail], escape(label(o, c.Finding)), escape(c.Finding.Title), escapeKeepCode(truncate(c.Finding.Message, maxCell)))
	}
	for _, c := range fixed {
		fmt.Fprintf(b, "- %s fixed: %s · %s\n", icon[c.Finding.Outcome], escape(label(o, c.Finding)), escape(c.Finding.Title))
	}
	for _, c := range other {
		fmt.Fprintf(b, "- %s %s · %s: %s → %s\n", icon[c.Finding.Outcome], escape(label(o, c.Finding)), escape(c.Finding.Title), escape(string(c.From)), escape(string(c.Finding.Outcome)))
	}
	b.WriteString("\n</details>\n\n")
}

func openIf(b bool) string {
	if b {
		return " open"
	}
	return ""
}

// newInThisRun is the line under the verdict naming what this run newly
// fails, so a PR author sees at once what the change broke.
func newInThisRun(b *strings.Builder, r *report.Report, o Options) {
	if o.Previous == nil {
		return
	}
	newly, _, _ := Changes(o.Previous, r)
	if len(newly) == 0 {
		return
	}
	var parts []string
	for _, c := range newly {
		parts = append(parts, fmt.Sprintf("%s **%s · %s** — %s", icon[report.Fail], escape(label(o, c.Finding)), escape(c.Finding.Title), escapeKeepCode(truncate(c.Finding.Message, maxCell))))
	}
	fmt.Fprintf(b, "**New since the previous run:** %s\n\n", strings.Join(parts, "; "))
}
