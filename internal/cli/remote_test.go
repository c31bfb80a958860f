package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/download"
	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/tarball"
)

// clinicFiles is a small repository: an MIT licence, a README with
// installation instructions, a security policy and a code of conduct.
var clinicFiles = map[string]string{
	"LICENSE": "MIT License\n\nCopyright (c) 2026 Example Foundation\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n" +
		"of this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\n" +
		"to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\n" +
		"furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\n" +
		"copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n" +
		"IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n" +
		"AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n" +
		"OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n",
	"README.md": "# Clinic\n\nClinic keeps patient records for primary health clinics, works offline and exports reports for district officers.\n\n" +
		"## Installation\n\n```sh\nmake install\n```\n\n## Usage\n\nRun `clinic serve` and open http://localhost:8080 in a browser.\n",
	"SECURITY.md":        "# Security\n\nEmail security@example.org.\n",
	"CODE_OF_CONDUCT.md": "# Code of conduct\n\nBe kind. Report harassment to conduct@example.org.\n",
}

const (
	mainCommit = "0123456789abcdef0123456789abcdef01234567"
	tagCommit  = "89abcdef0123456789abcdef0123456789abcdef"
)

// remoteRun is a command line run against the fake GitHub, which serves
// octo/clinic: main at mainCommit, tag v1.2 at tagCommit.
type remoteRun struct {
	t        *testing.T
	fake     *githubtest.Server
	codeload *githubtest.Codeload
	tmp      string // TMPDIR: must be empty after every run
	env      map[string]string
}

func newRemoteRun(t *testing.T) *remoteRun {
	t.Helper()
	fake := githubtest.New(t)
	r := &remoteRun{t: t, fake: fake, tmp: t.TempDir()}
	r.codeload = fake.Serve("octo", "clinic", githubtest.Archive{
		DefaultBranch: "main",
		Refs:          map[string]string{"main": mainCommit, "v1.2": tagCommit},
		Tarballs: map[string][]byte{
			mainCommit: githubtest.RepoTarball("octo-clinic-0123456", clinicFiles, mainCommit),
			tagCommit:  githubtest.RepoTarball("octo-clinic-89abcde", withFile(clinicFiles, "LICENSE", "Licensed under the Server Side Public License, version 1 (SSPL-1.0).\n"), tagCommit),
		},
	})
	r.env = map[string]string{"GITHUB_API_URL": fake.URL, "TMPDIR": r.tmp}
	return r
}

func (r *remoteRun) run(args ...string) (int, string, string) {
	r.t.Helper()
	var stdout, stderr bytes.Buffer
	env := Env{Args: args, Getenv: func(k string) string { return r.env[k] }, Stdout: &stdout, Stderr: &stderr,
		Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	code := Run(context.Background(), env)
	r.assertTempRemoved()
	return code, stdout.String(), stderr.String()
}

// assertTempRemoved checks that no temporary folder is left behind.
func (r *remoteRun) assertTempRemoved() {
	r.t.Helper()
	entries, err := os.ReadDir(r.tmp)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, e := range entries {
		r.t.Errorf("left behind in TMPDIR: %s", e.Name())
	}
}

func (r *remoteRun) calls() []string {
	var out []string
	for _, q := range r.fake.Requests() {
		out = append(out, q.Method+" "+q.Path)
	}
	return out
}

func decodeReport(t *testing.T, stdout string) *report.Report {
	t.Helper()
	var rep report.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, stdout)
	}
	return &rep
}

func TestCheckRemoteDefaultBranchAnonymously(t *testing.T) {
	t.Parallel()
	r := newRemoteRun(t)
	code, stdout, stderr := r.run("check", "--format", "json", "github.com/octo/clinic")
	if code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, stderr, stdout)
	}
	rep := decodeReport(t, stdout)
	want := report.Target{Path: "github.com/octo/clinic", Repository: "octo/clinic", Ref: "main", Commit: mainCommit}
	if rep.Target != want {
		t.Errorf("target = %+v, want %+v", rep.Target, want)
	}
	if o := outcomeOf(rep, "dpg-2"); o != report.Pass {
		t.Errorf("dpg-2 = %s, want pass (MIT)", o)
	}
	// The default branch and its tarball, whose pax header names the
	// commit: two requests, and no credentials anywhere.
	if got, want := r.calls(), []string{"GET /repos/octo/clinic", "GET /repos/octo/clinic/tarball/main"}; !slices.Equal(got, want) {
		t.Errorf("requests = %v, want %v", got, want)
	}
	for _, q := range r.fake.Requests() {
		if q.Auth != "" {
			t.Errorf("%s %s sent credentials %q without a token", q.Method, q.Path, q.Auth)
		}
	}
}

func TestCheckRemoteRefWithTokenLinksEvidenceAtTheCommit(t *testing.T) {
	t.Parallel()
	r := newRemoteRun(t)
	r.env["GITHUB_TOKEN"] = "ghp_test_token"
	code, stdout, stderr := r.run("check", "--format", "markdown", "https://github.com/octo/clinic/tree/v1.2")
	if code != ExitFail {
		t.Fatalf("exit %d, want 1 (SSPL at v1.2)\n%s", code, stderr)
	}
	if want := "(https://github.com/octo/clinic/blob/" + tagCommit + "/LICENSE#L1)"; !strings.Contains(stdout, want) {
		t.Errorf("no permalink %s in the Markdown report:\n%s", want, stdout)
	}
	calls := r.calls()
	if len(calls) < 2 || calls[0] != "GET /repos/octo/clinic/commits/v1.2" || calls[1] != "GET /repos/octo/clinic/tarball/"+tagCommit {
		t.Errorf("requests = %v, want the commit of v1.2, then its tarball", calls)
	}
	for _, q := range r.fake.Requests() {
		if q.Auth != "Bearer ghp_test_token" {
			t.Errorf("%s %s: Authorization %q, want the token", q.Method, q.Path, q.Auth)
		}
	}
	// GitHub redirects the download to codeload: the token stays on GitHub.
	if auth := r.codeload.Auth(); len(auth) != 1 || auth[0] != "" {
		t.Errorf("codeload got Authorization %q, want one download without it", auth)
	}
}

func TestCheckRemoteTargetForms(t *testing.T) {
	t.Parallel()
	r := newRemoteRun(t)
	for _, target := range []string{"github.com/octo/clinic@v1.2", "https://github.com/octo/clinic.git@v1.2",
		"https://github.com/octo/clinic/commit/" + tagCommit, "GitHub.com/octo/clinic/tree/v1.2/"} {
		code, stdout, stderr := r.run("check", "--format", "json", target)
		if code != ExitFail {
			t.Errorf("%s: exit %d, want 1\n%s", target, code, stderr)
			continue
		}
		if c := decodeReport(t, stdout).Target.Commit; c != tagCommit {
			t.Errorf("%s: commit %s, want %s", target, c, tagCommit)
		}
	}
}

func TestCheckRemoteFailures(t *testing.T) {
	t.Parallel()
	reset := time.Date(2026, 11, 23, 12, 42, 0, 0, time.UTC)
	rateLimited := githubtest.Fault{Status: http.StatusForbidden, Message: "API rate limit exceeded for 192.0.2.1.",
		Header: map[string]string{"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)}}
	cases := []struct {
		name   string
		target string
		token  string
		setup  func(*remoteRun)
		exit   int
		stderr []string
		calls  []string // the requests, when they matter
	}{
		{name: "no such repository", target: "github.com/octo/nothing", exit: ExitUsage,
			stderr: []string{"github.com/octo/nothing: no such repository, or it is private and no token was given (set GITHUB_TOKEN to a token that can read it)"}},
		{name: "private with a token that cannot read it", target: "github.com/octo/secret@main", token: "ghp_x", exit: ExitUsage,
			stderr: []string{"github.com/octo/secret: no such repository, or it is private and the token in GITHUB_TOKEN cannot read it"}},
		{name: "no such ref", target: "github.com/octo/clinic@v9", exit: ExitUsage,
			stderr: []string{`github.com/octo/clinic has no branch, tag or commit named "v9"`},
			calls:  []string{"GET /repos/octo/clinic/commits/v9", "GET /repos/octo/clinic"}},
		{name: "empty repository", target: "github.com/octo/empty@main", exit: ExitUsage,
			setup: func(r *remoteRun) {
				r.fake.Serve("octo", "empty", githubtest.Archive{DefaultBranch: "main", Empty: true})
			},
			stderr: []string{"github.com/octo/empty is empty: it has no commit to evaluate"}},
		{name: "anonymous rate limit", target: "github.com/octo/clinic", exit: ExitError,
			setup: func(r *remoteRun) { r.fake.Fail("GET /repos/octo/clinic", rateLimited) },
			stderr: []string{"GitHub's rate limit for requests without a token is used up (60 requests an hour on github.com); " +
				"it resets at 12:42 UTC, in 42 minutes. Set GITHUB_TOKEN to a token to get 5,000 requests an hour"},
			calls: []string{"GET /repos/octo/clinic"}}, // a reset 42 minutes away is not waited for
		{name: "token rate limit", target: "github.com/octo/clinic@main", token: "ghp_x", exit: ExitError,
			setup: func(r *remoteRun) {
				f := rateLimited
				f.Header = map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)}
				r.fake.Fail("GET /repos/octo/clinic/commits/", f)
			},
			stderr: []string{"GitHub's rate limit for the token in GITHUB_TOKEN is used up (5000 requests an hour); it resets at 12:42 UTC"}},
		{name: "access denied", target: "github.com/octo/clinic", token: "ghp_x", exit: ExitError,
			setup: func(r *remoteRun) {
				r.fake.Fail("GET /repos/octo/clinic", githubtest.Fault{Status: http.StatusForbidden,
					Message: "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization."})
			},
			stderr: []string{"github.com/octo/clinic: GitHub refused access", "SAML enforcement"}},
		{name: "bad token", target: "github.com/octo/clinic", token: "ghp_revoked", exit: ExitError,
			setup: func(r *remoteRun) {
				r.fake.Fail("GET /repos/octo/clinic", githubtest.Fault{Status: http.StatusUnauthorized, Message: "Bad credentials"})
			},
			stderr: []string{"GitHub refused the token in GITHUB_TOKEN", "Bad credentials", "unset it to read public repositories without a token"}},
		{name: "github.com repository, Enterprise API", target: "github.com/octo/clinic", exit: ExitUsage,
			setup:  func(r *remoteRun) { r.env["GITHUB_API_URL"] = "https://ghes.example.com/api/v3" },
			stderr: []string{"github.com/octo/clinic is on github.com, but the GitHub API is https://ghes.example.com/api/v3 (from GITHUB_API_URL); give --api-url https://api.github.com"},
			calls:  []string{}},
		{name: "Enterprise repository, no API", target: "https://ghes.example.com/octo/clinic", exit: ExitUsage,
			setup:  func(r *remoteRun) { r.env["GITHUB_API_URL"] = "" },
			stderr: []string{"https://ghes.example.com/octo/clinic is not on github.com: for GitHub Enterprise Server give its API with --api-url https://ghes.example.com/api/v3"},
			calls:  []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := newRemoteRun(t)
			if c.token != "" {
				r.env["GITHUB_TOKEN"] = c.token
			}
			if c.setup != nil {
				c.setup(r)
			}
			code, stdout, stderr := r.run("check", c.target)
			if code != c.exit {
				t.Errorf("exit %d, want %d\n%s", code, c.exit, stderr)
			}
			inOrder(t, "stderr", stderr, strings.Join(c.stderr, "\n"))
			if stdout != "" {
				t.Errorf("stdout carries only a report:\n%s", stdout)
			}
			if got := r.calls(); c.calls != nil && !slices.Equal(got, c.calls) {
				t.Errorf("requests = %v, want %v", got, c.calls)
			}
			if strings.Contains(stderr, c.token) && c.token != "" {
				t.Errorf("the token is in the message:\n%s", stderr)
			}
		})
	}
}

// TestFetchRemoteOverCapsRemovesTheFolder: an archive over a cap is its own
// error (kind too-large, exit 3), and the partial tree is removed.
func TestFetchRemoteOverCapsRemovesTheFolder(t *testing.T) {
	t.Parallel()
	r := newRemoteRun(t)
	client, err := newGitHubAccess(Env{Getenv: func(k string) string { return r.env[k] }}, "").client(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	target := batch.Remote{Host: "github.com", Owner: "octo", Name: "clinic", Ref: "main"}
	for name, lim := range map[string]download.Limits{
		"compressed": {ArchiveBytes: 200},
		"extracted":  {Extract: tarball.Limits{MaxTotalBytes: 2048}},
		"entries":    {Extract: tarball.Limits{MaxEntries: 3}},
	} {
		access := newGitHubAccess(Env{Getenv: func(k string) string { return r.env[k] }}, "")
		access.limits = lim
		tree, err := fetchRemote(context.Background(), client, access, target, r.tmp, time.Now, slog.New(slog.DiscardHandler))
		var re *remoteError
		if !errors.As(err, &re) || re.kind != batch.KindTooLarge || re.exitCode() != ExitError {
			t.Errorf("%s: err = %v, want a too-large error (exit 3)", name, err)
		}
		if tree != nil {
			tree.close()
		}
		if !strings.Contains(err.Error(), "github.com/octo/clinic@main: the archive is") {
			t.Errorf("%s: message %q does not name the repository", name, err)
		}
		r.assertTempRemoved()
	}
}

// TestFetchRemoteCancelledRemovesTheFolder: an interrupted download leaves
// no temporary folder behind.
func TestFetchRemoteCancelledRemovesTheFolder(t *testing.T) {
	t.Parallel()
	r := newRemoteRun(t)
	started := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		tgz := githubtest.RepoTarball("octo-clinic-0123456", clinicFiles, mainCommit)
		w.Write(tgz[:len(tgz)/2])
		w.(http.Flusher).Flush()
		close(started)
		<-q.Context().Done()
	}))
	t.Cleanup(slow.Close)
	r.fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, q *http.Request) {
		http.Redirect(w, q, slow.URL+"/octo/clinic/legacy.tar.gz/"+mainCommit, http.StatusFound)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	access := newGitHubAccess(Env{Getenv: func(k string) string { return r.env[k] }}, "")
	client, err := access.client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fetchRemote(ctx, client, access, batch.Remote{Host: "github.com", Owner: "octo", Name: "clinic", Ref: "main"}, r.tmp, time.Now,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || ctx.Err() == nil {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	r.assertTempRemoved()
}

func TestGitHubAccessWebHost(t *testing.T) {
	t.Parallel()
	for api, want := range map[string]string{
		"https://api.github.com":           "github.com",
		"https://api.github.com/":          "github.com",
		"https://ghes.example.com/api/v3":  "ghes.example.com",
		"https://ghes.example.com/api/v3/": "ghes.example.com",
		"http://127.0.0.1:8080":            "",
	} {
		a := newGitHubAccess(Env{Getenv: func(string) string { return "" }}, api)
		if got := a.webHost(); got != want {
			t.Errorf("webHost(%s) = %q, want %q", api, got, want)
		}
	}
}

// withFile is files with name set to data.
func withFile(files map[string]string, name, data string) map[string]string {
	out := maps.Clone(files)
	out[name] = data
	return out
}

func outcomeOf(r *report.Report, id string) report.Outcome {
	for _, f := range r.Findings {
		if f.ID == id {
			return f.Outcome
		}
	}
	return ""
}
