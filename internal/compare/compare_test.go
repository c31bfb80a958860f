package compare

import (
	"slices"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

func fnd(id string, o report.Outcome, ev ...report.Evidence) report.Finding {
	return report.Finding{ID: id, Level: criteria.Required, Outcome: o, Evidence: ev}
}

func files(m map[string]string) ReadFunc {
	return func(p string) ([]byte, bool) {
		s, ok := m[p]
		return []byte(s), ok
	}
}

func byID(r *report.Report, id string) report.Finding {
	for _, f := range r.Findings {
		if f.ID == id {
			return f
		}
	}
	return report.Finding{}
}

func TestApplyClassifiesEveryCriterion(t *testing.T) {
	t.Parallel()
	waived := fnd("w", report.Fail)
	waived.Waived = &report.Waiver{Reason: "accepted"}
	base := &report.Report{Findings: []report.Finding{
		fnd("newly-failing", report.Pass), fnd("fixed", report.Fail), fnd("debt", report.Fail),
		fnd("review-to-fail", report.NeedsReview), fnd("unknown-to-fail", report.Unknown), fnd("still-ok", report.Pass), waived,
	}}
	head := &report.Report{Findings: []report.Finding{
		fnd("newly-failing", report.Fail), fnd("fixed", report.Pass), fnd("debt", report.Fail),
		fnd("review-to-fail", report.Fail), fnd("unknown-to-fail", report.Fail), fnd("still-ok", report.Pass), fnd("w", report.Fail), fnd("brand-new", report.Fail),
	}}
	Apply(Input{Head: head, Base: base, BaseTarget: report.BaseTarget{Commit: "abc", Source: "git"}})
	want := map[string]report.Change{
		"newly-failing": report.Regressed, "fixed": report.Fixed, "debt": report.Unchanged, "review-to-fail": report.Regressed,
		"unknown-to-fail": report.Regressed, "still-ok": report.Unchanged, "w": report.Regressed, "brand-new": report.Added,
	}
	for id, c := range want {
		if got := byID(head, id).Change; got != c {
			t.Errorf("%s: change %q, want %q", id, got, c)
		}
	}
	pr := head.PullRequest
	if !pr.Known() || !slices.Equal(pr.Fixed, []string{"fixed"}) || len(pr.Regressed) != 4 || len(pr.Unchanged) != 2 {
		t.Errorf("pull_request = %+v", pr)
	}
	if b := byID(head, "w").Base; b == nil || !b.Waived {
		t.Errorf("a waived base failure must say so: %+v", b)
	}
}

func TestApplyWithoutBase(t *testing.T) {
	t.Parallel()
	head := &report.Report{Findings: []report.Finding{fnd("dpg-2", report.Pass)}}
	Apply(Input{Head: head, BaseTarget: report.BaseTarget{Reason: "shallow"}})
	if head.PullRequest.Known() || head.PullRequest.Base.Status != report.BaseUnknown || head.Findings[0].Change != "" {
		t.Errorf("without a base nothing may be classified: %+v %+v", head.PullRequest, head.Findings[0])
	}
}

func TestNewConcernsRegressEvenWithTheSameOutcome(t *testing.T) {
	t.Parallel()
	base := &report.Report{Findings: []report.Finding{{ID: "dpg-4", Outcome: report.Pass, Concerns: []string{"closed: Firebase"}}}}
	head := &report.Report{Findings: []report.Finding{{ID: "dpg-4", Outcome: report.Pass, Concerns: []string{"closed: Firebase", "closed: MongoDB server"}}}}
	Apply(Input{Head: head, Base: base})
	f := head.Findings[0]
	if f.Change != report.Regressed || !slices.Equal(f.NewConcerns, []string{"closed: MongoDB server"}) || f.Outcome != report.NeedsReview {
		t.Errorf("an attestation given for Firebase must not cover MongoDB: %+v", f)
	}
	if !strings.Contains(f.Remediation, "closed: MongoDB server") {
		t.Errorf("the next step does not name the new concern: %q", f.Remediation)
	}
}

func TestDependenciesFoldIntoDPG2AndDPG4(t *testing.T) {
	t.Parallel()
	base := &report.Report{Findings: []report.Finding{fnd("dpg-2", report.Pass), fnd("dpg-4", report.NeedsReview)}}
	head := &report.Report{Findings: []report.Finding{fnd("dpg-2", report.Pass), fnd("dpg-4", report.NeedsReview)}}
	deps := []report.DependencyChange{
		{Ecosystem: "npm", Name: "gpl-lib", Change: "added", Path: "package.json", Line: 7, Scope: "runtime", License: "GPL-3.0-only", Status: "incompatible", Reason: "strong copyleft"},
		{Ecosystem: "npm", Name: "sspl-db", Change: "added", Path: "package.json", Line: 8, Scope: "runtime", License: "SSPL-1.0", Status: "not-open", Reason: "not open"},
		{Ecosystem: "npm", Name: "busl-tool", Change: "added", Path: "package.json", Line: 12, Scope: "development", License: "BUSL-1.1", Status: "not-open"},
		{Ecosystem: "npm", Name: "mystery", Change: "added", Path: "package.json", Line: 9, Scope: "runtime", Status: "unknown"},
	}
	Apply(Input{Head: head, Base: base, Deps: deps})
	d2, d4 := byID(head, "dpg-2"), byID(head, "dpg-4")
	if d2.Change != report.Regressed || !slices.Equal(d2.BrokenBy, []report.Evidence{report.At("package.json", 7)}) || d2.Outcome != report.NeedsReview {
		t.Errorf("dpg-2 = %+v", d2)
	}
	if d4.Change != report.Regressed || !slices.Equal(d4.NewConcerns, []string{"closed: npm sspl-db"}) || !slices.Equal(d4.BrokenBy, []report.Evidence{report.At("package.json", 8)}) {
		t.Errorf("dpg-4 = %+v (a development tool is not distributed; an unknown licence is not a violation)", d4)
	}
	if len(head.PullRequest.Dependencies) != 4 {
		t.Errorf("every dependency is listed: %+v", head.PullRequest.Dependencies)
	}
}

func TestChangedLinesPointAtTheEdit(t *testing.T) {
	t.Parallel()
	baseReadme := "# App\n\nIntro.\n\n## Install\n\nrun make\n\n## Usage\n\nopen it\n"
	headReadme := "# App\n\nIntro.\n\n## Usage\n\nopen it\n"
	base := &report.Report{Findings: []report.Finding{
		fnd("dpg-5", report.Pass, report.At("README.md", 5)),
		fnd("dpg-9c", report.Pass, report.At("CODE_OF_CONDUCT.md", 3)),
		fnd("dpg-2", report.Pass, report.At("LICENSE", 1)),
	}}
	head := &report.Report{Findings: []report.Finding{
		fnd("dpg-5", report.Fail, report.At("README.md", 0)),
		fnd("dpg-9c", report.Fail),
		fnd("dpg-2", report.Fail, report.At("package.json", 3)),
	}}
	Apply(Input{Head: head, Base: base,
		ReadBase: files(map[string]string{"README.md": baseReadme, "CODE_OF_CONDUCT.md": "# CoC\n\nmail conduct@x.org\n", "LICENSE": "MIT\n"}),
		ReadHead: files(map[string]string{"README.md": headReadme, "LICENSE": "MIT\n", "package.json": "{\n\"name\": \"a\",\n\"license\": \"SSPL-1.0\"\n}\n"}),
	})
	if got := byID(head, "dpg-5").BrokenBy; !slices.Equal(got, []report.Evidence{report.At("README.md", 5)}) {
		t.Errorf("dpg-5 broken_by = %v, want README.md:5 where the install section was", got)
	}
	c := byID(head, "dpg-9c")
	if len(c.BrokenBy) != 0 || !slices.ContainsFunc(c.Details, func(d string) bool {
		return strings.Contains(d, "CODE_OF_CONDUCT.md") && strings.Contains(d, "deleted")
	}) {
		t.Errorf("dpg-9c: a deleted file cannot carry an annotation; it is a detail: %+v", c)
	}
	if got := byID(head, "dpg-2").BrokenBy; !slices.Equal(got, []report.Evidence{report.At("package.json", 3)}) {
		t.Errorf("dpg-2 broken_by = %v, want the new package.json line (LICENSE did not change)", got)
	}
}

func TestLicenceChange(t *testing.T) {
	t.Parallel()
	got := licenceChange(
		[]report.License{{SPDX: "MIT", Path: "LICENSE"}, {SPDX: "MIT", Path: "package.json"}},
		[]report.License{{SPDX: "BUSL-1.1", Path: "LICENSE"}, {SPDX: "Apache-2.0", Path: "sub/LICENSE"}})
	if want := "LICENSE: MIT → BUSL-1.1; package.json: MIT → (removed); sub/LICENSE: (none) → Apache-2.0"; got != want {
		t.Errorf("licenceChange = %q, want %q", got, want)
	}
	if got := licenceChange([]report.License{{SPDX: "MIT", Path: "LICENSE"}}, []report.License{{SPDX: "MIT", Path: "LICENSE"}}); got != "" {
		t.Errorf("no change = %q", got)
	}
}
