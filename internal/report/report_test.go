package report

import (
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
)

func f(level criteria.Level, o Outcome, waived bool) Finding {
	x := Finding{ID: "x", Level: level, Outcome: o}
	if waived {
		x.Waived = &Waiver{Reason: "r"}
	}
	return x
}

func TestDecide(t *testing.T) {
	t.Parallel()
	req, rec := criteria.Required, criteria.Recommended
	tests := []struct {
		name     string
		findings []Finding
		failOn   FailOn
		want     Verdict
	}{
		{"all pass", []Finding{f(req, Pass, false), f(req, NotApplicable, false)}, FailOnRequired, VerdictPass},
		{"required fail", []Finding{f(req, Pass, false), f(req, Fail, false)}, FailOnRequired, VerdictFail},
		{"required fail, never", []Finding{f(req, Fail, false)}, FailOnNever, VerdictFail},
		{"waived fail", []Finding{f(req, Fail, true)}, FailOnRequired, VerdictPass},
		{"recommended fail, required", []Finding{f(rec, Fail, false)}, FailOnRequired, VerdictPass},
		{"recommended fail, any", []Finding{f(rec, Fail, false)}, FailOnAny, VerdictFail},
		{"needs review", []Finding{f(req, Pass, false), f(req, NeedsReview, false)}, FailOnRequired, VerdictNeedsReview},
		{"unknown is never pass", []Finding{f(req, Unknown, false)}, FailOnRequired, VerdictNeedsReview},
		{"recommended review ignored", []Finding{f(rec, NeedsReview, false)}, FailOnRequired, VerdictPass},
		{"fail beats review", []Finding{f(req, NeedsReview, false), f(req, Fail, false)}, FailOnRequired, VerdictFail},
		{"regression: old debt is not a failure", []Finding{ch(f(req, Fail, false), Unchanged)}, FailOnRegression, VerdictNeedsReview},
		{"regression: new failure", []Finding{ch(f(req, Pass, false), Unchanged), ch(f(req, Fail, false), Regressed)}, FailOnRegression, VerdictFail},
		{"regression: new concern without a failure", []Finding{ch(f(req, NeedsReview, false), Regressed)}, FailOnRegression, VerdictFail},
		{"regression: recommended regression", []Finding{ch(f(rec, Fail, false), Regressed)}, FailOnRegression, VerdictPass},
		{"regression: waived regression", []Finding{ch(f(req, Fail, true), Regressed)}, FailOnRegression, VerdictPass},
		{"regression: fixed", []Finding{ch(f(req, Pass, false), Fixed)}, FailOnRegression, VerdictPass},
	}
	for _, tt := range tests {
		if got := Decide(tt.findings, tt.failOn); got != tt.want {
			t.Errorf("%s: Decide = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func ch(f Finding, c Change) Finding {
	f.Change = c
	return f
}

func TestFinalizeCounts(t *testing.T) {
	t.Parallel()
	r := &Report{Findings: []Finding{f(criteria.Required, Pass, false), f(criteria.Required, Fail, false),
		f(criteria.Required, NeedsReview, false), f(criteria.Required, NotApplicable, false), f(criteria.Required, Unknown, false)}}
	r.Finalize(FailOnRequired)
	want := Summary{Pass: 1, Fail: 1, NeedsReview: 1, NotApplicable: 1, Unknown: 1}
	if r.Summary != want || r.Verdict != VerdictFail || len(r.Failing(FailOnRequired)) != 1 {
		t.Errorf("Finalize: summary %+v verdict %s", r.Summary, r.Verdict)
	}
	for _, o := range Outcomes {
		if r.Summary.Count(o) != 1 {
			t.Errorf("Count(%s) = %d", o, r.Summary.Count(o))
		}
	}
}

func TestParseFailOn(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"required", "any", "never", "regression"} {
		if _, err := ParseFailOn(s); err != nil {
			t.Errorf("ParseFailOn(%q): %v", s, err)
		}
	}
	if _, err := ParseFailOn("regressions"); err == nil {
		t.Error("ParseFailOn(regressions) succeeded")
	}
}

func TestEvidenceString(t *testing.T) {
	t.Parallel()
	for e, want := range map[Evidence]string{At("LICENSE", 3): "LICENSE:3", At("docs/", 0): "docs/", Link("https://x.org"): "https://x.org"} {
		if got := e.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", e, got, want)
		}
	}
}
