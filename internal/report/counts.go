package report

import "github.com/dpgcheck/dpgcheck/internal/criteria"

// Counts are the numbers of a report that every surface shows: the
// comment's heading, "New in this PR" and table, the check run's title and
// summary, the job summary, the Action's outputs, the text verdict and the
// exit code. They are computed here once, so no two surfaces disagree.
//
// Each criterion is in exactly one of Failing, Review, Unknown, Passing,
// NotApplicable and Waived; Gating, New and Fixed cut across them. Every
// list holds criterion ids in report order.
type Counts struct {
	Total         int
	Failing       []string // fail, not waived, at any level
	Review        []string // needs-review, not waived
	Unknown       []string // unknown, not waived
	Passing       []string
	NotApplicable []string
	Waived        []string // waived, whatever the outcome
	// Gating are the criteria that make the verdict fail under the policy.
	Gating []string
	// New are the criteria a pull request made regress (a new failure or a
	// new concern), Fixed those it fixed; both are empty outside a pull
	// request and when its base is unknown.
	New, Fixed []string
	// ByLevel counts the criteria of each level present, required first.
	ByLevel []LevelCounts
}

// LevelCounts are the counts of the criteria of one level.
type LevelCounts struct {
	Level                                                    criteria.Level
	Failing, Review, Unknown, Passing, NotApplicable, Waived int
}

// Total is the number of criteria of the level.
func (l LevelCounts) Total() int {
	return l.Failing + l.Review + l.Unknown + l.Passing + l.NotApplicable + l.Waived
}

// ToReview is the number of criteria a person must review or that could not
// be decided (not waived).
func (c Counts) ToReview() int { return len(c.Review) + len(c.Unknown) }

// Level returns the counts of one level (zero when none has it).
func (c Counts) Level(l criteria.Level) LevelCounts {
	for _, lc := range c.ByLevel {
		if lc.Level == l {
			return lc
		}
	}
	return LevelCounts{Level: l}
}

// Counts counts the report's findings under the gating policy failOn.
func (r *Report) Counts(failOn FailOn) Counts {
	return Count(r.Findings, r.Policy(failOn))
}

// Count counts findings (of one standard, say) under failOn as given.
func Count(findings []Finding, failOn FailOn) Counts {
	c := Counts{Total: len(findings)}
	levels := map[criteria.Level]*LevelCounts{}
	for _, f := range findings {
		lc := levels[f.Level]
		if lc == nil {
			lc = &LevelCounts{Level: f.Level}
			levels[f.Level] = lc
		}
		switch {
		case f.Waived != nil:
			c.Waived = append(c.Waived, f.ID)
			lc.Waived++
		case f.Outcome == Fail:
			c.Failing = append(c.Failing, f.ID)
			lc.Failing++
		case f.Outcome == NeedsReview:
			c.Review = append(c.Review, f.ID)
			lc.Review++
		case f.Outcome == Pass:
			c.Passing = append(c.Passing, f.ID)
			lc.Passing++
		case f.Outcome == NotApplicable:
			c.NotApplicable = append(c.NotApplicable, f.ID)
			lc.NotApplicable++
		default:
			c.Unknown = append(c.Unknown, f.ID)
			lc.Unknown++
		}
		if f.Gating(failOn) {
			c.Gating = append(c.Gating, f.ID)
		}
		switch f.Change {
		case Regressed:
			c.New = append(c.New, f.ID)
		case Fixed:
			c.Fixed = append(c.Fixed, f.ID)
		}
	}
	for _, l := range []criteria.Level{criteria.Required, criteria.Recommended, criteria.Optional} {
		if lc := levels[l]; lc != nil {
			c.ByLevel = append(c.ByLevel, *lc)
			delete(levels, l)
		}
	}
	for _, lc := range levels { // a level the catalogue does not know: last
		c.ByLevel = append(c.ByLevel, *lc)
	}
	return c
}

// Policy is the gating policy a report is decided under: fail-on regression
// gates like required when a pull request's base is unknown, since nothing
// can then be called new.
func (r *Report) Policy(failOn FailOn) FailOn {
	if failOn == FailOnRegression && r.PullRequest != nil && !r.PullRequest.Known() {
		return FailOnRequired
	}
	return failOn
}
