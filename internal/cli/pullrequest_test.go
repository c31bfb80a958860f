package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// history says how much of the base a pull request's checkout has.
type history int

const (
	fullHistory    history = iota // fetch-depth: 2 or more: the merge commit's parents are local
	shallowHistory                // fetch-depth: 1 (the default): only the merge commit
	noGit                         // no .git at all
)

// prRun is a pull_request event whose checkout is GitHub's merge commit of
// head into base, as actions/checkout leaves it.
type prRun struct {
	*runner
	base, head string // commit names
	deps       []map[string]any
	depsStatus int
	codeload   *httptest.Server
}

func newPRRun(t *testing.T, baseFiles, headFiles map[string]string, h history) *prRun {
	t.Helper()
	p := payload(t, "pull_request", "opened")
	r := newRunner(t, "pull_request", p, headFiles)
	pr := &prRun{runner: r, depsStatus: http.StatusOK}
	g := newGitWriter(t, r.workspace)
	pr.base = g.commit(baseFiles)
	pr.head = g.commit(headFiles, pr.base)
	merge := g.commit(headFiles, pr.base, pr.head)
	g.head(merge)
	switch h {
	case shallowHistory:
		g.drop(pr.base)
		os.WriteFile(filepath.Join(r.workspace, ".git", "shallow"), []byte(merge+"\n"), 0o644)
	case noGit:
		os.RemoveAll(filepath.Join(r.workspace, ".git"))
	}
	prp := p["pull_request"].(map[string]any)
	prp["head"].(map[string]any)["sha"] = pr.head
	prp["base"].(map[string]any)["sha"] = pr.base
	b, _ := json.Marshal(p)
	os.WriteFile(r.env["GITHUB_EVENT_PATH"], b, 0o644)

	// GitHub answers the tarball request with a redirect to codeload.
	tgz := repoTarball(t, "octo-clinic-"+pr.base[:7], baseFiles, pr.base)
	pr.codeload = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(tgz)
	}))
	t.Cleanup(pr.codeload.Close)
	r.fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, q *http.Request) {
		http.Redirect(w, q, pr.codeload.URL+"/octo/clinic/legacy.tar.gz/"+pr.base, http.StatusFound)
	}
	r.fake.Routes["GET /repos/octo/clinic/dependency-graph/compare/"] = func(w http.ResponseWriter, q *http.Request) {
		if want := "/repos/octo/clinic/dependency-graph/compare/" + pr.base + "..." + pr.head; q.URL.Path != want {
			t.Errorf("dependency review of %s, want %s", q.URL.Path, want)
		}
		if pr.depsStatus != http.StatusOK {
			w.WriteHeader(pr.depsStatus)
			w.Write([]byte(`{"message":"Dependency review is not supported on this repository."}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(append([]map[string]any{}, pr.deps...))
	}
	return pr
}

// repoTarball builds a tarball as GitHub serves it: one top folder and a pax
// global header naming the commit.
func repoTarball(t *testing.T, top string, files map[string]string, commit string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": commit}, Format: tar.FormatPAX})
	tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top + "/", Mode: 0o755})
	dirs := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		for d := filepath.Dir(name); d != "."; d = filepath.Dir(d) {
			if !dirs[d] {
				dirs[d] = true
				tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top + "/" + d + "/", Mode: 0o755})
			}
		}
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: top + "/" + name, Mode: 0o644, Size: int64(len(files[name]))})
		tw.Write([]byte(files[name]))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func (r *prRun) report(t *testing.T) *report.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.workspace, ".dpgcheck/report.json"))
	if err != nil {
		t.Fatalf("no JSON report: %v\nstderr:\n%s", err, r.stderr.String())
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

func (r *prRun) calls() []string {
	var out []string
	for _, q := range r.fake.Requests() {
		out = append(out, q.Method+" "+q.Path)
	}
	return out
}

func finding(t *testing.T, r *report.Report, id string) report.Finding {
	t.Helper()
	for _, f := range r.Findings {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no finding %s", id)
	return report.Finding{}
}

func with(files map[string]string, kv ...string) map[string]string {
	out := maps.Clone(files)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

var conduct = "# Code of conduct\n\nBe kind.\n\n## Reporting\n\nReport harassment to conduct@example.org.\n"

// healthy passes every required DPG criterion a file can satisfy.
var healthy = with(repoFailingOnlyCoC, "CODE_OF_CONDUCT.md", conduct)

func apacheText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../LICENSE")
	if err != nil || !strings.Contains(string(data), "Apache License") {
		t.Fatalf("the repository's own LICENSE (Apache-2.0) is needed: %v", err)
	}
	return string(data)
}

func TestPullRequestLicenceChanged(t *testing.T) {
	t.Parallel()
	head := with(healthy, "LICENSE", "Copyright (c) 2024 Example Foundation\n\nAll rights reserved. This software is proprietary;\nno licence is granted to use, copy or modify it.\n")
	r := newPRRun(t, healthy, head, fullHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d, want 1: the PR breaks dpg-2\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	pr := rep.PullRequest
	if pr == nil || pr.Base.Status != report.BaseEvaluated || pr.Base.Source != "git" || pr.Base.Commit != r.base {
		t.Fatalf("pull_request = %+v, want the base %s from the local history", pr, r.base)
	}
	f := finding(t, rep, "dpg-2")
	if f.Change != report.Regressed || f.Base == nil || f.Base.Outcome != report.Pass || f.Outcome != report.Fail {
		t.Errorf("dpg-2: change %q base %+v outcome %s, want regressed from pass to fail", f.Change, f.Base, f.Outcome)
	}
	if !slices.Contains(f.BrokenBy, report.At("LICENSE", 1)) {
		t.Errorf("dpg-2 broken_by = %v, want the changed line LICENSE:1", f.BrokenBy)
	}
	if !strings.Contains(pr.LicenceChange, "LICENSE: MIT →") {
		t.Errorf("licence_change = %q", pr.LicenceChange)
	}
	crs := r.fake.CheckRuns()
	last := crs[len(crs)-1]
	if last.Conclusion != "failure" || !strings.HasPrefix(last.Title, "1 new in this PR") {
		t.Errorf("check run %q %q", last.Conclusion, last.Title)
	}
	if !slices.ContainsFunc(last.Annotations, func(a map[string]any) bool {
		return a["path"] == "LICENSE" && a["annotation_level"] == "failure" && strings.Contains(a["title"].(string), "regressed")
	}) {
		t.Errorf("no failure annotation on the changed LICENSE line: %v", last.Annotations)
	}
	body := r.fake.Comments(2)[0].Body
	for _, want := range []string{"1 required criterion regressed by this PR (dpg-2)", "**New in this PR:** ❌ **2 · Open licence**", "changed here:"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}
}

func TestPullRequestNewGPLDependencyInApacheProject(t *testing.T) {
	t.Parallel()
	apache := apacheText(t)
	base := with(healthy, "LICENSE", apache, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"Apache-2.0\",\n  \"dependencies\": {\n    \"express\": \"^4.19.0\"\n  }\n}\n")
	head := with(base, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"Apache-2.0\",\n  \"dependencies\": {\n    \"express\": \"^4.19.0\",\n    \"readline-gpl\": \"^2.1.0\",\n    \"mystery\": \"^0.1.0\"\n  }\n}\n")
	r := newPRRun(t, base, head, fullHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	r.deps = []map[string]any{
		{"change_type": "added", "manifest": "package.json", "ecosystem": "npm", "name": "readline-gpl", "version": "2.1.0", "package_url": "pkg:npm/readline-gpl@2.1.0",
			"license": "GPL-3.0-only", "source_repository_url": nil, "vulnerabilities": []any{}, "scope": "runtime"},
		{"change_type": "added", "manifest": "package.json", "ecosystem": "npm", "name": "mystery", "version": "0.1.0", "package_url": "pkg:npm/mystery@0.1.0",
			"license": nil, "source_repository_url": nil, "vulnerabilities": []any{}, "scope": "runtime"},
	}
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d, want 1: a GPL-3.0 dependency in an Apache-2.0 project is a new licence violation\n%s", code, r.stderr.String())
	}
	want := []string{
		"POST /repos/octo/clinic/check-runs",
		"GET /repos/octo/clinic", // what GitHub knows (the fake has no such repository)
		"GET /repos/octo/clinic/dependency-graph/compare/" + r.base + "..." + r.head,
		"GET /repos/octo/clinic/issues/2/comments",
		"POST /repos/octo/clinic/issues/2/comments",
		"GET /repos/octo/clinic/issues/2/comments",
		"PATCH /repos/octo/clinic/check-runs/1001",
	}
	if got := r.calls(); !slices.Equal(got, want) {
		t.Errorf("requests:\n%s\nwant DESIGN's budget plus the compare call:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rep := r.report(t)
	deps := map[string]report.DependencyChange{}
	for _, d := range rep.PullRequest.Dependencies {
		deps[d.Name] = d
	}
	gpl, mystery := deps["readline-gpl"], deps["mystery"]
	if gpl.Status != "incompatible" || gpl.Path != "package.json" || gpl.Line != 6 || gpl.Source != "both" || gpl.License != "GPL-3.0-only" {
		t.Errorf("readline-gpl = %+v, want incompatible at package.json:6 seen by both sources", gpl)
	}
	if mystery.Status != "unknown" {
		t.Errorf("mystery = %+v, want unknown (never open)", mystery)
	}
	if _, ok := deps["express"]; ok {
		t.Error("express was already a dependency of the base; it is not new")
	}
	f := finding(t, rep, "dpg-2")
	if f.Change != report.Regressed || f.Outcome != report.NeedsReview || !slices.Contains(f.BrokenBy, report.At("package.json", 6)) {
		t.Errorf("dpg-2 = change %q outcome %s broken_by %v, want a regression at package.json:6 that needs review again", f.Change, f.Outcome, f.BrokenBy)
	}
	crs := r.fake.CheckRuns()
	anns := crs[len(crs)-1].Annotations
	if !slices.ContainsFunc(anns, func(a map[string]any) bool {
		return a["path"] == "package.json" && a["start_line"] == float64(6) && a["annotation_level"] == "failure"
	}) {
		t.Errorf("no failure annotation on package.json:6: %v", anns)
	}
	if !slices.ContainsFunc(anns, func(a map[string]any) bool {
		return a["path"] == "package.json" && a["start_line"] == float64(7) && a["annotation_level"] == "warning"
	}) {
		t.Errorf("no warning annotation for the unknown licence on package.json:7: %v", anns)
	}
	body := r.fake.Comments(2)[0].Body
	for _, want := range []string{"new dependency npm `readline-gpl@2.1.0`", "📦 2 dependencies added or upgraded — 1 licence problem"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}
}

func TestPullRequestFixedCriterion(t *testing.T) {
	t.Parallel()
	r := newPRRun(t, repoFailingOnlyCoC, healthy, fullHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	if code := r.run(); code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	if f := finding(t, rep, "dpg-9c"); f.Change != report.Fixed || f.Base.Outcome != report.Fail {
		t.Errorf("dpg-9c change %q base %+v, want fixed", f.Change, f.Base)
	}
	if !slices.Equal(rep.PullRequest.Fixed, []string{"dpg-9c"}) || len(rep.PullRequest.Regressed) != 0 {
		t.Errorf("pull_request = %+v", rep.PullRequest)
	}
	if body := r.fake.Comments(2)[0].Body; !strings.Contains(body, "nothing regressed compared with the base") || !strings.Contains(body, "fixed: 9C · Protection from harassment") {
		t.Errorf("comment:\n%s", body)
	}
}

func TestPullRequestUnchangedDebtPassesWithRegression(t *testing.T) {
	t.Parallel()
	head := with(repoFailingOnlyCoC, "docs/usage.md", "# Usage\n\nRun `clinic serve`.\n")
	r := newPRRun(t, repoFailingOnlyCoC, head, fullHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	if code := r.run(); code != ExitPass {
		t.Fatalf("exit %d, want 0: dpg-9c failed before this PR\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	if f := finding(t, rep, "dpg-9c"); f.Outcome != report.Fail || f.Change != report.Unchanged {
		t.Errorf("dpg-9c = %s %q, want an unchanged failure", f.Outcome, f.Change)
	}
	if rep.Verdict != report.VerdictNeedsReview {
		t.Errorf("verdict %s, want needs-review: old debt is neither gating nor a pass", rep.Verdict)
	}
	crs := r.fake.CheckRuns()
	if c := crs[len(crs)-1].Conclusion; c != "neutral" {
		t.Errorf("check run conclusion %q, want neutral", c)
	}
	if body := r.fake.Comments(2)[0].Body; !strings.Contains(body, "no required criterion regressed by this PR; 1 older failure does not gate") {
		t.Errorf("comment:\n%s", body)
	}

	// The same pull request under fail-on: required fails on the debt.
	r.env["INPUT_FAIL-ON"] = "required"
	r.env["GITHUB_RUN_ID"] = "7422"
	if code := r.run(); code != ExitFail {
		t.Errorf("fail-on required: exit %d, want 1", code)
	}
}

func TestPullRequestShallowCheckoutUsesTheAPI(t *testing.T) {
	t.Parallel()
	r := newPRRun(t, repoFailingOnlyCoC, healthy, shallowHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	if code := r.run(); code != ExitPass {
		t.Fatalf("exit %d\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	if pr := rep.PullRequest; pr.Base.Source != "api" || pr.Base.Commit != r.base || !slices.Equal(pr.Fixed, []string{"dpg-9c"}) {
		t.Errorf("pull_request = %+v, want the base from the API tarball with dpg-9c fixed", pr)
	}
	calls := r.calls()
	if !slices.Contains(calls, "GET /repos/octo/clinic/tarball/"+r.base) {
		t.Errorf("no tarball request: %v", calls)
	}
	// DESIGN's 4 (+1 on a first run), the tarball and what GitHub knows (one
	// request: the fake has no such repository); no dependency review:
	// neither side has a manifest.
	if len(calls) != 7 {
		t.Errorf("%d requests, want 7:\n%s", len(calls), strings.Join(calls, "\n"))
	}
}

func TestPullRequestWithoutBaseOrAPIReportsUnknown(t *testing.T) {
	t.Parallel()
	r := newPRRun(t, repoFailingOnlyCoC, repoFailingOnlyCoC, shallowHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	delete(r.env, "INPUT_TOKEN")
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d, want 1: without a base, regression gates like required\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	pr := rep.PullRequest
	if pr == nil || pr.Base.Status != report.BaseUnknown || !strings.Contains(pr.Base.Reason, "no token") {
		t.Fatalf("pull_request = %+v, want an unknown base saying why", pr)
	}
	if f := finding(t, rep, "dpg-9c"); f.Change != "" || f.Base != nil {
		t.Errorf("dpg-9c claims a comparison: %+v", f)
	}
	if !strings.Contains(r.stdout.String(), "::warning::dpgcheck could not evaluate the pull request's base") {
		t.Errorf("no warning on the log:\n%s", r.stdout.String())
	}
	if s := r.summary(); !strings.Contains(s, "Not compared with the base") || !strings.Contains(s, "fetch-depth") && !strings.Contains(rep.Notices[len(rep.Notices)-2], "fetch-depth") {
		t.Errorf("summary:\n%s", s)
	}
}

func TestPullRequestDependencyGraphUnavailable(t *testing.T) {
	t.Parallel()
	base := with(healthy, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"MIT\"\n}\n")
	head := with(healthy, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"MIT\",\n  \"dependencies\": {\"left-pad\": \"^1.3.0\"}\n}\n",
		"package-lock.json", `{"name":"clinic","lockfileVersion":3,"packages":{"":{"name":"clinic","dependencies":{"left-pad":"^1.3.0"}},"node_modules/left-pad":{"version":"1.3.0","license":"WTFPL"}}}`)
	r := newPRRun(t, base, head, fullHistory)
	r.depsStatus = http.StatusForbidden
	if code := r.run(); code != ExitPass {
		t.Fatalf("exit %d\n%s", code, r.stderr.String())
	}
	rep := r.report(t)
	if !slices.ContainsFunc(rep.Notices, func(n string) bool { return strings.Contains(n, "dependency graph is not available") }) {
		t.Errorf("notices = %v", rep.Notices)
	}
	deps := rep.PullRequest.Dependencies
	if len(deps) != 1 || deps[0].Name != "left-pad" || deps[0].License != "WTFPL" || deps[0].Source != "manifest" || deps[0].Path != "package.json" {
		t.Errorf("dependencies = %+v, want left-pad from the manifest diff with the lockfile's licence", deps)
	}
}

func TestPullRequestClosedDatabaseMakesDPG4Regress(t *testing.T) {
	t.Parallel()
	compose := "services:\n  app:\n    build: .\n  db:\n    image: mongo:7.0\n"
	r := newPRRun(t, healthy, with(healthy, "docker-compose.yml", compose), fullHistory)
	r.env["INPUT_FAIL-ON"] = "regression"
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d, want 1: an SSPL database is a new closed mandatory dependency\n%s", code, r.stderr.String())
	}
	f := finding(t, r.report(t), "dpg-4")
	if f.Change != report.Regressed || !slices.Contains(f.NewConcerns, "closed: MongoDB server") || f.Outcome != report.NeedsReview {
		t.Errorf("dpg-4 = %s %q new %v", f.Outcome, f.Change, f.NewConcerns)
	}
	if !slices.Contains(f.BrokenBy, report.At("docker-compose.yml", 5)) {
		t.Errorf("dpg-4 broken_by = %v, want docker-compose.yml:5", f.BrokenBy)
	}
}

func TestPullRequestDeletedInstallSectionIsAnnotated(t *testing.T) {
	t.Parallel()
	base := with(healthy, "README.md", "# Clinic\n\nClinic keeps patient records for primary health clinics, works offline and exports reports for district officers.\n\n## Installation\n\n```sh\nmake install\n```\n\n## Usage\n\nOpen http://localhost:8080 in a browser.\n")
	head := with(healthy, "README.md", "# Clinic\n\nClinic keeps patient records.\n")
	r := newPRRun(t, base, head, fullHistory)
	r.run()
	f := finding(t, r.report(t), "dpg-5")
	if f.Change != report.Regressed || f.Outcome != report.Fail {
		t.Fatalf("dpg-5 = %s %q, want a regression to fail", f.Outcome, f.Change)
	}
	if len(f.BrokenBy) == 0 || f.BrokenBy[0].Path != "README.md" || f.BrokenBy[0].Line < 1 || f.BrokenBy[0].Line > 3 {
		t.Errorf("dpg-5 broken_by = %v, want a line of the edited README", f.BrokenBy)
	}
}

func TestCheckBaseFromTheCommandLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := with(healthy, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"MIT\"\n}\n")
	head := with(repoFailingOnlyCoC, "package.json", "{\n  \"name\": \"clinic\",\n  \"license\": \"MIT\",\n  \"dependencies\": {\"agpl-lib\": \"1.0.0\"}\n}\n",
		"package-lock.json", `{"name":"clinic","lockfileVersion":3,"packages":{"":{"name":"clinic","dependencies":{"agpl-lib":"1.0.0"}},"node_modules/agpl-lib":{"version":"1.0.0","license":"AGPL-3.0-only"}}}`)
	for name, data := range head {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	g := newGitWriter(t, dir)
	g.branch("main", g.commit(base))

	run := func(args ...string) (int, *report.Report, string) {
		var stdout, stderr bytes.Buffer
		code := Run(t.Context(), Env{Args: args, Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr, Now: time.Now})
		var rep report.Report
		json.Unmarshal(stdout.Bytes(), &rep)
		return code, &rep, stderr.String()
	}
	code, rep, stderr := run("check", "--base", "main", "--fail-on", "regression", "--format", "json", dir)
	if code != ExitFail {
		t.Fatalf("exit %d, want 1: the working tree removes the code of conduct and adds an AGPL dependency\n%s", code, stderr)
	}
	if !slices.Equal(rep.PullRequest.Regressed, []string{"dpg-2", "dpg-9c"}) {
		t.Errorf("regressed = %v, want dpg-2 (AGPL-3.0 into MIT) and dpg-9c", rep.PullRequest.Regressed)
	}
	deps := rep.PullRequest.Dependencies
	if len(deps) != 1 || deps[0].Name != "agpl-lib" || deps[0].Status != "incompatible" || deps[0].License != "AGPL-3.0-only" {
		t.Errorf("dependencies = %+v", deps)
	}
	if code, _, stderr := run("check", "--base", "no-such-branch", dir); code != ExitUsage || !strings.Contains(stderr, "no-such-branch") {
		t.Errorf("unknown revision: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run("check", "--fail-on", "regression", dir); code != ExitUsage || !strings.Contains(stderr, "--base") {
		t.Errorf("regression without --base: exit %d\n%s", code, stderr)
	}
}

func TestPullRequestRemovedReportingChannelIsAnnotated(t *testing.T) {
	t.Parallel()
	head := with(healthy, "CODE_OF_CONDUCT.md", "# Code of conduct\n\nBe kind.\n\n## Reporting\n\nTalk to the maintainers.\n")
	r := newPRRun(t, healthy, head, fullHistory)
	r.run()
	f := finding(t, r.report(t), "dpg-9c")
	if f.Change != report.Regressed || f.Outcome != report.Fail {
		t.Fatalf("dpg-9c = %s %q, want a regression to fail", f.Outcome, f.Change)
	}
	if !slices.Contains(f.BrokenBy, report.At("CODE_OF_CONDUCT.md", 7)) {
		t.Errorf("dpg-9c broken_by = %v, want CODE_OF_CONDUCT.md:7, where the reporting address was replaced", f.BrokenBy)
	}
}

// TestPullRequestShallowCheckoutBaseDownloadRefused: with fetch-depth 1 and
// a base GitHub will not send, the comment and summary say what happened in
// a user's words and how to fix it, not GitHub's raw answer.
func TestPullRequestShallowCheckoutBaseDownloadRefused(t *testing.T) {
	t.Parallel()
	r := newPRRun(t, repoFailingOnlyCoC, healthy, shallowHistory)
	r.fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, q *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"message":"Not Found"}`))
	}
	r.run()
	if pr := r.report(t).PullRequest; pr == nil || pr.Base.Status != report.BaseUnknown {
		t.Fatalf("pull_request = %+v, want an unknown base", pr)
	}
	for what, text := range map[string]string{"comment": r.fake.Comments(2)[0].Body, "job summary": r.summary()} {
		if !strings.Contains(text, "`fetch-depth: 2`") || !strings.Contains(text, "shallow") {
			t.Errorf("%s does not say the checkout is shallow and to set fetch-depth: 2:\n%s", what, text)
		}
		for _, raw := range []string{"GitHub answered", "/tarball/", "404"} {
			if strings.Contains(text, raw) {
				t.Errorf("%s shows GitHub's raw answer (%q):\n%s", what, raw, text)
			}
		}
	}
}
