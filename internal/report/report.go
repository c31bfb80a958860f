// Package report owns the result model that every output is rendered from: a
// Report of Findings, one per criterion, each with exactly one Outcome, and the
// policy that turns findings into a verdict. It does no I/O.
package report

import (
	"fmt"
	"strconv"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
)

// FormatVersion is the version of the JSON report format.
const FormatVersion = 1

// Outcome is the result of evaluating one criterion.
type Outcome string

// The outcomes. A criterion the tool cannot decide is Unknown, never Pass.
const (
	Pass          Outcome = "pass"
	Fail          Outcome = "fail"
	NeedsReview   Outcome = "needs-review"   // only a person can confirm it and no attestation was given
	NotApplicable Outcome = "not-applicable" // the criterion does not apply to this project
	Unknown       Outcome = "unknown"        // the tool could not decide (for example an API call failed)
)

// Outcomes lists every outcome in display order.
var Outcomes = []Outcome{Pass, Fail, NeedsReview, NotApplicable, Unknown}

// Valid reports whether o is one of the defined outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case Pass, Fail, NeedsReview, NotApplicable, Unknown:
		return true
	}
	return false
}

// Evidence points at what a finding is based on: a file and line in the
// repository, or a URL.
type Evidence struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	URL  string `json:"url"`
}

// String returns "path:line", "path" or the URL.
func (e Evidence) String() string {
	switch {
	case e.Path != "" && e.Line > 0:
		return e.Path + ":" + strconv.Itoa(e.Line)
	case e.Path != "":
		return e.Path
	}
	return e.URL
}

// At is shorthand for file evidence.
func At(path string, line int) Evidence { return Evidence{Path: path, Line: line} }

// Link is shorthand for URL evidence.
func Link(url string) Evidence { return Evidence{URL: url} }

// Waiver records that the project's configuration waives a finding; gating
// ignores waived findings, reports still show them.
type Waiver struct {
	Reason  string   `json:"reason"`
	Expires string   `json:"expires,omitempty"`
	Source  Evidence `json:"source"`
}

// Finding is the evaluation of one criterion.
type Finding struct {
	ID          string         `json:"id"`
	Standard    string         `json:"standard"`
	Title       string         `json:"title"`
	Level       criteria.Level `json:"level"`
	Outcome     Outcome        `json:"outcome"`
	Message     string         `json:"message"`
	Evidence    []Evidence     `json:"evidence"`
	Remediation string         `json:"remediation"`
	Docs        string         `json:"docs"`
	Waived      *Waiver        `json:"waived"`
	// The criterion as the catalogue describes it, so that every surface can
	// present a finding without the catalogue (a building block's API
	// criterion exists only in its run): the standard's own short label
	// ("9A", "security#req-5"), what it requires, what to do when it is not
	// met, and for GovStack its family and the 23Q4 rules it replaces.
	Label       string   `json:"label,omitempty"`
	Requirement string   `json:"requirement,omitempty"`
	Guidance    string   `json:"guidance,omitempty"`
	Family      string   `json:"family,omitempty"`
	Previously  []string `json:"previously,omitempty"`
	// Details are supporting lines: items found, hints, conflicts.
	Details []string `json:"details,omitempty"`
	// API is set on a building block's API conformance finding.
	API *APICoverage `json:"api,omitempty"`
	// Concerns name the specific problems behind the outcome (a closed
	// component, an incompatible dependency), each a stable key, so that a
	// pull request's new problems can be told from old ones even when the
	// outcome stays the same.
	Concerns []string `json:"concerns,omitempty"`

	// The fields below are set only when a pull request is compared with
	// its base (see PullRequest).

	// Base is the criterion's result on the base, nil when the base was not
	// evaluated or did not have the criterion.
	Base *BaseResult `json:"base,omitempty"`
	// Change is how the criterion moved from the base to the head.
	Change Change `json:"change,omitempty"`
	// NewConcerns are the concerns the head has and the base did not.
	NewConcerns []string `json:"new_concerns,omitempty"`
	// BrokenBy points at the lines of the pull request that made the
	// criterion regress: the changed line of an edited evidence file, or the
	// manifest line that added a dependency.
	BrokenBy []Evidence `json:"broken_by,omitempty"`
}

// BaseResult is a criterion's result on a pull request's base.
type BaseResult struct {
	Outcome Outcome `json:"outcome"`
	Waived  bool    `json:"waived,omitempty"`
}

// Change is how a criterion moved between a pull request's base and head.
type Change string

// The changes.
const (
	// Regressed: the criterion fails on the head and did not on the base,
	// or it has concerns the base did not have (a new closed dependency).
	Regressed Change = "regressed"
	// Fixed: the criterion failed on the base and does not on the head.
	Fixed Change = "fixed"
	// Unchanged: neither; old failures are unchanged debt.
	Unchanged Change = "unchanged"
	// Added: the base did not evaluate the criterion.
	Added Change = "new"
)

// APICoverage is how much of a building block's reference API a candidate
// implements, and GovStack's API compliance level for it.
type APICoverage struct {
	Operations int `json:"operations"` // operations in the reference
	Matched    int `json:"matched"`    // reference operations the candidate has
	Gaps       int `json:"gaps"`       // parameters, headers, responses and fields the matched operations lack
	// Level is 2 when every reference operation is implemented without
	// gaps, 1 when at least one is, else 0.
	Level int `json:"level"`
}

// NewAPICoverage computes the level of a coverage.
func NewAPICoverage(operations, matched, gaps int) APICoverage {
	c := APICoverage{Operations: operations, Matched: matched, Gaps: gaps}
	switch {
	case operations > 0 && matched == operations && gaps == 0:
		c.Level = 2
	case matched > 0:
		c.Level = 1
	}
	return c
}

// Gating reports whether the finding counts against the verdict under failOn.
// Under FailOnRegression only required criteria that regressed count: a new
// failure or a new concern (a new closed or incompatible dependency).
func (f Finding) Gating(failOn FailOn) bool {
	if f.Waived != nil {
		return false
	}
	if failOn == FailOnRegression {
		return f.Change == Regressed && f.Level == criteria.Required
	}
	if f.Outcome != Fail {
		return false
	}
	return failOn == FailOnAny || f.Level == criteria.Required
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Target says what was evaluated.
type Target struct {
	Path       string `json:"path"`
	Repository string `json:"repository"`
	Ref        string `json:"ref"`
	Commit     string `json:"commit"`
}

// StandardRef names a standard and the version evaluated.
type StandardRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Name    string `json:"name,omitempty"` // display name: "DPG Standard"
	URL     string `json:"url,omitempty"`  // where the standard is published
}

// License is a licence declaration found in the repository.
type License struct {
	SPDX     string `json:"spdx"` // an SPDX id or expression, or NOASSERTION
	Path     string `json:"path"`
	Category string `json:"category"`
	// Declared is the declaration as written when it maps to no SPDX id.
	Declared string `json:"declared,omitempty"`
}

// Summary counts findings by outcome.
type Summary struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	NeedsReview   int `json:"needs-review"`
	NotApplicable int `json:"not-applicable"`
	Unknown       int `json:"unknown"`
}

// Count returns the number of findings with outcome o.
func (s Summary) Count(o Outcome) int {
	switch o {
	case Pass:
		return s.Pass
	case Fail:
		return s.Fail
	case NeedsReview:
		return s.NeedsReview
	case NotApplicable:
		return s.NotApplicable
	case Unknown:
		return s.Unknown
	}
	return 0
}

// Scan describes the walk of the repository tree.
type Scan struct {
	Files     int            `json:"files"`
	BytesRead int64          `json:"bytes_read"`
	Skipped   map[string]int `json:"skipped,omitempty"` // reason -> count
}

// Report is the one result model every renderer reads.
type Report struct {
	Version int    `json:"version"`
	Tool    Tool   `json:"tool"`
	Target  Target `json:"target"`
	// Project is what the repository (publiccode.yml) and its host say the
	// project is called and where it lives; nil when nothing says.
	Project   *Project      `json:"project,omitempty"`
	Standards []StandardRef `json:"standards"`
	Verdict   Verdict       `json:"verdict"`
	Summary   Summary       `json:"summary"`
	Licenses  []License     `json:"licenses"`
	Findings  []Finding     `json:"findings"`
	Scan      *Scan         `json:"scan,omitempty"`
	// Notices are things a user should know that are not findings: an expired
	// waiver, files skipped for their size.
	Notices []string `json:"notices,omitempty"`
	// PullRequest compares the head with the pull request's base; nil
	// outside pull requests.
	PullRequest *PullRequest `json:"pull_request,omitempty"`
}

// Project names the evaluated project, for forms that ask for it (GovStack's
// compliance form, a DPGA application). Each value comes with where it was
// found.
type Project struct {
	Name          string `json:"name,omitempty"`
	Website       string `json:"website,omitempty"`
	Documentation string `json:"documentation,omitempty"`
	Description   string `json:"description,omitempty"`
	// Repository is the URL of the repository's page, when known.
	Repository string `json:"repository,omitempty"`
	// Types are the kinds of digital public good the configuration declares
	// (software, data, content, ai-model).
	Types []string `json:"types,omitempty"`
	// SDGs are the goals the configuration names, with what it says of each.
	SDGs []SDGClaim `json:"sdgs,omitempty"`
	// Owners are who owns the project, strongest evidence first.
	Owners []Party `json:"owners,omitempty"`
	// Languages the product is available in, countries it is meant for and
	// who uses it (publiccode.yml localisation, intendedAudience, usedBy).
	Languages []string `json:"languages,omitempty"`
	Countries []string `json:"countries,omitempty"`
	UsedBy    []string `json:"used_by,omitempty"`
	// BasedOn names what the project is derived from: publiccode.yml
	// isBasedOn, or the repository it is a fork of.
	BasedOn []string `json:"based_on,omitempty"`
	// Maintenance is publiccode.yml maintenance.type (internal, contract,
	// community, none).
	Maintenance string `json:"maintenance,omitempty"`
	// Sources says where each value came from: "publiccode.yml:3", the
	// repository's page on GitHub.
	Sources map[string]string `json:"sources,omitempty"`
}

// SDGClaim is one Sustainable Development Goal the project names.
type SDGClaim struct {
	Goal      int      `json:"goal"`
	Targets   []string `json:"targets,omitempty"`
	Relevance string   `json:"relevance,omitempty"`
	Evidence  []string `json:"evidence,omitempty"` // public links
	At        Evidence `json:"at"`                 // where it is stated
}

// Party is an organisation or person with a role in the project.
type Party struct {
	Name    string   `json:"name"`
	URL     string   `json:"url,omitempty"`
	Country string   `json:"country,omitempty"`
	Via     string   `json:"via,omitempty"` // how it was found: "copyright notice", "GitHub organisation"
	At      Evidence `json:"at"`
}

// Verdict is the overall result.
type Verdict string

// Verdicts.
const (
	VerdictPass        Verdict = "pass"
	VerdictFail        Verdict = "fail"
	VerdictNeedsReview Verdict = "needs-review" // nothing gating fails, but a person must still confirm something
)

// FailOn is the gating policy.
type FailOn string

// Gating policies.
const (
	FailOnRequired FailOn = "required" // fail when a required criterion fails (the default)
	FailOnAny      FailOn = "any"      // fail when any criterion fails, recommended ones included
	FailOnNever    FailOn = "never"    // report only; the verdict is still computed
	// FailOnRegression fails only on what a pull request breaks: required
	// criteria that regressed from the base. Without a base it decides like
	// FailOnRequired (the caller says so in a notice).
	FailOnRegression FailOn = "regression"
)

// ParseFailOn parses a gating policy name.
func ParseFailOn(s string) (FailOn, error) {
	switch f := FailOn(s); f {
	case FailOnRequired, FailOnAny, FailOnNever, FailOnRegression:
		return f, nil
	}
	return "", fmt.Errorf("fail-on %q is not one of required, any, never, regression", s)
}

// Finalize computes the summary and the verdict from the findings, under
// the policy the report is decided by (Policy).
func (r *Report) Finalize(failOn FailOn) {
	r.Summary = Summary{}
	for _, f := range r.Findings {
		switch f.Outcome {
		case Pass:
			r.Summary.Pass++
		case Fail:
			r.Summary.Fail++
		case NeedsReview:
			r.Summary.NeedsReview++
		case NotApplicable:
			r.Summary.NotApplicable++
		case Unknown:
			r.Summary.Unknown++
		}
	}
	r.Verdict = Decide(r.Findings, r.Policy(failOn))
}

// Gates reports whether the report stops the merge under failOn: the verdict
// fails and the policy is not "never". Every surface that gates (the exit
// code, the check run's conclusion, the webhook server's check run) asks this.
func (r *Report) Gates(failOn FailOn) bool {
	return r.Verdict == VerdictFail && failOn != FailOnNever
}

// Decide returns the verdict of findings under failOn: fail when a gating
// finding fails; needs-review when a required criterion (or, with fail-on any,
// any criterion) still needs a person or could not be decided; pass otherwise.
// FailOnNever decides like FailOnRequired: it only changes the exit code.
func Decide(findings []Finding, failOn FailOn) Verdict {
	review := false
	for _, f := range findings {
		if f.Gating(failOn) {
			return VerdictFail
		}
		// Under FailOnRegression an old failure is unchanged debt: it does
		// not fail the verdict, and it is not a pass either.
		if f.Waived == nil && (f.Outcome == NeedsReview || f.Outcome == Unknown || failOn == FailOnRegression && f.Outcome == Fail) &&
			(failOn == FailOnAny || f.Level == criteria.Required) {
			review = true
		}
	}
	if review {
		return VerdictNeedsReview
	}
	return VerdictPass
}
