package publiccode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want *File
	}{
		{
			file: "full.yml",
			want: &File{
				Version:                "0.5",
				Name:                   "Secure Exchange Layer",
				URL:                    "https://github.com/example-institute/exchange-layer",
				LandingURL:             "https://exchange-layer.example.org",
				License:                "MIT",
				LicenseLine:            51,
				MainCopyrightOwner:     "Example Institute for Interoperability Solutions",
				MainCopyrightOwnerLine: 52,
				Organisation: Organisation{
					Name: "Example Institute for Interoperability Solutions",
					URI:  "https://example-institute.org",
					Line: 19,
				},
				DependsOn: []Dependency{
					{Name: "PostgreSQL", Kind: "open", Version: "12..16", Line: 69},
					{Name: "nginx", Kind: "open", Optional: true, Version: "1.24", Line: 72},
					{Name: "Hardware Security Module driver", Kind: "proprietary", Optional: true, Line: 76},
					{Name: "Smart card reader", Kind: "hardware", Line: 79},
				},
				Documentation: []Ref{
					{URL: "https://docs.exchange-layer.example.org/it", Lang: "it", Line: 36},
					{URL: "https://docs.exchange-layer.example.org", Lang: "en", Line: 44},
				},
				APIDocumentation: []Ref{
					{URL: "https://docs.exchange-layer.example.org/#protocols", Lang: "en", Line: 45},
				},
				Features:         []string{"scambio di dati sicuro", "secure data exchange", "message routing", "time-stamping"},
				ShortDescription: "Secure data exchange between organisations.",
				LongDescription:  "The exchange layer connects the information systems of public\nadministrations securely and interoperably.",
				MaintenanceType:  "internal",
				MaintenanceLine:  54,
				Contacts: []Contact{
					{Name: "Maria Virtanen", Email: "maria.virtanen@example-institute.org"},
					{Name: "Jaan Tamm", Email: "jaan.tamm@example-institute.org"},
				},
				DevelopmentStatus: "stable",
				SoftwareType:      "standalone/backend",
				IsBasedOn:         []string{"https://github.com/upstream/exchange-layer"},
				UsedBy:            []string{"Digital Agency of Finland", "Information System Authority of Estonia"},
				Languages:         []string{"en", "et", "fi"},
				Scope:             []string{"government", "society"},
				Countries:         []string{"fi", "ee", "is"},
				Categories:        []string{"it-security", "data-collection"},
			},
		},
		{
			file: "old-0.2.yml",
			want: &File{
				Version:                "0.2",
				Name:                   "Protocollo Informatico",
				URL:                    "https://github.com/comune-esempio/protocollo",
				License:                "AGPL-3.0-or-later",
				LicenseLine:            23,
				MainCopyrightOwner:     "Comune di Esempio",
				MainCopyrightOwnerLine: 24,
				RepoOwner:              "Comune di Esempio",
				RepoOwnerLine:          25,
				Documentation: []Ref{
					{URL: "https://docs.comune-esempio.it/protocollo", Lang: "ita", Line: 18},
				},
				Features:          []string{"protocollazione", "fascicolazione"},
				ShortDescription:  "Gestione del protocollo informatico comunale.",
				LongDescription:   "Il software gestisce la registrazione, la classificazione e la fascicolazione dei documenti in entrata e in uscita dal comune.",
				MaintenanceType:   "community",
				MaintenanceLine:   27,
				Contacts:          []Contact{{Name: "Mario Rossi", Email: "mario.rossi@comune-esempio.it"}},
				DevelopmentStatus: "beta",
				SoftwareType:      "standalone/web",
				Languages:         []string{"ita"},
				Categories:        []string{"document-management"},
				Problems: []Problem{
					{Line: 13, Msg: "description.ita.genericName is deprecated; it can be removed"},
					{Line: 25, Msg: "legal.repoOwner is deprecated; use organisation.name instead"},
					{Line: 35, Msg: "the lower-case it key is deprecated; country sections use upper-case codes, so write IT instead"},
					{Line: 37, Msg: "it.conforme is deprecated; it can be removed"},
					{Line: 40, Msg: "it.riuso.codiceIPA is deprecated; set organisation.uri to urn:x-italian-pa:<code> instead"},
				},
			},
		},
		{
			file: "no-license.yml",
			want: &File{
				Version:                "0.7",
				Name:                   "Form Builder",
				URL:                    "https://github.com/example/form-builder",
				MainCopyrightOwner:     "Example Agency",
				MainCopyrightOwnerLine: 11,
				ShortDescription:       "Build forms without code.",
				MaintenanceType:        "none",
				MaintenanceLine:        13,
				DevelopmentStatus:      "development",
				SoftwareType:           "standalone/web",
				Languages:              []string{"en"},
				Problems: []Problem{
					{Line: 10, Msg: "legal.license is missing; publiccode.yml must name the licence as an SPDX expression"},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(readTestdata(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

// minimal is a valid publiccode.yml body without the keys the tests vary.
const minimal = `publiccodeYmlVersion: "0.4"
name: Minimal
url: https://example.org/minimal.git
description:
  en:
    shortDescription: A minimal file.
`

func TestParseProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []Problem
	}{
		{
			name: "valid",
			in:   minimal + "legal: {license: EUPL-1.2}\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: nil,
		},
		{
			name: "no legal section",
			in:   minimal + "maintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: []Problem{{0, "legal.license is missing; publiccode.yml must name the licence as an SPDX expression"}},
		},
		{
			name: "empty licence",
			in:   minimal + "legal:\n  license: \"\"\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: []Problem{{8, "legal.license is empty; publiccode.yml must name the licence as an SPDX expression"}},
		},
		{
			name: "licence as a list",
			in:   minimal + "legal:\n  license: [MIT, Apache-2.0]\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: []Problem{{8, "legal.license must be text, not a list"}},
		},
		{
			name: "enumerations",
			in:   minimal + "legal: {license: MIT}\nmaintenance:\n  type: outsourced\ndevelopmentStatus: alpha\nsoftwareType: standalone\n",
			want: []Problem{
				{9, `maintenance.type "outsourced" is not one of internal, contract, community, none`},
				{10, `developmentStatus "alpha" is not one of concept, development, beta, stable, obsolete`},
				{11, `softwareType "standalone" was replaced in publiccode.yml 0.2 by standalone/mobile, standalone/iot, standalone/desktop, standalone/web, standalone/backend and standalone/other`},
			},
		},
		{
			name: "unknown software type",
			in:   minimal + "legal: {license: MIT}\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: plugin\n",
			want: []Problem{{10, `softwareType "plugin" is not one of standalone/mobile, standalone/iot, standalone/desktop, standalone/web, standalone/backend, standalone/other, addon, library, configurationFiles`}},
		},
		{
			name: "maintenance without contacts",
			in:   minimal + "legal: {license: MIT}\nmaintenance:\n  type: contract\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: []Problem{{9, "maintenance.contractors is missing; it is required when maintenance.type is contract"}},
		},
		{
			name: "missing mandatory keys",
			in:   "publiccodeYmlVersion: \"1.0\"\nlegal: {license: MIT}\n",
			want: []Problem{
				{0, "name is missing; publiccode.yml must name the software"},
				{0, "url is missing; publiccode.yml must give the address of the source code repository"},
				{0, "description is missing; publiccode.yml must describe the software in at least one language"},
				{0, "maintenance.type is missing; publiccode.yml must say how the software is maintained (internal, contract, community or none)"},
				{0, "developmentStatus is missing; publiccode.yml must give the development status (concept, development, beta, stable or obsolete)"},
				{0, "softwareType is missing; publiccode.yml must give the type of software"},
				{1, `publiccodeYmlVersion "1.0" is not a version of the standard (0, or 0.2 to 0.7)`},
			},
		},
		{
			name: "missing version",
			in:   strings.Replace(minimal, "publiccodeYmlVersion: \"0.4\"\n", "", 1) + "legal: {license: MIT}\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n",
			want: []Problem{{0, "publiccodeYmlVersion is missing; publiccode.yml must declare the version of the standard it follows"}},
		},
		{
			name: "repeated key and bad dependencies",
			in: minimal + "legal: {license: MIT}\nmaintenance: {type: none}\ndevelopmentStatus: beta\nsoftwareType: library\n" +
				"name: Again\n" + // line 11
				"dependsOn:\n  open:\n    - version: \"1\"\n    - name: Redis\n      optional: \"yes\"\n",
			want: []Problem{
				{11, "name is repeated (first at line 2); the first value is used"},
				{14, "dependsOn.open[0] has no name; every dependency must be named"},
				{16, "dependsOn.open[1].optional must be true or false"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got.Problems); diff != "" {
				t.Errorf("Problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	in := minimal + `legal: {license: MIT}
maintenance: {type: none}
developmentStatus: beta
softwareType: library
isBasedOn:
  - https://example.org/a.git
  - https://example.org/b.git
supports:
  - gdpr
  - id: eidas
  - alias: wcag
dependsOn:
  open:
    - name: Java
      versionMin: "17"
    - name: Node.js
      versionMax: "20"
`
	got, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"https://example.org/a.git", "https://example.org/b.git"}, got.IsBasedOn); diff != "" {
		t.Errorf("IsBasedOn (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"gdpr", "eidas", "wcag"}, got.Supports); diff != "" {
		t.Errorf("Supports (-want +got):\n%s", diff)
	}
	wantDeps := []Dependency{
		{Name: "Java", Kind: "open", Version: "17..", Line: 20},
		{Name: "Node.js", Kind: "open", Version: "..20", Line: 22},
	}
	if diff := cmp.Diff(wantDeps, got.DependsOn); diff != "" {
		t.Errorf("DependsOn (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want *ParseError
		text string
	}{
		{
			name: "bad indentation",
			in:   "publiccodeYmlVersion: \"0.4\"\nname: a\n  url: b\n",
			want: &ParseError{Line: 3, Msg: "invalid YAML: mapping values are not allowed in this context"},
			text: "publiccode.yml:3: invalid YAML: mapping values are not allowed in this context",
		},
		{
			name: "tab indentation",
			in:   "legal:\n\tlicense: MIT\n",
			want: &ParseError{Line: 2, Msg: "invalid YAML: found character that cannot start any token"},
			text: "publiccode.yml:2: invalid YAML: found character that cannot start any token",
		},
		{
			name: "list document",
			in:   "- name: a\n- name: b\n",
			want: &ParseError{Line: 1, Msg: "the document is a list, not a mapping of keys"},
			text: "publiccode.yml:1: the document is a list, not a mapping of keys",
		},
		{
			name: "text document",
			in:   "# comment\njust some text\n",
			want: &ParseError{Line: 2, Msg: "the document is text, not a mapping of keys"},
		},
		{
			name: "null document",
			in:   "~\n",
			want: &ParseError{Line: 1, Msg: "the document is an empty value, not a mapping of keys"},
		},
		{
			name: "empty file",
			in:   "",
			want: &ParseError{Msg: "the file is empty; publiccode.yml must be a mapping of keys"},
			text: "publiccode.yml: the file is empty; publiccode.yml must be a mapping of keys",
		},
		{
			name: "only comments",
			in:   "# publiccode.yml\n",
			want: &ParseError{Msg: "the file is empty; publiccode.yml must be a mapping of keys"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := Parse([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %+v, %v; want a *ParseError", f, err)
			}
			if diff := cmp.Diff(tt.want, pe); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if tt.text != "" && err.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.text)
			}
		})
	}
}
