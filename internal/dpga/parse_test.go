package dpga

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
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
	healthFoundation := Org{Name: "Example Health Foundation", Website: "https://foundation.example.org", Type: "owner", Line: 31}
	formsTeam := Org{Name: "Example Forms Team", Website: "https://forms.example.gov", Type: "owner", Line: 14}
	relevance := "Forms give citizens access to services. Review: https://review.example.org/forms."
	formsLicence := "https://github.com/example/forms/blob/main/LICENSE"
	tests := []struct {
		file string
		want *Application
	}{
		{
			file: "nominee.json",
			want: &Application{
				Shapes:      []string{"nominee"},
				Name:        "Example Health Records",
				Description: "An open electronic health record system for clinics.",
				Stage:       "DPG",
				Types:       []string{"software"},
				Licenses:    []License{{SPDX: "MPL-2.0", URL: "https://github.com/example/ehr/blob/main/LICENSE", Line: 7}},
				SDGs: []SDG{
					{Goal: 3, Evidence: "Used by clinics to record patient care.", URL: "https://ehr.example.org/impact", Line: 13},
					{Goal: 16, Line: 18},
				},
				Owners: []Org{healthFoundation},
				Organizations: []Org{
					healthFoundation,
					{Name: "Example Donor", Website: "https://donor.example.org", Type: "funder", Line: 38},
				},
				Repositories: []string{"https://github.com/example/ehr"},
			},
		},
		{
			file: "legacy.json",
			want: &Application{
				Shapes:      []string{"nominee"},
				Name:        "Old Mapping Tool",
				Description: "Maps things.",
				Stage:       "nominee",
				Types:       []string{"software", "data"},
				Licenses:    []License{{SPDX: "GPL-3.0", URL: "https://example.org/COPYING", Line: 4}},
				SDGs: []SDG{
					{Goal: 11, Evidence: "Helps cities plan.", Line: 6},
					{Goal: 16, Evidence: "Supports transparent institutions.", Line: 7},
				},
				Owners:        []Org{{Name: "Mapping Collective", Type: "owner", Line: 12}},
				Organizations: []Org{{Name: "Mapping Collective", Type: "owner", Line: 12}},
				Repositories:  []string{"https://github.com/example/mapping"},
			},
		},
		{
			file: "screening.json",
			want: &Application{
				Shapes:                []string{"screening"},
				Name:                  "Example Health Records",
				OwnershipExplicit:     "Yes",
				CopyrightURL:          "https://github.com/example/ehr/blob/main/COPYRIGHT",
				MandatoryDepsRestrict: "No",
				DocumentationURLs:     []string{"https://docs.ehr.example.org", "https://github.com/example/ehr/wiki"},
				CollectsNonPII:        "Yes",
				NonPIIAccess:          "Aggregate reports can be exported as CSV.",
				PrivacyCompliant:      "Yes",
				PrivacyLaws:           []string{"GDPR", "HIPAA"},
				PrivacyURLs:           []string{"https://ehr.example.org/privacy"},
				Standards:             []string{"HL7 FHIR", "WCAG 2.1"},
				BestPractices:         []string{"Principles for Digital Development"},
				CollectsPII:           "Yes",
				ContentCollected:      "No",
				UserInteraction:       "Yes",
				HarassmentPolicy:      "Code of conduct\nModerated forum",
				DevelopmentCountries:  []string{"Kenya"},
				DeploymentCountries:   []string{"Kenya", "Uganda"},
			},
		},
		{
			file: "portal.json",
			want: &Application{
				Shapes: []string{"portal"},
				Name:   "Example Forms",
				Stage:  "nominee",
				Types:  []string{"software", "standard"},
				Licenses: []License{
					{SPDX: "MIT", URL: formsLicence, Line: 38},
					{SPDX: "Apache-2.0", URL: formsLicence, Line: 38},
				},
				SDGs: []SDG{
					{Goal: 16, Evidence: relevance, URL: "https://review.example.org/forms", Line: 32},
					{Goal: 9, Evidence: relevance, URL: "https://review.example.org/forms", Line: 33},
				},
				Owners:              []Org{formsTeam, {Name: "Example Government Agency", Type: "owner", Line: 60}},
				Organizations:       []Org{formsTeam},
				CopyrightURL:        "https://www.example.gov/products/forms/",
				PlatformIndependent: "Yes",
				OpenAlternatives:    []string{"Object storage can be replaced by any S3-compatible store", "such as MinIO."},
				DocumentationURLs:   []string{"https://github.com/example/forms/blob/main/README.md", "https://guide.forms.example.gov/"},
				CollectsNonPII:      "Yes",
				NonPIIAccess:        "Responses can be downloaded as CSV.",
				PrivacyLaws:         []string{"Personal Data Protection Act"},
				PrivacyURLs:         []string{"https://forms.example.gov/privacy"},
				Standards:           []string{"OIDC", "JSON"},
				BestPractices:       []string{"Unit tests", "Code review"},
				CollectsPII:         "PII data is collected and stored.",
				ContentCollected:    "Content is collected stored and distributed.",
				UserInteraction:     "Yes",
				HarassmentPolicy:    "See the code of conduct.",
				ContentPolicy:       "Only public officers can create forms.",
				Repositories:        []string{"https://github.com/example/forms"},
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

func TestParseTolerance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want *Application
	}{
		{
			name: "wrong types are skipped",
			in: `{"name": ["not", "a", "name"], "license": {"spdx": 7}, "SDGs": "none",
				"organizations": "none", "clearOwnership": 7, "platformIndependence": [],
				"NonPII": "", "privacy": true, "standards": null, "doNoHarm": [1, 2],
				"repositories": {"url": 5}, "locations": "Kenya"}`,
			want: &Application{Name: "not\na\nname", Shapes: nil},
		},
		{
			name: "empty strings and lists are interchangeable",
			in: `{"name": "", "aliases": "", "license": [], "SDGs": [], "openStandards": "",
				"bestPractices": "Code review", "documentation": [], "sdgs": []}`,
			want: &Application{Shapes: []string{"nominee", "portal"}, BestPractices: []string{"Code review"}},
		},
		{
			name: "goal spellings",
			in: `{"SDGs": [16, "3", {"SDGNumber": "4"}, {"SDGNumber": 4.0}, 18, 0, [], {"SDGNumber": 1e300}],
				"sdgs": [{"sdg": "SDG 5: Gender Equality", "relevance": ""}, "Goal 13", "SDG99"]}`,
			want: &Application{
				Shapes: []string{"nominee", "portal"},
				SDGs: []SDG{
					{Goal: 16, Line: 1}, {Goal: 3, Line: 1}, {Goal: 4, Line: 1}, {Goal: 4, Line: 1},
					{Goal: 5, Line: 2}, {Goal: 13, Line: 2},
				},
			},
		},
		{
			name: "licences as ids and repeated",
			in:   `{"license": ["MIT", {"spdx": "mit"}], "openlicenses": [{"openLicense": "MIT; CC-BY-4.0", "openLicenseEvidenceURLs": ["see https://x.org/L"]}]}`,
			want: &Application{
				Shapes:   []string{"nominee", "portal"},
				Licenses: []License{{SPDX: "MIT", Line: 1}, {SPDX: "CC-BY-4.0", URL: "https://x.org/L", Line: 1}},
			},
		},
		{
			name: "nominee and screening in one record",
			in:   "{\n\"name\": \"Both\",\n\"SDGs\": [{\"SDGNumber\": 1}],\n\"doNoHarm\": {\"dataPrivacySecurity\": {\"collectsPII\": \"No\"}},\n\"dataPrivacySecurity\": {\"collectsPII\": \"Yes\"}\n}",
			want: &Application{
				Shapes:      []string{"nominee", "screening", "portal"},
				Name:        "Both",
				SDGs:        []SDG{{Goal: 1, Line: 3}},
				CollectsPII: "No",
			},
		},
		{
			name: "types",
			in:   `{"type": ["aimodel", "standard", "software"], "categories": ["Open Data", "Open AI Model", "Open Software", "Other"]}`,
			want: &Application{Shapes: []string{"nominee"}, Types: []string{"ai-model", "standard", "software", "data"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
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
			name: "trailing comma",
			in:   "{\n  \"name\": \"x\",\n  \"license\": [\n    {\"spdx\": \"MIT\",}\n  ]\n}\n",
			want: &ParseError{Line: 4, Msg: "invalid JSON: invalid character '}' looking for beginning of object key string"},
			text: "line 4: invalid JSON: invalid character '}' looking for beginning of object key string",
		},
		{
			name: "missing comma",
			in:   "{\n  \"name\": \"x\"\n  \"stage\": \"DPG\"\n}",
			want: &ParseError{Line: 3, Msg: "invalid JSON: invalid character '\"' after object key:value pair"},
		},
		{
			name: "truncated",
			in:   "{\n  \"name\": \"x\",\n  \"SDGs\": [\n\n",
			want: &ParseError{Line: 3, Msg: "invalid JSON: unexpected end of input"},
		},
		{
			name: "truncated string",
			in:   "{\"name\": \"x",
			want: &ParseError{Line: 1, Msg: "invalid JSON: unexpected end of input"},
		},
		{
			name: "array document",
			in:   "\n[{\"name\": \"x\"}]",
			want: &ParseError{Line: 2, Msg: "the document is an array, not a JSON object"},
			text: "line 2: the document is an array, not a JSON object",
		},
		{
			name: "string document",
			in:   `"DPG"`,
			want: &ParseError{Line: 1, Msg: "the document is a string, not a JSON object"},
		},
		{
			name: "two documents",
			in:   "{}\n{}",
			want: &ParseError{Line: 2, Msg: "invalid JSON: more data after the top-level value"},
		},
		{
			name: "empty",
			in:   " \n",
			want: &ParseError{Msg: "the file is empty; a DPGA application is a JSON object"},
			text: "the file is empty; a DPGA application is a JSON object",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %+v, %v; want a *ParseError", a, err)
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

// Duplicate keys: the last one wins, as with JSON.parse, which the DPGA's own
// tools use (see package jsonline).
func TestParseDuplicateKeysLastWins(t *testing.T) {
	t.Parallel()
	data := []byte("{\"name\": \"old\", \"SDGs\": \"none\", \"license\": \"x\",\n\"name\": \"new\", \"SDGs\": [3], \"license\": [{\"spdx\": \"MIT\"}]}")
	a, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "new" || len(a.SDGs) != 1 || a.SDGs[0].Line != 2 {
		t.Errorf("Parse = %q, %+v; want the last name and SDGs", a.Name, a.SDGs)
	}
	if !slices.Equal(a.Shapes, []string{ShapeNominee}) || !Recognize(data) {
		t.Errorf("Shapes %v, Recognize %v; want the nominee shape from the last SDGs and license", a.Shapes, Recognize(data))
	}
}
