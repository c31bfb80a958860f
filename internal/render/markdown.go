package render

import (
	"fmt"
	"io"
	"net/url"
	"regexp"
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

// maxCell bounds the text of a table cell; the full text is in the details.
const maxCell = 160

// Markdown writes the report as GitHub-flavoured Markdown: a verdict heading,
// a table per standard, what to do for each failure and review item, and a
// footer. Everything from the repository is escaped.
func Markdown(w io.Writer, r *report.Report, o Options) error {
	var b strings.Builder
	if o.Marker != "" {
		b.WriteString(o.Marker + "\n")
	}
	writeMarkdownBody(&b, r, o)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeMarkdownBody(b *strings.Builder, r *report.Report, o Options) {
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
	allGood := r.Verdict == report.VerdictPass
	for _, s := range r.Standards {
		var fs []report.Finding
		for _, f := range r.Findings {
			if f.Standard == s.ID {
				fs = append(fs, f)
			}
		}
		if allGood {
			fmt.Fprintf(b, "<details><summary>%s %s %s: %s</summary>\n\n", icon[report.Pass], escape(standardName(o, s)), escape(s.Version), tally(report.Count(fs, r.Policy(o.failOn()))))
		} else if len(r.Standards) > 1 {
			fmt.Fprintf(b, "#### %s %s\n\n", escape(standardName(o, s)), escape(s.Version))
		}
		if isGovStackEdition(s.ID) {
			writeGovStack(b, r, fs, o)
		} else {
			writeTable(b, fs, o)
		}
		if allGood {
			b.WriteString("\n</details>\n")
		}
		b.WriteString("\n")
	}
	if !o.Compact {
		writeActions(b, r, o)
	}
	writePullRequestDetails(b, r, c, o)
	writeFooter(b, r, o)
}

func writeTable(b *strings.Builder, fs []report.Finding, o Options) {
	b.WriteString("| | Criterion | Result | Evidence |\n|---|---|---|---|\n")
	for _, f := range fs {
		ic := icon[f.Outcome]
		if f.Waived != nil {
			ic = waivedIcon
		}
		result := truncate(f.Message, maxCell)
		if f.Waived != nil {
			result = "waived: " + truncate(f.Waived.Reason, maxCell)
		}
		if f.Change == report.Regressed && len(f.NewConcerns) > 0 && f.Outcome != report.Fail {
			// The outcome did not change, so its icon alone would hide what
			// this pull request added.
			result = concernIcon + " new: " + truncate(strings.Join(f.NewConcerns, "; "), maxCell) + " · " + result
		}
		fmt.Fprintf(b, "| %s | %s · %s | %s | %s |\n", ic, escape(label(o, f)), escape(f.Title), cell(result), evidenceCell(f.Evidence, o))
	}
}

func evidenceCell(ev []report.Evidence, o Options) string {
	if len(ev) == 0 {
		return "—"
	}
	const show = 3
	var parts []string
	for _, e := range ev[:min(len(ev), show)] {
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

func writeActions(b *strings.Builder, r *report.Report, o Options) {
	var fails, reviews []report.Finding
	for _, f := range r.Findings {
		switch {
		case f.Waived != nil:
		case f.Outcome == report.Fail:
			fails = append(fails, f)
		case f.Outcome == report.NeedsReview || f.Outcome == report.Unknown:
			reviews = append(reviews, f)
		}
	}
	if len(fails) > 0 {
		fmt.Fprintf(b, "<details open><summary>%s How to fix %s</summary>\n\n", icon[report.Fail], pick(len(fails), "the failing criterion", fmt.Sprintf("the %d failing criteria", len(fails))))
		writeItems(b, fails, o)
		b.WriteString("</details>\n\n")
	}
	if len(reviews) > 0 {
		fmt.Fprintf(b, "<details><summary>%s How to clear %s that need%s review</summary>\n\n", icon[report.NeedsReview], pick(len(reviews), "the item", fmt.Sprintf("the %d items", len(reviews))), pick(len(reviews), "s", ""))
		writeItems(b, reviews, o)
		b.WriteString("</details>\n\n")
	}
	if w := waivedFindings(r); len(w) > 0 {
		fmt.Fprintf(b, "<details><summary>%s %d waived</summary>\n\n", waivedIcon, len(w))
		for _, f := range w {
			fmt.Fprintf(b, "- **%s · %s** — %s", escape(label(o, f)), escape(f.Title), escape(f.Waived.Reason))
			if f.Waived.Expires != "" {
				fmt.Fprintf(b, " (until %s)", escape(f.Waived.Expires))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n</details>\n\n")
	}
}

func writeItems(b *strings.Builder, fs []report.Finding, o Options) {
	for _, f := range fs {
		fmt.Fprintf(b, "- **%s · %s** — %s\n", escape(label(o, f)), escape(f.Title), escapeKeepCode(f.Message))
		for _, d := range f.Details[:min(len(f.Details), 5)] {
			fmt.Fprintf(b, "  - %s\n", escape(oneLine(d)))
		}
		if f.Remediation != "" {
			if strings.Contains(f.Remediation, "\n") {
				first, rest, _ := strings.Cut(f.Remediation, "\n")
				fmt.Fprintf(b, "\n  **Next:** %s\n  ```yaml\n", escapeKeepCode(first))
				for _, l := range strings.Split(rest, "\n") {
					fmt.Fprintf(b, "  %s\n", strings.ReplaceAll(safetext.Line(l), "```", "ˋˋˋ"))
				}
				b.WriteString("  ```\n")
			} else {
				fmt.Fprintf(b, "\n  **Next:** %s", escapeKeepCode(f.Remediation))
			}
		}
		if safeURL(f.Docs) {
			fmt.Fprintf(b, " ([the standard](%s))", f.Docs)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func writeFooter(b *strings.Builder, r *report.Report, o Options) {
	parts := []string{"dpgcheck " + escape(r.Tool.Version)}
	for _, s := range r.Standards {
		parts = append(parts, escape(standardName(o, s)+" "+s.Version))
	}
	if safeURL(o.RunURL) {
		parts = append(parts, fmt.Sprintf("[full report](%s)", o.RunURL))
	}
	parts = append(parts, "configure in `.github/dpgcheck.yml`")
	fmt.Fprintf(b, "<sub>%s</sub>\n", strings.Join(parts, " · "))
}

// escape makes repository text inert in Markdown and HTML: markup characters
// are backslash-escaped, HTML is entity-encoded, @mentions cannot notify, the
// text stays on one line, and control and bidi characters read as escapes
// and markers such as <U+202E> (oneLine).
func escape(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			b.WriteRune('@')
			if i+1 < len(s) && isWordByte(s[i+1]) {
				b.WriteString("\u200b") // a zero-width space stops the mention
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// cell escapes text for a table cell.
// Pipes are escaped by escapeKeepCode, and safe code spans hold none.
func cell(s string) string { return escapeKeepCode(s) }

// safeCode is what a code span may hold and stay inert even if a hostile file
// name shifted the backtick pairing: no HTML, no mentions, no pipes.
var safeCode = regexp.MustCompile(`^[A-Za-z0-9 _.:/{}\-,="'\[\]#*+()]*$`)

// escapeKeepCode escapes like escape but keeps `code spans` whose content is
// plainly safe, so that remediation text keeps its formatting.
func escapeKeepCode(s string) string {
	s = oneLine(s)
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return escape(s)
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(escape(p))
		case p != "" && safeCode.MatchString(p):
			b.WriteString("`" + p + "`")
		default:
			b.WriteString(escape("`" + p + "`"))
		}
	}
	return b.String()
}

// codeSpan renders a name or path s as inline code, with a fence longer than
// any backtick run inside it. Its control and bidi characters are shown as
// escapes and markers (safetext.Line, not folded: a line break in a name
// reads "\n"), which a code span shows literally.
func codeSpan(s string) string {
	s = safetext.Line(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// truncate shortens s to at most n runes, ending with an ellipsis.
func truncate(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
