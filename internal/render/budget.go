package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Comment renders the pull-request comment within limit characters (GitHub
// counts characters): the report with passes and review steps folded, else
// leaving out, and saying so, the review steps, the fixes of failures that
// are not REQUIRED and the passing rows, else a minimal verdict with a
// pointer to the full report.
func Comment(r *report.Report, o Options, limit int) string {
	return fit(r, o, commentViews(), limit, runeLen, commentLimit)
}

// JobSummary renders the full report for the job summary within limit
// bytes: every criterion, detail and fix, unfolded; only if that is too
// large, the comment's shorter views, with a note of what they leave out.
func JobSummary(r *report.Report, o Options, limit int) string {
	return fit(r, o, summaryViews(), limit, byteLen, summaryLimit)
}

// Markdown writes the full report, as the job summary shows it.
func Markdown(w io.Writer, r *report.Report, o Options) error {
	var b strings.Builder
	if o.Marker != "" {
		b.WriteString(o.Marker + "\n")
	}
	writeMarkdownBody(&b, r, o, fullView(), summaryLimit)
	_, err := io.WriteString(w, b.String())
	return err
}

// minimal is the verdict alone, when no view fits in limit.
func minimal(r *report.Report, o Options, limit int, what string) string {
	var b strings.Builder
	if o.Marker != "" {
		b.WriteString(o.Marker + "\n")
	}
	fmt.Fprintf(&b, "### %s %s\n\n", verdictIcon[r.Verdict], escape(verdictLine(r, r.Counts(o.failOn()), o.failOn())))
	switch {
	case what == summaryLimit:
		b.WriteString("The full report is too long for a job summary: the JSON report (the `report` output) has it.\n")
	case safeURL(o.RunURL):
		fmt.Fprintf(&b, "The full report is too long for a comment: see the [job summary](%s).\n", o.RunURL)
	default:
		b.WriteString("The full report is too long for a comment: see the job summary.\n")
	}
	out := b.String()
	if runeLen(out) > limit {
		out = string([]rune(out)[:limit])
	}
	return out
}

// CheckRunOutput returns the title and summary of a check run for the
// report; the title is the tally of every criterion, and the summary, the
// comment's view of the report, fits in limit characters.
func CheckRunOutput(r *report.Report, o Options, limit int) (title, summary string) {
	o.Marker = ""
	return tally(r.Counts(o.failOn())), Comment(r, o, limit)
}
