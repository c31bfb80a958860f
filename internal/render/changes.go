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
		case from == report.Fail: // fixed as compare.Apply means it: it no longer fails
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

// writeSincePreviousRun says, unfolded under the verdict, what moved since
// the previous run on the pull request: what newly fails, what was fixed,
// what else changed. Good news is news too: a push that fixes something
// says so where it is seen.
func writeSincePreviousRun(b *strings.Builder, r *report.Report, o Options) {
	if o.Previous == nil {
		return
	}
	newly, fixed, other := Changes(o.Previous, r)
	var items []string
	for _, c := range newly {
		items = append(items, fmt.Sprintf("%s new: **%s · %s** — %s", icon[report.Fail], escape(label(o, c.Finding)), escape(c.Finding.Title), escapeKeepCode(truncate(c.Finding.Message, maxCell))))
	}
	for _, c := range fixed {
		items = append(items, fmt.Sprintf("%s fixed: **%s · %s**", icon[c.Finding.Outcome], escape(label(o, c.Finding)), escape(c.Finding.Title)))
	}
	for _, c := range other {
		items = append(items, fmt.Sprintf("%s **%s · %s**: %s → %s", icon[c.Finding.Outcome], escape(label(o, c.Finding)), escape(c.Finding.Title), escape(string(c.From)), escape(string(c.Finding.Outcome))))
	}
	if len(items) == 0 {
		return
	}
	span := ""
	if o.PreviousSHA != "" && r.Target.Commit != "" && o.PreviousSHA != r.Target.Commit {
		span = fmt.Sprintf(" (%s → %s)", escape(shortSHA(o.PreviousSHA)), escape(shortSHA(r.Target.Commit)))
	}
	writeList(b, "Since the previous run"+span, items)
}

// writeList writes a bold lead and its items: on one line when there is one
// item, else as a list.
func writeList(b *strings.Builder, lead string, items []string) {
	if len(items) == 1 {
		fmt.Fprintf(b, "**%s:** %s\n\n", lead, items[0])
		return
	}
	fmt.Fprintf(b, "**%s:**\n", lead)
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	b.WriteString("\n")
}
