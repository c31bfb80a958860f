package engine

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var mit, _ = os.ReadFile("../license/testdata/corpus/mit-plain.txt")

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func tree(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	return fsys
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

// TestEvaluateComparesWithTheBase: the engine evaluates both trees, records
// what the pull request changed, and finalizes once under the gate.
func TestEvaluateComparesWithTheBase(t *testing.T) {
	t.Parallel()
	base := tree(map[string]string{"LICENSE": string(mit), "README.md": "# App\n"})
	head := tree(map[string]string{"LICENSE": "Server Side Public License\nVERSION 1, OCTOBER 16, 2018\n", "README.md": "# App\n"})
	r, err := Evaluate(context.Background(), head, Options{Standards: []string{"dpg"}, FailOn: report.FailOnRegression, Now: now,
		Base: &Base{FS: base, Commit: "b4se", Source: "git"}})
	if err != nil {
		t.Fatal(err)
	}
	f := finding(t, r, "dpg-2")
	if f.Change != report.Regressed || f.Base == nil || f.Base.Outcome != report.Pass {
		t.Errorf("dpg-2 = %s, change %q, base %+v; want a regression from pass", f.Outcome, f.Change, f.Base)
	}
	if r.PullRequest == nil || r.PullRequest.Base.Status != report.BaseEvaluated || r.PullRequest.Base.Commit != "b4se" {
		t.Errorf("pull_request = %+v", r.PullRequest)
	}
	if r.Verdict != report.VerdictFail || !r.Gates(report.FailOnRegression) {
		t.Errorf("verdict %s: a regression must gate under fail-on regression", r.Verdict)
	}
}

// TestEvaluateBaseUnreadable: a base whose objects could not all be read is
// unknown, never evaluated as if files were absent, and fail-on regression
// then gates like required.
func TestEvaluateBaseUnreadable(t *testing.T) {
	t.Parallel()
	head := tree(map[string]string{"LICENSE": string(mit), "README.md": "# App\n"})
	r, err := Evaluate(context.Background(), head, Options{Standards: []string{"dpg"}, FailOn: report.FailOnRegression, Now: now,
		Base: &Base{FS: tree(map[string]string{"README.md": "# App\n"}), Commit: "b4se",
			Unreadable: func() error { return errors.New("LICENSE cannot be read from the local history") }}})
	if err != nil {
		t.Fatal(err)
	}
	if r.PullRequest.Base.Status != report.BaseUnknown || !strings.Contains(r.PullRequest.Base.Reason, "LICENSE cannot be read") {
		t.Errorf("base = %+v, want unknown naming the file", r.PullRequest.Base)
	}
	if f := finding(t, r, "dpg-2"); f.Change != "" {
		t.Errorf("dpg-2 change = %q: nothing can be called fixed without a base", f.Change)
	}
}

// TestEvaluateAsksTheHostOnce: the host is asked only when a rule could use
// its answer, and once for head and base together.
func TestEvaluateAsksTheHostOnce(t *testing.T) {
	t.Parallel()
	asked := 0
	host := func(_ context.Context, repository string) *hosting.Facts {
		asked++
		return &hosting.Facts{Host: "GitHub", Repository: repository, URL: "https://github.com/" + repository,
			Owner: hosting.Owner{Login: "health-org", URL: "https://github.com/health-org", Type: hosting.Organization}}
	}
	noOwner := tree(map[string]string{"README.md": "# App\n"})
	r, err := Evaluate(context.Background(), noOwner, Options{Standards: []string{"dpg"}, Now: now, Host: host,
		Target: report.Target{Repository: "health-org/app"}, Base: &Base{FS: noOwner}})
	if err != nil {
		t.Fatal(err)
	}
	if asked != 1 {
		t.Errorf("the host was asked %d times, want once for head and base", asked)
	}
	if f := finding(t, r, "dpg-3"); f.Outcome != report.Pass || f.Change != report.Unchanged {
		t.Errorf("dpg-3 = %s %q (%s), want pass by the organisation, unchanged", f.Outcome, f.Change, f.Message)
	}

	asked = 0
	owned := tree(map[string]string{"LICENSE": string(mit), "NOTICE": "Copyright 2024 Example Foundation\n", "README.md": "# App\n\nApp keeps patient records for primary health clinics and works offline in rural districts of the country.\n\n## Installation\n\n```sh\nmake install\n```\n",
		"CODE_OF_CONDUCT.md": "# Conduct\n\nReport harassment to conduct@example.org.\n", "SECURITY.md": "Report to security@example.org.\n"})
	if _, err := Evaluate(context.Background(), owned, Options{Standards: []string{"dpg"}, Now: now, Host: host,
		Target: report.Target{Repository: "health-org/app"}}); err != nil {
		t.Fatal(err)
	}
	if asked != 0 {
		t.Errorf("the host was asked although the repository settles every criterion it could change")
	}
}

// TestEvaluateConfigError: an invalid configuration is a *ConfigError naming
// the file and line, which the command line turns into exit code 2.
func TestEvaluateConfigError(t *testing.T) {
	t.Parallel()
	head := tree(map[string]string{".github/dpgcheck.yml": "version: 1\ntypo: true\n"})
	// With a base too: its evaluation, begun beside the head's, is
	// abandoned, and the head's error is what the caller gets.
	base := tree(map[string]string{"README.md": "# App\n"})
	for _, o := range []Options{{}, {Base: &Base{FS: base, Commit: "b4se", Source: "git"}}} {
		o.Standards, o.Now = []string{"dpg"}, now
		_, err := Evaluate(context.Background(), head, o)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), ".github/dpgcheck.yml:2") {
			t.Fatalf("base %v: err = %v, want a ConfigError naming .github/dpgcheck.yml:2", o.Base != nil, err)
		}
	}
}
