package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/render/rendertest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// bigGovStack is a dpg+govstack report of every requirement, with as much
// detail as a large repository gives: the whole report does not fit in a
// comment.
func bigGovStack() *report.Report {
	r := rendertest.GovStack(100, 12)
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Message += "; " + strings.Repeat("what was found in the repository and where, ", 8)
		for j := range 8 {
			f.Evidence = append(f.Evidence, report.At(fmt.Sprintf("services/module-%d/config.yaml", j), j+1))
		}
	}
	return r
}

// TestGovStackCommentKeepsRequiredFixes: a comment on a large dpg+govstack
// report stays within GitHub's limit by leaving out, and saying so, the
// steps to clear review items and the fixes of recommended failures, but
// keeps how to fix every REQUIRED failure, and lists what is open before
// what passes, each with its level.
func TestGovStackCommentKeepsRequiredFixes(t *testing.T) {
	t.Parallel()
	r := bigGovStack()
	if n := runeLen(Comment(r, Options{}, 1<<30)); n <= 65536 {
		t.Fatalf("the case is too small to test the limit: %d characters", n)
	}
	got := Comment(r, Options{RunURL: "https://github.com/o/r/actions/runs/1"}, 65536)
	if n := runeLen(got); n > 65536 {
		t.Fatalf("comment has %d characters", n)
	}
	start := strings.Index(got, "How to fix")
	if start < 0 {
		t.Fatalf("no fixes in the comment:\n%s", got)
	}
	fixes, _, _ := strings.Cut(got[start:], "</details>")
	for _, f := range r.Findings {
		if f.Outcome == report.Fail && f.Level == criteria.Required && !strings.Contains(fixes, "**"+escape(label(Options{}, f))+" · ") {
			t.Errorf("the fix of REQUIRED %s is missing", f.ID)
		}
	}
	if !strings.Contains(got, "✂️ To stay within GitHub's limit of 65,536 characters per comment") || !strings.Contains(got, "[full report](https://github.com/o/r/actions/runs/1)") {
		t.Errorf("the comment does not say what it left out and where it is:\n%s", got[len(got)-800:])
	}
	gs := got[strings.Index(got, "#### GovStack"):]
	if i, j := strings.Index(gs, "| ❌ | REQUIRED |"), strings.Index(gs, "| 🟡 |"); i < 0 || j < 0 || i > j {
		t.Errorf("REQUIRED failures do not come first in the GovStack table")
	}
	if strings.Index(gs, "| ❌ | RECOMMENDED |") < strings.Index(gs, "| ❌ | REQUIRED |") {
		t.Errorf("a RECOMMENDED failure comes before a REQUIRED one")
	}
}

// TestTextShowsGovStackLevelsRequiredFirst: the text report names each
// GovStack requirement's level, REQUIRED ones first.
func TestTextShowsGovStackLevelsRequiredFirst(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Text(&buf, rendertest.GovStack(2, 1), Options{}); err != nil {
		t.Fatal(err)
	}
	var levels []string
	for _, l := range strings.Split(buf.String(), "\n") {
		if fields := strings.Fields(l); len(fields) > 2 && strings.HasPrefix(fields[1], "govstack-") {
			levels = append(levels, fields[2])
		}
	}
	if len(levels) == 0 {
		t.Fatalf("no GovStack lines:\n%s", buf.String())
	}
	seenRecommended := false
	for _, l := range levels {
		switch l {
		case "REQUIRED":
			if seenRecommended {
				t.Fatalf("a REQUIRED requirement after a RECOMMENDED one: %v", levels)
			}
		case "RECOMMENDED", "OPTIONAL":
			seenRecommended = true
		default:
			t.Fatalf("a GovStack line without its level: %v", levels)
		}
	}
}

// TestJobSummaryIsTheFullReport: the job summary, where the comment's "full
// report" link leads, shows every criterion, detail and fix, unfolded; only
// past GitHub's 1 MiB limit does it fold, and then it says so.
func TestJobSummaryIsTheFullReport(t *testing.T) {
	t.Parallel()
	r := bigGovStack()
	o := Options{RunURL: "https://github.com/o/r/actions/runs/1"}
	got := JobSummary(r, o, 1<<20)
	if got == Comment(r, o, 1<<20) {
		t.Fatal("the job summary is the comment")
	}
	for _, bad := range []string{"<details", "✂️", "more details in the full report", "[full report]"} {
		if strings.Contains(got, bad) {
			t.Errorf("the job summary has %q", bad)
		}
	}
	for _, f := range r.Findings {
		if !strings.Contains(got, " "+escape(label(o, f))+" · "+escape(f.Title)+" |") {
			t.Errorf("no row for %s", f.ID)
		}
		for _, d := range f.Details {
			if !strings.Contains(got, escape(d)) {
				t.Errorf("%s: detail %q is missing", f.ID, d)
			}
		}
		if f.Remediation != "" && !strings.Contains(got, escapeKeepCode(strings.Split(f.Remediation, "\n")[0])) {
			t.Errorf("%s: its next step is missing", f.ID)
		}
	}
	small := JobSummary(r, o, 40000)
	if len(small) > 40000 || !strings.Contains(small, "✂️ To stay within GitHub's limit of 1 MiB per job summary") {
		t.Errorf("a job summary over its limit (%d bytes) does not say what it left out", len(small))
	}
}
