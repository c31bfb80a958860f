package render

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// maxDependencyRows caps the dependency table of the comment; the JSON
// report has them all.
const maxDependencyRows = 25

// depIcon marks a dependency's licence verdict.
var depIcon = map[report.DependencyStatus]string{report.DependencyOK: "✅", report.DependencyNotOpen: "❌",
	report.DependencyIncompatible: "❌", report.DependencyUnknown: "❔"}

// concernIcon marks a criterion that regressed by a new concern (a closed or
// incompatible dependency) while its outcome stayed the same.
const concernIcon = "⚠️"

// findingsOf returns the findings with the given ids, in that order.
func findingsOf(r *report.Report, ids []string) []report.Finding {
	var out []report.Finding
	for _, id := range ids {
		if i := slices.IndexFunc(r.Findings, func(f report.Finding) bool { return f.ID == id }); i >= 0 {
			out = append(out, r.Findings[i])
		}
	}
	return out
}

// writeNewInPR is the line under the verdict that says what this pull
// request broke compared with its base, or that the base is unknown.
func writeNewInPR(b *strings.Builder, r *report.Report, c report.Counts, o Options) {
	pr := r.PullRequest
	if pr == nil {
		return
	}
	if !pr.Known() {
		fmt.Fprintf(b, "> ❔ **Not compared with the base:** old and new problems cannot be told apart in this run: %s.\n\n", escapeKeepCode(pr.Base.Reason))
		writeDependencyViolations(b, pr)
		return
	}
	var parts []string
	for _, f := range findingsOf(r, c.New) {
		var s string
		newFailure := f.Outcome == report.Fail && (f.Base == nil || f.Base.Outcome != report.Fail || f.Base.Waived)
		if newFailure || len(f.NewConcerns) == 0 {
			s = fmt.Sprintf("%s **%s · %s** — %s", iconOf(f), escape(label(o, f)), escape(f.Title), escapeKeepCode(truncate(f.Message, maxCell)))
		} else {
			s = fmt.Sprintf("%s **%s · %s** — new: %s", concernIcon, escape(label(o, f)), escape(f.Title), escape(strings.Join(f.NewConcerns, "; ")))
		}
		if len(f.BrokenBy) > 0 {
			var at []string
			for _, e := range f.BrokenBy[:min(len(f.BrokenBy), 3)] {
				at = append(at, evidenceLink(e, o))
			}
			s += " — changed here: " + strings.Join(at, ", ")
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing regressed compared with the base "+baseName(pr, codeSpan)+".")
	}
	if len(c.Fixed) > 0 {
		parts = append(parts, fmt.Sprintf("%s fixed: %s", icon[report.Pass], escape(strings.Join(labels(r, o, c.Fixed), ", "))))
	}
	writeList(b, "New in this PR", parts)
	writeDependencyViolations(b, pr)
}

// writeDependencyViolations names the new dependencies whose licence is a
// problem, so they are seen without opening the table.
func writeDependencyViolations(b *strings.Builder, pr *report.PullRequest) {
	for _, d := range pr.Dependencies {
		if d.Violation() {
			fmt.Fprintf(b, "- %s new dependency %s %s: %s\n", depIcon[d.Status], escape(d.Ecosystem), codeSpan(d.Name+versionSuffix(d.Version)), escape(d.Reason))
		}
	}
	if slices.ContainsFunc(pr.Dependencies, report.DependencyChange.Violation) {
		b.WriteString("\n")
	}
}

func iconOf(f report.Finding) string {
	if f.Waived != nil {
		return waivedIcon
	}
	return icon[f.Outcome]
}

// baseName names the base commit and where it was read, its hash formatted
// by code: a Markdown code span in text, <code> inside an HTML element such
// as <summary>, where GitHub shows backticks literally.
func baseName(pr *report.PullRequest, code func(string) string) string {
	how := map[string]string{"git": "from the local git history", "api": "downloaded through the API"}[pr.Base.Source]
	return strings.TrimSpace(fmt.Sprintf("%s %s", code(shortSHA(pr.Base.Commit)), how))
}

// htmlCode renders s as inline code inside an HTML element.
func htmlCode(s string) string { return "<code>" + html.EscapeString(safetext.Line(s)) + "</code>" }

func labels(r *report.Report, o Options, ids []string) []string {
	var out []string
	for _, id := range ids {
		i := slices.IndexFunc(r.Findings, func(f report.Finding) bool { return f.ID == id })
		if i >= 0 {
			out = append(out, label(o, r.Findings[i])+" · "+r.Findings[i].Title)
		} else {
			out = append(out, id)
		}
	}
	return out
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "@" + v
}

// writePullRequestDetails folds away the comparison with the base and the
// table of new dependencies.
func writePullRequestDetails(b *strings.Builder, r *report.Report, c report.Counts, o Options, v view) {
	pr := r.PullRequest
	if pr == nil {
		return
	}
	if deps := pr.Dependencies; len(deps) > 0 {
		problems := 0
		for _, d := range deps {
			if d.Violation() {
				problems++
			}
		}
		summary := fmt.Sprintf("📦 %s added or upgraded", plural(len(deps), "dependency", "dependencies"))
		if problems > 0 {
			summary += fmt.Sprintf(" — %s", plural(problems, "licence problem", "licence problems"))
		}
		end := section(b, v, problems > 0, summary)
		b.WriteString("| | Dependency | Version | Licence | Declared in |\n|---|---|---|---|---|\n")
		sorted := slices.Clone(deps)
		rank := map[report.DependencyStatus]int{report.DependencyIncompatible: 0, report.DependencyNotOpen: 1, report.DependencyUnknown: 2, report.DependencyOK: 3}
		slices.SortStableFunc(sorted, func(a, c report.DependencyChange) int { return rank[a.Status] - rank[c.Status] })
		rows := len(sorted)
		if !v.full {
			rows = min(rows, maxDependencyRows)
		}
		for _, d := range sorted[:rows] {
			version := d.Version
			if d.Previous != "" {
				version = d.Previous + " → " + d.Version
			}
			lic := d.License
			if lic == "" {
				lic = "unknown"
			}
			if d.Status != report.DependencyOK || d.Scope == report.ScopeDevelopment {
				lic += " — " + d.Reason
			}
			name := escape(d.Ecosystem) + " " + strings.ReplaceAll(codeSpan(d.Name), "|", `\|`)
			if d.Scope == report.ScopeDevelopment {
				name += " (dev)"
			}
			at := "—"
			if d.Path != "" {
				at = evidenceLink(report.At(d.Path, d.Line), o)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", depIcon[d.Status], name, escape(orDash(version)), cell(truncate(lic, maxCell)), at)
		}
		if n := len(sorted) - rows; n > 0 {
			fmt.Fprintf(b, "\n%d more in the JSON report.\n", n)
		}
		b.WriteString("\n" + end)
	}
	if !pr.Known() {
		return
	}
	end := section(b, v, false, "Compared with the base "+baseName(pr, htmlCode))
	fmt.Fprintf(b, "- regressed: %s\n", listOrNone(labels(r, o, c.New)))
	fmt.Fprintf(b, "- fixed: %s\n", listOrNone(labels(r, o, c.Fixed)))
	fmt.Fprintf(b, "- unchanged: %d\n", len(pr.Unchanged))
	if pr.LicenceChange != "" {
		fmt.Fprintf(b, "- licence declarations changed: %s\n", escape(pr.LicenceChange))
	}
	b.WriteString("\n" + end)
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return escape(strings.Join(s, ", "))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func plural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, pick(n, one, many))
}
