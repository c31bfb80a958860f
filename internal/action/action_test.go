package action

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sethvargo/go-githubactions"
)

func TestReadInputsDefaults(t *testing.T) {
	t.Parallel()
	in, err := ReadInputs(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if in.Path != "." || in.FailOn != "required" || in.Comment != "always" || !in.CheckRun || in.CheckName != "dpgcheck" ||
		len(in.Standards) != 1 || in.Standards[0] != "dpg" || in.AllowPullRequestTarget || in.DPGADraft {
		t.Fatalf("defaults = %+v", in)
	}
}

func TestReadInputsErrors(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"path escapes":       {"path": "../../etc"},
		"absolute sarif":     {"sarif-file": "/tmp/x.sarif"},
		"bad bool":           {"check-run": "maybe"},
		"app id not number":  {"app-id": "my-app"},
		"app id without key": {"app-id": "123"},
		"bad draft bool":     {"dpga-draft": "please"},
		"draft without dpg":  {"dpga-draft": "true", "standards": "govstack"},
		"registry escapes":   {"registry": "/etc/passwd"},
	} {
		if _, err := ReadInputs(func(k string) string { return env[k] }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReadInputsFromEnvironmentNames(t *testing.T) {
	t.Parallel()
	// GitHub passes inputs as INPUT_<NAME> with hyphens kept.
	env := map[string]string{"INPUT_FAIL-ON": "any", "INPUT_ALLOW-PULL-REQUEST-TARGET": "true", "INPUT_STANDARDS": " dpg , govstack ", "INPUT_DPGA-DRAFT": "true"}
	a := githubactions.New(githubactions.WithGetenv(func(k string) string { return env[k] }))
	in, err := ReadInputs(a.GetInput)
	if err != nil {
		t.Fatal(err)
	}
	if in.FailOn != "any" || !in.AllowPullRequestTarget || strings.Join(in.Standards, ",") != "dpg,govstack" || !in.DPGADraft {
		t.Fatalf("inputs = %+v", in)
	}
}

func shared(t *testing.T) map[string][]map[string]any {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "..", "shared", "data", "github", "webhook-examples.json")
		if data, err := os.ReadFile(p); err == nil {
			var list []struct {
				Name     string           `json:"name"`
				Examples []map[string]any `json:"examples"`
			}
			json.Unmarshal(data, &list)
			out := map[string][]map[string]any{}
			for _, e := range list {
				out[e.Name] = e.Examples
			}
			return out
		}
		if parent := filepath.Dir(dir); parent != dir {
			dir = parent
			continue
		}
		t.Skip("skipping: ../shared/data/github/webhook-examples.json is absent")
	}
}

func eventFrom(t *testing.T, name string, payload map[string]any) Event {
	t.Helper()
	e, err := ReadEvent(&githubactions.GitHubContext{EventName: name, Event: payload, Repository: "octo/clinic", SHA: "ffff", RunID: 9, RunAttempt: 2, ServerURL: "https://github.com/"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestReadEventFromRealPayloads(t *testing.T) {
	t.Parallel()
	ex := shared(t)
	for _, p := range ex["pull_request"] {
		e := eventFrom(t, "pull_request", p)
		if e.PR == 0 || len(e.HeadSHA) != 40 || e.BaseSHA == "" {
			t.Errorf("pull_request %v: %+v", p["action"], e)
		}
		wantSkip := !map[string]bool{"opened": true, "synchronize": true, "reopened": true, "ready_for_review": true}[p["action"].(string)]
		if (e.Skip() != "") != wantSkip {
			t.Errorf("pull_request %v: Skip() = %q", p["action"], e.Skip())
		}
	}
	for _, p := range ex["merge_group"] {
		if e := eventFrom(t, "merge_group", p); e.PR != 0 || len(e.HeadSHA) != 40 || e.Skip() != "" {
			t.Errorf("merge_group: %+v", e)
		}
	}
	for _, p := range ex["push"] {
		if e := eventFrom(t, "push", p); e.HeadSHA == "" || e.PR != 0 {
			t.Errorf("push: %+v", e)
		}
	}
	e := eventFrom(t, "workflow_dispatch", ex["workflow_dispatch"][0])
	if e.HeadSHA != "ffff" || e.RunURL() != "https://github.com/octo/clinic/actions/runs/9" || e.RunAttempt != 2 {
		t.Errorf("workflow_dispatch: %+v", e)
	}
}

func TestReadEventFork(t *testing.T) {
	t.Parallel()
	p := map[string]any{"action": "opened", "number": 5, "pull_request": map[string]any{"number": 5,
		"head": map[string]any{"sha": "a", "repo": map[string]any{"full_name": "contributor/clinic", "fork": true}},
		"base": map[string]any{"sha": "b", "ref": "main", "repo": map[string]any{"full_name": "octo/clinic"}}}}
	if e := eventFrom(t, "pull_request", p); !e.Fork || e.PR != 5 {
		t.Errorf("fork pull request: %+v", e)
	}
}

func TestWriteOutputsCannotBeForged(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	evil := "fail\n_GitHubActionsFileCommandDelimeter_\nverdict<<EOF\npass\nEOF"
	if err := WriteOutputs(path, []Output{{"verdict", evil}, {"failed", "1"}}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	// Parse as the runner does: name<<DELIM, lines, DELIM.
	got := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var val []string
		for i++; lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		if _, dup := got[name]; dup {
			t.Fatalf("output %s was written twice: the value forged an output", name)
		}
		got[name] = strings.Join(val, "\n")
	}
	if got["verdict"] != evil || got["failed"] != "1" || len(got) != 2 {
		t.Fatalf("outputs = %q", got)
	}
	if err := WriteOutputs(path, []Output{{"bad\nname", "x"}}); err == nil {
		t.Error("an output name with a newline was written")
	}
}

func TestAppendSummaryIsCapped(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "summary")
	big := strings.Repeat("é", MaxSummary) // 2 bytes each
	if err := AppendSummary(path, big); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if len(data) > MaxSummary || !bytes.HasSuffix(data, []byte("limited to 1 MiB)*\n")) {
		t.Fatalf("summary of %d bytes", len(data))
	}
}

func TestAnnotateCapsPerLevel(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	var anns []Annotation
	for i := range 25 {
		anns = append(anns, Annotation{Path: "LICENSE", Line: i + 1, Level: "failure", Title: "dpg-2 · Open licence", Message: "not open: 100% sure\nnext line"})
	}
	Annotate(a, anns)
	s := out.String()
	if n := strings.Count(s, "::error "); n != 10 {
		t.Errorf("%d error annotations, want 10", n)
	}
	if !strings.Contains(s, "15 more annotations were left out") || !strings.Contains(s, "title=dpg-2 · Open licence") || !strings.Contains(s, "100%25 sure%0Anext line") {
		t.Errorf("output:\n%s", s)
	}
}
