package github

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

func TestAnonymousClientResolvesARef(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Serve("octo", "clinic", githubtest.Archive{DefaultBranch: "trunk", Refs: map[string]string{"v1": sha},
		Tarballs: map[string][]byte{sha: githubtest.RepoTarball("octo-clinic-0123456", map[string]string{"README.md": "# Clinic\n"}, sha)}})
	if _, err := New(context.Background(), Config{APIURL: fake.URL}); err == nil {
		t.Fatal("a client without credentials was built without Anonymous")
	}
	c, err := New(context.Background(), Config{APIURL: fake.URL, Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Anonymous() {
		t.Error("Anonymous() = false")
	}
	branch, err := c.DefaultBranch(context.Background(), repo)
	if err != nil || branch != "trunk" {
		t.Errorf("DefaultBranch = %q, %v; want trunk", branch, err)
	}
	got, err := c.CommitSHA(context.Background(), repo, "v1")
	if err != nil || got != sha {
		t.Errorf("CommitSHA(v1) = %q, %v; want %s", got, err, sha)
	}
	if _, err := c.CommitSHA(context.Background(), repo, "v9"); StatusOf(err) != http.StatusUnprocessableEntity {
		t.Errorf("CommitSHA(v9): %v, want a 422", err)
	}
	if _, err := c.DefaultBranch(context.Background(), Repo{Owner: "octo", Name: "nothing"}); !IsNotFound(err) {
		t.Errorf("DefaultBranch of a missing repository: %v, want a 404", err)
	}
	for _, q := range fake.Requests() {
		if q.Auth != "" {
			t.Errorf("%s %s: Authorization %q from an anonymous client", q.Method, q.Path, q.Auth)
		}
	}
}

func TestCommitSHARefusesAnAnswerThatIsNotAnID(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Routes["GET /repos/octo/clinic/commits/"] = func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>a proxy's page</html>"))
	}
	c, _ := newClient(t, fake)
	_, err := c.CommitSHA(context.Background(), repo, "main")
	if !IsMalformedAnswer(err) {
		t.Errorf("err = %v, want a malformed answer", err)
	}
}

func TestEscapeRefKeepsSlashes(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]string{"release/1.2": "release/1.2", "v1.0": "v1.0", "a b/c#d": "a%20b/c%23d"} {
		if got := escapeRef(ref); got != want {
			t.Errorf("escapeRef(%q) = %q, want %q", ref, got, want)
		}
	}
}

// TestRateLimitSaysWhenItResets: a primary rate limit whose reset is
// further away than dpgcheck waits is an error at once, with the limit and
// the reset GitHub announced.
func TestRateLimitSaysWhenItResets(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	reset := now.Add(42 * time.Minute)
	fake.Fail("GET /repos/octo/clinic", githubtest.Fault{Status: http.StatusForbidden, Message: "API rate limit exceeded",
		Header: map[string]string{"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)}})
	w := &waits{}
	c, err := New(context.Background(), Config{APIURL: fake.URL, Anonymous: true, Sleep: w.sleep, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DefaultBranch(context.Background(), repo)
	rl, ok := IsRateLimited(err, now)
	if !ok || rl.Limit != 60 || !rl.Reset.Equal(reset) {
		t.Errorf("IsRateLimited(%v) = %+v, %v; want limit 60, reset %s", err, rl, ok, reset)
	}
	if len(fake.Requests()) != 1 || len(w.d) != 0 {
		t.Errorf("%d requests, waits %v: a reset 42 minutes away is not waited for", len(fake.Requests()), w.d)
	}
	if _, ok := IsRateLimited(errors.New("network down"), now); ok {
		t.Error("a network error taken for a rate limit")
	}
}
