package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

const tinyReference = `openapi: 3.0.3
info: {title: Messaging, version: 1.0.0}
paths:
  /send/email:
    post:
      responses:
        '200': {description: sent}
`

// runCLI runs the CLI on a repository made of files and returns the exit
// code, standard output and standard error.
func runCLI(t *testing.T, files map[string]string, args ...string) (int, string, string) {
	t.Helper()
	repo := t.TempDir()
	for name, body := range files {
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	env := Env{Args: append(args, repo), Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr,
		Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	code := Run(context.Background(), env)
	return code, stdout.String(), stderr.String()
}

func findingOf(t *testing.T, out, id string) report.Finding {
	t.Helper()
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	for _, f := range r.Findings {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no finding %s in %s", id, out)
	return report.Finding{}
}

// TestReferenceFromURL reads the reference specification over HTTP, and
// never shows the URL's credentials or query (a token) in the report.
func TestReferenceFromURL(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/messaging.yaml" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(tinyReference))
	}))
	defer srv.Close()
	candidate := map[string]string{"openapi.yaml": strings.Replace(tinyReference, "title: Messaging", "title: Mailer", 1)}

	code, out, errOut := runCLI(t, candidate, "--building-block", "messaging", "--reference-spec", srv.URL+"/messaging.yaml?token=s3cr3t-value", "--format", "json", "--standard", "")
	if code != ExitPass {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	f := findingOf(t, out, "govstack-bb-messaging-api")
	if f.Outcome != report.Pass || f.API == nil || f.API.Level != 2 {
		t.Errorf("finding = %+v, want pass at API Level 2", f)
	}
	if strings.Contains(out+errOut, "s3cr3t-value") {
		t.Error("the reference URL's query (a token) reached the report or the logs")
	}

	code, _, errOut = runCLI(t, candidate, "--building-block", "messaging", "--reference-spec", srv.URL+"/missing.yaml", "--format", "json")
	if code != ExitError || !strings.Contains(errOut, "HTTP 404") {
		t.Errorf("missing reference: exit %d, stderr %s; want %d naming HTTP 404", code, errOut, ExitError)
	}
}

// TestReferenceTooLarge refuses a reference larger than the size cap
// without reading it whole.
func TestReferenceTooLarge(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("# padding\n"), 1<<16)
		for i := 0; i < 20; i++ { // 13 MB, over the 8 MB cap
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	code, _, errOut := runCLI(t, map[string]string{"README.md": "# x\n"}, "--building-block", "messaging", "--reference-spec", srv.URL+"/big.yaml")
	if code != ExitError || !strings.Contains(errOut, "larger than 8 MB") {
		t.Errorf("exit %d, stderr %s; want %d and the size cap named", code, errOut, ExitError)
	}
}

// TestReferenceNotOpenAPI names the file when the reference is not an
// OpenAPI description.
func TestReferenceNotOpenAPI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ref := filepath.Join(dir, "notes.yaml")
	os.WriteFile(ref, []byte("just: notes\n"), 0o644)
	code, _, errOut := runCLI(t, map[string]string{"README.md": "# x\n"}, "--building-block", "messaging", "--reference-spec", ref)
	if code != ExitUsage || !strings.Contains(errOut, "notes.yaml") {
		t.Errorf("exit %d, stderr %s; want %d naming the file", code, errOut, ExitUsage)
	}
}

// TestOfficialSpecAgainstItself compares each GovStack specification of
// the shared data with itself: every operation matches, and the
// specification's own defects are reported apart, as notices.
func TestOfficialSpecAgainstItself(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"digital-registries-data-api-1.3.0.yaml", "messaging-api.yaml", "workflow-api.yaml", "im-pubsub-api.yaml"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := githubtest.SharedFile("govstack/" + name)
			if err != nil {
				t.Skipf("GovStack specification not available: %v", err)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI(t, map[string]string{"api/openapi.yaml": string(data)}, "--building-block", "bb", "--reference-spec", p, "--format", "json")
			if code == ExitUsage || code == ExitError {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			f := findingOf(t, out, "govstack-bb-bb-api")
			if f.API == nil || f.API.Matched != f.API.Operations || f.API.Operations == 0 {
				t.Errorf("api = %+v (%s), want every operation matched", f.API, f.Message)
			}
		})
	}
}
