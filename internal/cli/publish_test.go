package cli

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// runWith runs the action with short publishing limits and returns the exit
// code Run would.
func (r *runner) runWith(s publishSettings) int {
	r.stdout.Reset()
	r.stderr.Reset()
	env := Env{Args: []string{"action"}, Getenv: func(k string) string { return r.env[k] }, Stdout: &r.stdout, Stderr: &r.stderr,
		Now: time.Now}
	code, err := runActionWith(context.Background(), env, s)
	var ue *usageError
	switch {
	case err == nil:
		return code
	case errors.As(err, &ue):
		return ExitUsage
	}
	return ExitError
}

// noSleep makes retries immediate.
func noSleep(context.Context, time.Duration) error { return nil }

// hang answers only when the client gives up, or after a while so that a
// client without a deadline still finishes (and its test fails, not hangs).
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(3 * time.Second):
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}
}

// repoOnlyReview has no failing criterion: its verdict needs review, which
// exits 0 when publishing works.
var repoOnlyReview = func() map[string]string {
	files := maps.Clone(repoFailingOnlyCoC)
	files["CODE_OF_CONDUCT.md"] = "# Conduct\n\nReport harassment to conduct@example.org.\n"
	return files
}()

// verdictBefore checks that the job summary opens with the verdict and says
// afterwards, in users' words, what could not be published and what to do.
func verdictBefore(t *testing.T, summary string, mustSay ...string) {
	t.Helper()
	verdict := strings.Index(summary, "### ")
	failed := strings.Index(summary, "could not publish")
	if verdict != 0 || failed < verdict {
		t.Errorf("the job summary must start with the verdict, then say what could not be published:\n%s", summary)
	}
	for _, want := range append([]string{"`checks: write`", "`pull-requests: write`", "`check-run: false`", "`comment: never`"}, mustSay...) {
		if !strings.Contains(summary, want) {
			t.Errorf("the job summary does not say %q:\n%s", want, summary)
		}
	}
}

// TestActionGitHubThatNeverAnswers: a request GitHub never answers ends at the
// request timeout; the summary and the outputs are still written, and the
// message names the request. (The check run is off: with a timeout this short,
// a slow test machine could time out its requests too.)
func TestActionGitHubThatNeverAnswers(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "pull_request", payload(t, "pull_request", "opened"), repoFailingOnlyCoC)
	r.env["INPUT_CHECK-RUN"] = "false"
	r.fake.Routes["GET /repos/octo/clinic/issues/2/comments"] = hang
	code := r.runWith(publishSettings{requestTimeout: 50 * time.Millisecond, budget: time.Minute, sleep: noSleep})
	if code != ExitError {
		t.Fatalf("exit %d, want 3\nstdout:\n%s", code, r.stdout.String())
	}
	if out := r.stdout.String(); !strings.Contains(out, "could not update the pull-request comment: GET /repos/octo/clinic/issues/2/comments: GitHub did not answer within 50ms") {
		t.Errorf("the error does not name the request that timed out:\n%s", out)
	}
	if out := r.outputs(); out["verdict"] != "fail" || out["report"] == "" {
		t.Errorf("outputs = %v", out)
	}
	verdictBefore(t, r.summary(), "did not answer")
}

// TestActionPublishBudgetRunsOut: when GitHub is slow, publishing as a whole
// stops at its budget, the message names the step it ran out in, and the later
// steps say they were skipped.
func TestActionPublishBudgetRunsOut(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "pull_request", payload(t, "pull_request", "opened"), repoFailingOnlyCoC)
	r.fake.Routes["POST /repos/octo/clinic/check-runs"] = hang
	code := r.runWith(publishSettings{requestTimeout: time.Minute, budget: 200 * time.Millisecond, sleep: noSleep})
	if code != ExitError {
		t.Fatalf("exit %d, want 3\nstdout:\n%s", code, r.stdout.String())
	}
	out := r.stdout.String()
	if !strings.Contains(out, "could not create the check run: the publishing budget of 200ms ran out") {
		t.Errorf("the error does not name the step the budget ran out in:\n%s", out)
	}
	if !strings.Contains(out, "could not update the pull-request comment: skipped: the publishing budget of 200ms ran out while dpgcheck tried to create the check run") {
		t.Errorf("the steps after the budget ran out are not reported as skipped:\n%s", out)
	}
	if !strings.Contains(out, "::warning file=") {
		t.Errorf("without a check run, the annotations are not in the log:\n%s", out)
	}
	if out := r.outputs(); out["verdict"] != "fail" || out["report"] == "" {
		t.Errorf("outputs = %v", out)
	}
	verdictBefore(t, r.summary(), "publishing budget")
}

// TestActionPublishingFailureAfterAPassingVerdict: a publishing failure exits
// 3 even when the verdict would exit 0, and the job summary says the verdict
// first and the failure second, with what to do.
func TestActionPublishingFailureAfterAPassingVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		setup  func(*githubtest.Server)
		advice string
	}{
		{"bad credentials", func(f *githubtest.Server) {
			f.Fail("POST /repos/octo/clinic/check-runs", githubtest.Fault{Status: 401, Message: "Bad credentials"})
		}, "did not accept the credentials"},
		{"server error after retries", func(f *githubtest.Server) {
			f.Fail("POST /repos/octo/clinic/check-runs", githubtest.Fault{Status: 502, Message: "Bad Gateway"})
		}, "re-run the job"},
		{"malformed answer", func(f *githubtest.Server) {
			f.Routes["POST /repos/octo/clinic/check-runs"] = func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				w.Write([]byte(`{"id": "not a number"`))
			}
		}, "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t, "push", payload(t, "push", ""), repoOnlyReview)
			tt.setup(r.fake)
			if code := r.runWith(publishSettings{sleep: noSleep}); code != ExitError {
				t.Fatalf("exit %d, want 3\nstdout:\n%s", code, r.stdout.String())
			}
			if out := r.outputs(); out["verdict"] != "needs-review" {
				t.Errorf("outputs = %v", out)
			}
			verdictBefore(t, r.summary(), tt.advice)
		})
	}
}

// TestActionAppThatCannotAuthenticate: an App whose key GitHub refuses still
// gets the job summary, the annotations and the outputs.
func TestActionAppThatCannotAuthenticate(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, "push", payload(t, "push", ""), repoFailingOnlyCoC)
	r.fake.AppKey = &other.PublicKey // GitHub knows another key
	r.env["INPUT_APP-ID"] = "7"
	r.env["INPUT_APP-PRIVATE-KEY"] = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	if code := r.runWith(publishSettings{sleep: noSleep}); code != ExitError {
		t.Fatalf("exit %d, want 3\nstdout:\n%s", code, r.stdout.String())
	}
	if out := r.outputs(); out["verdict"] != "fail" {
		t.Errorf("outputs = %v", out)
	}
	if !strings.Contains(r.stdout.String(), "::error file=") && !strings.Contains(r.stdout.String(), "::warning file=") {
		t.Errorf("no workflow-command annotations:\n%s", r.stdout.String())
	}
	verdictBefore(t, r.summary(), "App")
}

// TestActionNamesAListItStoppedReading: a Link header that never ends stops
// at the page cap, with a warning that names the list.
func TestActionNamesAListItStoppedReading(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "pull_request", payload(t, "pull_request", "opened"), repoFailingOnlyCoC)
	const endless = 200 // the fake stops here so that an uncapped run ends too
	r.fake.Routes["GET /repos/octo/clinic/issues/2/comments"] = func(w http.ResponseWriter, q *http.Request) {
		page, _ := strconv.Atoi(q.URL.Query().Get("page"))
		if page < endless {
			w.Header().Set("Link", fmt.Sprintf(`<%s%s?per_page=100&page=%d>; rel="next"`, r.fake.URL, q.URL.Path, max(page, 1)+1))
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}
	r.runWith(publishSettings{sleep: noSleep})
	if !strings.Contains(r.stdout.String(), "::warning::dpgcheck read the comments of pull request #2 up to page") {
		t.Errorf("no warning names the list that was cut:\n%s", r.stdout.String())
	}
}
