package render

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

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

// Annotations places what does not pass on the files it cites, one
// annotation per criterion and file, on the most relevant line: the changed
// line that made the criterion regress in a pull request, else the first
// line the finding cites in that file. Failures are failures, review items
// and unknowns warnings, waived ones notices. Then a new dependency whose
// licence is a problem or unknown is placed on its manifest line, unless a
// criterion's annotation is already there. Directories and URLs cannot
// carry an annotation.
func Annotations(r *report.Report) []Annotation {
	var out []Annotation
	placed := map[report.Evidence]bool{}
	for _, f := range r.Findings {
		for _, a := range findingAnnotations(f, r.PullRequest != nil) {
			placed[report.At(a.Path, a.Line)] = true
			out = append(out, a)
		}
	}
	if r.PullRequest == nil {
		return out
	}
	for _, d := range r.PullRequest.Dependencies {
		at := report.At(d.Path, max(d.Line, 1))
		if d.Path == "" || placed[at] || d.Status == report.DependencyOK || !d.Direct && !d.Violation() {
			continue
		}
		level := "warning"
		if d.Violation() {
			level = "failure"
		}
		placed[at] = true
		out = append(out, Annotation{Path: d.Path, Line: at.Line, Level: level,
			Title: fmt.Sprintf("New dependency %s: licence %s", safetext.Line(d.Name), oneLine(string(d.Status))), Message: oneLine(d.Reason)})
	}
	return out
}

// findingAnnotations are the annotations of one finding, at most one per
// file: first on the lines a pull request changed to make it regress, then
// on its evidence when it does not pass.
func findingAnnotations(f report.Finding, inPullRequest bool) []Annotation {
	var out []Annotation
	files := map[string]bool{}
	place := func(e report.Evidence, a Annotation) {
		if e.Path == "" || strings.HasSuffix(e.Path, "/") || files[e.Path] {
			return
		}
		files[e.Path] = true
		a.Path, a.Line = e.Path, max(e.Line, 1)
		out = append(out, a)
	}
	if inPullRequest && f.Change == report.Regressed && f.Waived == nil {
		msg := "This change makes " + f.ID + " regress: " + oneLine(f.Message)
		if len(f.NewConcerns) > 0 {
			msg += "\nNew: " + oneLine(strings.Join(f.NewConcerns, "; "))
		}
		a := Annotation{Level: "failure", Title: oneLine(f.ID + " · " + f.Title + " regressed"), Message: msg}
		for _, e := range f.BrokenBy {
			place(e, a)
		}
	}
	if f.Outcome == report.Pass || f.Outcome == report.NotApplicable {
		return out
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
	a := Annotation{Level: level, Title: oneLine(f.ID + " · " + f.Title), Message: msg}
	for _, e := range f.Evidence {
		place(e, a)
	}
	return out
}
