package render

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// Icons per outcome, as in the PR comment.
var icon = map[report.Outcome]string{
	report.Pass:          "✅",
	report.Fail:          "❌",
	report.NeedsReview:   "🟡",
	report.NotApplicable: "➖",
	report.Unknown:       "❔",
}

const waivedIcon = "⚪"

var verdictIcon = map[report.Verdict]string{
	report.VerdictPass:        "✅",
	report.VerdictFail:        "❌",
	report.VerdictNeedsReview: "🟡",
}

// maxCell bounds the text of a table cell outside the full view; the full
// text is in the details.
const maxCell = 160

// writeMarkdownBody writes the report as GitHub-flavoured Markdown, as much
// of it as v shows: the verdict with every count, what the pull request
// changed, a table per standard, what to do for each failure and review
// item, and a footer. what names the size limit v was fitted to. Everything
// from the repository is escaped.
func writeMarkdownBody(b *strings.Builder, r *report.Report, o Options, v view, what string) {
	var names []string
	for _, s := range r.Standards {
		names = append(names, standardName(o, s))
	}
	c := r.Counts(o.failOn())
	fmt.Fprintf(b, "### %s %s — %s\n\n", verdictIcon[r.Verdict], strings.Join(names, " + "), escape(verdictLine(r, c, o.failOn())))
	if o.Notice != "" {
		fmt.Fprintf(b, "> %s\n\n", strings.ReplaceAll(o.Notice, "\n", "\n> "))
	}
	writeNewInPR(b, r, c, o)
	writeSincePreviousRun(b, r, o)
	for _, s := range r.Standards {
		var fs []report.Finding
		for _, f := range r.Findings {
			if f.Standard == s.ID {
				fs = append(fs, f)
			}
		}
		writeStandard(b, r, s, fs, o, v)
	}
	writeFixes(b, r, o, v)
	writePullRequestDetails(b, r, c, o, v)
	if v.full {
		writeNotes(b, r)
	}
	writeLeftOut(b, v, what, o)
	writeFooter(b, r, o, v)
}

// writeStandard writes one standard's results. A report that passes folds
// them away outside the full view; GovStack's long lists show what is open
// first (writeGovStack).
func writeStandard(b *strings.Builder, r *report.Report, s report.StandardRef, fs []report.Finding, o Options, v view) {
	fold := r.Verdict == report.VerdictPass && !v.full
	if fold {
		fmt.Fprintf(b, "<details><summary>%s %s %s: %s</summary>\n\n", icon[report.Pass], escape(standardName(o, s)), escape(s.Version), tally(report.Count(fs, r.Policy(o.failOn()))))
	} else if len(r.Standards) > 1 {
		fmt.Fprintf(b, "#### %s %s\n\n", escape(standardName(o, s)), escape(s.Version))
	}
	if isGovStackEdition(s.ID) {
		writeGovStack(b, r, fs, o, v)
	} else {
		writeTable(b, shownRows(fs, v), o, v, false)
		writeRowsLeftOut(b, fs, v)
	}
	if fold {
		b.WriteString("\n</details>\n")
	}
	b.WriteString("\n")
}

// settled reports whether a finding passes or does not apply: nothing to do.
func settled(f report.Finding) bool {
	return f.Waived == nil && (f.Outcome == report.Pass || f.Outcome == report.NotApplicable)
}

// shownRows are the findings whose rows v shows.
func shownRows(fs []report.Finding, v view) []report.Finding {
	if v.passRows {
		return fs
	}
	var out []report.Finding
	for _, f := range fs {
		if !settled(f) {
			out = append(out, f)
		}
	}
	return out
}

// writeRowsLeftOut counts the rows a view left out.
func writeRowsLeftOut(b *strings.Builder, fs []report.Finding, v view) {
	if v.passRows {
		return
	}
	var left []report.Finding
	for _, f := range fs {
		if settled(f) {
			left = append(left, f)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(b, "\n%s not shown here.\n", tally(report.Count(left, report.FailOnRequired)))
	}
}

// writeTable writes a table of findings; withLevel adds the criterion's
// level (GovStack's REQUIRED, RECOMMENDED, OPTIONAL).
func writeTable(b *strings.Builder, fs []report.Finding, o Options, v view, withLevel bool) {
	if len(fs) == 0 {
		return
	}
	if withLevel {
		b.WriteString("| | Level | Requirement | Result | Evidence |\n|---|---|---|---|---|\n")
	} else {
		b.WriteString("| | Criterion | Result | Evidence |\n|---|---|---|---|\n")
	}
	for _, f := range fs {
		level := ""
		if withLevel {
			level = " " + strings.ToUpper(string(f.Level)) + " |"
		}
		fmt.Fprintf(b, "| %s |%s %s · %s | %s | %s |\n", iconOf(f), level, escape(label(o, f)), escape(f.Title), cell(resultText(f, v)), evidenceCell(f.Evidence, o, v))
	}
}

// resultText is what a finding's row says: its message, what waived it, and
// what a pull request newly added when its outcome alone would not show it.
func resultText(f report.Finding, v view) string {
	short := func(s string) string {
		if v.full {
			return oneLine(s)
		}
		return truncate(s, maxCell)
	}
	result := short(f.Message)
	if f.Waived != nil {
		result = "waived: " + short(f.Waived.Reason)
	}
	if f.Change == report.Regressed && len(f.NewConcerns) > 0 && f.Outcome != report.Fail {
		result = concernIcon + " new: " + short(strings.Join(f.NewConcerns, "; ")) + " · " + result
	}
	return result
}

func evidenceCell(ev []report.Evidence, o Options, v view) string {
	if len(ev) == 0 {
		return "—"
	}
	show := len(ev)
	if !v.full {
		show = min(show, evidenceShown)
	}
	var parts []string
	for _, e := range ev[:show] {
		parts = append(parts, evidenceLink(e, o))
	}
	if len(ev) > show {
		parts = append(parts, fmt.Sprintf("+%d", len(ev)-show))
	}
	return strings.ReplaceAll(strings.Join(parts, ", "), "|", `\|`)
}

func evidenceLink(e report.Evidence, o Options) string {
	if e.Path != "" {
		text := codeSpan(e.String())
		if o.BlobURL != nil {
			if u := o.BlobURL(e.Path, e.Line); safeURL(u) {
				return fmt.Sprintf("[%s](%s)", text, u)
			}
		}
		return text
	}
	if safeURL(e.URL) {
		return fmt.Sprintf("[%s](%s)", escape(truncate(linkText(e.URL), 50)), e.URL)
	}
	return escape(truncate(e.URL, 50))
}

func linkText(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Host + p.EscapedPath()
}

// safeURL accepts only http(s) URLs without characters that could end the
// Markdown link or inject markup, and without control or bidi characters.
func safeURL(u string) bool {
	if u == "" || strings.ContainsAny(u, " <>()\"'`|\\\n\r\t[]") || safetext.Line(u) != u {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

// section opens a part of the report: a heading in the full view, else a
// <details> element, open or folded. It returns what closes it.
func section(b *strings.Builder, v view, open bool, title string) (end string) {
	if v.full {
		fmt.Fprintf(b, "#### %s\n\n", title)
		return ""
	}
	fmt.Fprintf(b, "<details%s><summary>%s</summary>\n\n", openIf(open), title)
	return "</details>\n\n"
}

func openIf(b bool) string {
	if b {
		return " open"
	}
	return ""
}

// writeNotes lists, in the full report, what the user should know that is
// not a finding, and what was read.
func writeNotes(b *strings.Builder, r *report.Report) {
	if len(r.Notices) == 0 && r.Scan == nil {
		return
	}
	b.WriteString("#### Notes\n\n")
	for _, n := range r.Notices {
		fmt.Fprintf(b, "- %s\n", escapeKeepCode(n))
	}
	if sc := r.Scan; sc != nil {
		line := fmt.Sprintf("scanned %d files, read %d bytes", sc.Files, sc.BytesRead)
		if len(sc.Skipped) > 0 {
			line += "; skipped " + skippedList(sc.Skipped)
		}
		fmt.Fprintf(b, "- %s\n", escape(line))
	}
	b.WriteString("\n")
}

func writeFooter(b *strings.Builder, r *report.Report, o Options, v view) {
	parts := []string{"dpgcheck " + escape(r.Tool.Version)}
	for _, s := range r.Standards {
		parts = append(parts, escape(standardName(o, s)+" "+s.Version))
	}
	if safeURL(o.RunURL) && !v.full {
		parts = append(parts, fmt.Sprintf("[full report](%s)", o.RunURL))
	}
	parts = append(parts, "configure in `.github/dpgcheck.yml`")
	fmt.Fprintf(b, "<sub>%s</sub>\n", strings.Join(parts, " · "))
}
