// Package application drafts a Digital Public Goods Alliance application
// from a report: every question of the DPGA's 2025 application form with the
// answer the evidence supports, marked filled, partial or needs-your-input,
// with permalinks to the evidence; and the registry's nominee and screening
// records (the DPGA's own JSON schemas), as far as the evidence goes. It is
// pure: it reads only the report, and it never invents an answer. Where
// only someone authorised to speak for the project can answer (indicators
// 7 to 9), it asks the question and says what reviewers accept.
package application

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// FormatVersion is the version of the draft's JSON format.
const FormatVersion = 1

// Status says how far the evidence answers a question.
type Status string

// The statuses.
const (
	Filled         Status = "filled"           // the evidence answers it; check it
	Partial        Status = "partial"          // the evidence answers part of it; complete it
	NeedsYourInput Status = "needs-your-input" // only the applicant can answer
)

// Question is one question of the application form.
type Question struct {
	ID        string   `json:"id"`        // "general.name", "2.licenses", "9c.harassment"
	Indicator string   `json:"indicator"` // "general", "1" ... "9C", "scale"
	Question  string   `json:"question"`
	Answer    string   `json:"answer"`
	Status    Status   `json:"status"`
	Evidence  []string `json:"evidence,omitempty"` // permalinks at the evaluated commit, or URLs
	// Guidance says what reviewers accept, for what the applicant must
	// still provide.
	Guidance string `json:"guidance,omitempty"`
}

// Draft is an application drafted from a report.
type Draft struct {
	Version    int        `json:"version"`
	Repository string     `json:"repository,omitempty"` // the repository's URL
	Commit     string     `json:"commit,omitempty"`
	Questions  []Question `json:"questions"`
	// Nominee is the registry record (nominee-schema.json); nil while a
	// field the schema requires is unknown, with NomineeMissing naming it.
	Nominee        *Nominee   `json:"nominee"`
	NomineeMissing []string   `json:"nominee_missing,omitempty"`
	Screening      *Screening `json:"screening"`
	Summary        Summary    `json:"summary"`
}

// Summary counts the questions by status.
type Summary struct {
	Filled         int `json:"filled"`
	Partial        int `json:"partial"`
	NeedsYourInput int `json:"needs_your_input"`
}

// Build drafts the application of r.
func Build(r *report.Report) *Draft {
	d := &Draft{Version: FormatVersion, Commit: r.Target.Commit}
	c := newContext(r)
	d.Repository = c.repoURL()
	for _, q := range c.questions() {
		switch q.Status {
		case Filled:
			d.Summary.Filled++
		case Partial:
			d.Summary.Partial++
		default:
			d.Summary.NeedsYourInput++
		}
		d.Questions = append(d.Questions, q)
	}
	d.Nominee, d.NomineeMissing = c.nominee()
	d.Screening = c.screening()
	return d
}

// context answers questions from one report.
type context struct {
	r        *report.Report
	findings map[string]report.Finding
	project  report.Project
}

func newContext(r *report.Report) *context {
	c := &context{r: r, findings: map[string]report.Finding{}}
	for _, f := range r.Findings {
		c.findings[f.ID] = f
	}
	if r.Project != nil {
		c.project = *r.Project
	}
	return c
}

// finding returns the finding of a criterion; ok is false when the report
// did not evaluate it.
func (c *context) finding(id string) (report.Finding, bool) {
	f, ok := c.findings[id]
	return f, ok
}

// repoURL is the repository's page: what the host says, else github.com
// with the repository's name.
func (c *context) repoURL() string {
	if c.project.Repository != "" {
		return c.project.Repository
	}
	if c.r.Target.Repository != "" {
		return "https://github.com/" + c.r.Target.Repository
	}
	return ""
}

// link turns evidence into a permalink at the evaluated commit (a file and
// line of the repository) or returns its URL.
func (c *context) link(e report.Evidence) string {
	if e.Path == "" {
		return e.URL
	}
	base := c.repoURL()
	if base == "" || c.r.Target.Commit == "" || !strings.HasPrefix(base, "https://github.com/") {
		return e.String()
	}
	u := fmt.Sprintf("%s/blob/%s/%s", base, c.r.Target.Commit, e.Path)
	if e.Line > 0 {
		u += fmt.Sprintf("#L%d", e.Line)
	}
	return u
}

func (c *context) links(ev []report.Evidence, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range ev {
		l := c.link(e)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
		if len(out) == max {
			break
		}
	}
	return out
}
