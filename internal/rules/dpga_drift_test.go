package rules

import (
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/license"
)

// TestLicenceKeyReadsRegistryIds: the registry's pre-SPDX-3 ids compare
// equal to the ids a repository's licence is detected as.
func TestLicenceKeyReadsRegistryIds(t *testing.T) {
	t.Parallel()
	key := func(id string) string {
		e, err := license.ParseExpr(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		return licenceKey(e.Leaves()[0])
	}
	for _, c := range []struct {
		registry, repo string
		same           bool
	}{
		{"GPL-3.0", "GPL-3.0-only", true},
		{"GPL-3.0", "GPL-3.0-or-later", true},
		{"GPL-2.0+", "GPL-2.0-or-later", true},
		{"AGPL-3.0", "AGPL-3.0-or-later", true},
		{"LGPL-2.1", "LGPL-2.1-only", true},
		{"LGPL-3.0", "LGPL-3.0-or-later", true},
		{"Apache-2.0", "apache-2.0", true},
		{"GPL-2.0", "GPL-3.0-only", false},
		{"LGPL-3.0", "GPL-3.0-only", false},
		{"Apache-2.0", "BUSL-1.1", false},
	} {
		if got := key(c.registry) == key(c.repo); got != c.same {
			t.Errorf("%s vs %s: same = %v, want %v (%q, %q)", c.registry, c.repo, got, c.same, key(c.registry), key(c.repo))
		}
	}
}

func TestRepoID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://github.com/Health-Org/Clinic":            "github.com/health-org/clinic",
		"https://www.github.com/health-org/clinic.git":    "github.com/health-org/clinic",
		"github.com/health-org/clinic/tree/main/server":   "github.com/health-org/clinic",
		"https://gitlab.com/group/sub/project/-/tree/dev": "gitlab.com/group/sub/project",
		"https://github.com/openspp-project":              "github.com/openspp-project",
	} {
		if got := repoID(in); got != want {
			t.Errorf("repoID(%q) = %q, want %q", in, got, want)
		}
	}
	if got := gitRemoteID("git@github.com:health-org/clinic.git"); got != "github.com/health-org/clinic" {
		t.Errorf("scp-like remote: %q", got)
	}
	if !sameRepo("github.com/openspp-project", "github.com/openspp-project/openspp-registry") || sameRepo("github.com/a/b", "github.com/a/bc") {
		t.Error("sameRepo: an owner-only URL covers its repositories, and nothing else matches by prefix")
	}
}
