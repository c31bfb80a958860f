// Package rules owns the decisions: one pure function per criterion that
// turns the evidence of a repository and the project's configuration into an
// outcome with a reason, evidence and a next step. Rules read no files and
// call no network; the registry is the explicit list in registry.go, and a
// test keeps it identical to the criteria catalogue.
package rules

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Input is everything a rule may look at.
type Input struct {
	Repo    *evidence.Repo
	Config  *config.Config // never nil; the zero Config when the project has none
	Catalog *criteria.Catalog
	Now     time.Time

	// Reference is the building block API to compare with, when one was given.
	Reference *Reference
	// Registry is the project's DPGA registry record, when one was given.
	Registry *Registry
	// Repository is "owner/name" of the evaluated repository when the
	// caller knows it better than the checkout's .git (an Action's event).
	Repository string
	// Hosting is what the code host (GitHub) says about the repository: its
	// owner, inherited community files, reporting switches. Nil when the
	// host was not asked (no token, no repository name).
	Hosting *hosting.Facts

	decls     *declarations      // computed once, shared by the licence rules and the report
	criterion criteria.Criterion // the criterion being decided
}

// Result is a rule's decision; Evaluate adds the catalogue's fields.
type Result struct {
	Outcome     report.Outcome
	Message     string
	Evidence    []report.Evidence
	Remediation string   // the specific next step; the catalogue's default when empty
	Details     []string // supporting lines
	API         *report.APICoverage
	// Concerns are stable keys of the specific problems found (see
	// report.Finding.Concerns).
	Concerns []string
	// hostCould marks a decision that what the code host knows (Input.Hosting)
	// could change: the caller asks the host only then.
	hostCould bool
}

// Rule decides one criterion.
type Rule struct {
	ID    string
	Check func(*Input) Result
}

// Evaluation is what Evaluate returns for a report.
type Evaluation struct {
	Findings []report.Finding
	Licenses []report.License
	Notices  []string
	// Project is what the project is called and where it lives (see Project).
	Project *report.Project
	// WantsHosting says that, without Input.Hosting, a criterion was left
	// open that what the code host knows could settle (an owner, an
	// organisation's code of conduct, private vulnerability reporting).
	WantsHosting bool
}

// Evaluate runs the rules of the given standards, in catalogue order, and
// applies attestations and waivers from the configuration.
func Evaluate(in *Input, standards []string) (Evaluation, error) {
	if in.Config == nil {
		in.Config = &config.Config{}
	}
	var ev Evaluation
	type job struct {
		c    criteria.Criterion
		rule Rule
	}
	var jobs []job
	for _, std := range standards {
		crits := in.Catalog.Of(std)
		if len(crits) == 0 {
			return ev, fmt.Errorf("unknown standard %q", std)
		}
		for _, c := range crits {
			rule, ok := ruleFor(c)
			if !ok {
				return ev, fmt.Errorf("criterion %s has no rule", c.ID)
			}
			if c.Family == "" && c.Maps != "" {
				if m, ok := in.Catalog.Lookup(c.Maps); ok {
					c.Family = m.Family // a 23Q4 rule belongs to its successor's family
				}
			}
			jobs = append(jobs, job{c, rule})
		}
	}
	in.declarations() // shared by the licence rules; computed before they run side by side
	results := make([]Result, len(jobs))
	inParallel(len(jobs), func(i int) {
		rin := *in
		rin.criterion = jobs[i].c
		res := jobs[i].rule.Check(&rin)
		if jobs[i].c.ID == "dpg-1" {
			res = screens(&rin, res)
		}
		results[i] = res
	})
	for i, j := range jobs {
		res := results[i]
		ev.WantsHosting = ev.WantsHosting || (res.hostCould && in.Hosting == nil)
		f := finding(j.c, res)
		applyAttestation(in.Config, &f)
		if n := applyWaiver(in.Config, in.Now, &f); n != "" {
			ev.Notices = append(ev.Notices, n)
		}
		ev.Findings = append(ev.Findings, f)
	}
	ev.Licenses = in.declarations().report()
	ev.Project = Project(in)
	return ev, nil
}

// inParallel runs do(0) ... do(n-1) on as many goroutines as the process
// may run at once. Rules only read their Input, and each gets its own copy
// naming its criterion, so a repository's rules share the machine's CPUs.
func inParallel(n int, do func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				do(i)
			}
		})
	}
	wg.Wait()
}

func finding(c criteria.Criterion, r Result) report.Finding {
	f := report.Finding{
		ID: c.ID, Standard: c.Standard, Title: c.Title, Level: c.Level,
		Outcome: r.Outcome, Message: r.Message, Evidence: r.Evidence,
		Remediation: r.Remediation, Docs: c.Docs, Details: r.Details, API: r.API, Concerns: r.Concerns,
		Label: c.Label, Requirement: c.Requirement, Guidance: c.Remediation, Family: c.Family, Previously: c.Previously,
	}
	if !f.Outcome.Valid() {
		f.Outcome = report.Unknown
		f.Message = "internal error: the rule returned no outcome"
	}
	f.Evidence = dedupe(f.Evidence)
	switch f.Outcome {
	case report.Pass, report.NotApplicable:
		f.Remediation = ""
	default:
		if f.Remediation == "" {
			f.Remediation = c.Remediation
		}
		f.Remediation = withoutRepeatedSentences(f.Remediation)
	}
	return f
}

// applyAttestation turns needs-review into pass when someone authorised for
// the project attested the criterion. An attestation never overrides a fail:
// the repository itself contradicts it.
func applyAttestation(cfg *config.Config, f *report.Finding) {
	a, ok := cfg.Attestation(f.ID)
	if !ok || f.Outcome != report.NeedsReview {
		return
	}
	who := "the project"
	if a.By != "" {
		who = a.By
	}
	msg := "attested by " + who
	if a.Note != "" {
		msg += ": " + a.Note
	}
	f.Details = append([]string{"before the attestation: " + f.Message}, f.Details...)
	f.Outcome, f.Message, f.Remediation = report.Pass, msg, ""
	ev := []report.Evidence{report.At(cfg.File, a.Pos.Line)}
	for _, e := range a.Evidence {
		if strings.Contains(e, "://") {
			ev = append(ev, report.Link(e))
		} else {
			ev = append(ev, report.At(e, 0))
		}
	}
	f.Evidence = dedupe(append(ev, f.Evidence...))
}

// dedupe drops repeated evidence, keeping the first, and a bare file when a
// line of the same file is cited; it never returns nil.
func dedupe(ev []report.Evidence) []report.Evidence {
	out := make([]report.Evidence, 0, len(ev))
	seen := map[report.Evidence]bool{}
	for _, e := range ev {
		if e.Line > 0 {
			seen[report.At(e.Path, 0)] = true
		}
	}
	for _, e := range ev {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// applyWaiver marks a finding waived, or returns a notice when its waiver has
// expired.
func applyWaiver(cfg *config.Config, now time.Time, f *report.Finding) string {
	w, ok := cfg.Waiver(f.ID)
	if !ok {
		return ""
	}
	if w.Expired(now) {
		return fmt.Sprintf("the waiver for %s expired on %s (%s:%d); it gates again", f.ID, w.Expires, cfg.File, w.Pos.Line)
	}
	if f.Outcome == report.Pass || f.Outcome == report.NotApplicable {
		return fmt.Sprintf("%s passes; its waiver (%s:%d) can be removed", f.ID, cfg.File, w.Pos.Line)
	}
	f.Waived = &report.Waiver{Reason: w.Reason, Expires: w.Expires, Source: report.At(cfg.File, w.Pos.Line)}
	return ""
}

// configAt is evidence pointing at a line of the configuration file.
func (in *Input) configAt(line int) report.Evidence { return report.At(in.Config.File, line) }

// plural returns "n thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", thing)
	}
	if strings.HasSuffix(thing, "y") && !strings.HasSuffix(thing, "ey") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(thing, "y"))
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// listUpTo joins up to n items and says how many more there are.
func listUpTo(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
