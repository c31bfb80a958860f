package license

import (
	"strings"
	"testing"
)

func TestJudgeDependency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		project  string // "" for an unknown project licence (nil)
		declared string
		dev      bool
		want     DepStatus
		license  string   // the normalised License
		reason   []string // substrings of Reason
	}{
		// The examples.
		{"GPL-3.0 into Apache-2.0", "Apache-2.0", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only",
			[]string{"GPL-3.0-only is strong copyleft: code that links it must be distributed under GPL-3.0, which conflicts with the project's Apache-2.0"}},
		{"AGPL-3.0 into MIT", "MIT", "AGPL-3.0-only", false, DepIncompatible, "AGPL-3.0-only", []string{"network copyleft", "the project's MIT"}},
		{"MIT into Apache-2.0", "Apache-2.0", "MIT", false, DepOK, "MIT", []string{"MIT is permissive", "compatible with the project's Apache-2.0"}},
		{"SSPL", "MIT", "SSPL-1.0", false, DepNotOpen, "SSPL-1.0", []string{"Server Side Public License"}},
		{"empty", "MIT", "", false, DepUnknown, "", []string{"no licence is recorded"}},
		{"UNLICENSED is npm's proprietary", "MIT", "UNLICENSED", false, DepNotOpen, "UNLICENSED", []string{"npm", "proprietary"}},
		{"OR chooses the compatible alternative", "Apache-2.0", "(MIT OR GPL-3.0-only)", false, DepOK, "MIT OR GPL-3.0-only", []string{"MIT can be chosen"}},
		{"GPL-3.0 dev dependency into MIT", "MIT", "GPL-3.0-only", true, DepOK, "GPL-3.0-only", []string{"development dependency", "not distributed"}},
		{"LGPL into Apache-2.0", "Apache-2.0", "LGPL-2.1-or-later", false, DepOK, "LGPL-2.1-or-later", []string{"weak copyleft"}},
		{"garbage", "MIT", "%% this is not ( a licence", false, DepUnknown, "%% this is not ( a licence", []string{"neither an SPDX licence expression nor a licence name"}},

		// Declarations that are not licences.
		{"whitespace", "MIT", "  \t", false, DepUnknown, "", []string{"no licence is recorded"}},
		{"NOASSERTION", "MIT", "NOASSERTION", false, DepUnknown, "NOASSERTION", []string{"NOASSERTION"}},
		{"UNKNOWN", "MIT", "unknown", false, DepUnknown, "unknown", []string{"recorded as unknown"}},
		{"SEE LICENSE IN", "MIT", "SEE LICENSE IN LICENSE.txt", false, DepUnknown, "SEE LICENSE IN LICENSE.txt", []string{"does not read"}},
		{"licence file reference", "MIT", "file:LICENSE", false, DepUnknown, "file:LICENSE", []string{"licence file"}},
		{"Proprietary", "MIT", "Proprietary", false, DepNotOpen, "Proprietary", []string{"not licensed for use by others"}},
		{"Commercial", "MIT", "commercial", false, DepNotOpen, "commercial", []string{"not licensed for use by others"}},
		{"private is proprietary", "MIT", "private", false, DepNotOpen, "LicenseRef-Proprietary", []string{"proprietary"}},
		{"unknown id", "MIT", "Foo-License-9", false, DepUnknown, "Foo-License-9", []string{"not an SPDX licence id the tool knows"}},
		{"unknown id is never ok in dev", "MIT", "Foo-License-9", true, DepUnknown, "Foo-License-9", nil},
		{"NOASSERTION in an AND", "MIT", "MIT AND NOASSERTION", false, DepUnknown, "MIT AND NOASSERTION", []string{"NOASSERTION"}},
		{"unknown exception", "MIT", "GPL-2.0-only WITH Made-Up-exception", false, DepUnknown, "GPL-2.0-only WITH Made-Up-exception", []string{"not an SPDX licence exception"}},
		{"Unlicense is not UNLICENSED", "MIT", "Unlicense", false, DepOK, "Unlicense", nil},

		// Not open.
		{"BUSL", "MIT", "BUSL-1.1", false, DepNotOpen, "BUSL-1.1", []string{"Business Source License"}},
		{"Elastic", "MIT", "Elastic-2.0", false, DepNotOpen, "Elastic-2.0", nil},
		{"Elastic by name", "MIT", "Elastic License 2.0", false, DepNotOpen, "Elastic-2.0", nil},
		{"CC-BY-NC", "MIT", "CC-BY-NC-4.0", false, DepNotOpen, "CC-BY-NC-4.0", []string{"commercial use"}},
		{"CC-BY-NC-SA", "CC-BY-4.0", "CC-BY-NC-SA-4.0", false, DepNotOpen, "CC-BY-NC-SA-4.0", nil},
		{"CC-BY-ND", "MIT", "CC-BY-ND-4.0", false, DepNotOpen, "CC-BY-ND-4.0", []string{"derivative works"}},
		{"Commons Clause combo", "MIT", "Apache-2.0 AND Commons-Clause", false, DepNotOpen, "Apache-2.0 AND LicenseRef-Commons-Clause", []string{"Commons Clause"}},
		{"Commons Clause exception", "MIT", "MIT WITH Commons-Clause", false, DepNotOpen, "MIT WITH Commons-Clause", []string{"Commons Clause"}},
		{"not OSI-approved", "MIT", "WTFPL", false, DepNotOpen, "WTFPL", []string{"neither OSI-approved"}},
		{"not open in dev is still not open", "MIT", "SSPL-1.0", true, DepNotOpen, "SSPL-1.0", nil},
		{"OR of two closed licences", "MIT", "SSPL-1.0 OR BUSL-1.1", false, DepNotOpen, "SSPL-1.0 OR BUSL-1.1", []string{"none is usable"}},
		{"OR with an open alternative", "MIT", "SSPL-1.0 OR MIT", false, DepOK, "SSPL-1.0 OR MIT", []string{"MIT can be chosen"}},
		{"AND with a closed part", "MIT", "MIT AND BUSL-1.1", false, DepNotOpen, "MIT AND BUSL-1.1", []string{"one is not usable"}},
		{"open content", "MIT", "CC-BY-4.0", false, DepOK, "CC-BY-4.0", nil},
		{"open data", "MIT", "ODbL-1.0", false, DepOK, "ODbL-1.0", nil},

		// Strong copyleft into permissive and weak-copyleft projects.
		{"GPL-2.0-only into MIT", "MIT", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", nil},
		{"GPL-2.0-or-later into BSD", "BSD-3-Clause", "GPL-2.0-or-later", false, DepIncompatible, "GPL-2.0-or-later", []string{"GPL-2.0 or later"}},
		{"GPL-3.0-or-later into ISC", "ISC", "GPL-3.0-or-later", false, DepIncompatible, "GPL-3.0-or-later", nil},
		{"GPL into 0BSD", "0BSD", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"GPL into Unlicense", "Unlicense", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"GPL into Zlib", "Zlib", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"GPL into MPL", "MPL-2.0", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"GPL into LGPL", "LGPL-2.1-or-later", "GPL-2.0-or-later", false, DepIncompatible, "GPL-2.0-or-later", nil},
		{"GPL into EPL", "EPL-2.0", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", nil},
		{"GPL into a proprietary project", "LicenseRef-Proprietary", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"AGPL into Apache-2.0", "Apache-2.0", "AGPL-3.0-or-later", false, DepIncompatible, "AGPL-3.0-or-later", nil},
		{"AGPL into LGPL", "LGPL-3.0-only", "AGPL-3.0-only", false, DepIncompatible, "AGPL-3.0-only", nil},
		{"AGPL into GPL-2.0-only", "GPL-2.0-only", "AGPL-3.0-only", false, DepIncompatible, "AGPL-3.0-only", nil},

		// Within the GNU family.
		{"AGPL into AGPL", "AGPL-3.0-only", "AGPL-3.0-or-later", false, DepOK, "AGPL-3.0-or-later", nil},
		{"AGPL into GPL-3.0-only (section 13)", "GPL-3.0-only", "AGPL-3.0-only", false, DepOK, "AGPL-3.0-only", []string{"section 13"}},
		{"AGPL into GPL-3.0-or-later", "GPL-3.0-or-later", "AGPL-3.0-only", false, DepOK, "AGPL-3.0-only", nil},
		{"AGPL into GPL-2.0-or-later, as GPL-3.0", "GPL-2.0-or-later", "AGPL-3.0-only", false, DepOK, "AGPL-3.0-only", nil},
		{"GPL-3.0 into AGPL", "AGPL-3.0-only", "GPL-3.0-or-later", false, DepOK, "GPL-3.0-or-later", nil},
		{"GPL-2.0-only into GPL-3.0", "GPL-3.0-only", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", []string{"the project's GPL-3.0-only"}},
		{"GPL-2.0-only into GPL-3.0-or-later", "GPL-3.0-or-later", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", nil},
		{"GPL-2.0-only into AGPL", "AGPL-3.0-only", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", nil},
		{"GPL-2.0-or-later into GPL-3.0", "GPL-3.0-only", "GPL-2.0-or-later", false, DepOK, "GPL-2.0-or-later", nil},
		{"GPL-3.0 into GPL-2.0-only", "GPL-2.0-only", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", nil},
		{"GPL-3.0-or-later into GPL-2.0-only", "GPL-2.0-only", "GPL-3.0-or-later", false, DepIncompatible, "GPL-3.0-or-later", nil},
		{"GPL-3.0 into GPL-2.0-or-later", "GPL-2.0-or-later", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", nil},
		{"GPL-2.0-only into GPL-2.0-only", "GPL-2.0-only", "GPL-2.0-only", false, DepOK, "GPL-2.0-only", nil},
		{"GPL-2.0-or-later into GPL-2.0-only", "GPL-2.0-only", "GPL-2.0-or-later", false, DepOK, "GPL-2.0-or-later", nil},
		{"LGPL-3.0 into GPL-2.0-only", "GPL-2.0-only", "LGPL-3.0-only", false, DepIncompatible, "LGPL-3.0-only", []string{"GPL-3.0 or later"}},
		{"LGPL-2.1 into GPL-2.0-only", "GPL-2.0-only", "LGPL-2.1-only", false, DepOK, "LGPL-2.1-only", nil},
		{"LGPL-3.0 into GPL-3.0", "GPL-3.0-or-later", "LGPL-3.0-or-later", false, DepOK, "LGPL-3.0-or-later", nil},

		// Weak copyleft and permissive dependencies.
		{"EUPL-1.2 into MIT", "MIT", "EUPL-1.2", false, DepOK, "EUPL-1.2", []string{"weak copyleft"}},
		{"MPL-2.0 into Apache-2.0", "Apache-2.0", "MPL-2.0", false, DepOK, "MPL-2.0", []string{"weak copyleft"}},
		{"EPL-2.0 into BSD", "BSD-2-Clause", "EPL-2.0", false, DepOK, "EPL-2.0", nil},
		{"LGPL-3.0 into MIT", "MIT", "LGPL-3.0-only", false, DepOK, "LGPL-3.0-only", nil},
		{"MIT into GPL-3.0", "GPL-3.0-only", "MIT", false, DepOK, "MIT", nil},
		{"Apache-2.0 into GPL-2.0-only", "GPL-2.0-only", "Apache-2.0", false, DepIncompatible, "Apache-2.0", []string{"GPL-2.0 does not allow"}},
		{"Apache-2.0 into GPL-2.0-or-later", "GPL-2.0-or-later", "Apache-2.0", false, DepOK, "Apache-2.0", nil},
		{"Apache-2.0 into GPL-3.0", "GPL-3.0-only", "Apache-2.0", false, DepOK, "Apache-2.0", nil},
		{"BSD into AGPL", "AGPL-3.0-only", "BSD-3-Clause", false, DepOK, "BSD-3-Clause", nil},
		{"Apache-2.0 into LGPL", "LGPL-2.1-only", "Apache-2.0", false, DepOK, "Apache-2.0", nil},
		{"GPL with the Classpath exception into MIT", "MIT", "GPL-2.0-only WITH Classpath-exception-2.0", false, DepOK, "GPL-2.0-only WITH Classpath-exception-2.0", []string{"Classpath-exception-2.0 lets code"}},
		{"GPL with the GCC runtime exception into Apache-2.0", "Apache-2.0", "GPL-3.0-or-later WITH GCC-exception-3.1", false, DepOK, "GPL-3.0-or-later WITH GCC-exception-3.1", nil},
		{"GPL with a non-linking exception into MIT", "MIT", "GPL-2.0-only WITH openvpn-openssl-exception", false, DepIncompatible, "GPL-2.0-only WITH openvpn-openssl-exception", nil},

		// Legacy ids and "+".
		{"legacy GPL-3.0+", "GPL-2.0-only", "GPL-3.0+", false, DepIncompatible, "GPL-3.0-or-later", nil},
		{"legacy GPL-2.0", "Apache-2.0", "GPL-2.0", false, DepIncompatible, "GPL-2.0-only", nil},
		{"legacy GPL-2.0+ into GPL-3.0", "GPL-3.0-only", "GPL-2.0+", false, DepOK, "GPL-2.0-or-later", nil},
		{"legacy LGPL-2.1+", "MIT", "LGPL-2.1+", false, DepOK, "LGPL-2.1-or-later", nil},
		{"legacy project id", "GPL-3.0", "GPL-2.0-only", false, DepIncompatible, "GPL-2.0-only", []string{"the project's GPL-3.0-only"}},
		{"legacy project id with +", "GPL-2.0+", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", nil},
		{"id case is canonicalised", "mit", "apache-2.0", false, DepOK, "Apache-2.0", nil},
		{"licence names", "MIT", "GNU General Public License v3.0", false, DepIncompatible, "GPL-3.0-only", nil},
		{"Cargo's slash", "Apache-2.0", "MIT/Apache-2.0", false, DepOK, "MIT OR Apache-2.0", nil},

		// Project expressions.
		{"project OR: one compatible alternative is enough", "MIT OR GPL-3.0-only", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", []string{"the project's GPL-3.0-only"}},
		{"project OR: none compatible", "MIT OR Apache-2.0", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", []string{"the project's MIT OR Apache-2.0"}},
		{"project AND ignores the documentation's content licence", "GPL-3.0-only AND CC-BY-4.0", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", nil},
		{"project AND of two code licences needs both", "GPL-3.0-only AND MIT", "GPL-3.0-only", false, DepIncompatible, "GPL-3.0-only", []string{"the project's MIT"}},
		{"project licence the tool does not know", "Foo-1.0", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", []string{"could not be checked"}},
		{"project OR with an unknown alternative", "MIT OR Foo-1.0", "GPL-3.0-only", false, DepOK, "GPL-3.0-only", []string{"could not be checked"}},

		// Unknown project licence: openness only.
		{"nil project, open", "", "MIT", false, DepOK, "MIT", []string{"could not be checked"}},
		{"nil project, strong copyleft is never incompatible", "", "AGPL-3.0-only", false, DepOK, "AGPL-3.0-only", []string{"could not be checked"}},
		{"nil project, not open", "", "SSPL-1.0", false, DepNotOpen, "SSPL-1.0", []string{"could not be checked"}},
		{"nil project, unknown", "", "", false, DepUnknown, "", nil},
		{"nil project, dev", "", "GPL-3.0-only", true, DepOK, "GPL-3.0-only", []string{"development dependency"}},

		// OR and AND in the dependency.
		{"OR into GPL-2.0-only picks the GPL-2.0 alternative", "GPL-2.0-only", "GPL-3.0-only OR GPL-2.0-only", false, DepOK, "GPL-3.0-only OR GPL-2.0-only", []string{"GPL-2.0-only can be chosen"}},
		{"OR of two incompatible licences", "MIT", "GPL-2.0-only OR GPL-3.0-only", false, DepIncompatible, "GPL-2.0-only OR GPL-3.0-only", []string{"none is usable"}},
		{"OR prefers unknown to incompatible", "MIT", "GPL-3.0-only OR Foo-1", false, DepUnknown, "GPL-3.0-only OR Foo-1", nil},
		{"OR of closed and incompatible is incompatible", "MIT", "Elastic-2.0 OR AGPL-3.0-only", false, DepIncompatible, "Elastic-2.0 OR AGPL-3.0-only", nil},
		{"AND of permissive licences", "Apache-2.0", "MIT AND BSD-3-Clause", false, DepOK, "MIT AND BSD-3-Clause", nil},
		{"AND with a GPL part", "Apache-2.0", "MIT AND GPL-3.0-only", false, DepIncompatible, "MIT AND GPL-3.0-only", nil},
		{"AND with a GPL part in dev", "Apache-2.0", "MIT AND GPL-3.0-only", true, DepOK, "MIT AND GPL-3.0-only", nil},
		{"nested", "Apache-2.0", "(GPL-3.0-only AND MIT) OR (BSD-2-Clause AND ISC)", false, DepOK, "(GPL-3.0-only AND MIT) OR (BSD-2-Clause AND ISC)", []string{"BSD-2-Clause AND ISC can be chosen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var project *Expr
			if tt.project != "" {
				var err error
				if project, err = ParseExpr(tt.project); err != nil {
					t.Fatalf("ParseExpr(%q): %v", tt.project, err)
				}
			}
			got := JudgeDependency(project, tt.declared, tt.dev)
			if got.Status != tt.want || got.License != tt.license {
				t.Errorf("JudgeDependency(%q, %q, dev=%v) = %s %q (%s); want %s %q",
					tt.project, tt.declared, tt.dev, got.Status, got.License, got.Reason, tt.want, tt.license)
			}
			for _, s := range tt.reason {
				if !strings.Contains(got.Reason, s) {
					t.Errorf("JudgeDependency(%q, %q, dev=%v).Reason = %q; want it to contain %q", tt.project, tt.declared, tt.dev, got.Reason, s)
				}
			}
			if got.Reason == "" || strings.Contains(got.Reason, "\n") {
				t.Errorf("Reason %q: want one non-empty line", got.Reason)
			}
		})
	}
}

// TestJudgeDependencyKeepsProject checks that the project's expression is
// not rewritten in place (it is the caller's, and shared by every call).
func TestJudgeDependencyKeepsProject(t *testing.T) {
	t.Parallel()
	project, err := ParseExpr("gpl-3.0+ OR mit")
	if err != nil {
		t.Fatal(err)
	}
	before := project.String()
	if v := JudgeDependency(project, "AGPL-3.0-only", false); v.Status != DepOK {
		t.Errorf("AGPL-3.0-only into %s = %s (%s), want ok", before, v.Status, v.Reason)
	}
	if after := project.String(); after != before {
		t.Errorf("project changed from %q to %q", before, after)
	}
	// A hand-built expression with empty or nil parts is tolerated.
	odd := &Expr{Op: Or, Args: []*Expr{nil, {Op: And}, {Op: Leaf, Lic: Lic{ID: "Apache-2.0"}}}}
	if v := JudgeDependency(odd, "GPL-3.0-only", false); v.Status != DepIncompatible {
		t.Errorf("GPL-3.0-only into a hand-built Apache-2.0 = %s (%s), want incompatible", v.Status, v.Reason)
	}
	if v := JudgeDependency(&Expr{Op: And}, "GPL-3.0-only", false); v.Status != DepOK || !strings.Contains(v.Reason, "could not be checked") {
		t.Errorf("GPL-3.0-only into an empty project expression = %s (%s), want ok and unchecked", v.Status, v.Reason)
	}
}

func FuzzJudgeDependency(f *testing.F) {
	seeds := []struct {
		project, declared string
		dev               bool
	}{
		{"Apache-2.0", "GPL-3.0-only", false},
		{"MIT", "AGPL-3.0-only", false},
		{"Apache-2.0", "(MIT OR GPL-3.0-only)", false},
		{"MIT", "GPL-3.0-only", true},
		{"", "", false},
		{"MIT", "UNLICENSED", false},
		{"GPL-2.0-only", "LGPL-3.0-only AND (MIT OR GPL-3.0+)", false},
		{"GPL-3.0-only AND CC-BY-4.0", "Apache-2.0 AND Commons-Clause", false},
		{"MIT OR Foo", "GPL-2.0-only WITH Classpath-exception-2.0", false},
		{"", "SEE LICENSE IN x", false},
		{"EUPL-1.2", "Apache License, Version 2.0", false},
		{"mit", "(((", false},
	}
	for _, s := range seeds {
		f.Add(s.project, s.declared, s.dev)
	}
	statuses := []DepStatus{DepOK, DepNotOpen, DepIncompatible, DepUnknown}
	f.Fuzz(func(t *testing.T, projectText, declared string, dev bool) {
		var project *Expr
		if e, err := ParseExpr(projectText); err == nil {
			project = e
		}
		before := ""
		if project != nil {
			before = project.String()
		}
		v := JudgeDependency(project, declared, dev)
		found := false
		for _, s := range statuses {
			found = found || v.Status == s
		}
		if !found {
			t.Fatalf("status %q is not one of %v", v.Status, statuses)
		}
		if declared == "" && v.Status != DepUnknown {
			t.Fatalf("empty declaration judged %s, want unknown", v.Status)
		}
		if strings.TrimSpace(declared) == "" && v.License != "" {
			t.Fatalf("empty declaration has licence %q", v.License)
		}
		if (dev || project == nil) && v.Status == DepIncompatible {
			t.Fatalf("JudgeDependency(%q, %q, dev=%v) is incompatible; want never for dev or an unknown project", projectText, declared, dev)
		}
		if v.Status == DepOK && v.License == "" {
			t.Fatalf("ok verdict without a licence: %+v", v)
		}
		if v.Reason == "" {
			t.Fatalf("empty reason: %+v", v)
		}
		if project != nil && project.String() != before {
			t.Fatalf("project changed from %q to %q", before, project.String())
		}
		if again := JudgeDependency(project, declared, dev); again != v {
			t.Fatalf("not deterministic: %+v then %+v", v, again)
		}
	})
}
