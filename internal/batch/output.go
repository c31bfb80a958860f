package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// WriteJSON writes the summary as indented JSON (summary.json). Strings keep
// their exact content; bidi characters, DEL and C1 controls are written as
// \u escapes, as in dpgcheck's JSON report.
func WriteJSON(w io.Writer, s *Summary) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := w.Write(safetext.JSON(buf.Bytes()))
	return err
}

// WriteCSV writes one row per item (summary.csv): the target, its verdict
// (or "error"), licences, outcome counts, one column per criterion, and the
// error of an item that failed to evaluate. A cell a spreadsheet would read
// as a formula (starting with =, +, -, @, a tab or a carriage return) is
// prefixed with an apostrophe.
func WriteCSV(w io.Writer, s *Summary) error {
	cw := csv.NewWriter(w)
	head := []string{"target", "repository", "ref", "commit", "verdict", "licenses", "pass", "fail", "needs-review", "not-applicable", "unknown"}
	for _, c := range s.Criteria {
		head = append(head, c.ID)
	}
	head = append(head, "waived", "error_kind", "error", "file")
	if err := cw.Write(cells(head)); err != nil {
		return err
	}
	for _, r := range s.Evaluated {
		rec := []string{r.Target, r.Repository, r.Ref, r.Commit, r.Verdict, strings.Join(r.Licenses, " "),
			strconv.Itoa(r.Summary.Pass), strconv.Itoa(r.Summary.Fail), strconv.Itoa(r.Summary.NeedsReview),
			strconv.Itoa(r.Summary.NotApplicable), strconv.Itoa(r.Summary.Unknown)}
		for _, c := range s.Criteria {
			rec = append(rec, r.Outcomes[c.ID])
		}
		rec = append(rec, strings.Join(r.Waived, " "), "", "", r.Report)
		if err := cw.Write(cells(rec)); err != nil {
			return err
		}
	}
	for _, f := range s.Failed {
		rec := []string{f.Target, "", "", "", "error", "", "", "", "", "", ""}
		for range s.Criteria {
			rec = append(rec, "")
		}
		rec = append(rec, "", f.Kind, f.Error, f.File)
		if err := cw.Write(cells(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cells neutralises cells a spreadsheet would evaluate (CSV injection).
func cells(rec []string) []string {
	for i, c := range rec {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			rec[i] = "'" + c
		}
	}
	return rec
}

var outcomeIcon = map[string]string{
	string(report.Pass):          "✅",
	string(report.Fail):          "❌",
	string(report.NeedsReview):   "🟡",
	string(report.NotApplicable): "➖",
	string(report.Unknown):       "❔",
}

// waivedIcon marks a failing criterion that a waiver keeps from gating.
const waivedIcon = "⚪"

var verdictWords = []struct{ verdict, icon, words string }{
	{string(report.VerdictPass), "✅", "pass"},
	{string(report.VerdictFail), "❌", "fail"},
	{string(report.VerdictNeedsReview), "🟡", "need review"},
}

// WriteMarkdown writes the summary as a Markdown table (summary.md, and the
// workflow's job summary): one row per repository with its verdict, licence
// and each criterion's outcome, a total row with the counts of every column,
// then the items that failed to evaluate and why. Everything taken from the
// reports is escaped, so no name can inject markup, links or @mentions.
func WriteMarkdown(w io.Writer, s *Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", title(s))
	b.WriteString(verdictLine(s) + "\n\n")
	if len(s.Evaluated) > 0 {
		b.WriteString("| Repository | Verdict | Licence |")
		for _, c := range s.Criteria {
			b.WriteString(" " + mdEscape(c.ID) + " |")
		}
		b.WriteString("\n|---|---|---|")
		for range s.Criteria {
			b.WriteString(":-:|")
		}
		b.WriteString("\n")
		for _, r := range s.Evaluated {
			fmt.Fprintf(&b, "| %s | %s %s | %s |", mdTarget(r), outcomeIconFor(r.Verdict), mdEscape(r.Verdict), mdLicences(r.Licenses))
			for _, c := range s.Criteria {
				b.WriteString(" " + mdOutcome(r, c.ID) + " |")
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "| **Total** (%d) | %s | |", len(s.Evaluated), verdictCounts(s))
		for _, c := range s.Criteria {
			b.WriteString(" " + counts(c.Counts, "<br>") + " |")
		}
		b.WriteString("\n\n")
		b.WriteString("✅ pass · ❌ fail · 🟡 needs review · ➖ not applicable · ❔ unknown · ⚪ fails, waived\n\n")
		b.WriteString("| Criterion | | Pass | Fail | Needs review | N/A | Unknown |\n|---|---|--:|--:|--:|--:|--:|\n")
		for _, c := range s.Criteria {
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d |\n", mdEscape(c.ID), mdEscape(c.Title),
				c.Counts.Pass, c.Counts.Fail, c.Counts.NeedsReview, c.Counts.NotApplicable, c.Counts.Unknown)
		}
		b.WriteString("\n")
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(&b, "### Failed to evaluate (%d)\n\n| Repository | Why | |\n|---|---|---|\n", len(s.Failed))
		for _, f := range s.Failed {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdEscape(f.Target), mdEscape(f.Kind), mdEscape(cut(f.Error, 500)))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// title names what the summary covers.
func title(s *Summary) string {
	t := "dpgcheck: " + plural(len(s.Evaluated), "repository", "repositories") + " evaluated"
	if len(s.Failed) > 0 {
		t += fmt.Sprintf(", %d failed to evaluate", len(s.Failed))
	}
	return t
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func verdictLine(s *Summary) string {
	var parts []string
	for _, v := range verdictWords {
		parts = append(parts, fmt.Sprintf("%s %d %s", v.icon, s.Verdicts[v.verdict], v.words))
	}
	line := strings.Join(parts, " · ")
	if len(s.Failed) > 0 {
		line += fmt.Sprintf(" · ⚠️ %d failed to evaluate (below)", len(s.Failed))
	}
	return line
}

func verdictCounts(s *Summary) string {
	var parts []string
	for _, v := range verdictWords {
		if n := s.Verdicts[v.verdict]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", v.icon, n))
		}
	}
	return strings.Join(parts, " ")
}

// counts shows the non-zero outcome counts of a criterion.
func counts(c report.Summary, sep string) string {
	var parts []string
	for _, o := range report.Outcomes {
		if n := c.Count(o); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", outcomeIcon[string(o)], n))
		}
	}
	return strings.Join(parts, sep)
}

func outcomeIconFor(verdict string) string {
	if i, ok := outcomeIcon[verdict]; ok {
		return i
	}
	return "❔"
}

func mdOutcome(r Row, id string) string {
	o, ok := r.Outcomes[id]
	if !ok {
		return ""
	}
	if o == string(report.Fail) && slices.Contains(r.Waived, id) {
		return waivedIcon
	}
	return outcomeIcon[o]
}

func mdTarget(r Row) string {
	text := mdEscape(r.Target)
	if safeURL(r.URL) {
		text = "[" + text + "](" + r.URL + ")"
	}
	if len(r.Commit) >= 7 && isHex(r.Commit) {
		text += " `" + r.Commit[:7] + "`"
	}
	return text
}

func mdLicences(ls []string) string {
	if len(ls) == 0 {
		return "—"
	}
	const show = 3
	var parts []string
	for _, l := range ls[:min(len(ls), show)] {
		parts = append(parts, mdEscape(cut(l, 80)))
	}
	if len(ls) > show {
		parts = append(parts, fmt.Sprintf("+%d", len(ls)-show))
	}
	return strings.Join(parts, ", ")
}

// safeURLPattern is the only shape of link the summary writes: a
// repository's tree at a commit, built by treeURL from checked names.
var safeURLPattern = lazyregexp.New(`^https://[a-z0-9.:-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/tree/[0-9a-f]{40}([0-9a-f]{24})?$`)

func safeURL(u string) bool { return safeURLPattern.MatchString(u) }

// mdEscape makes text from a report inert in a Markdown table cell: one
// line, control and bidi characters shown as escapes, Markdown's special
// characters escaped, HTML's written as entities, and @mentions broken.
func mdEscape(s string) string {
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
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!', '(', ')':
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

// oneLine joins the lines of s and shows control and bidi characters as
// visible escapes.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " ")
	}
	return safetext.Line(s)
}

// WriteHTML writes the summary as a self-contained HTML page (summary.html):
// the table of WriteMarkdown, with each criterion's title on its column and
// each cell's outcome in words on hover. html/template escapes every value;
// control and bidi characters are shown as escapes.
func WriteHTML(w io.Writer, s *Summary) error {
	type cell struct{ Icon, Word, Class string }
	type htmlRow struct {
		Target, URL, Commit, Verdict, VerdictIcon, Licences string
		Cells                                               []cell
	}
	type htmlCriterion struct {
		ID, Title, Counts string
		N                 report.Summary
	}
	type htmlFailure struct{ Target, Kind, Error string }
	var data struct {
		Title, Verdicts string
		Criteria        []htmlCriterion
		Rows            []htmlRow
		Total           string
		Failed          []htmlFailure
	}
	data.Title = title(s)
	data.Verdicts = verdictLine(s)
	for _, c := range s.Criteria {
		data.Criteria = append(data.Criteria, htmlCriterion{ID: oneLine(c.ID), Title: oneLine(c.Title), Counts: counts(c.Counts, " "), N: c.Counts})
	}
	for _, r := range s.Evaluated {
		hr := htmlRow{Target: oneLine(r.Target), Verdict: oneLine(r.Verdict), VerdictIcon: outcomeIconFor(r.Verdict),
			Licences: oneLine(strings.Join(r.Licenses, ", "))}
		if safeURL(r.URL) {
			hr.URL = r.URL
		}
		if len(r.Commit) >= 7 && isHex(r.Commit) {
			hr.Commit = r.Commit[:7]
		}
		for _, c := range s.Criteria {
			o := r.Outcomes[c.ID]
			icon, word := outcomeIcon[o], o
			if o == string(report.Fail) && slices.Contains(r.Waived, c.ID) {
				icon, word = waivedIcon, "fail (waived)"
			}
			hr.Cells = append(hr.Cells, cell{Icon: icon, Word: word, Class: o})
		}
		data.Rows = append(data.Rows, hr)
	}
	data.Total = fmt.Sprintf("Total (%d)", len(s.Evaluated))
	for _, f := range s.Failed {
		data.Failed = append(data.Failed, htmlFailure{Target: oneLine(f.Target), Kind: oneLine(f.Kind), Error: oneLine(cut(f.Error, 2000))})
	}
	var buf bytes.Buffer
	if err := htmlPage.Execute(&buf, data); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var htmlPage = template.Must(template.New("summary").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.o { text-align: center; }
td.fail { background: #ffebe9; } td.pass { background: #dafbe1; } td.needs-review { background: #fff8c5; }
tr.total td { font-weight: 600; background: #f6f8fa; }
code { font-size: 90%; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Verdicts}}</p>
{{if .Rows}}<table>
<thead><tr><th>Repository</th><th>Verdict</th><th>Licence</th>{{range .Criteria}}<th title="{{.Title}}">{{.ID}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{if .URL}}<a href="{{.URL}}">{{.Target}}</a>{{else}}{{.Target}}{{end}}{{if .Commit}} <code>{{.Commit}}</code>{{end}}</td><td>{{.VerdictIcon}} {{.Verdict}}</td><td>{{.Licences}}</td>{{range .Cells}}<td class="o {{.Class}}" title="{{.Word}}">{{.Icon}}</td>{{end}}</tr>
{{end}}<tr class="total"><td>{{.Total}}</td><td></td><td></td>{{range .Criteria}}<td title="{{.Title}}">{{.Counts}}</td>{{end}}</tr>
</tbody>
</table>
<p>✅ pass · ❌ fail · 🟡 needs review · ➖ not applicable · ❔ unknown · ⚪ fails, waived</p>
<table>
<thead><tr><th>Criterion</th><th></th><th>Pass</th><th>Fail</th><th>Needs review</th><th>N/A</th><th>Unknown</th></tr></thead>
<tbody>
{{range .Criteria}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td>{{.N.Pass}}</td><td>{{.N.Fail}}</td><td>{{.N.NeedsReview}}</td><td>{{.N.NotApplicable}}</td><td>{{.N.Unknown}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{if .Failed}}<h2>Failed to evaluate ({{len .Failed}})</h2>
<table>
<thead><tr><th>Repository</th><th>Why</th><th></th></tr></thead>
<tbody>
{{range .Failed}}<tr><td>{{.Target}}</td><td>{{.Kind}}</td><td>{{.Error}}</td></tr>
{{end}}</tbody>
</table>{{end}}
</body>
</html>
`))
