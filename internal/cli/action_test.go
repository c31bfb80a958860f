package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// webhookExamples are the real payloads of @octokit/webhooks-examples, read
// once from the shared data.
var webhookExamples = sync.OnceValues(func() (map[string][]map[string]any, error) {
	p, err := githubtest.SharedFile("github/webhook-examples.json")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var list []struct {
		Name     string           `json:"name"`
		Examples []map[string]any `json:"examples"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	out := map[string][]map[string]any{}
	for _, e := range list {
		out[e.Name] = e.Examples
	}
	return out, nil
})

// payload returns a real example event of the given name and action.
func payload(t *testing.T, name, act string) map[string]any {
	t.Helper()
	ex, err := webhookExamples()
	if err != nil {
		t.Skipf("skipping: real webhook payloads are needed: %v", err)
	}
	for _, p := range ex[name] {
		if act == "" || p["action"] == act {
			var cp map[string]any
			b, _ := json.Marshal(p)
			json.Unmarshal(b, &cp)
			return cp
		}
	}
	t.Fatalf("no %s/%s example payload", name, act)
	return nil
}

// runner emulates what GitHub gives a Docker action: a workspace holding the
// repository, an event file, GITHUB_* variables, INPUT_* variables with
// hyphens kept, and output and summary files.
type runner struct {
	t         *testing.T
	fake      *githubtest.Server
	workspace string
	env       map[string]string
	stdout    bytes.Buffer
	stderr    bytes.Buffer
}

const headSHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"

func newRunner(t *testing.T, event string, p map[string]any, files map[string]string) *runner {
	t.Helper()
	fake := githubtest.New(t)
	dir := t.TempDir()
	ws := filepath.Join(dir, "workspace")
	for name, data := range files {
		f := filepath.Join(ws, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(ws, 0o755)
	eventFile := filepath.Join(dir, "event.json")
	b, _ := json.Marshal(p)
	os.WriteFile(eventFile, b, 0o644)
	r := &runner{t: t, fake: fake, workspace: ws, env: map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": eventFile,
		"GITHUB_REPOSITORY": "octo/clinic", "GITHUB_API_URL": fake.URL, "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_RUN_ID": "7421", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_RUN_NUMBER": "12", "GITHUB_SHA": "1111111111111111111111111111111111111111",
		"GITHUB_WORKSPACE": ws, "GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
		"INPUT_TOKEN": "ghs_workflow_token", "INPUT_FAIL-ON": "required", "INPUT_COMMENT": "always", "INPUT_CHECK-RUN": "true",
	}}
	return r
}

func (r *runner) run() int {
	r.stdout.Reset()
	r.stderr.Reset()
	env := Env{Args: []string{"action"}, Getenv: func(k string) string { return r.env[k] }, Stdout: &r.stdout, Stderr: &r.stderr,
		Now: time.Now}
	return Run(context.Background(), env)
}

// outputs parses the GITHUB_OUTPUT file (name<<DELIM blocks).
func (r *runner) outputs() map[string]string {
	data, _ := os.ReadFile(r.env["GITHUB_OUTPUT"])
	out := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		out[name] = strings.Join(val, "\n")
	}
	return out
}

func (r *runner) summary() string {
	data, _ := os.ReadFile(r.env["GITHUB_STEP_SUMMARY"])
	return string(data)
}

const mitLicence = "MIT License\n\nCopyright (c) 2024 Example Foundation\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n"

// repoFailingOnlyCoC fails dpg-9c and nothing else required: its
// configuration says users interact through the product, and it has no code
// of conduct.
var repoFailingOnlyCoC = map[string]string{
	".github/dpgcheck.yml":     "version: 1\nhandles:\n  user-interaction: true\n",
	"LICENSE":                  mitLicence,
	"README.md":                "# Clinic\n\nClinic keeps patient records for primary health clinics, works offline and exports reports for district officers.\n\n## Installation\n\n```sh\nmake install\n```\n",
	"SECURITY.md":              "# Security\n\nEmail security@example.org.\n",
	".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
}

func TestActionPullRequestFirstRunAndRerun(t *testing.T) {
	t.Parallel()
	// The checkout has the base in its history (fetch-depth: 2), as the README
	// recommends: the base costs no request.
	r := newPRRun(t, repoFailingOnlyCoC, repoFailingOnlyCoC, fullHistory)
	pr := 2

	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d, want 1 (dpg-9c fails)\nstdout:\n%s\nstderr:\n%s", code, r.stdout.String(), r.stderr.String())
	}
	reqs := r.fake.Requests()
	var calls []string
	for _, q := range reqs {
		calls = append(calls, q.Method+" "+q.Path)
	}
	want := []string{
		"POST /repos/octo/clinic/check-runs",
		// No code of conduct: what GitHub knows could settle dpg-9c. This
		// fake has no such repository (404), so dpgcheck stops asking.
		"GET /repos/octo/clinic",
		"GET /repos/octo/clinic/issues/2/comments",
		"POST /repos/octo/clinic/issues/2/comments",
		"GET /repos/octo/clinic/issues/2/comments", // re-list: did a racing run create one too?
		"PATCH /repos/octo/clinic/check-runs/1001",
	}
	if strings.Join(calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("first run requests:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(want, "\n"))
	}
	crs := r.fake.CheckRuns()
	if len(crs) != 1 || crs[0].Conclusion != "failure" || crs[0].HeadSHA != r.head || crs[0].Title != "1 failing · 7 to review · 3 passing" {
		t.Fatalf("check run = %+v", crs)
	}
	cs := r.fake.Comments(pr)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "<!-- dpgcheck:report v1 key=path%3D.%3Bstandards%3Ddpg run=7421.1") {
		t.Fatalf("comment = %+v", cs)
	}
	out := r.outputs()
	if out["verdict"] != "fail" || out["failed"] != "1" || out["report"] != ".dpgcheck/report.json" ||
		!strings.Contains(out["comment-url"], "#issuecomment-") || !strings.Contains(out["check-run-url"], "/runs/") {
		t.Errorf("outputs = %v", out)
	}
	if _, err := os.Stat(filepath.Join(r.workspace, ".dpgcheck/report.json")); err != nil {
		t.Errorf("report not written: %v", err)
	}
	if s := r.summary(); !strings.Contains(s, "### ❌ DPG Standard") || strings.Contains(s, "<!-- dpgcheck") {
		t.Errorf("job summary:\n%s", s)
	}

	// The author adds a code of conduct and pushes: the next run fixes dpg-9c.
	os.WriteFile(filepath.Join(r.workspace, "CODE_OF_CONDUCT.md"), []byte("# Conduct\n\nReport harassment to conduct@example.org.\n"), 0o644)
	r.env["GITHUB_RUN_ID"] = "7422"
	before := len(r.fake.Requests())
	if code := r.run(); code != ExitPass {
		t.Fatalf("rerun exit %d\n%s", code, r.stderr.String())
	}
	// DESIGN's 4, and one for what GitHub knows: the base still lacks the
	// code of conduct, and is judged with the same facts as the head.
	if n := len(r.fake.Requests()) - before; n != 5 {
		t.Errorf("a pull-request run with an existing comment made %d requests, want 5", n)
	}
	cs = r.fake.Comments(pr)
	if len(cs) != 1 {
		t.Fatalf("%d comments after the rerun, want the same one", len(cs))
	}
	for _, want := range []string{"run=7422.1", "Since the previous run", "fixed: **9C · Protection from harassment**"} {
		if !strings.Contains(cs[0].Body, want) {
			t.Errorf("updated comment lacks %q:\n%s", want, cs[0].Body)
		}
	}
	if crs := r.fake.CheckRuns(); crs[1].Conclusion != "neutral" {
		t.Errorf("second check run conclusion %q, want neutral (only review items remain)", crs[1].Conclusion)
	}
}

func TestActionForkPullRequestDegrades(t *testing.T) {
	t.Parallel()
	p := payload(t, "pull_request", "opened")
	r := newRunner(t, "pull_request", p, repoFailingOnlyCoC)
	r.fake.ReadOnly = true
	code := r.run()
	if code != ExitFail {
		t.Fatalf("exit %d, want 1: the verdict, not the 403, decides\n%s", code, r.stderr.String())
	}
	out := r.stdout.String()
	if !regexp.MustCompile(`(?m)^::error file=CODE_OF_CONDUCT|^::error .*title=dpg-9c`).MatchString(out) && !strings.Contains(out, "::warning") {
		t.Errorf("no workflow-command annotations:\n%s", out)
	}
	if !strings.Contains(out, "two-workflow pattern") || !strings.Contains(r.summary(), "two-workflow pattern") {
		t.Errorf("the fork notice is missing:\nstdout:\n%s\nsummary:\n%s", out, r.summary())
	}
	if len(r.fake.Comments(2)) != 0 || len(r.fake.CheckRuns()) != 0 {
		t.Error("wrote to GitHub with a read-only token")
	}
	if r.outputs()["verdict"] != "fail" {
		t.Errorf("outputs = %v", r.outputs())
	}
}

func TestActionReports422(t *testing.T) {
	t.Parallel()
	p := payload(t, "pull_request", "synchronize")
	r := newRunner(t, "pull_request", p, repoFailingOnlyCoC)
	r.fake.Fail("POST /repos/octo/clinic/issues", githubtest.Fault{Status: 422, Message: "Validation Failed: Body is too long (maximum is 65536 characters)"})
	if code := r.run(); code != ExitError {
		t.Fatalf("exit %d, want 3", code)
	}
	if !strings.Contains(r.stdout.String(), "Body is too long") {
		t.Errorf("the 422 message is not reported:\n%s", r.stdout.String())
	}
	if r.outputs()["verdict"] != "fail" || r.summary() == "" {
		t.Error("outputs and summary must still be written")
	}
	if crs := r.fake.CheckRuns(); len(crs) != 1 || crs[0].Status != "completed" {
		t.Errorf("check run not completed: %+v", crs)
	}
}

func TestActionRetriesRateLimits(t *testing.T) {
	t.Parallel()
	p := payload(t, "pull_request", "reopened")
	r := newRunner(t, "pull_request", p, repoFailingOnlyCoC)
	r.fake.Fail("GET /repos/octo/clinic/issues", githubtest.Fault{Status: 403, Header: map[string]string{"Retry-After": "0"}, Message: "You have exceeded a secondary rate limit", Times: 1})
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d\n%s", code, r.stdout.String())
	}
	if len(r.fake.Comments(2)) != 1 {
		t.Error("no comment after a rate limit")
	}
}

func TestActionPushAndMergeGroup(t *testing.T) {
	t.Parallel()
	for _, ev := range []string{"push", "merge_group", "workflow_dispatch"} {
		t.Run(ev, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t, ev, payload(t, ev, ""), repoFailingOnlyCoC)
			if code := r.run(); code != ExitFail {
				t.Fatalf("exit %d\n%s", code, r.stderr.String())
			}
			for _, q := range r.fake.Requests() {
				if strings.Contains(q.Path, "/comments") {
					t.Errorf("%s event touched comments: %s %s", ev, q.Method, q.Path)
				}
			}
			if crs := r.fake.CheckRuns(); len(crs) != 1 || crs[0].HeadSHA == "" {
				t.Errorf("check runs = %+v", crs)
			}
		})
	}
}

func TestActionRefusesPullRequestTarget(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "pull_request_target", payload(t, "pull_request", "opened"), repoFailingOnlyCoC)
	if code := r.run(); code != ExitUsage || !strings.Contains(r.stderr.String(), "refuses to run on pull_request_target") {
		t.Fatalf("exit %d, stderr %s", code, r.stderr.String())
	}
	if len(r.fake.Requests()) != 0 {
		t.Error("requests were made")
	}
	r.env["INPUT_ALLOW-PULL-REQUEST-TARGET"] = "true"
	if code := r.run(); code != ExitFail {
		t.Fatalf("allowed pull_request_target: exit %d", code)
	}
}

func TestActionSkipsLabelEvents(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "pull_request", payload(t, "pull_request", "labeled"), repoFailingOnlyCoC)
	if code := r.run(); code != ExitPass || len(r.fake.Requests()) != 0 || !strings.Contains(r.stdout.String(), "::notice::dpgcheck skipped") {
		t.Fatalf("labeled: exit %d, %d requests, stdout %s", code, len(r.fake.Requests()), r.stdout.String())
	}
}

func TestActionBadInputs(t *testing.T) {
	t.Parallel()
	for name, env := range map[string][2]string{
		"fail-on":   {"INPUT_FAIL-ON", "sometimes"},
		"comment":   {"INPUT_COMMENT", "loudly"},
		"path":      {"INPUT_PATH", "../other"},
		"check-run": {"INPUT_CHECK-RUN", "maybe"},
		"app-id":    {"INPUT_APP-ID", "abc"},
	} {
		r := newRunner(t, "push", payload(t, "push", ""), repoFailingOnlyCoC)
		r.env[env[0]] = env[1]
		if code := r.run(); code != ExitUsage {
			t.Errorf("%s=%s: exit %d, want 2; stderr %s", env[0], env[1], code, r.stderr.String())
		}
		_ = name
	}
}

func TestActionOnFailureUpdatesAFixedComment(t *testing.T) {
	t.Parallel()
	p := payload(t, "pull_request", "opened")
	r := newRunner(t, "pull_request", p, repoFailingOnlyCoC)
	r.env["INPUT_COMMENT"] = "on-failure"
	r.run()
	os.WriteFile(filepath.Join(r.workspace, "CODE_OF_CONDUCT.md"), []byte("# Conduct\n\nReport harassment to conduct@example.org.\n"), 0o644)
	r.env["GITHUB_RUN_ID"] = "7500"
	r.run()
	cs := r.fake.Comments(2)
	if len(cs) != 1 || strings.Contains(cs[0].Body, "### ❌") {
		t.Fatalf("the red comment stayed after the fix: %+v", cs)
	}
}

func TestActionOutputsAreInjectionSafe(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "push", payload(t, "push", ""), repoFailingOnlyCoC)
	r.env["INPUT_SARIF-FILE"] = "results.sarif"
	r.run()
	out := r.outputs()
	if out["sarif"] != "results.sarif" || len(out) < 6 {
		t.Fatalf("outputs = %v", out)
	}
	data, _ := os.ReadFile(filepath.Join(r.workspace, "results.sarif"))
	if !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Error("SARIF file not written")
	}
}

// TestActionWorkflowRunForFork is the second half of the fork pattern: a
// workflow_run job with a write token reports on the fork's pull request,
// found by its head branch because GitHub leaves pull_requests empty.
func TestActionWorkflowRunForFork(t *testing.T) {
	t.Parallel()
	p := payload(t, "workflow_run", "completed")
	wr := p["workflow_run"].(map[string]any)
	wr["event"] = "pull_request"
	wr["pull_requests"] = []any{}
	wr["head_sha"] = headSHA
	wr["head_branch"] = "fix-licence"
	wr["head_repository"].(map[string]any)["full_name"] = "contributor/clinic"
	wr["head_repository"].(map[string]any)["owner"].(map[string]any)["login"] = "contributor"
	r := newRunner(t, "workflow_run", p, repoFailingOnlyCoC)
	r.fake.Routes["GET /repos/octo/clinic/pulls"] = func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Query().Get("head") != "contributor:fix-licence" {
			w.Write([]byte("[]"))
			return
		}
		fmt.Fprintf(w, `[{"number": 31, "head": {"sha": %q}}]`, headSHA)
	}
	if code := r.run(); code != ExitFail {
		t.Fatalf("exit %d\n%s\n%s", code, r.stdout.String(), r.stderr.String())
	}
	if cs := r.fake.Comments(31); len(cs) != 1 {
		t.Fatalf("no comment on the fork's pull request #31: %+v", r.fake.Requests())
	}
}

// TestActionJobSummaryIsTheFullReport: the comment's "full report" link
// leads to the job summary, so the summary is not the comment again: it
// shows every criterion, detail and fix, unfolded.
func TestActionJobSummaryIsTheFullReport(t *testing.T) {
	t.Parallel()
	r := newPRRun(t, repoFailingOnlyCoC, with(repoFailingOnlyCoC, "docs/usage.md", "# Usage\n"), fullHistory)
	r.run()
	cs := r.fake.Comments(2)
	if len(cs) != 1 {
		t.Fatalf("%d comments\n%s", len(cs), r.stderr.String())
	}
	_, comment, _ := strings.Cut(cs[0].Body, "\n") // after the marker
	summary := r.summary()
	if !strings.Contains(comment, "[full report](https://github.com/octo/clinic/actions/runs/7421)") {
		t.Errorf("the comment does not link the full report:\n%s", comment)
	}
	if summary == comment {
		t.Fatal("the job summary is the comment")
	}
	for _, want := range []string{"#### ❌ How to fix", "#### 🟡 How to clear", "#### Notes", "scanned "} {
		if !strings.Contains(summary, want) {
			t.Errorf("the job summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "<details") {
		t.Errorf("the job summary folds something away:\n%s", summary)
	}
}
