package render

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
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
	s := r.Summary
	fmt.Fprintf(&b, "### %s %s\n\n%d pass · %d fail · %d review · %d n/a · %d unknown\n\n",
		verdictIcon[r.Verdict], escape(verdictLine(r, o.failOn())), s.Pass, s.Fail, s.NeedsReview, s.NotApplicable, s.Unknown)
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
// report; the summary fits in limit characters.
func CheckRunOutput(r *report.Report, o Options, limit int) (title, summary string) {
	o.Marker = ""
	s := r.Summary
	var parts []string
	if pr := r.PullRequest; pr.Known() && len(pr.Regressed) > 0 {
		parts = append(parts, fmt.Sprintf("%d new in this PR", len(pr.Regressed)))
	}
	if n := len(r.Failing(o.failOn())); n > 0 && o.failOn() != report.FailOnRegression {
		parts = append(parts, fmt.Sprintf("%d failing", n))
	}
	review := 0
	for _, f := range r.Findings {
		if f.Waived == nil && (f.Outcome == report.NeedsReview || f.Outcome == report.Unknown) {
			review++
		}
	}
	if review > 0 {
		parts = append(parts, fmt.Sprintf("%d to review", review))
	}
	parts = append(parts, fmt.Sprintf("%d passing", s.Pass))
	if s.NotApplicable > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", s.NotApplicable))
	}
	return strings.Join(parts, " · "), Comment(r, o, limit)
}

// Annotation is a finding placed on a line of a file. Title and Message are
// display text, escaped like the text report (Message may hold line breaks
// of dpgcheck's own); Path is the exact path, for GitHub to place it.
type Annotation struct {
	Path    string
	Line    int
	Level   string // failure, warning or notice (check-run levels)
	Title   string
	Message string
}

// Annotations places the findings that are not passing on the files they cite:
// failures as failures, review items and unknowns as warnings, waived ones as
// notices. Directories and URLs cannot carry an annotation.
func Annotations(r *report.Report) []Annotation {
	var out []Annotation
	for _, f := range r.Findings {
		if f.Outcome == report.Pass || f.Outcome == report.NotApplicable {
			continue
		}
		level := "warning"
		switch {
		case f.Waived != nil:
			level = "notice"
		case f.Outcome == report.Fail:
			level = "failure"
		}
		msg := oneLine(f.Message)
		if f.Remediation != "" && f.Waived == nil {
			first, _, _ := strings.Cut(f.Remediation, "\n")
			msg += "\nNext: " + oneLine(first)
		}
		for _, e := range f.Evidence {
			if e.Path == "" || strings.HasSuffix(e.Path, "/") {
				continue
			}
			out = append(out, Annotation{Path: e.Path, Line: max(e.Line, 1), Level: level, Title: oneLine(f.ID + " · " + f.Title), Message: msg})
		}
	}
	return append(out, pullRequestAnnotations(r)...)
}

// pullRequestAnnotations place what a pull request broke on its changed
// lines: the edit that made a criterion regress, and the manifest line of a
// new dependency whose licence is a problem or unknown.
func pullRequestAnnotations(r *report.Report) []Annotation {
	if r.PullRequest == nil {
		return nil
	}
	var out []Annotation
	placed := map[report.Evidence]bool{}
	for _, f := range r.Findings {
		if f.Change != report.Regressed || f.Waived != nil {
			continue
		}
		msg := "This change makes " + f.ID + " regress: " + oneLine(f.Message)
		if len(f.NewConcerns) > 0 {
			msg += "\nNew: " + oneLine(strings.Join(f.NewConcerns, "; "))
		}
		for _, e := range f.BrokenBy {
			if e.Path == "" || placed[e] {
				continue
			}
			placed[e] = true
			out = append(out, Annotation{Path: e.Path, Line: max(e.Line, 1), Level: "failure", Title: oneLine(f.ID + " · " + f.Title + " regressed"), Message: msg})
		}
	}
	for _, d := range r.PullRequest.Dependencies {
		at := report.At(d.Path, d.Line)
		if d.Path == "" || placed[at] || d.Status == report.DependencyOK || !d.Direct && !d.Violation() {
			continue
		}
		level := "warning"
		if d.Violation() {
			level = "failure"
		}
		placed[at] = true
		out = append(out, Annotation{Path: d.Path, Line: max(d.Line, 1), Level: level,
			Title: fmt.Sprintf("New dependency %s: licence %s", safetext.Line(d.Name), oneLine(string(d.Status))), Message: oneLine(d.Reason)})
	}
	return out
}
