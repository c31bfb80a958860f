package render

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// view says how much of a report a Markdown rendering shows. The job
// summary is the full report; the pull-request comment folds what a
// maintainer does not need at a glance. Either leaves out more, in the
// order of fewest readers first, when GitHub's size limit demands it, and
// then says what it left out (fit).
type view struct {
	// full shows every criterion, detail, piece of evidence and fix,
	// nothing folded: the job summary.
	full bool
	// What a view can leave out to fit.
	reviewSteps      bool // the steps to clear the items that need review
	recommendedFixes bool // the fixes of failures that are not REQUIRED
	passRows         bool // the rows of passing and not-applicable criteria
	// leftOut says what the view leaves out that the first one showed.
	leftOut []string
}

// detailsShown bounds the detail lines of one criterion outside the full
// view; evidenceShown the evidence in a table cell.
const (
	detailsShown  = 5
	evidenceShown = 3
)

func (v view) details(ds []string) []string {
	if v.full {
		return ds
	}
	return ds[:min(len(ds), detailsShown)]
}

// shrinking returns v and the views that leave out more and more of it.
func shrinking(v view) []view {
	out := []view{v}
	for _, step := range []struct {
		what string
		drop func(*view)
	}{
		{"the steps to clear the items that need review", func(v *view) { v.reviewSteps = false }},
		{"the fixes of failures that are not REQUIRED", func(v *view) { v.recommendedFixes = false }},
		{"the rows of passing and not-applicable criteria", func(v *view) { v.passRows = false }},
	} {
		step.drop(&v)
		v.leftOut = append(v.leftOut, step.what)
		out = append(out, v)
	}
	return out
}

var everything = view{reviewSteps: true, recommendedFixes: true, passRows: true}

// commentViews are the views of the pull-request comment, largest first.
func commentViews() []view { return shrinking(everything) }

// fullView is the full report: everything, unfolded.
func fullView() view {
	v := everything
	v.full = true
	return v
}

// summaryViews are the views of the job summary: the full report, then,
// only if it must, the comment's views, which fold and shorten.
func summaryViews() []view {
	folded := everything
	folded.leftOut = []string{fmt.Sprintf("detail beyond %d lines and evidence beyond %d items per criterion", detailsShown, evidenceShown)}
	return append([]view{fullView()}, shrinking(folded)...)
}

// fit renders the first view that fits in limit as size measures it, with a
// note of what it leaves out, or else the minimal report.
func fit(r *report.Report, o Options, views []view, limit int, size func(string) int, what string) string {
	for _, v := range views {
		var b strings.Builder
		if o.Marker != "" {
			b.WriteString(o.Marker + "\n")
		}
		writeMarkdownBody(&b, r, o, v, what)
		if s := b.String(); size(s) <= limit {
			return s
		}
	}
	return minimal(r, o, limit, what)
}

// writeLeftOut says what a view left out to fit, and where it is.
func writeLeftOut(b *strings.Builder, v view, what string, o Options) {
	if len(v.leftOut) == 0 {
		return
	}
	where := "the JSON report (the `report` output) has everything"
	if !v.full && what == commentLimit && safeURL(o.RunURL) {
		where = fmt.Sprintf("the [full report](%s) has everything", o.RunURL)
	}
	fmt.Fprintf(b, "> ✂️ To stay within %s, this leaves out %s; %s.\n\n", what, strings.Join(v.leftOut, ", "), where)
}

// The limits a view is fitted to, as the note names them.
const (
	commentLimit = "GitHub's limit of 65,536 characters per comment"
	summaryLimit = "GitHub's limit of 1 MiB per job summary"
)

func runeLen(s string) int { return len([]rune(s)) }

func byteLen(s string) int { return len(s) }
