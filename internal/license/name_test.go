package license

import (
	"strings"
	"testing"
)

// TestFromNameAsWritten covers licence names as people write them in
// setup.cfg, setup.py, pyproject.toml, R's DESCRIPTION and gemspecs.
func TestFromNameAsWritten(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"GPLv3":                       "GPL-3.0-only",
		"GPL-3":                       "GPL-3.0-only",
		"GPL (>= 3)":                  "GPL-3.0-or-later",
		"GPL (>= 2)":                  "GPL-2.0-or-later",
		"GPL(>=2.0)":                  "GPL-2.0-or-later",
		"LGPL (>= 2.1)":               "LGPL-2.1-or-later",
		"GPL-2 | GPL-3":               "GPL-2.0-only OR GPL-3.0-only",
		"MIT + file LICENSE":          "MIT",
		"MIT + file LICENCE":          "MIT",
		"BSD_3_clause + file LICENSE": "BSD-3-Clause",
		"BSD_2_clause + file LICENSE": "BSD-2-Clause",
		"Apache License (== 2.0)":     "Apache-2.0",
		"Apache License 2.0":          "Apache-2.0",
		"Apache 2.0":                  "Apache-2.0",
		"Apache License, Version 2.0": "Apache-2.0",
		"ASL 2.0":                     "Apache-2.0",
		"new BSD":                     "BSD-3-Clause",
		"3-clause BSD":                "BSD-3-Clause",
		"BSD 3-Clause \"New\" or \"Revised\" License": "BSD-3-Clause",
		"BSD 2-Clause \"Simplified\" License":         "BSD-2-Clause",
		"Simplified BSD":                              "BSD-2-Clause",
		"LGPL-3":                                      "LGPL-3.0-only",
		"LGPL-2":                                      "LGPL-2.0-only",
		"lgplv2.1":                                    "LGPL-2.1-only",
		"AGPLv3+":                                     "AGPL-3.0-or-later",
		"AGPL-3":                                      "AGPL-3.0-only",
		"GNU AGPL v3 License":                         "AGPL-3.0-only",
		"GNU LGPL version 3":                          "LGPL-3.0-only",
		"GNU Lesser General Public License v3 or later":             "LGPL-3.0-or-later",
		"GNU General Public License version 2 or any later version": "GPL-2.0-or-later",
		"gplv3+":                              "GPL-3.0-or-later",
		"GPLv3+ OR MIT":                       "GPL-3.0-or-later OR MIT",
		"Mozilla Public License, v. 2.0":      "MPL-2.0",
		"Mozilla Public License 2.0":          "MPL-2.0",
		"MPL 2.0":                             "MPL-2.0",
		"Apache 2.0 or MIT":                   "Apache-2.0 OR MIT",
		"MIT and CC BY 4.0":                   "MIT AND CC-BY-4.0",
		"CeCILL-B":                            "CECILL-B",
		"EUPL v1.2":                           "EUPL-1.2",
		"Eclipse Public License 2.0":          "EPL-2.0",
		"ALv2":                                "Apache-2.0",
		"Boost Software License, Version 1.0": "BSL-1.0",
	} {
		e, ok := FromName(in)
		if !ok || e.String() != want {
			t.Errorf("FromName(%q) = %v, %v; want %s", in, e, ok, want)
		}
	}
}

// TestFromNameUnversioned: a family named without its version becomes its
// unversioned id, never a guessed version, and is judged as its family.
func TestFromNameUnversioned(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"GPL":                        "LicenseRef-GPL-unversioned",
		"GNU GPL":                    "LicenseRef-GPL-unversioned",
		"GNU General Public License": "LicenseRef-GPL-unversioned",
		"AGPL":                       "LicenseRef-AGPL-unversioned",
		"LGPL":                       "LicenseRef-LGPL-unversioned",
		"BSD":                        "LicenseRef-BSD-unversioned",
		"BSD License":                "LicenseRef-BSD-unversioned",
		"BSD-style":                  "LicenseRef-BSD-unversioned",
		"Apache":                     "LicenseRef-Apache-unversioned",
		"Apache License":             "LicenseRef-Apache-unversioned",
		"Apache Software License":    "LicenseRef-Apache-unversioned",
		"MPL":                        "LicenseRef-MPL-unversioned",
		"EUPL":                       "LicenseRef-EUPL-unversioned",
	} {
		e, ok := FromName(in)
		if !ok || e.String() != want {
			t.Errorf("FromName(%q) = %v, %v; want %s", in, e, ok, want)
			continue
		}
		if approved, js := JudgeExpr(e, []ProjectType{Software}); !approved || CategoryOfExpr(e) != OSIApproved {
			t.Errorf("%s: JudgeExpr = %v (%+v), category %s; want approved, osi-approved", want, approved, js, CategoryOfExpr(e))
		} else if !strings.Contains(js[0].Reason, "without its version") {
			t.Errorf("%s: reason %q does not say the version is missing", want, js[0].Reason)
		}
		if Family(want) != want {
			t.Errorf("Family(%s) = %s", want, Family(want))
		}
	}
}

// TestFromNameUnrecognised: what is not a licence name stays unrecognised.
func TestFromNameUnrecognised(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"see LICENSE file", "Foo-License", "GPL v4", "LGPL 2.2", "GPL-3 + file LICENSE",
		"GPL or later", "BSD or later", "new BSD 2-clause", "MIT or something", "Apache Tomcat", "file LICENSE",
		"Unlimited", "Custom", "GPL with exceptions", "License :: OSI Approved", "License :: Freeware",
		"License :: OSI Approved :: Zope Public License", "License :: Free for non-commercial use", "GPL-2 | file LICENSE"} {
		if e, ok := FromName(in); ok {
			t.Errorf("FromName(%q) = %v, want not recognised", in, e)
		}
	}
}

// TestFromNameTrove reads every licence classifier of PyPI's Trove list.
func TestFromNameTrove(t *testing.T) {
	t.Parallel()
	for tail, id := range troveLicences {
		for _, prefix := range []string{"License :: OSI Approved :: ", "License :: "} {
			in := prefix + strings.ToUpper(tail[:1]) + tail[1:]
			e, ok := FromName(in)
			switch {
			case id == "" && ok:
				t.Errorf("FromName(%q) = %v, want not recognised", in, e)
			case id != "" && (!ok || e.String() != id):
				t.Errorf("FromName(%q) = %v, %v; want %s", in, e, ok, id)
			}
		}
		if _, known := Canonical(id); id != "" && !known {
			t.Errorf("troveLicences[%q] = %q, not a known id", tail, id)
		}
	}
	for in, want := range map[string]string{
		"License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
		"License :: OSI Approved :: MIT License":                                             "MIT",
		"License :: OSI Approved :: Apache Software License":                                 "LicenseRef-Apache-unversioned",
		"License :: OSI Approved :: BSD License":                                             "LicenseRef-BSD-unversioned",
		"License :: OSI Approved :: GNU General Public License v3 (GPLv3)":                   "GPL-3.0-only",
		"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)":                    "MPL-2.0",
		"License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)":           "LGPL-3.0-only",
		"License :: OSI Approved :: Zero-Clause BSD (0BSD)":                                  "0BSD",
		"License :: Other/Proprietary License":                                               "LicenseRef-Proprietary",
		"License  ::  OSI Approved  ::  MIT   License ":                                      "MIT",
		"License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)":            "EUPL-1.2",
		// A classifier newer than the table is read as a name.
		"License :: OSI Approved :: GNU Lesser General Public License v2.1 (LGPLv2.1)": "LGPL-2.1-only",
	} {
		e, ok := FromName(in)
		if !ok || e.String() != want {
			t.Errorf("FromName(%q) = %v, %v; want %s", in, e, ok, want)
		}
	}
}

func TestCoversUnversioned(t *testing.T) {
	t.Parallel()
	parse := func(s string) *Expr {
		e, err := ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"GPL-3.0-only", "LicenseRef-GPL-unversioned", true},
		{"LicenseRef-GPL-unversioned", "GPL-2.0-or-later", true},
		{"GPL-3.0-only", "LicenseRef-LGPL-unversioned", false},
		{"LGPL-2.1-only", "LicenseRef-GPL-unversioned", false},
		{"BSD-3-Clause", "LicenseRef-BSD-unversioned", true},
		{"0BSD", "LicenseRef-BSD-unversioned", false},
		{"Apache-2.0", "LicenseRef-Apache-unversioned", true},
		{"MIT", "LicenseRef-Apache-unversioned", false},
		{"MIT OR Apache-2.0", "LicenseRef-Apache-unversioned", true},
		{"AGPL-3.0-or-later", "LicenseRef-AGPL-unversioned", true},
	}
	for _, tt := range tests {
		if got := Covers(parse(tt.a), parse(tt.b)); got != tt.want {
			t.Errorf("Covers(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if !SameLicences(parse("GPL-3.0"), parse("LicenseRef-GPL-unversioned")) {
		t.Error("SameLicences(GPL-3.0, LicenseRef-GPL-unversioned) = false")
	}
	if SameLicences(parse("MIT AND GPL-3.0"), parse("LicenseRef-GPL-unversioned")) {
		t.Error("SameLicences(MIT AND GPL-3.0, LicenseRef-GPL-unversioned) = true")
	}
}

func FuzzFromName(f *testing.F) {
	for _, s := range []string{"MIT", "GPL (>= 2)", "GPL-2 | GPL-3", "MIT + file LICENSE", "License :: OSI Approved :: BSD License",
		"BSD 3-Clause \"New\" or \"Revised\" License", "gplv3+", "Apache 2.0 or MIT and (BSD", "((((", "v.", "(>=", "+ file license",
		"lgplv2.1+ or later only", "License :: :: ::", "a | b | c | d | e | f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := FromName(s)
		if !ok {
			if e != nil {
				t.Fatalf("FromName(%q) = %v, false", s, e)
			}
			return
		}
		// What is recognised prints as an SPDX expression of known ids.
		again, err := ParseExpr(e.String())
		if err != nil {
			t.Fatalf("FromName(%q) = %q, which does not parse: %v", s, e, err)
		}
		for _, l := range again.Leaves() {
			if _, known := Canonical(l.ID); !known {
				t.Fatalf("FromName(%q) = %q, unknown id %q", s, e, l.ID)
			}
		}
	})
}
