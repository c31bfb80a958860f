package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// TestActionDPGADraftInSummary: with dpga-draft the job summary carries the
// drafted application after the full report; without, it does not.
func TestActionDPGADraftInSummary(t *testing.T) {
	t.Parallel()
	r := newRunner(t, "push", payload(t, "push", ""), repoFailingOnlyCoC)
	r.env["INPUT_DPGA-DRAFT"] = "true"
	r.run()
	summary := r.summary()
	report := strings.Index(summary, "#### ❌ How to fix")
	draft := strings.Index(summary, "## DPGA application draft")
	if report < 0 || draft < report {
		t.Fatalf("the summary should hold the report, then the draft (report at %d, draft at %d):\n%s", report, draft, summary)
	}
	for _, want := range []string{"### Indicator 2", "MIT", "only you can answer"} {
		if !strings.Contains(summary[draft:], want) {
			t.Errorf("the draft lacks %q:\n%s", want, summary[draft:])
		}
	}

	plain := newRunner(t, "push", payload(t, "push", ""), repoFailingOnlyCoC)
	plain.run()
	if strings.Contains(plain.summary(), "DPGA application draft") {
		t.Error("the draft is in the job summary without the dpga-draft input")
	}
}

// TestActionRegistryInput: the registry input, a file in the workspace,
// adds dpg-registry to the report; the record's lines are evidence there,
// and the record in the repository is not taken for SDGs the project states.
func TestActionRegistryInput(t *testing.T) {
	t.Parallel()
	files := with(repoFailingOnlyCoC, "dpga/record.json", certifiedApache)
	r := newRunner(t, "push", payload(t, "push", ""), files)
	r.env["INPUT_REGISTRY"] = "dpga/record.json"
	r.run()
	data, err := os.ReadFile(filepath.Join(r.workspace, ".dpgcheck", "report.json"))
	if err != nil {
		t.Fatalf("%v\n%s", err, r.stderr.String())
	}
	f := findingOf(t, string(data), "dpg-registry")
	if f.Outcome != report.NeedsReview || !strings.Contains(f.Message, "certified Apache-2.0") || !strings.Contains(f.Message, "now under MIT") {
		t.Errorf("dpg-registry = %s %q", f.Outcome, f.Message)
	}
	if !strings.Contains(strings.Join(f.Details, "\n"), "certifies SDG 3 and the repository states no SDGs") {
		t.Errorf("details %q: the record in the repository was taken for the project's SDGs", f.Details)
	}
	if !slices.Contains(f.Evidence, report.At("dpga/record.json", 3)) {
		t.Errorf("evidence %v lacks the record's licence line", f.Evidence)
	}
	if !strings.Contains(r.summary(), "Still matches what the DPGA certified") {
		t.Errorf("the job summary lacks dpg-registry:\n%s", r.summary())
	}
}
