// Package rendertest holds the reports the renderers are tested with: the
// golden cases, one per situation a user meets (everything passes, a mix of
// outcomes with a waiver, a pull request with new failures and concerns,
// hostile file names, markup to escape). The render package's golden files
// and the command line's check that every surface agrees both run them.
package rendertest

import (
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Finding is the finding of criterion id as the rules would write it, with
// the catalogue's words and, when it does not pass, its remediation.
func Finding(id string, o report.Outcome, msg string, ev ...report.Evidence) report.Finding {
	c, _ := criteria.Builtin().Lookup(id)
	f := report.Finding{ID: id, Standard: c.Standard, Title: c.Title, Level: c.Level, Outcome: o, Message: msg,
		Evidence: ev, Docs: c.Docs, Label: c.Label, Requirement: c.Requirement, Guidance: c.Remediation, Family: c.Family,
		Previously: c.Previously}
	if f.Evidence == nil {
		f.Evidence = []report.Evidence{}
	}
	if o != report.Pass && o != report.NotApplicable {
		f.Remediation = c.Remediation
	}
	return f
}

// NewReport is a finalized DPG report of the findings.
func NewReport(fs ...report.Finding) *report.Report {
	r := &report.Report{
		Version:   report.FormatVersion,
		Tool:      report.Tool{Name: "dpgcheck", Version: "1.0.0"},
		Target:    report.Target{Path: ".", Repository: "example/clinic", Ref: "refs/heads/main", Commit: "e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3"},
		Standards: []report.StandardRef{{ID: "dpg", Version: "1.1.7", Name: "DPG Standard"}},
		Licenses:  []report.License{{SPDX: "MPL-2.0", Path: "LICENSE", Category: "osi-approved"}},
		Findings:  fs,
		Scan:      &report.Scan{Files: 1234, BytesRead: 56789},
	}
	r.Finalize(report.FailOnRequired)
	return r
}

// Cases returns the golden cases, built afresh on every call so that a test
// may change its copy.
func Cases() map[string]*report.Report {
	return map[string]*report.Report{
		"all-pass": NewReport(
			Finding("dpg-1", report.Pass, "SDG 3 (3.8) named with relevance and evidence", report.At(".github/dpgcheck.yml", 4), report.Link("https://example.org/impact")),
			Finding("dpg-2", report.Pass, "MPL-2.0 (OSI-approved licence for software)", report.At("LICENSE", 1)),
			Finding("dpg-9b", report.NotApplicable, "the project collects, stores and distributes no user content (configuration)", report.At(".github/dpgcheck.yml", 21)),
		),
		"mixed": func() *report.Report {
			waived := Finding("dpg-4", report.NeedsReview, "MongoDB 7.0 is SSPL; no open alternative documented", report.At("docker-compose.yml", 12))
			waived.Waived = &report.Waiver{Reason: "PostgreSQL support lands in v3", Expires: "2027-06-30", Source: report.At(".github/dpgcheck.yml", 30)}
			r := NewReport(
				Finding("dpg-1", report.NeedsReview, "no SDGs are named; state which SDG targets the project advances, with evidence"),
				Finding("dpg-2", report.Fail, "conflicting declarations: LICENSE is MPL-2.0, but package.json:5 says SSPL-1.0", report.At("LICENSE", 1), report.At("package.json", 5)),
				Finding("dpg-3", report.Pass, "owned by OpenCRVS (Plan International)", report.At("LICENSE", 3)),
				waived,
				Finding("dpg-6", report.Unknown, "the API could not be reached"),
				Finding("dpg-9c", report.Pass, "code of conduct with a reporting channel (CODE_OF_CONDUCT.md:40)", report.At("CODE_OF_CONDUCT.md", 40)),
			)
			r.Findings[1].Details = []string{"SSPL-1.0: the Server Side Public License requires ...", "rule applied: source-available licences are not open"}
			r.Notices = []string{"the waiver for dpg-5 expired on 2026-01-01 (.github/dpgcheck.yml:33); it gates again"}
			r.Scan.Skipped = map[string]int{"symlink-outside-root": 2, "too-large": 1}
			return r
		}(),
		"pull-request": func() *report.Report {
			r := NewReport(
				// A pass that a new concern reopens, as compare.Apply leaves it.
				Finding("dpg-2", report.NeedsReview, "it passed without what this pull request adds; a person must confirm it", report.At("LICENSE", 1)),
				Finding("dpg-4", report.NeedsReview, "1 closed or restrictive mandatory dependency: MongoDB server", report.At("docker-compose.yml", 5)),
				Finding("dpg-5", report.Fail, "the README has no install, run or usage instructions", report.At("README.md", 0)),
				Finding("dpg-9c", report.Pass, "code of conduct with a reporting channel", report.At("CODE_OF_CONDUCT.md", 7)),
			)
			r.Findings[0].Concerns = []string{"incompatible licence: npm readline-gpl"}
			r.Findings[1].Concerns = []string{"closed: MongoDB server"}
			base := []report.Outcome{report.Pass, report.NeedsReview, report.Pass, report.Fail}
			change := []report.Change{report.Regressed, report.Regressed, report.Regressed, report.Fixed}
			for i := range r.Findings {
				r.Findings[i].Base = &report.BaseResult{Outcome: base[i]}
				r.Findings[i].Change = change[i]
			}
			r.Findings[0].NewConcerns, r.Findings[0].BrokenBy = r.Findings[0].Concerns, []report.Evidence{report.At("package.json", 7)}
			r.Findings[1].NewConcerns, r.Findings[1].BrokenBy = r.Findings[1].Concerns, []report.Evidence{report.At("docker-compose.yml", 5)}
			r.Findings[2].BrokenBy = []report.Evidence{report.At("README.md", 5)}
			r.PullRequest = &report.PullRequest{
				Base:      report.BaseTarget{Commit: "9fceb02d0ae598e95dc970b74767f19372d61af8", Source: "git", Status: report.BaseEvaluated},
				Regressed: []string{"dpg-2", "dpg-4", "dpg-5"}, Fixed: []string{"dpg-9c"}, Unchanged: []string{},
				Dependencies: []report.DependencyChange{
					{Ecosystem: "npm", Name: "express", Version: "4.19.2", Previous: "4.18.0", Change: "upgraded", Path: "package.json", Line: 6, Scope: "runtime", Direct: true, License: "MIT", Status: "ok", Source: "both"},
					{Ecosystem: "npm", Name: "readline-gpl", Version: "2.1.0", Change: "added", Path: "package.json", Line: 7, Scope: "runtime", Direct: true, License: "GPL-3.0-only", Status: "incompatible",
						Reason: "GPL-3.0-only is strong copyleft: code that links it must be distributed under GPL-3.0, which conflicts with the project's MPL-2.0", Source: "dependency-graph"},
					{Ecosystem: "npm", Name: "mystery|<b>", Version: "0.1.0", Change: "added", Path: "package.json", Line: 8, Scope: "runtime", Direct: true, Status: "unknown", Reason: "no licence is declared", Source: "manifest"},
				},
				LicenceChange: "package.json: MPL-2.0 → (removed)",
			}
			r.Finalize(report.FailOnRequired)
			return r
		}(),
		"hostile-names": Hostile(),
		"escaping": NewReport(
			Finding("dpg-2", report.Fail, "LICENSE says <script>alert(1)</script> | **bold** [x](javascript:alert(1)) @octocat\n# heading\x1b[31m", report.At("we|ird`name.md", 7), report.Link("javascript:alert(1)"), report.Link("https://ok.example/a b")),
		),
		"govstack": GovStack(2, 1),
	}
}

// GovStack is a report on the DPG Standard and GovStack's cross-functional
// requirements, as a building-block candidate gets it: the DPG indicators
// pass but one, and GovStack's first perFamily REQUIRED and perFamily
// RECOMMENDED requirements of each family fail, need review, pass or do not
// apply in turn. Each non-passing finding carries details lines of detail.
func GovStack(perFamily, details int) *report.Report {
	cat := criteria.Builtin()
	var fs []report.Finding
	for _, c := range cat.Of("dpg") {
		o := report.Pass
		if c.ID == "dpg-7" {
			o = report.NeedsReview
		}
		fs = append(fs, Finding(c.ID, o, "the DPG indicator's result", report.At("README.md", 1)))
	}
	cycle := []report.Outcome{report.Fail, report.NeedsReview, report.Pass, report.NotApplicable}
	taken := map[string]int{}
	for _, c := range cat.Of("govstack-cfr") {
		key := c.Family + string(c.Level)
		if taken[key] >= perFamily {
			continue
		}
		o := cycle[len(fs)%len(cycle)]
		taken[key]++
		f := Finding(c.ID, o, "what the repository shows for "+c.Title, report.At("deploy/values.yaml", 1+len(fs)), report.At("docs/operations.md", 3))
		if o != report.Pass && o != report.NotApplicable {
			for i := range details {
				f.Details = append(f.Details, fmt.Sprintf("detail %d of %s: a file, a line, what was found there and why it matters to a reviewer", i+1, c.ID))
			}
		}
		fs = append(fs, f)
	}
	r := NewReport(fs...)
	r.Standards = append(r.Standards, report.StandardRef{ID: "govstack-cfr", Version: "2.1.0", Name: "GovStack cross-functional requirements"})
	r.Finalize(report.FailOnRequired)
	return r
}

// A directory named to clear the screen and forge the verdict, a file whose
// name a right-to-left override reverses, and controls in every kind of text
// a repository can put in a report.
const (
	ForgingDir = "x\x1b[2J\nverdict: PASS"
	Reversed   = "src/invoice\u202Etxt.exe"
)

func Hostile() *report.Report {
	f := Finding("dpg-2", report.Fail, "LICENSE in "+ForgingDir+" is MIT\a; "+Reversed+" says GPL\u2066",
		report.At(ForgingDir+"/LICENSE", 1), report.At(Reversed, 2))
	f.Details = []string{"detail\u009b2J with a C1 CSI and \u2028 a line separator"}
	f.NewConcerns = []string{"closed: db\x1b]0;title\x07"}
	f.Concerns = f.NewConcerns
	f.BrokenBy = []report.Evidence{report.At(Reversed, 3)}
	f.Base = &report.BaseResult{Outcome: report.Pass}
	f.Change = report.Regressed
	w := Finding("dpg-4", report.NeedsReview, "closed database\r\nverdict: PASS", report.At("compose\u202D.yml", 4))
	w.Waived = &report.Waiver{Reason: "until v3\x1b[1A\x1b[2K", Source: report.At(".github/dpgcheck.yml", 9)}
	r := NewReport(f, w)
	r.Target = report.Target{Path: ForgingDir}
	r.Notices = []string{"skipped " + ForgingDir + "/big.json", "bidi \u202Enotice"}
	r.PullRequest = &report.PullRequest{
		Base:      report.BaseTarget{Commit: "9fceb02d0ae598e95dc970b74767f19372d61af8", Source: "git", Status: report.BaseEvaluated},
		Regressed: []string{"dpg-2"}, Unchanged: []string{"dpg-4"},
		Dependencies: []report.DependencyChange{{Ecosystem: "npm", Name: "left-pad\u202E\x1b[1A", Version: "1.0.0\n", Change: "added",
			Path: "package.json", Line: 7, Scope: "runtime", Direct: true, License: "GPL\u200F-3.0", Status: "incompatible",
			Reason: "conflicts\x1b[0m", Source: "manifest"}},
		LicenceChange: "LICENSE: MIT \u2192 GPL\u202E",
	}
	r.Finalize(report.FailOnRequired)
	return r
}
