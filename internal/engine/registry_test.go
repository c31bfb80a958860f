package engine

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

func corpus(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("../license/testdata/corpus/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// withRegistry evaluates files against the registry record testdata/registry/record.
func withRegistry(t *testing.T, record string, files map[string]string, o Options) report.Finding {
	t.Helper()
	src := "testdata/registry/" + record
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	reg, cat, std, err := LoadRegistry(criteria.Builtin(), src, data)
	if err != nil {
		t.Fatal(err)
	}
	o.Registry, o.Catalog, o.Standards = reg, cat, []string{"dpg", std.ID}
	if o.Now.IsZero() {
		o.Now = now
	}
	r, err := Evaluate(context.Background(), tree(files), o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Standards, func(s report.StandardRef) bool { return s.ID == "dpg-registry" }) {
		t.Errorf("report standards %+v lack dpg-registry", r.Standards)
	}
	return finding(t, r, "dpg-registry")
}

func wantDrift(t *testing.T, f report.Finding, outcome report.Outcome, concern string, message ...string) {
	t.Helper()
	if f.Outcome != outcome {
		t.Errorf("dpg-registry = %s (%s), want %s", f.Outcome, f.Message, outcome)
	}
	if concern != "" && !slices.Contains(f.Concerns, concern) {
		t.Errorf("concerns %v, want %s", f.Concerns, concern)
	}
	if concern == "" && len(f.Concerns) > 0 {
		t.Errorf("concerns %v, want none", f.Concerns)
	}
	text := f.Message + "\n" + strings.Join(f.Details, "\n")
	for _, m := range message {
		if !strings.Contains(text, m) {
			t.Errorf("message and details %q lack %q", text, m)
		}
	}
	if f.Requirement == "" || f.Guidance == "" {
		t.Errorf("the finding lacks the criterion's requirement or remediation: %+v", f)
	}
}

func TestRegistryLicenceNoLongerOpenFails(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "apache.json", map[string]string{"LICENSE": corpus(t, "busl-1.1.txt"), "README.md": "# Clinic\n"},
		Options{Target: report.Target{Repository: "health-org/clinic"}})
	wantDrift(t, f, report.Fail, "registry-licence-not-open", "certified Apache-2.0", "BUSL-1.1", "testdata/registry/apache.json:5")
	if !slices.Contains(f.Evidence, report.At("LICENSE", 0)) && !slices.ContainsFunc(f.Evidence, func(e report.Evidence) bool { return e.Path == "LICENSE" }) {
		t.Errorf("evidence %v lacks the licence file", f.Evidence)
	}
}

func TestRegistryLicenceChangedToAnotherOpenLicence(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "apache.json", map[string]string{"LICENSE": string(mit), "README.md": "# Clinic\n"},
		Options{Target: report.Target{Repository: "health-org/clinic"}})
	wantDrift(t, f, report.NeedsReview, "registry-licence-changed", "certified Apache-2.0", "now under MIT")
}

func TestRegistryAddedLicenceIsANote(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "mit.json", map[string]string{"LICENSE": corpus(t, "dual-mit-apache.txt"), "README.md": "# Platform\n"},
		Options{Target: report.Target{Repository: "learn-org/platform"}})
	wantDrift(t, f, report.Pass, "", "also offers Apache-2.0", "learn-org/platform, as the registry record lists")
}

func TestRegistryPreSPDX3Ids(t *testing.T) {
	t.Parallel()
	files := map[string]string{"LICENSE": corpus(t, "gpl-3.0-only-plain.txt"), "lib/LICENSE": corpus(t, "lgpl-2.1-only-plain.txt"),
		"LICENSES/LGPL-2.1-only.txt": corpus(t, "lgpl-2.1-only-plain.txt"), "README.md": "# Surveillance\n"}
	f := withRegistry(t, "legacy-ids.json", files, Options{Target: report.Target{Repository: "health-org/surveillance"}})
	wantDrift(t, f, report.Pass, "", "as the registry record certifies (GPL-3.0")

	// GPL-3.0 in the registry is also GPL-3.0-or-later in the repository;
	// a record's LGPL-2.1 that the repository no longer states is asked about.
	files = map[string]string{"LICENSE": corpus(t, "gpl3-or-later-prose.txt"), "README.md": "# Surveillance\n"}
	f = withRegistry(t, "legacy-ids.json", files, Options{Target: report.Target{Repository: "health-org/surveillance"}})
	wantDrift(t, f, report.NeedsReview, "registry-licence-dropped", "does not state LGPL-2.1")
}

func TestRegistryRepositoryNotListed(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "apache.json", map[string]string{"LICENSE": corpus(t, "apache-2.0-plain.txt"), "README.md": "# Clinic\n"},
		Options{Target: report.Target{Repository: "someone/clinic-fork"}})
	wantDrift(t, f, report.NeedsReview, "registry-repository-not-listed", "github.com/someone/clinic-fork", "https://github.com/health-org/clinic")
}

// TestRegistryRepositoryMoved: the host serves the certified name at a new
// one (a transfer or rename); the record is out of date.
func TestRegistryRepositoryMoved(t *testing.T) {
	t.Parallel()
	host := func(_ context.Context, repository string) *hosting.Facts {
		return &hosting.Facts{Host: "GitHub", Repository: "health-foundation/clinic", URL: "https://github.com/health-foundation/clinic"}
	}
	f := withRegistry(t, "apache.json", map[string]string{"LICENSE": corpus(t, "apache-2.0-plain.txt"), "README.md": "# Clinic\n"},
		Options{Target: report.Target{Repository: "health-org/clinic"}, Host: host})
	wantDrift(t, f, report.NeedsReview, "registry-repository-moved", "the repository moved", "https://github.com/health-foundation/clinic")
}

func TestRegistrySDGsNoLongerStated(t *testing.T) {
	t.Parallel()
	files := map[string]string{"LICENSE": corpus(t, "agpl-3.0-only-plain.txt"), "README.md": "# Cash\n",
		".github/dpgcheck.yml": "sdgs:\n  - goal: 1\n    targets: [\"1.3\"]\n  - goal: 5\n"}
	f := withRegistry(t, "sdgs.json", files, Options{Target: report.Target{Repository: "social-org/cash"}, Now: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	wantDrift(t, f, report.NeedsReview, "registry-sdg-not-stated", "certified SDG 10", "also states SDG 5", "due for renewal by 2026-06-30")

	// The README stating the goal counts.
	files["README.md"] = "# Cash\n\nAdvances SDG 10 (reduced inequalities).\n"
	f = withRegistry(t, "sdgs.json", files, Options{Target: report.Target{Repository: "social-org/cash"}, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	wantDrift(t, f, report.Pass, "", "SDGs 1, 10 stated", "renewal: due by 2026-06-30")
	if !slices.Contains(f.Evidence, report.At("README.md", 3)) {
		t.Errorf("evidence %v lacks README.md:3", f.Evidence)
	}
}

func TestRegistryNoSDGsStatedIsANote(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "apache.json", map[string]string{"LICENSE": corpus(t, "apache-2.0-plain.txt"), "README.md": "# Clinic\n"},
		Options{Target: report.Target{Repository: "health-org/clinic"}})
	wantDrift(t, f, report.Pass, "", "agree with the registry record", "certifies SDG 3 and the repository states no SDGs")
}

func TestRegistryRenewalExpired(t *testing.T) {
	t.Parallel()
	files := map[string]string{"LICENSE": corpus(t, "agpl-3.0-only-plain.txt"), "README.md": "# Cash\n\nSDG 1 and SDG 10.\n"}
	f := withRegistry(t, "sdgs.json", files, Options{Target: report.Target{Repository: "social-org/cash"}})
	wantDrift(t, f, report.NeedsReview, "registry-expired", "expired on 2026-06-30", "renewalDate testdata/registry/sdgs.json:11")
}

// TestRegistryLicenceGone: a certified licence where the repository states
// none fails (all rights reserved); a licence file that could not be read
// is unknown; packages that declare the certified licence agree.
func TestRegistryLicenceGone(t *testing.T) {
	t.Parallel()
	target := Options{Target: report.Target{Repository: "health-org/clinic"}}
	f := withRegistry(t, "apache.json", map[string]string{"README.md": "# Clinic\n"}, target)
	wantDrift(t, f, report.Fail, "registry-licence-missing", "certified Apache-2.0", "states no licence")

	f = withRegistry(t, "apache.json", map[string]string{"README.md": "# Clinic\n", "LICENSE": strings.Repeat("x", 3<<20)}, target)
	wantDrift(t, f, report.Unknown, "registry-licence-unknown", "could not read")

	f = withRegistry(t, "apache.json", map[string]string{"README.md": "# Clinic\n", "server/package.json": `{"name": "clinic-server", "license": "Apache-2.0"}`,
		"web/package.json": `{"name": "clinic-web", "license": "Apache-2.0"}`}, target)
	wantDrift(t, f, report.Pass, "", "licence: Apache-2.0, as the registry record certifies")

	f = withRegistry(t, "apache.json", map[string]string{"README.md": "# Clinic\n", "web/package.json": `{"name": "clinic-web", "license": "MIT"}`}, target)
	wantDrift(t, f, report.NeedsReview, "registry-licence-changed", "no licence of its own and its packages are under MIT (web/package.json")
}

func TestLoadRegistryErrors(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/registry/invalid-sdg.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"invalid field", data, "registry record rec.json: line 5: SDGs[0].SDGNumber is 21"},
		{"not JSON", []byte("{\n  \"license\": [\n"), "registry record rec.json: line"},
		{"oversized", []byte(`{"name":"` + strings.Repeat("x", MaxRegistrySize) + `"}`), "registry record rec.json is larger than 1024 KB"},
	} {
		_, _, _, err := LoadRegistry(criteria.Builtin(), "rec.json", c.data)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a *ConfigError containing %q", c.name, err, c.want)
		}
	}
}

// TestRegistryNothingComparedIsUnknown: a record whose facts the
// repository cannot confirm or deny is never a pass.
func TestRegistryNothingComparedIsUnknown(t *testing.T) {
	t.Parallel()
	f := withRegistry(t, "sdgs-only.json", map[string]string{"LICENSE": string(mit), "README.md": "# Lessons\n"}, Options{})
	wantDrift(t, f, report.Unknown, "", "names nothing dpgcheck can compare")
}
