package render

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
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
func Text(w io.Writer, r *report.Report, o Options) error {
	p := &textPrinter{w: w, color: o.Color}
	var stds []string
	for _, s := range r.Standards {
		stds = append(stds, standardName(o, s)+" "+s.Version)
	}
	p.line(ansiBold, fmt.Sprintf("dpgcheck %s · %s · %s", r.Tool.Version, strings.Join(stds, ", "), targetName(r)))
	p.blank()
	for _, f := range r.Findings {
		oc := textOutcome[f.Outcome]
		status := fmt.Sprintf("%-7s", oc.word)
		if f.Waived != nil {
			status = fmt.Sprintf("%-7s", "waived")
			oc.color = ansiGrey
		}
		fmt.Fprintf(w, "%s  %s  %s — %s\n", p.paint(oc.color, status), p.paint(ansiBold, fmt.Sprintf("%-7s", f.ID)), f.Title, oneLine(f.Message))
		indent := strings.Repeat(" ", 18)
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
			fmt.Fprintf(w, "%s%s\n", indent, p.paint(ansiYellow, oneLine(line)))
		}
		if len(f.Evidence) > 0 {
			var ev []string
			for _, e := range f.Evidence[:min(len(f.Evidence), 5)] {
				ev = append(ev, e.String())
			}
			if len(f.Evidence) > 5 {
				ev = append(ev, fmt.Sprintf("+%d more", len(f.Evidence)-5))
			}
			fmt.Fprintf(w, "%s%s %s\n", indent, p.paint(ansiDim, "evidence:"), strings.Join(ev, ", "))
		}
		for _, d := range f.Details[:min(len(f.Details), 6)] {
			fmt.Fprintf(w, "%s%s\n", indent, p.paint(ansiDim, "· "+oneLine(d)))
		}
		if f.Waived != nil {
			fmt.Fprintf(w, "%s%s %s (%s)\n", indent, p.paint(ansiDim, "waived:"), oneLine(f.Waived.Reason), f.Waived.Source)
		} else if f.Remediation != "" {
			fmt.Fprintf(w, "%s%s %s\n", indent, p.paint(ansiDim, "next:"), oneLine(f.Remediation))
		}
	}
	p.blank()
	verdictColor := map[report.Verdict]string{report.VerdictPass: ansiGreen, report.VerdictFail: ansiRed, report.VerdictNeedsReview: ansiYellow}[r.Verdict]
	s := r.Summary
	p.line("", p.paint(verdictColor+ansiBold, "verdict: "+strings.ToUpper(string(r.Verdict)))+" — "+verdictLine(r, o.failOn()))
	p.line(ansiDim, fmt.Sprintf("%d pass · %d fail · %d review · %d n/a · %d unknown", s.Pass, s.Fail, s.NeedsReview, s.NotApplicable, s.Unknown))
	if sc := r.Scan; sc != nil {
		line := fmt.Sprintf("scanned %d files, read %d bytes", sc.Files, sc.BytesRead)
		if len(sc.Skipped) > 0 {
			line += "; skipped " + skippedList(sc.Skipped)
		}
		p.line(ansiDim, line)
	}
	if pr := r.PullRequest; pr != nil {
		if pr.Known() {
			p.line(ansiDim, fmt.Sprintf("compared with base %s (%s): %d regressed, %d fixed, %d unchanged", shortSHA(pr.Base.Commit), pr.Base.Source,
				len(pr.Regressed), len(pr.Fixed), len(pr.Unchanged)))
		}
		for _, d := range pr.Dependencies {
			if d.Status != "ok" {
				p.line("", fmt.Sprintf("dependency %s %s %s (%s): %s — %s", d.Change, d.Ecosystem, oneLine(d.Name), oneLine(orDash(d.License)), d.Status, oneLine(d.Reason)))
			}
		}
	}
	for _, n := range r.Notices {
		p.line(ansiDim, "note: "+oneLine(n))
	}
	return p.err
}

type textPrinter struct {
	w     io.Writer
	color bool
	err   error
}

func (p *textPrinter) paint(code, s string) string {
	if !p.color || code == "" {
		return s
	}
	return code + s + ansiReset
}

func (p *textPrinter) line(code, s string) {
	if _, err := fmt.Fprintln(p.w, p.paint(code, s)); err != nil && p.err == nil {
		p.err = err
	}
}

func (p *textPrinter) blank() { p.line("", "") }

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

// oneLine folds a text onto one line and strips control characters, so that
// repository text cannot move the cursor or forge lines in a terminal or log.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			space = true
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// dropped
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

func skippedList(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
