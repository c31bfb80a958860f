package application_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dpgcheck/dpgcheck/internal/application"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// schemaDir holds the DPGA's own JSON Schemas; read, never copied.
const schemaDir = "../../../shared/data/dpg"

var mit, _ = os.ReadFile("../license/testdata/corpus/mit-plain.txt")

// clinic is a repository that says what an application asks: its
// publiccode.yml names it, its configuration names the SDGs and the owner.
func clinic() fstest.MapFS {
	files := map[string]string{
		"LICENSE": string(mit),
		"NOTICE":  "Copyright 2024 Example Health Foundation\n",
		"README.md": "# Clinic Records\n\nClinic Records keeps patient records for primary health clinics and exports reports as CSV for district officers.\n\n" +
			"## Installation\n\n```sh\ndocker compose up -d\n```\n\nThe API follows HL7 FHIR R4.\n",
		"CODE_OF_CONDUCT.md": "# Code of conduct\n\nReport harassment to conduct@example.org.\n",
		"SECURITY.md":        "# Security\n\nReport vulnerabilities to security@example.org.\n",
		"publiccode.yml": "publiccodeYmlVersion: \"0.4\"\nname: Clinic Records\nurl: https://github.com/example/clinic-records\n" +
			"landingURL: https://clinic.example.org\nusedBy:\n  - Ministry of Health of Exampleland\nlocalisation:\n  localisationReady: true\n" +
			"  availableLanguages: [en, fr, sw]\ndescription:\n  en:\n    shortDescription: Patient records for primary health clinics\n",
		".github/dpgcheck.yml": "version: 1\ntype: software\nowner:\n  name: Example Health Foundation\n  url: https://example.org\n  country: Kenya\n" +
			"sdgs:\n  - goal: 3\n    targets: [\"3.8\"]\n    relevance: Primary-care records for universal health coverage.\n" +
			"    evidence: [\"https://example.org/impact\"]\nhandles:\n  user-content: false\n",
	}
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	return fsys
}

func evaluate(t *testing.T, fsys fstest.MapFS) *report.Report {
	t.Helper()
	r, err := engine.Evaluate(context.Background(), fsys, engine.Options{Standards: []string{"dpg"}, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Target: report.Target{Repository: "example/clinic-records", Commit: "e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRecordsAreValidAgainstTheDPGASchemas: the nominee and screening
// records the draft writes pass the DPGA's own JSON Schemas.
func TestRecordsAreValidAgainstTheDPGASchemas(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(schemaDir); err != nil {
		t.Skip("../shared/data/dpg is absent (a fresh clone has no ../shared); skipping the schema validation")
	}
	d := application.Build(evaluate(t, clinic()))
	if d.Nominee == nil {
		t.Fatalf("no nominee record; missing %v", d.NomineeMissing)
	}
	for file, record := range map[string]any{"nominee-schema.json": d.Nominee, "screening-schema.json": d.Screening} {
		validate(t, file, record)
	}
	if got := d.Nominee.License[0]; got.SPDX != "MIT" || !strings.HasPrefix(got.LicenseURL, "https://github.com/example/clinic-records/blob/e4f5a6b") {
		t.Errorf("licence = %+v, want MIT with a permalink at the commit", got)
	}
	if d.Nominee.Organizations[0].Name != "Example Health Foundation" || d.Nominee.SDGs[0].SDGNumber != 3 {
		t.Errorf("nominee = %+v", d.Nominee)
	}
}

func validate(t *testing.T, file string, record any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(schemaDir, file))
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(file, schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(record)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s: %v\n%s", file, err, data)
	}
}

// TestQuestionsSayWhatIsMissing: with no SDGs and no owner, the draft asks
// for them (and says what reviewers accept), writes no nominee record, and
// never answers indicators 7 to 9 for the applicant.
func TestQuestionsSayWhatIsMissing(t *testing.T) {
	t.Parallel()
	fsys := clinic()
	delete(fsys, ".github/dpgcheck.yml")
	delete(fsys, "NOTICE")
	d := application.Build(evaluate(t, fsys))
	if d.Nominee != nil || !strings.Contains(strings.Join(d.NomineeMissing, ","), "SDGs") {
		t.Errorf("nominee = %+v missing %v; want none, missing SDGs", d.Nominee, d.NomineeMissing)
	}
	byID := map[string]application.Question{}
	for _, q := range d.Questions {
		byID[q.ID] = q
	}
	for _, id := range []string{"1.sdgs", "7.privacy"} {
		if q := byID[id]; q.Status != application.NeedsYourInput || q.Guidance == "" {
			t.Errorf("%s = %+v, want needs-your-input with guidance", id, q)
		}
	}
	if q := byID["general.name"]; q.Status != application.Filled || q.Answer != "Clinic Records" {
		t.Errorf("general.name = %+v, want filled from publiccode.yml", q)
	}
	if q := byID["2.licenses"]; q.Status != application.Filled || q.Answer != "MIT" {
		t.Errorf("2.licenses = %+v", q)
	}
	if q := byID["9b.content"]; q.Status == application.Filled {
		t.Errorf("9b answered without the configuration saying so: %+v", q)
	}
	if d.Summary.Filled+d.Summary.Partial+d.Summary.NeedsYourInput != len(d.Questions) {
		t.Errorf("summary %+v does not count %d questions", d.Summary, len(d.Questions))
	}
}
