package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

const certifiedApache = `{
  "name": "Example Clinic Records",
  "license": [{"spdx": "Apache-2.0", "licenseURL": "https://github.com/health-org/clinic/blob/main/LICENSE"}],
  "SDGs": [{"SDGNumber": 3}],
  "repositories": [{"name": "main", "url": "https://github.com/health-org/clinic"}],
  "stage": "DPG"
}
`

func writeRecord(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "record.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func busl(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../license/testdata/corpus/busl-1.1.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestRegistryDriftOnEverySurface: a certified Apache-2.0 project now under
// BUSL-1.1 fails dpg-registry, which gates and shows in JSON, SARIF and the
// Markdown comment.
func TestRegistryDriftOnEverySurface(t *testing.T) {
	t.Parallel()
	rec := writeRecord(t, certifiedApache)
	files := map[string]string{"LICENSE": busl(t), "README.md": "# Clinic\n"}
	code, out, errOut := runCLI(t, files, "--registry", rec, "--format", "json")
	if code != ExitFail {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFail, errOut)
	}
	f := findingOf(t, out, "dpg-registry")
	if f.Outcome != report.Fail || !strings.Contains(f.Message, "certified Apache-2.0") || f.Standard != "dpg-registry" {
		t.Errorf("dpg-registry = %s %q (standard %s)", f.Outcome, f.Message, f.Standard)
	}
	if !strings.Contains(strings.Join(f.Details, "\n"), "record.json:3") {
		t.Errorf("details %q do not cite the record's line", f.Details)
	}
	for _, format := range []string{"sarif", "markdown", "text"} {
		_, out, errOut := runCLI(t, files, "--registry", rec, "--format", format)
		if !strings.Contains(out, "dpg-registry") || !strings.Contains(out, "BUSL-1.1") {
			t.Errorf("--format %s lacks the drift finding:\n%s%s", format, out, errOut)
		}
	}
}

func TestRegistryFromURL(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/clinic.json":
			w.Write([]byte(certifiedApache))
		case "/big.json":
			chunk := bytes.Repeat([]byte(" "), 1<<16)
			for i := 0; i < 40; i++ { // 2.5 MB, over the 1 MB cap
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	files := map[string]string{"LICENSE": busl(t), "README.md": "# Clinic\n"}
	code, out, errOut := runCLI(t, files, "--registry", srv.URL+"/clinic.json?token=s3cr3t-value", "--format", "json")
	if code != ExitFail || findingOf(t, out, "dpg-registry").Outcome != report.Fail {
		t.Errorf("exit %d, stderr %s; want the drift to fail", code, errOut)
	}
	if strings.Contains(out+errOut, "s3cr3t-value") {
		t.Error("the record URL's query (a token) reached the report or the logs")
	}
	code, _, errOut = runCLI(t, files, "--registry", srv.URL+"/missing.json")
	if code != ExitError || !strings.Contains(errOut, "registry record") || !strings.Contains(errOut, "HTTP 404") {
		t.Errorf("missing record: exit %d, stderr %s", code, errOut)
	}
	code, _, errOut = runCLI(t, files, "--registry", srv.URL+"/big.json")
	if code != ExitError || !strings.Contains(errOut, "larger than 1 MB") {
		t.Errorf("oversized record: exit %d, stderr %s", code, errOut)
	}
}

func TestRegistryUnusable(t *testing.T) {
	t.Parallel()
	files := map[string]string{"README.md": "# x\n"}
	for _, c := range []struct{ name, record, want string }{
		{"invalid field", "{\n  \"license\": [\n    {\"licenseURL\": \"https://x\"}\n  ]\n}\n", "record.json: line 3: license[0].spdx is missing"},
		{"not JSON", "{\n  \"license\": [\"MIT\",\n", "record.json: line"},
		{"not a record", `{"title": "notes"}`, "not a DPGA registry record"},
	} {
		code, _, errOut := runCLI(t, files, "--registry", writeRecord(t, c.record))
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %s; want %d with %q", c.name, code, errOut, ExitUsage, c.want)
		}
	}
	code, _, errOut := runCLI(t, files, "--registry", filepath.Join(t.TempDir(), "absent.json"))
	if code != ExitUsage || !strings.Contains(errOut, "absent.json") {
		t.Errorf("absent record: exit %d, stderr %s", code, errOut)
	}
}

// TestRepositoryFlag: --repository says which repository a folder without
// .git is; the drift check compares it with the record's repositories.
func TestRepositoryFlag(t *testing.T) {
	t.Parallel()
	rec := writeRecord(t, certifiedApache)
	apache, err := os.ReadFile("../license/testdata/corpus/apache-2.0-plain.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"LICENSE": string(apache), "README.md": "# Clinic\n"}
	code, out, errOut := runCLI(t, files, "--registry", rec, "--repository", "health-org/clinic", "--format", "json")
	if f := findingOf(t, out, "dpg-registry"); f.Outcome != report.Pass {
		t.Errorf("exit %d, dpg-registry = %s %q %v; stderr %s", code, f.Outcome, f.Message, f.Details, errOut)
	}
	_, out, _ = runCLI(t, files, "--registry", rec, "--repository", "someone/clinic-fork", "--format", "json")
	if f := findingOf(t, out, "dpg-registry"); f.Outcome != report.NeedsReview || !slices.Contains(f.Concerns, "registry-repository-not-listed") {
		t.Errorf("a repository the record does not list: dpg-registry = %s %q", f.Outcome, f.Message)
	}
	if code, _, errOut := runCLI(t, files, "--repository", "https://github.com/x"); code != ExitUsage || !strings.Contains(errOut, "not OWNER/NAME") {
		t.Errorf("a bad --repository: exit %d, stderr %s", code, errOut)
	}
}
