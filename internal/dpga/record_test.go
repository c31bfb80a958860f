package dpga

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRecord(t *testing.T) {
	data := `{
  "name": "Example Health Records",
  "license": [
    {"spdx": "GPL-3.0", "licenseURL": "https://github.com/example/ehr/blob/main/LICENSE"}
  ],
  "SDGs": [{"SDGNumber": 3, "evidenceText": "clinics"}],
  "repositories": [
    {"name": "main", "url": "https://github.com/example/ehr"},
    "https://gitlab.com/example/ehr-mobile"
  ],
  "stage": "DPG",
  "renewalDate": "2026-03-01"
}`
	r, err := ParseRecord([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Licenses) != 1 || r.Licenses[0].SPDX != "GPL-3.0" || r.Licenses[0].Line != 4 {
		t.Errorf("licences %+v", r.Licenses)
	}
	want := []RecordRepo{{Name: "main", URL: "https://github.com/example/ehr", Line: 8}, {URL: "https://gitlab.com/example/ehr-mobile", Line: 9}}
	if len(r.Repos) != 2 || r.Repos[0] != want[0] || r.Repos[1] != want[1] {
		t.Errorf("repositories %+v, want %+v", r.Repos, want)
	}
	if !r.Renewal.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) || r.RenewalField != "renewalDate" || r.RenewalLine != 12 {
		t.Errorf("renewal %v %q line %d", r.Renewal, r.RenewalField, r.RenewalLine)
	}
	if r.StageLine != 11 || r.Stage != "DPG" {
		t.Errorf("stage %q line %d", r.Stage, r.StageLine)
	}
}

func TestParseRecordLegacyShapes(t *testing.T) {
	r, err := ParseRecord([]byte(`{"license":["MIT"],"SDGs":[[4,"schools"]],"repositoryURL":"https://github.com/example/learn","expiryDate":"2027-01-02T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Repos) != 1 || r.Repos[0].Name != "main" || len(r.SDGs) != 1 || r.SDGs[0].Goal != 4 || r.RenewalField != "expiryDate" {
		t.Errorf("got %+v, SDGs %+v, renewal field %q", r.Repos, r.SDGs, r.RenewalField)
	}
}

func TestParseRecordErrors(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"not JSON", "{\n\"name\": \"x\",\n", "line"},
		{"not an object", `["MIT"]`, "not a JSON object"},
		{"no registry field", `{"name": "x"}`, "no license, SDGs or repositories field"},
		{"licence without id", "{\n\"license\": [\n{\"licenseURL\": \"https://x\"}]}", "line 3: license[0].spdx is missing"},
		{"licence id a number", `{"license": [{"spdx": 7}]}`, "license[0].spdx"},
		{"licence an object", "{\"license\":\n {\"spdx\": \"MIT\"}}", `line 2: "license" is an object`},
		{"SDG out of range", "{\"SDGs\": [\n{\"SDGNumber\": 18}]}", "line 2: SDGs[0].SDGNumber is 18, not a goal"},
		{"SDG missing", `{"SDGs": [{"evidenceText": "x"}]}`, "SDGs[0].SDGNumber is missing"},
		{"repository without url", "{\"repositories\": [\n{\"name\": \"main\"}]}", "line 2: repositories[0].url is missing"},
		{"renewal not a date", "{\"license\": [\"MIT\"],\n\"renewalDate\": \"next year\"}", `line 2: "renewalDate" is "next year", not a date`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseRecord([]byte(c.data))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want *ParseError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{
		`{"license":[{"spdx":"GPL-2.0+","licenseURL":"https://x"}],"SDGs":[{"SDGNumber":3}],"repositories":[{"name":"main","url":"https://github.com/a/b"}],"renewalDate":"2026-01-01"}`,
		`{"openlicenses":[{"openLicense":"MIT, Apache-2.0"}],"sdgs":{"sdg":["SDG16: x"]},"repositoryURL":"u","validUntil":"2026-01-01 10:00:00"}`,
		`{"SDGs":[[16,"t"],16,"SDG5"],"expiryDate":7}`, "", "{}", `{"license":{}}`, `{"repositories":[null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRecord(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 0 {
				t.Fatalf("error %T %v, want *ParseError with a line", err, err)
			}
			return
		}
		checkBounded(t, r.Application)
		if len(r.Repos) > MaxItems+1 {
			t.Fatalf("%d repositories", len(r.Repos))
		}
		for _, repo := range r.Repos {
			if repo.URL == "" || len(repo.URL) > MaxText {
				t.Fatalf("repository %+v", repo)
			}
		}
	})
}
