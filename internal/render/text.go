package render

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiGrey   = "\x1b[90m"
)

var textOutcome = map[report.Outcome]struct{ word, color string }{
	report.Pass:          {"pass", ansiGreen},
	report.Fail:          {"FAIL", ansiRed + ansiBold},
	report.NeedsReview:   {"review", ansiYellow},
	report.NotApplicable: {"n/a", ansiGrey},
	report.Unknown:       {"unknown", ansiBlue},
}

// Text writes the report for a terminal: one line per criterion with its
// outcome and reason, then its evidence and the next step, then the verdict.
// Every line is written through textPrinter.line, which makes the control
// and bidi characters of repository text visible before it adds colour.
func Text(w io.Writer, r *report.Report, o Options) error {
	p := &textPrinter{w: w, color: o.Color}
	var stds []string
	for _, s := range r.Standards {
		stds = append(stds, standardName(o, s)+" "+s.Version)
	}
	p.line(seg{ansiBold, fmt.Sprintf("dpgcheck %s · %s · %s", r.Tool.Version, strings.Join(stds, ", "), targetName(r))})
	p.blank()
	const indent = "                  " // 18 spaces: under the criterion's text
	for _, f := range requiredFirst(r) {
		oc := textOutcome[f.Outcome]
		status := fmt.Sprintf("%-7s", oc.word)
		if f.Waived != nil {
			status = fmt.Sprintf("%-7s", "waived")
			oc.color = ansiGrey
		}
		level := ""
		if isGovStackEdition(f.Standard) {
			level = "  " + strings.ToUpper(string(f.Level))
		}
		p.line(seg{oc.color, status}, plain("  "), seg{ansiBold, fmt.Sprintf("%-7s", f.ID)}, plain(fmt.Sprintf("%s  %s — %s", level, f.Title, oneLine(f.Message))))
		if f.Base != nil && f.Change != report.Unchanged {
			line := fmt.Sprintf("%s since the base (was %s)", f.Change, f.Base.Outcome)
			if len(f.NewConcerns) > 0 {
				line += "; new: " + strings.Join(f.NewConcerns, "; ")
			}
			if len(f.BrokenBy) > 0 {
				var at []string
				for _, e := range f.BrokenBy {
					at = append(at, e.String())
				}
				line += "; changed here: " + strings.Join(at, ", ")
			}
			p.line(plain(indent), seg{ansiYellow, line})
		}
		if len(f.Evidence) > 0 {
			var ev []string
			for _, e := range f.Evidence[:min(len(f.Evidence), 5)] {
				ev = append(ev, e.String())
			}
			if len(f.Evidence) > 5 {
				ev = append(ev, fmt.Sprintf("+%d more", len(f.Evidence)-5))
			}
			p.line(plain(indent), seg{ansiDim, "evidence:"}, plain(" "+strings.Join(ev, ", ")))
		}
		for _, d := range f.Details[:min(len(f.Details), 6)] {
			p.line(plain(indent), seg{ansiDim, "· " + oneLine(d)})
		}
		if f.Waived != nil {
			p.line(plain(indent), seg{ansiDim, "waived:"}, plain(fmt.Sprintf(" %s (%s)", oneLine(f.Waived.Reason), f.Waived.Source)))
		} else if f.Remediation != "" {
			p.remediation(indent, f.Remediation)
		}
	}
	p.blank()
	verdictColor := map[report.Verdict]string{report.VerdictPass: ansiGreen, report.VerdictFail: ansiRed, report.VerdictNeedsReview: ansiYellow}[r.Verdict]
	c := r.Counts(o.failOn())
	p.line(seg{verdictColor + ansiBold, "verdict: " + strings.ToUpper(string(r.Verdict))}, plain(" — "+verdictLine(r, c, o.failOn())))
	if by := levelTally(c); by != "" {
		p.line(seg{ansiDim, "by level: " + by})
	}
	if sc := r.Scan; sc != nil {
		line := fmt.Sprintf("scanned %d files, read %d bytes", sc.Files, sc.BytesRead)
		if len(sc.Skipped) > 0 {
			line += "; skipped " + skippedList(sc.Skipped)
		}
		p.line(seg{ansiDim, line})
	}
	if pr := r.PullRequest; pr != nil {
		if pr.Known() {
			p.line(seg{ansiDim, fmt.Sprintf("compared with base %s (%s): %d regressed, %d fixed, %d unchanged", shortSHA(pr.Base.Commit), pr.Base.Source,
				len(c.New), len(c.Fixed), len(pr.Unchanged))})
		}
		for _, d := range pr.Dependencies {
			if d.Status != "ok" {
				p.line(plain(fmt.Sprintf("dependency %s %s %s (%s): %s — %s", d.Change, d.Ecosystem, d.Name, orDash(d.License), d.Status, oneLine(d.Reason))))
			}
		}
	}
	for _, n := range r.Notices {
		p.line(seg{ansiDim, "note: " + oneLine(n)})
	}
	return p.err
}

// requiredFirst orders the findings for the text report: by standard, and
// a GovStack edition's REQUIRED requirements before its RECOMMENDED and
// OPTIONAL ones, each in catalogue order.
func requiredFirst(r *report.Report) []report.Finding {
	rank := func(f report.Finding) int {
		if isGovStackEdition(f.Standard) {
			return levelRank(f.Level)
		}
		return 0
	}
	standard := func(f report.Finding) int {
		return slices.IndexFunc(r.Standards, func(s report.StandardRef) bool { return s.ID == f.Standard })
	}
	fs := slices.Clone(r.Findings)
	slices.SortStableFunc(fs, func(a, b report.Finding) int {
		return cmp.Or(cmp.Compare(standard(a), standard(b)), cmp.Compare(rank(a), rank(b)))
	})
	return fs
}

type textPrinter struct {
	w     io.Writer
	color bool
	err   error
}

// seg is a piece of a line of text output and its colour ("" for none).
type seg struct{ color, text string }

func plain(s string) seg { return seg{"", s} }

func (p *textPrinter) paint(code, s string) string {
	if !p.color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// line writes one line of segments. Each segment's text is made safe with
// safetext.Line (so no text, from the repository or not, can move the
// cursor, start a line or reorder it) and only then painted.
func (p *textPrinter) line(segs ...seg) {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(p.paint(s.color, safetext.Line(s.text)))
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(p.w, b.String()); err != nil && p.err == nil {
		p.err = err
	}
}

func (p *textPrinter) blank() { p.line() }

// remediation writes the next step: its first line after "next:", and the
// lines after it (a YAML example of dpgcheck's own) as an indented block
// that keeps their own indentation, so it can be copied as it is.
func (p *textPrinter) remediation(indent, text string) {
	first, block, _ := strings.Cut(text, "\n")
	p.line(plain(indent), seg{ansiDim, "next:"}, plain(" "+oneLine(first)))
	if block == "" {
		return
	}
	for _, l := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		p.line(plain(indent+"      "), plain(strings.TrimRight(l, " \t\r")))
	}
}

func targetName(r *report.Report) string {
	if r.Target.Repository != "" {
		name := r.Target.Repository
		if r.Target.Commit != "" {
			name += "@" + shortSHA(r.Target.Commit)
		}
		return name
	}
	return r.Target.Path
}

func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// oneLine folds prose onto one line: each run of line breaks and tabs
// becomes one space (dpgcheck's own messages span lines), and every other
// control or bidi character of repository text is shown as a visible
// escape (safetext.Line), so it cannot move the cursor, forge a line or
// reorder text in a terminal, log, table or comment. Names and paths are not
// folded: safetext.Line shows their line breaks as "\n".
func oneLine(s string) string {
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " ")
	}
	return safetext.Line(s)
}

func skippedList(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
