package rules

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// TestRemediationSaysEachThingOnce evaluates every criterion of every
// standard on a bare repository, where most ask for review and attestation,
// and checks that no next step repeats a sentence or asks twice to attest.
func TestRemediationSaysEachThingOnce(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"README.md": {Data: []byte("# Tool\n\nA tool.\n")}}
	for _, std := range []string{"dpg", "govstack-cfr", "govstack-23q4"} {
		_, ev := evaluateCase(t, fsys, criteria.Builtin().Of(std)[0].ID)
		for _, f := range ev.Findings {
			checkSaidOnce(t, f)
		}
	}
}

func checkSaidOnce(t *testing.T, f report.Finding) {
	t.Helper()
	prose, _, _ := strings.Cut(f.Remediation, "\n")
	if n := strings.Count(prose, "`attestations:"); n > 1 {
		t.Errorf("%s asks %d times to attest: %s", f.ID, n, prose)
	}
	seen := map[string]bool{}
	for _, s := range sentences(prose) {
		if seen[s] {
			t.Errorf("%s repeats %q: %s", f.ID, s, prose)
		}
		seen[s] = true
	}
}

func TestWithoutRepeatedSentences(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Add a LICENSE. Add a LICENSE. Declare it.": "Add a LICENSE. Declare it.",
		"Add a LICENSE.":                                     "Add a LICENSE.",
		"Use e.g. Postgres. Use e.g. Postgres.":              "Use e.g. Postgres.",
		"Do this. Do this.\nsdgs:\n  - goal: 3\n  - goal: 3": "Do this.\nsdgs:\n  - goal: 3\n  - goal: 3",
	} {
		if got := withoutRepeatedSentences(in); got != want {
			t.Errorf("withoutRepeatedSentences(%q) = %q, want %q", in, got, want)
		}
	}
}
