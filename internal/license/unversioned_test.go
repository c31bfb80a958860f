package license

import (
	"strings"
	"testing"
)

// TestJudgeDependencyUnversioned: a dependency licence named without its
// version is open; its compatibility holds when every version it may mean
// agrees, and is "could not be checked" when they do not.
func TestJudgeDependencyUnversioned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		project, declared string
		want              DepStatus
		reason            string
	}{
		{"MIT", "GPL", DepIncompatible, "every version of it (GPL-2.0 and GPL-3.0) conflicts"},
		{"Apache-2.0", "AGPL", DepIncompatible, "network copyleft"},
		{"GPL-3.0-only", "GPL", DepOK, "the dependency's licence does not state its version"},
		{"GPL-3.0-or-later", "LGPL", DepOK, "compatible with the project's GPL-3.0-or-later"},
		{"Apache-2.0", "BSD", DepOK, "compatible with the project's Apache-2.0"},
		{"GPL-2.0-only", "Apache Software License", DepOK, "the dependency's licence does not state its version"},
		{"MIT", "License :: OSI Approved :: MIT License", DepOK, "MIT is permissive"},
		{"MIT", "License :: Freeware", DepUnknown, ""},
		{"LicenseRef-GPL-unversioned", "MIT", DepOK, "compatible"},
		{"LicenseRef-GPL-unversioned", "GPL-3.0-only", DepOK, "the project's licence does not state its version"},
		{"LicenseRef-BSD-unversioned", "GPL-3.0-only", DepIncompatible, "strong copyleft"},
	}
	for _, tt := range tests {
		p, _ := FromName(tt.project)
		v := JudgeDependency(p, tt.declared, false)
		if v.Status != tt.want || !strings.Contains(v.Reason, tt.reason) {
			t.Errorf("JudgeDependency(%s, %q) = %s: %s; want %s with %q", tt.project, tt.declared, v.Status, v.Reason, tt.want, tt.reason)
		}
	}
}
