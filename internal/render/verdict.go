package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// verdictLine says why the verdict is what it is and counts every
// criterion: "1 required criterion fails (dpg-5); 3 new in this PR · 1
// failing · 1 to review · 2 passing". The text report, the comment and the
// job summary all open with it.
func verdictLine(r *report.Report, c report.Counts, failOn report.FailOn) string {
	return verdictReason(r, c, r.Policy(failOn)) + "; " + tally(c)
}

// verdictReason names what gates the merge under the policy failOn, or
// what holds the verdict at needs-review.
func verdictReason(r *report.Report, c report.Counts, failOn report.FailOn) string {
	required := "required "
	if failOn == report.FailOnAny {
		required = ""
	}
	n := len(c.Gating)
	switch {
	case r.Verdict == report.VerdictFail && failOn == report.FailOnRegression:
		return fmt.Sprintf("%d required %s by this PR (%s)", n, pick(n, "criterion regressed", "criteria regressed"), idsUpTo(c.Gating, 5))
	case r.Verdict == report.VerdictFail:
		return fmt.Sprintf("%d %s%s (%s)", n, required, pick(n, "criterion fails", "criteria fail"), idsUpTo(c.Gating, 5))
	case failOn == report.FailOnRegression:
		s := "no required criterion regressed by this PR"
		if old := len(c.Failing) - len(intersect(c.Failing, c.New)); old > 0 {
			s += fmt.Sprintf("; %d older %s not gate", old, pick(old, "failure does", "failures do"))
		}
		return s
	case r.Verdict == report.VerdictNeedsReview:
		held := c.ToReview()
		if failOn != report.FailOnAny {
			l := c.Level(criteria.Required)
			held = l.Review + l.Unknown
		}
		return fmt.Sprintf("no %scriterion fails; %d %s a person's review or attestation", required, held, pick(held, "needs", "need"))
	}
	return fmt.Sprintf("no %scriterion fails or needs review", required)
}

// tally counts every criterion, once each, plus what a pull request
// changed: "3 new in this PR · 1 fixed by this PR · 14 failing (2 required) ·
// 43 to review · 19 passing · 13 not applicable · 1 waived". It is the check
// run's title. Counts of zero are left out.
func tally(c report.Counts) string {
	var parts []string
	if n := len(c.New); n > 0 {
		parts = append(parts, fmt.Sprintf("%d new in this PR", n))
	}
	if n := len(c.Fixed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d fixed by this PR", n))
	}
	if n := len(c.Failing); n > 0 {
		s := fmt.Sprintf("%d failing", n)
		if req := c.Level(criteria.Required).Failing; req > 0 && req < n {
			s += fmt.Sprintf(" (%d required)", req)
		}
		parts = append(parts, s)
	}
	if n := c.ToReview(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d to review", n))
	}
	if n := len(c.Passing); n > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d passing", n))
	}
	if n := len(c.NotApplicable); n > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", n))
	}
	if n := len(c.Waived); n > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", n))
	}
	return strings.Join(parts, " · ")
}

// levelTally counts every criterion by level ("required: 2 failing · 3
// passing; recommended: 12 failing · 16 passing"), "" when the report has
// only one level.
func levelTally(c report.Counts) string {
	if len(c.ByLevel) < 2 {
		return ""
	}
	var parts []string
	for _, l := range c.ByLevel {
		var ps []string
		for _, p := range []struct {
			n    int
			what string
		}{{l.Failing, "failing"}, {l.Review + l.Unknown, "to review"}, {l.Passing, "passing"}, {l.NotApplicable, "not applicable"}, {l.Waived, "waived"}} {
			if p.n > 0 {
				ps = append(ps, fmt.Sprintf("%d %s", p.n, p.what))
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %s", l.Level, strings.Join(ps, " · ")))
	}
	return strings.Join(parts, "; ")
}

// idsUpTo lists up to n ids and says how many more there are.
func idsUpTo(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// intersect returns the ids of a that are also in b.
func intersect(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(id string) bool { return !slices.Contains(b, id) })
}
