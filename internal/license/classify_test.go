package license

import (
	"testing"
)

func TestJudgeExpr(t *testing.T) {
	t.Parallel()
	sw := []ProjectType{Software}
	tests := []struct {
		expr  string
		types []ProjectType
		want  bool
		rule  string // rule of the first rejected licence, or of the first licence when approved
	}{
		{"MIT", sw, true, "OSI-approved licence for software"},
		{"GPL-3.0", sw, true, "OSI-approved licence for software"},
		{"AGPL-3.0-or-later", sw, true, "OSI-approved licence for software"},
		{"EUPL-1.2 OR AGPL-3.0-or-later", sw, true, "OSI-approved licence for software"},
		{"MIT OR SSPL-1.0", sw, true, ""},
		{"MIT AND SSPL-1.0", sw, false, "source-available licences are not open"},
		{"SSPL-1.0", sw, false, "source-available licences are not open"},
		{"BUSL-1.1", sw, false, "source-available licences are not open"},
		{"Elastic-2.0", sw, false, "source-available licences are not open"},
		{"Apache-2.0 WITH Commons-Clause", sw, false, "source-available licences are not open"},
		{"GPL-2.0-only WITH Classpath-exception-2.0", sw, true, "OSI-approved licence for software"},
		{"CC-BY-4.0", sw, false, "OSI-approved licence for software"},
		{"CC-BY-NC-4.0", sw, false, "OSI-approved licence for software"},
		{"CC-BY-NC-SA-4.0", []ProjectType{Content}, true, "Creative Commons licence for content"},
		{"CC-BY-ND-4.0", []ProjectType{Content}, false, "Creative Commons without ND"},
		{"CC-BY-NC-4.0", []ProjectType{Data}, false, "open data licence"},
		{"ODbL-1.0", []ProjectType{Data}, true, "open data licence"},
		{"ODbL-1.0", sw, false, "OSI-approved licence for software"},
		{"BSD-3-Clause AND ODbL-1.0", []ProjectType{Software, Data}, true, ""},
		{"WTFPL", sw, false, "OSI-approved licence for software"},
		{"JSON", sw, false, "source-available licences are not open"},
		{"NotARealLicence-9", sw, false, "unrecognised licence"},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.expr)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", tt.expr, err)
		}
		got, js := JudgeExpr(e, tt.types)
		if got != tt.want {
			t.Errorf("JudgeExpr(%q, %v) = %v, want %v (%+v)", tt.expr, tt.types, got, tt.want, js)
			continue
		}
		if tt.rule == "" {
			continue
		}
		rule := js[0].Rule
		for _, j := range js {
			if !j.Approved {
				rule = j.Rule
				break
			}
		}
		if rule != tt.rule {
			t.Errorf("JudgeExpr(%q): rule %q, want %q", tt.expr, rule, tt.rule)
		}
	}
}

func TestJudgeExprOrderWithShortCircuit(t *testing.T) {
	t.Parallel()
	// The AND fails on its first operand; the OR's second operand must still be
	// judged as itself, not as the AND's skipped operand.
	e, _ := ParseExpr("(SSPL-1.0 AND MIT) OR BUSL-1.1")
	if ok, _ := JudgeExpr(e, nil); ok {
		t.Fatal("(SSPL-1.0 AND MIT) OR BUSL-1.1 approved; want rejected")
	}
	e, _ = ParseExpr("(SSPL-1.0 AND BUSL-1.1) OR MIT")
	if ok, _ := JudgeExpr(e, nil); !ok {
		t.Fatal("(SSPL-1.0 AND BUSL-1.1) OR MIT rejected; want approved")
	}
}

func TestNormalizeAndLegacy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   Lic
		want string
	}{
		{Lic{ID: "GPL-3.0"}, "GPL-3.0-only"},
		{Lic{ID: "GPL-3.0", Plus: true}, "GPL-3.0-or-later"},
		{Lic{ID: "LGPL-2.1", Plus: true}, "LGPL-2.1-or-later"},
		{Lic{ID: "AGPL-3.0"}, "AGPL-3.0-only"},
		{Lic{ID: "GPL-2.0-with-classpath-exception"}, "GPL-2.0-only WITH Classpath-exception-2.0"},
		{Lic{ID: "MIT"}, "MIT"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in).String(); got != tt.want {
			t.Errorf("Normalize(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"GPL-3.0-only": "GPL-3.0", "GPL-3.0-or-later": "GPL-3.0", "AGPL-3.0-only": "AGPL-3.0", "MIT": "MIT", "LGPL-2.1-or-later": "LGPL-2.1"} {
		if got := Legacy(in); got != want {
			t.Errorf("Legacy(%q) = %q, want %q", in, got, want)
		}
	}
	if Family("GPL-3.0") != Family("GPL-3.0-or-later") {
		t.Error("GPL-3.0 and GPL-3.0-or-later are not one family")
	}
}

func TestCategoryOf(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]Category{
		"MIT": OSIApproved, "GPL-3.0": OSIApproved, "CC-BY-4.0": OpenContent, "CC0-1.0": OpenContent,
		"ODbL-1.0": OpenData, "SSPL-1.0": SourceAvailable, "CC-BY-ND-4.0": SourceAvailable,
		"LicenseRef-Proprietary": Proprietary, "WTFPL": CategoryUnknown, "Nope-1.0": CategoryUnknown,
	} {
		if got := CategoryOf(Lic{ID: id}); got != want {
			t.Errorf("CategoryOf(%s) = %s, want %s", id, got, want)
		}
	}
}

func TestFromName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"MIT":                         "MIT",
		"mit":                         "MIT",
		"Apache License, Version 2.0": "Apache-2.0",
		"The Apache Software License, Version 2.0": "Apache-2.0",
		"(MIT OR Apache-2.0)":                      "MIT OR Apache-2.0",
		"GPLv3":                                    "GPL-3.0-only",
		"agpl-3.0":                                 "AGPL-3.0",
		"UNLICENSED":                               "LicenseRef-Proprietary",
		"Apache-2.0 WITH Commons-Clause":           "Apache-2.0 WITH Commons-Clause",
	} {
		e, ok := FromName(in)
		if !ok {
			t.Errorf("FromName(%q) not recognised", in)
			continue
		}
		if got := e.String(); got != want {
			t.Errorf("FromName(%q) = %q, want %q", in, got, want)
		}
	}
	// "BSD" names a family without its version: see TestFromNameUnversioned.
	for _, in := range []string{"", "see LICENSE file", "Foo-License"} {
		if e, ok := FromName(in); ok {
			t.Errorf("FromName(%q) = %v, want not recognised", in, e)
		}
	}
}

func TestFromNameVariants(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"EUPL, Version 1.2":               "EUPL-1.2",
		"the Apache License, Version 2.0": "Apache-2.0",
		"MPL 2.0":                         "MPL-2.0",
		"GNU Affero General Public License v3.0 or later": "AGPL-3.0-or-later",
		"BSD-3-Clause License":                            "BSD-3-Clause",
		"Creative Commons Attribution 4.0 International":  "CC-BY-4.0",
	} {
		e, ok := FromName(in)
		if !ok || e.String() != want {
			t.Errorf("FromName(%q) = %v, %v; want %s", in, e, ok, want)
		}
	}
}

func TestIdentify(t *testing.T) {
	t.Parallel()
	d := NewDetector()
	tests := []struct {
		name, text, want, how string
	}{
		{"prose", "This project is licensed under the MIT License.\n", "MIT", "prose"},
		{"eupl notice", "Licensed under the EUPL, Version 1.2 or – as soon they will be approved by the European Commission - subsequent versions\n", "EUPL-1.2", "prose"},
		{"spdx tag only", "SPDX-License-Identifier: MPL-2.0\n", "MPL-2.0", "SPDX tag"},
		{"elastic short name", "ELv2\n\nSee the full text at https://www.elastic.co/licensing/elastic-license\n", "Elastic-2.0", "licence title"},
		{"elastic title", "Elastic License 2.0\n\nURL: https://www.elastic.co/licensing/elastic-license\n", "Elastic-2.0", "licence title"},
		{"busl title", "Business Source License 1.1\n\nParameters\n\nChange License: Apache License, Version 2.0\n", "BUSL-1.1", "licence title"},
		{"llama", "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n", "LicenseRef-Llama-2-Community", "licence title"},
		{"nothing", "Hello world, a readme.\n", "", ""},
	}
	for _, tt := range tests {
		id := Identify([]byte(tt.text), d.Detect([]byte(tt.text))[0].Matches)
		got := ""
		if id.Expr != nil {
			got = id.Expr.String()
		}
		if got != tt.want || id.How != tt.how {
			t.Errorf("%s: Identify = %q (%s), want %q (%s)", tt.name, got, id.How, tt.want, tt.how)
		}
	}
}

func TestFromProseIsConservative(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"Data is released under fair terms.", "It is distributed under JSON format.", "Released under the hood of the ministry."} {
		if e, _, ok := FromProse([]byte(text)); ok {
			t.Errorf("FromProse(%q) = %v, want nothing", text, e)
		}
	}
}
