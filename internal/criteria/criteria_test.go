package criteria

import (
	"flag"
	"os"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite docs/criteria.md")

func TestBuiltin(t *testing.T) {
	t.Parallel()
	c := Builtin()
	dpg := c.Of("dpg")
	if len(dpg) != 11 {
		t.Fatalf("%d DPG criteria, want 11 (dpg-1..dpg-8, dpg-9a..9c)", len(dpg))
	}
	s, ok := c.Standard("dpg")
	if !ok || s.Version != "1.1.7" {
		t.Fatalf("dpg standard = %+v", s)
	}
	cr, ok := c.Lookup("dpg-9c")
	if !ok || cr.Label != "9C" || cr.Level != Required || cr.Docs == "" || cr.Standard != "dpg" {
		t.Fatalf("dpg-9c = %+v", cr)
	}
}

func TestLoadRejectsBadCatalogues(t *testing.T) {
	t.Parallel()
	for name, data := range map[string]string{
		"unknown key":  "standard: {id: x, version: '1'}\ncriteria:\n  - {id: x-1, title: T, level: required, automation: full, requirement: r, remediation: m, colour: red}\n",
		"bad level":    "standard: {id: x, version: '1'}\ncriteria:\n  - {id: x-1, title: T, level: must, automation: full, requirement: r, remediation: m}\n",
		"duplicate id": "standard: {id: x, version: '1'}\ncriteria:\n  - {id: x-1, title: T, level: required, automation: full, requirement: r, remediation: m}\n  - {id: x-1, title: T, level: required, automation: full, requirement: r, remediation: m}\n",
		"no version":   "standard: {id: x}\ncriteria: []\n",
	} {
		if _, err := Load(fstest.MapFS{"x.yaml": {Data: []byte(data)}}); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
}

func TestDocsUpToDate(t *testing.T) {
	t.Parallel()
	const path = "../../docs/criteria.md"
	got := Builtin().Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Fatalf("docs/criteria.md is stale; run: go test ./internal/criteria -update")
	}
}

// TestEveryDPGCriterionStatesItsPolicy: docs/criteria.md says, for each DPG
// indicator, when it fails, needs review and passes.
func TestEveryDPGCriterionStatesItsPolicy(t *testing.T) {
	for _, c := range Builtin().Of("dpg") {
		if c.Policy.Fails == "" || c.Policy.Review == "" || c.Policy.Passes == "" {
			t.Errorf("%s has no complete policy (fails, review, passes) in 1-dpg.yaml", c.ID)
		}
	}
}
