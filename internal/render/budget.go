package render

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Comment renders the Markdown report to fit in limit characters (GitHub
// counts characters): the full report, else without the folded details, else
// a minimal verdict with counts and a pointer to the full report.
func Comment(r *report.Report, o Options, limit int) string {
	full := MarkdownString(r, o)
	if runeLen(full) <= limit {
		return full
	}
	compact := o
	compact.Compact = true
	if s := MarkdownString(r, compact); runeLen(s) <= limit {
		return s
	}
	return minimal(r, o, limit)
}

// MarkdownString is Markdown into a string.
func MarkdownString(r *report.Report, o Options) string {
	var b strings.Builder
	Markdown(&b, r, o) // writing to a strings.Builder cannot fail
	return b.String()
}

func minimal(r *report.Report, o Options, limit int) string {
	var b strings.Builder
	if o.Marker != "" {
		b.WriteString(o.Marker + "\n")
	}
	fmt.Fprintf(&b, "### %s %s\n\n", verdictIcon[r.Verdict], escape(verdictLine(r, r.Counts(o.failOn()), o.failOn())))
	if safeURL(o.RunURL) {
		fmt.Fprintf(&b, "The full report is too long for a comment: see the [job summary](%s).\n", o.RunURL)
	} else {
		b.WriteString("The full report is too long for a comment: see the job summary.\n")
	}
	out := b.String()
	if runeLen(out) > limit {
		out = string([]rune(out)[:limit])
	}
	return out
}

func runeLen(s string) int { return len([]rune(s)) }

// CheckRunOutput returns the title and summary of a check run for the
// report; the title is the tally of every criterion, and the summary fits
// in limit characters.
func CheckRunOutput(r *report.Report, o Options, limit int) (title, summary string) {
	o.Marker = ""
	return tally(r.Counts(o.failOn())), Comment(r, o, limit)
}
