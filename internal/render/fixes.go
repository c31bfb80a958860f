package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// writeFixes says what to do: for each failure (REQUIRED first) and, as the
// view allows, each item that needs review; then what is waived.
func writeFixes(b *strings.Builder, r *report.Report, o Options, v view) {
	var fails, reviews []report.Finding
	for _, f := range r.Findings {
		switch {
		case f.Waived != nil:
		case f.Outcome == report.Fail && (v.recommendedFixes || f.Level == criteria.Required):
			fails = append(fails, f)
		case f.Outcome == report.NeedsReview || f.Outcome == report.Unknown:
			reviews = append(reviews, f)
		}
	}
	slices.SortStableFunc(fails, func(a, b report.Finding) int { return cmp.Compare(levelRank(a.Level), levelRank(b.Level)) })
	if len(fails) > 0 {
		what := pick(len(fails), "the failing criterion", fmt.Sprintf("the %d failing criteria", len(fails)))
		if !v.recommendedFixes {
			what = pick(len(fails), "the failing REQUIRED criterion", fmt.Sprintf("the %d failing REQUIRED criteria", len(fails)))
		}
		end := section(b, v, true, icon[report.Fail]+" How to fix "+what)
		writeItems(b, fails, o, v)
		b.WriteString(end)
	}
	if len(reviews) > 0 && v.reviewSteps {
		end := section(b, v, false, fmt.Sprintf("%s How to clear %s that need%s review", icon[report.NeedsReview],
			pick(len(reviews), "the item", fmt.Sprintf("the %d items", len(reviews))), pick(len(reviews), "s", "")))
		writeItems(b, reviews, o, v)
		b.WriteString(end)
	}
	if w := waivedFindings(r); len(w) > 0 {
		end := section(b, v, false, fmt.Sprintf("%s %d waived", waivedIcon, len(w)))
		for _, f := range w {
			fmt.Fprintf(b, "- **%s · %s** — %s", escape(label(o, f)), escape(f.Title), escape(f.Waived.Reason))
			if f.Waived.Expires != "" {
				fmt.Fprintf(b, " (until %s)", escape(f.Waived.Expires))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n" + end)
	}
}

// writeItems writes each finding's message, details and next step.
func writeItems(b *strings.Builder, fs []report.Finding, o Options, v view) {
	for _, f := range fs {
		fmt.Fprintf(b, "- **%s · %s** — %s\n", escape(label(o, f)), escape(f.Title), escapeKeepCode(f.Message))
		for _, d := range v.details(f.Details) {
			fmt.Fprintf(b, "  - %s\n", escape(oneLine(d)))
		}
		if n := len(f.Details) - len(v.details(f.Details)); n > 0 {
			fmt.Fprintf(b, "  - %s\n", plural(n, "more detail in the full report", "more details in the full report"))
		}
		writeNext(b, f.Remediation)
		if safeURL(f.Docs) {
			fmt.Fprintf(b, " ([the standard](%s))", f.Docs)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// writeNext writes a next step; lines after its first (a YAML example of
// dpgcheck's own) go in a code block.
func writeNext(b *strings.Builder, remediation string) {
	if remediation == "" {
		return
	}
	first, rest, block := strings.Cut(remediation, "\n")
	fmt.Fprintf(b, "\n  **Next:** %s", escapeKeepCode(first))
	if !block {
		return
	}
	b.WriteString("\n  ```yaml\n")
	for _, l := range strings.Split(rest, "\n") {
		fmt.Fprintf(b, "  %s\n", strings.ReplaceAll(safetext.Line(l), "```", "ˋˋˋ"))
	}
	b.WriteString("  ```\n")
}
