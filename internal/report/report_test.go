package report

import (
	"slices"
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
	if r.Summary != want || r.Verdict != VerdictFail || len(r.Counts(FailOnRequired).Gating) != 1 {
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

// TestCountsPartitionEveryCriterion: each criterion is counted once, a
// waived one as waived whatever its outcome, and the cross-cutting lists
// follow the policy and the comparison.
func TestCountsPartitionEveryCriterion(t *testing.T) {
	t.Parallel()
	req, rec := criteria.Required, criteria.Recommended
	withID := func(f Finding, id string) Finding { f.ID = id; return f }
	r := &Report{Findings: []Finding{
		withID(ch(f(req, Fail, false), Regressed), "a"),
		withID(f(rec, Fail, false), "b"),
		withID(f(req, Fail, true), "c"),
		withID(ch(f(req, NeedsReview, false), Regressed), "d"),
		withID(f(rec, Unknown, false), "e"),
		withID(ch(f(req, Pass, false), Fixed), "g"),
		withID(f(rec, NotApplicable, false), "h"),
	}, PullRequest: &PullRequest{Base: BaseTarget{Status: BaseEvaluated}}}
	c := r.Counts(FailOnRequired)
	parts := [][]string{c.Failing, c.Review, c.Unknown, c.Passing, c.NotApplicable, c.Waived}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n != c.Total || c.Total != 7 {
		t.Errorf("the parts hold %d criteria, total %d, want 7", n, c.Total)
	}
	if !slices.Equal(c.Failing, []string{"a", "b"}) || !slices.Equal(c.Waived, []string{"c"}) || c.ToReview() != 2 {
		t.Errorf("failing %v waived %v to review %d", c.Failing, c.Waived, c.ToReview())
	}
	if !slices.Equal(c.Gating, []string{"a"}) || !slices.Equal(c.New, []string{"a", "d"}) || !slices.Equal(c.Fixed, []string{"g"}) {
		t.Errorf("gating %v new %v fixed %v", c.Gating, c.New, c.Fixed)
	}
	if got := r.Counts(FailOnAny).Gating; !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("fail-on any gating %v", got)
	}
	if got := r.Counts(FailOnRegression).Gating; !slices.Equal(got, []string{"a", "d"}) {
		t.Errorf("fail-on regression gating %v", got)
	}
	if l := c.Level(req); l.Failing != 1 || l.Waived != 1 || l.Review != 1 || l.Passing != 1 || l.Total() != 4 {
		t.Errorf("required counts %+v", l)
	}
	if len(c.ByLevel) != 2 || c.ByLevel[0].Level != req {
		t.Errorf("by level %+v, want required first", c.ByLevel)
	}
}

// TestPolicyWithoutABase: fail-on regression cannot tell new from old
// without the base, so the report is decided, and counted, like required.
func TestPolicyWithoutABase(t *testing.T) {
	t.Parallel()
	r := &Report{Findings: []Finding{f(criteria.Required, Fail, false)}, PullRequest: &PullRequest{Base: BaseTarget{Status: BaseUnknown}}}
	r.Finalize(FailOnRegression)
	if r.Verdict != VerdictFail || len(r.Counts(FailOnRegression).Gating) != 1 || !r.Gates(FailOnRegression) {
		t.Errorf("verdict %s, gating %v", r.Verdict, r.Counts(FailOnRegression).Gating)
	}
}
