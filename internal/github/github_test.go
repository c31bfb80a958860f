package github

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

var repo = Repo{Owner: "octo", Name: "clinic"}

type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(_ context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return nil
}

func newClient(t *testing.T, fake *githubtest.Server) (*Client, *waits) {
	t.Helper()
	w := &waits{}
	c, err := New(context.Background(), Config{APIURL: fake.URL, Token: "ghs_test", Sleep: w.sleep})
	if err != nil {
		t.Fatal(err)
	}
	return c, w
}

func marker(run int64, outcomes map[string]string) Marker {
	return Marker{Key: CommentKey(".", []string{"dpg"}), RunID: run, Attempt: 1, SHA: "abc123", Outcomes: outcomes}
}

func request(run int64, mode CommentMode, failing bool) StickyRequest {
	m := marker(run, map[string]string{"dpg-2": "fail"})
	return StickyRequest{Repo: repo, PR: 7, Marker: m, Mode: mode, Failing: failing,
		Body: func(prev *Marker) string {
			s := m.String() + "\nreport of run " + strconv.FormatInt(run, 10)
			if prev != nil {
				s += fmt.Sprintf(" (previous run %d)", prev.RunID)
			}
			return s
		}}
}

func TestMarkerRoundTrip(t *testing.T) {
	t.Parallel()
	m := Marker{Key: CommentKey("svc --> <b>", []string{"govstack", "dpg"}), RunID: 123456789, Attempt: 2, SHA: "e4f5a6b",
		Outcomes: map[string]string{"dpg-1": "pass", "govstack-cfr-security#req-5": "needs-review"}}
	s := m.String()
	if strings.Count(s, "-->") != 1 || !strings.HasSuffix(s, "-->") {
		t.Fatalf("marker can be closed early by its content: %s", s)
	}
	got, ok := ParseMarker(s + "\nbody")
	if !ok || got.Key != m.Key || got.RunID != m.RunID || got.Attempt != 2 || got.SHA != m.SHA || got.Outcomes["govstack-cfr-security#req-5"] != "needs-review" {
		t.Fatalf("ParseMarker(%q) = %+v", s, got)
	}
	if !(Marker{RunID: 5, Attempt: 1}).NewerThan(Marker{RunID: 4, Attempt: 3}) || (Marker{RunID: 5, Attempt: 1}).NewerThan(Marker{RunID: 5, Attempt: 2}) {
		t.Error("NewerThan orders by run id, then attempt")
	}
}

func TestStickyFirstRunThenUpdate(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	ctx := context.Background()
	res, err := c.Sticky(ctx, request(100, CommentAlways, true))
	if err != nil || res.Action != "created" {
		t.Fatalf("first run: %+v, %v", res, err)
	}
	res, err = c.Sticky(ctx, request(101, CommentAlways, true))
	if err != nil || res.Action != "updated" || res.Previous == nil || res.Previous.RunID != 100 {
		t.Fatalf("second run: %+v, %v", res, err)
	}
	cs := fake.Comments(7)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "report of run 101 (previous run 100)") {
		t.Fatalf("comments = %+v, want one, updated in place", cs)
	}
}

func TestStickyOlderRunNeverOverwrites(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	ctx := context.Background()
	if _, err := c.Sticky(ctx, request(200, CommentAlways, true)); err != nil {
		t.Fatal(err)
	}
	res, err := c.Sticky(ctx, request(150, CommentAlways, true))
	if err != nil || res.Action != "skipped-older-run" {
		t.Fatalf("older run: %+v, %v", res, err)
	}
	if cs := fake.Comments(7); !strings.Contains(cs[0].Body, "report of run 200") {
		t.Fatalf("an older run overwrote the newer result: %s", cs[0].Body)
	}
}

// TestStickyRace starts many runs at once on a pull request with no comment:
// they all create one, and exactly one, showing the newest run, must remain.
func TestStickyRace(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	var wg sync.WaitGroup
	for run := int64(300); run < 306; run++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Sticky(context.Background(), request(run, CommentAlways, true)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A run that lost a race leaves at most one duplicate for the next run to
	// remove; the next run settles it.
	if _, err := c.Sticky(context.Background(), request(306, CommentAlways, true)); err != nil {
		t.Fatal(err)
	}
	cs := fake.Comments(7)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "report of run 306") {
		t.Fatalf("after racing runs: %d comments, first %q", len(cs), cs[0].Body)
	}
}

func TestStickyRaceLostByNewerRun(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	// Another (older) run created its comment just before this one.
	older := request(400, CommentAlways, true)
	fake.AddComment(7, older.Body(nil), "github-actions[bot]", "Bot", "NONE")
	// This run listed before that comment existed; simulate by creating directly.
	newer := request(401, CommentAlways, true)
	created, err := c.createComment(context.Background(), repo, 7, newer.Body(nil))
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.settleRace(context.Background(), newer, created)
	if err != nil || res.Action != "duplicate-removed" {
		t.Fatalf("settleRace: %+v, %v", res, err)
	}
	cs := fake.Comments(7)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "report of run 401") {
		t.Fatalf("comments = %+v, want the first comment with the newer report", cs)
	}
}

func TestStickyModes(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	ctx := context.Background()
	if res, _ := c.Sticky(ctx, request(500, CommentOnFailure, false)); res.Action != "skipped-mode" || len(fake.Comments(7)) != 0 {
		t.Fatalf("on-failure while passing created a comment: %+v", res)
	}
	if res, _ := c.Sticky(ctx, request(501, CommentOnFailure, true)); res.Action != "created" {
		t.Fatalf("on-failure while failing: %+v", res)
	}
	// Fixed: on-failure still updates the comment, so no stale red comment stays.
	if res, _ := c.Sticky(ctx, request(502, CommentOnFailure, false)); res.Action != "updated" {
		t.Fatalf("on-failure after a fix did not update: %+v", res)
	}
	if res, _ := c.Sticky(ctx, request(503, CommentOnChange, false)); res.Action != "unchanged" {
		t.Fatalf("on-change with the same outcomes: %+v", res)
	}
	if res, _ := c.Sticky(ctx, request(504, CommentNever, true)); res.Action != "skipped-mode" {
		t.Fatalf("never: %+v", res)
	}
}

func TestStickyFindsItsCommentAmongMoreThan100(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	for i := range 150 {
		fake.AddComment(7, fmt.Sprintf("review comment %d", i), "reviewer", "User", "CONTRIBUTOR")
	}
	old := request(600, CommentAlways, true)
	id := fake.AddComment(7, old.Body(nil), "github-actions[bot]", "Bot", "NONE")
	for i := range 60 {
		fake.AddComment(7, fmt.Sprintf("later comment %d", i), "reviewer", "User", "CONTRIBUTOR")
	}
	res, err := c.Sticky(context.Background(), request(601, CommentAlways, true))
	if err != nil || res.Action != "updated" || res.Comment.ID != id {
		t.Fatalf("Sticky with 211 comments: %+v, %v", res, err)
	}
	pages := 0
	for _, r := range fake.Requests() {
		if r.Method == http.MethodGet {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("listed %d pages, want 3 (100 per page)", pages)
	}
}

func TestStickyIgnoresPlantedMarker(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	// A contributor pastes a marker claiming a far newer run, to freeze the comment.
	planted := request(999999, CommentAlways, true)
	fake.AddComment(7, planted.Body(nil), "mallory", "User", "CONTRIBUTOR")
	res, err := c.Sticky(context.Background(), request(700, CommentAlways, true))
	if err != nil || res.Action != "created" {
		t.Fatalf("Sticky: %+v, %v", res, err)
	}
	if cs := fake.Comments(7); cs[0].Body != planted.Body(nil) {
		t.Fatal("dpgcheck edited a contributor's comment")
	}
}

func TestCheckRunAnnotationsBatched(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	c, _ := newClient(t, fake)
	ctx := context.Background()
	run, err := c.StartCheckRun(ctx, repo, "dpgcheck", "abc123", "")
	if err != nil {
		t.Fatal(err)
	}
	var anns []Annotation
	for i := range 120 {
		anns = append(anns, Annotation{Path: "LICENSE", StartLine: i + 1, Level: "failure", Title: "dpg-2", Message: "not open"})
	}
	out := CheckOutput{Conclusion: "failure", Title: "1 failing", Summary: strings.Repeat("x", MaxCheckText+100), Annotations: anns}
	if err := c.FinishCheckRun(ctx, repo, run, "dpgcheck", out); err != nil {
		t.Fatal(err)
	}
	crs := fake.CheckRuns()
	if len(crs) != 1 || crs[0].Conclusion != "failure" || len(crs[0].Annotations) != 120 || len([]rune(crs[0].Summary)) != MaxCheckText {
		t.Fatalf("check run = %+v", crs)
	}
	if n := len(fake.Requests()); n != 4 { // create + 3 updates of 50, 50, 20
		t.Errorf("%d requests, want 4", n)
	}
}

func TestForbiddenIsRecognised(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.ReadOnly = true
	c, _ := newClient(t, fake)
	_, err := c.StartCheckRun(context.Background(), repo, "dpgcheck", "abc123", "")
	if !IsForbidden(err) {
		t.Fatalf("err = %v, want a 403", err)
	}
}

func TestDescribe422(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Fail("POST /repos/octo/clinic/issues/7/comments", githubtest.Fault{Status: 422, Message: "Validation Failed: Body is too long (maximum is 65536 characters)"})
	c, _ := newClient(t, fake)
	_, err := c.createComment(context.Background(), repo, 7, "x")
	if got := Describe(err); !strings.Contains(got, "422") || !strings.Contains(got, "Body is too long") {
		t.Fatalf("Describe = %q", got)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    githubtest.Fault
		wantWait time.Duration
	}{
		{"secondary limit", githubtest.Fault{Status: 403, Header: map[string]string{"Retry-After": "7"}, Message: "You have exceeded a secondary rate limit", Times: 1}, 7 * time.Second},
		{"too many requests", githubtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "2"}, Message: "slow down", Times: 1}, 2 * time.Second},
		// X-RateLimit-Reset is set when the fake has started (loading GitHub's
		// description can take seconds), 20 s from then.
		{"primary limit", githubtest.Fault{Status: 403, Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "+20"}, Message: "API rate limit exceeded", Times: 1}, 20 * time.Second},
		{"server error", githubtest.Fault{Status: 502, Message: "Bad Gateway", Times: 2}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			if in, ok := strings.CutPrefix(tt.fault.Header["X-RateLimit-Reset"], "+"); ok {
				secs, _ := strconv.Atoi(in)
				tt.fault.Header = map[string]string{"X-RateLimit-Remaining": "0",
					"X-RateLimit-Reset": strconv.FormatInt(time.Now().Add(time.Duration(secs)*time.Second).Unix(), 10)}
			}
			fake.Fail("POST /repos/octo/clinic/check-runs", tt.fault)
			c, w := newClient(t, fake)
			if _, err := c.StartCheckRun(context.Background(), repo, "dpgcheck", "abc123", ""); err != nil {
				t.Fatalf("after retries: %v", err)
			}
			if len(w.d) == 0 || w.d[0] > tt.wantWait+2*time.Second || w.d[0] < tt.wantWait-time.Second {
				t.Errorf("waits = %v, want about %v first", w.d, tt.wantWait)
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Fail("POST /repos/octo/clinic/check-runs", githubtest.Fault{Status: 503, Message: "unavailable"})
	c, w := newClient(t, fake)
	if _, err := c.StartCheckRun(context.Background(), repo, "dpgcheck", "abc123", ""); err == nil {
		t.Fatal("a server that always fails succeeded")
	}
	if len(w.d) != maxRetries || len(fake.Requests()) != maxRetries+1 {
		t.Errorf("%d waits and %d requests, want %d and %d", len(w.d), len(fake.Requests()), maxRetries, maxRetries+1)
	}
	fake2 := githubtest.New(t)
	fake2.Fail("POST", githubtest.Fault{Status: 403, Header: map[string]string{"Retry-After": "3600"}, Message: "limit"})
	c2, _ := newClient(t, fake2)
	if _, err := c2.StartCheckRun(context.Background(), repo, "dpgcheck", "abc123", ""); err == nil || !strings.Contains(err.Error(), "longer than dpgcheck waits") {
		t.Errorf("an hour-long Retry-After: err = %v", err)
	}
}

func TestAppAuthentication(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	fake := githubtest.New(t)
	fake.AppKey = &key.PublicKey
	c, err := New(context.Background(), Config{APIURL: fake.URL, AppID: 7, AppPrivateKey: pemKey, Repo: repo})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartCheckRun(context.Background(), repo, "dpgcheck", "abc123", ""); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	last := reqs[len(reqs)-1]
	if last.Auth != "token ghs_fake_installation_token" {
		t.Errorf("check run created with Authorization %q, want the installation token", last.Auth)
	}
	if _, err := New(context.Background(), Config{APIURL: fake.URL, AppID: 7, AppPrivateKey: []byte("not a key"), Repo: repo}); err == nil {
		t.Error("a bad private key was accepted")
	}
}

func TestEnterpriseBaseURL(t *testing.T) {
	t.Parallel()
	c, err := New(context.Background(), Config{APIURL: "https://ghes.example.org/api/v3", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.gh.BaseURL.String(); got != "https://ghes.example.org/api/v3/" {
		t.Errorf("BaseURL = %s", got)
	}
	if _, err := New(context.Background(), Config{APIURL: "ftp://x"}); err == nil {
		t.Error("ftp API URL accepted")
	}
}

func TestDescribeHidesURLSecrets(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("download: %w", &url.Error{Op: "Get", URL: "https://codeload.github.com/o/r/legacy.tar.gz/main?token=AABBCCSECRET", Err: io.ErrUnexpectedEOF})
	got := Describe(err)
	if strings.Contains(got, "SECRET") || !strings.Contains(got, "https://codeload.github.com/o/r/legacy.tar.gz/main") {
		t.Errorf("Describe = %q", got)
	}
}
