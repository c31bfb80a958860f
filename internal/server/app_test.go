package server

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// appKey is the test App's private key, made once per test binary.
var appKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// product is a small repository: a licence, a README, a manifest.
var product = map[string]string{
	"LICENSE":      "MIT License\n\nCopyright (c) 2026 Codertocat\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n",
	"README.md":    "# Hello World\n\nA clinic register for community health workers.\n",
	"package.json": `{"name":"hello-world","version":"1.0.0","license":"MIT"}`,
}

// app is the App server of a test: the fake GitHub, the App acting through
// it, the server on loopback.
type app struct {
	fake *githubtest.Server
	ev   *Evaluator
	srv  *Server
	http *httptest.Server
	tmp  string
}

func newApp(t testing.TB, workers int) *app {
	t.Helper()
	key, err := appKey()
	if err != nil {
		t.Fatal(err)
	}
	fake := githubtest.New(t)
	fake.AppKey = &key.PublicKey
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	gh, err := github.NewApp(github.Config{APIURL: fake.URL, AppID: 7, AppPrivateKey: pemKey})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{fake: fake, tmp: t.TempDir()}
	ev := &Evaluator{App: gh, Standards: []string{"dpg"}, FailOn: report.FailOnRequired, CheckName: "dpgcheck",
		Comment: github.CommentAlways, Tool: report.Tool{Name: "dpgcheck", Version: "test"}, TempDir: a.tmp}
	a.ev = ev
	a.srv, err = New(Config{Secret: testSecret, Run: func(ctx context.Context, j Job) error { return a.ev.Run(ctx, j) }, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	a.http = httptest.NewServer(a.srv.Handler())
	t.Cleanup(func() { a.http.Close(); a.srv.Shutdown(context.Background()) })
	return a
}

// serveRepo makes the fake serve owner/name's commits, each the small
// product.
func (a *app) serveRepo(owner, name string, commits ...string) {
	a.serveRepoFiles(owner, name, product, commits...)
}

// serveRepoFiles makes the fake serve owner/name's commits, each with files.
func (a *app) serveRepoFiles(owner, name string, files map[string]string, commits ...string) {
	tarballs := map[string][]byte{}
	var tgz []byte
	for _, c := range commits {
		if tgz == nil || len(files) < 100 {
			tgz = githubtest.RepoTarball(owner+"-"+name+"-"+c[:7], files, c)
		}
		tarballs[c] = tgz // a large tree is compressed once; its pax header names the first commit
	}
	a.fake.Serve(owner, name, githubtest.Archive{DefaultBranch: "main", Tarballs: tarballs})
}

func (a *app) post(t testing.TB, d delivery) int {
	t.Helper()
	code, msg := d.send(t, a.http.Client(), a.http.URL)
	if code != http.StatusAccepted {
		t.Fatalf("delivery %s: %d %s, want 202", d.id, code, msg)
	}
	return code
}

// completed waits until n check runs are completed.
func (a *app) completed(t testing.TB, n int) []githubtest.CheckRun {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var done []githubtest.CheckRun
		for _, c := range a.fake.CheckRuns() {
			if c.Status == "completed" {
				done = append(done, c)
			}
		}
		if len(done) >= n {
			return done
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d check runs completed, want %d: %+v", len(done), n, a.fake.CheckRuns())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// tokensMinted counts the installation tokens the App asked for.
func (a *app) tokensMinted() int {
	n := 0
	for _, r := range a.fake.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/access_tokens") {
			n++
		}
	}
	return n
}

// TestAppPublishesLikeTheAction: real deliveries (pull_request opened,
// check_suite rerequested, check_run rerequested) through the fake GitHub:
// the head and base are downloaded as the installation, evaluated, and
// published as a completed check run and one sticky comment; each
// installation's token is minted once; no temporary folder is left.
func TestAppPublishesLikeTheAction(t *testing.T) {
	t.Parallel()
	a := newApp(t, 2)
	opened := example(t, "pull_request", "opened")
	pr := opened["pull_request"].(map[string]any)
	head := pr["head"].(map[string]any)["sha"].(string)
	base := pr["base"].(map[string]any)["sha"].(string)
	a.serveRepo("Codertocat", "Hello-World", head, base)
	var reviewed []string
	var mu sync.Mutex
	a.ev.Review = func(client *github.Client, repo github.Repo, b, h string, _ *slog.Logger) func(context.Context) ([]engine.ReviewedDependency, error) {
		return func(context.Context) ([]engine.ReviewedDependency, error) {
			mu.Lock()
			defer mu.Unlock()
			reviewed = append(reviewed, repo.String()+" "+b+"..."+h)
			return nil, nil
		}
	}

	a.post(t, delivery{id: "e2e-opened", event: "pull_request", body: encode(t, opened)})
	runs := a.completed(t, 1)
	c := runs[0]
	if c.HeadSHA != head || c.Name != "dpgcheck" || c.Title == "" || !strings.Contains(c.Summary, "DPG Standard") {
		t.Errorf("check run: %+v", c)
	}
	if c.Conclusion != "failure" && c.Conclusion != "neutral" && c.Conclusion != "success" {
		t.Errorf("conclusion %q", c.Conclusion)
	}
	comments := a.fake.Comments(2)
	if len(comments) != 1 || !strings.HasPrefix(comments[0].Body, "<!-- dpgcheck:report v1 ") {
		t.Fatalf("comments on #2: %+v, want one sticky comment", comments)
	}
	if !strings.Contains(comments[0].Body, "https://github.com/Codertocat/Hello-World/blob/"+head+"/LICENSE") {
		t.Errorf("the comment does not link the evidence at the head commit:\n%s", comments[0].Body)
	}
	mu.Lock()
	if want := "Codertocat/Hello-World " + base + "..." + head; len(reviewed) != 1 || reviewed[0] != want {
		t.Errorf("dependency review asked: %v, want once for %s", reviewed, want)
	}
	mu.Unlock()

	waitIdle(t, a.srv) // a re-run while the first job is winding up would join it
	// The same pull request's check suite, re-run from GitHub's page.
	a.post(t, delivery{id: "e2e-rerequested", event: "check_suite", body: encode(t, example(t, "check_suite", "rerequested"))})
	a.completed(t, 2)
	if comments := a.fake.Comments(2); len(comments) != 1 {
		t.Errorf("after a second run, %d comments on #2, want the one comment edited", len(comments))
	}

	// A check run re-run on a commit with no pull request: a check run, no comment.
	run := example(t, "check_run", "rerequested")
	repo := run["repository"].(map[string]any)
	owner, name, _ := strings.Cut(repo["full_name"].(string), "/")
	// Its repository has its own .github/dpgcheck.yml: it says the project
	// hosts no user content, so dpg-9b is not applicable.
	configured := maps.Clone(product)
	configured[".github/dpgcheck.yml"] = "version: 1\nhandles:\n  user-content: false\n"
	runHead := run["check_run"].(map[string]any)["head_sha"].(string)
	a.serveRepoFiles(owner, name, configured, runHead)
	a.post(t, delivery{id: "e2e-check-run", event: "check_run", body: encode(t, run)})
	for _, c := range a.completed(t, 3) {
		if c.HeadSHA == runHead && !strings.Contains(c.Title, "not applicable") && !strings.Contains(c.Title, "n/a") {
			t.Errorf("the repository's .github/dpgcheck.yml was not applied: %q", c.Title)
		}
	}

	// pull_request and check_run name installation 1, check_suite another.
	if n := a.tokensMinted(); n != 2 {
		t.Errorf("%d installation tokens minted for three jobs of two installations, want 2 (one cached per installation)", n)
	}
	if err := a.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(a.tmp); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestAppCancelsCheckRunOfOlderCommit: a push while the previous head is
// being downloaded cancels that job, whose check run is completed as
// cancelled; the newer head is evaluated.
func TestAppCancelsCheckRunOfOlderCommit(t *testing.T) {
	t.Parallel()
	a := newApp(t, 2)
	opened := example(t, "pull_request", "synchronize")
	base := opened["pull_request"].(map[string]any)["base"].(map[string]any)["sha"].(string)
	old, newer := sha(0xa1), sha(0xa2)
	a.serveRepo("Codertocat", "Hello-World", newer, base)
	started := make(chan struct{})
	a.fake.Routes["GET /repos/Codertocat/Hello-World/tarball/"+old] = func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done() // the download of the old head hangs until the job is cancelled
	}
	a.post(t, delivery{id: "old", event: "pull_request", body: withPR(t, opened, 2, old)})
	<-started
	a.post(t, delivery{id: "newer", event: "pull_request", body: withPR(t, opened, 2, newer)})
	runs := a.completed(t, 2)
	bySHA := map[string]githubtest.CheckRun{}
	for _, c := range runs {
		bySHA[c.HeadSHA] = c
	}
	if c := bySHA[old]; c.Conclusion != "cancelled" || !strings.Contains(c.Summary, "newer commit") {
		t.Errorf("the older head's check run: %+v, want cancelled by a newer commit", c)
	}
	if c := bySHA[newer]; c.Conclusion == "" || c.Conclusion == "cancelled" {
		t.Errorf("the newer head's check run: %+v", c)
	}
}
