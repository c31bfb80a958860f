package rules

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// detector is shared by every case, as in the CLI.
var detector = license.NewDetector()

// now is the clock of every case.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// TestRules runs every testdata/<criterion>/<case>.txtar: the archive's files
// are the repository (a .github/dpgcheck.yml among them is the configuration)
// and its "want" file says what the finding for <criterion> must be:
//
//	outcome: fail
//	message: /regexp/ (or a substring)
//	evidence: LICENSE:1 package.json:5   (exactly these, in order)
//	detail: /regexp/                     (some detail line matches; may repeat)
//	remediation: /regexp/
//	waived: /regexp/                     (the waiver reason)
//
// A "hosting.json" file in the archive is not part of the repository: it is
// what the code host says about it (hosting.Facts), as internal/github
// would fill it.
func TestRules(t *testing.T) {
	t.Parallel()
	cases, err := filepath.Glob("testdata/*/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no rule cases found: %v", err)
	}
	for _, file := range cases {
		id := filepath.Base(filepath.Dir(file))
		t.Run(id+"/"+strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			want, fsys := loadCase(t, file)
			f, _ := evaluateCase(t, fsys, id)
			checkFinding(t, f, want)
		})
	}
}

func loadCase(t *testing.T, file string) ([]string, fstest.MapFS) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a := txtar.Parse(data)
	fsys := fstest.MapFS{}
	var want []string
	for _, f := range a.Files {
		if f.Name == "want" {
			want = strings.Split(strings.TrimSpace(string(f.Data)), "\n")
			continue
		}
		if target, ok := strings.CutPrefix(string(f.Data), "symlink -> "); ok {
			fsys[f.Name] = &fstest.MapFile{Data: []byte(strings.TrimSpace(target)), Mode: os.ModeSymlink}
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	if want == nil {
		t.Fatalf("%s has no want file", file)
	}
	return want, fsys
}

func evaluateCase(t *testing.T, fsys fstest.MapFS, id string) (report.Finding, Evaluation) {
	t.Helper()
	var host *hosting.Facts
	if f, ok := fsys["hosting.json"]; ok {
		host = &hosting.Facts{}
		if err := json.Unmarshal(f.Data, host); err != nil {
			t.Fatalf("hosting.json: %v", err)
		}
		delete(fsys, "hosting.json")
	}
	cat := criteria.Builtin()
	cfg := &config.Config{}
	var read []string
	for _, name := range config.Candidates {
		if f, ok := fsys[name]; ok {
			c, err := config.Parse(name, f.Data, func(id string) bool { _, ok := cat.Lookup(id); return ok })
			if err != nil {
				t.Fatalf("config: %v", err)
			}
			cfg, read = c, []string{name}
			break
		}
	}
	repo, err := evidence.Build(context.Background(), fsys, evidence.Options{Detector: detector, AlreadyRead: read, Ignore: ignoreOf(cfg),
		Product: productOf(cfg), GovStack: strings.HasPrefix(id, "govstack")})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cat.Lookup(id)
	if !ok {
		t.Fatalf("testdata folder %q is not a criterion id", id)
	}
	ev, err := Evaluate(&Input{Repo: repo, Config: cfg, Catalog: cat, Now: now, Hosting: host}, []string{c.Standard})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ev.Findings, func(f report.Finding) bool { return f.ID == id })
	return ev.Findings[i], ev
}

func productOf(cfg *config.Config) func(string) bool {
	if len(cfg.ProductSet) == 0 {
		return nil
	}
	return cfg.ProductSet.Match
}

func ignoreOf(cfg *config.Config) func(string) bool {
	if len(cfg.IgnoreSet) == 0 {
		return nil
	}
	return cfg.IgnoreSet.Match
}

func checkFinding(t *testing.T, f report.Finding, want []string) {
	t.Helper()
	for _, line := range want {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("want line %q is not key: value", line)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "outcome":
			if string(f.Outcome) != val {
				t.Errorf("outcome = %s, want %s\nmessage: %s\ndetails: %q", f.Outcome, val, f.Message, f.Details)
			}
		case "message":
			if !matches(val, f.Message) {
				t.Errorf("message = %q, want %s", f.Message, val)
			}
		case "remediation":
			if !matches(val, f.Remediation) {
				t.Errorf("remediation = %q, want %s", f.Remediation, val)
			}
		case "evidence":
			var got []string
			for _, e := range f.Evidence {
				got = append(got, e.String())
			}
			if strings.Join(got, " ") != val {
				t.Errorf("evidence = %q, want %q", strings.Join(got, " "), val)
			}
		case "detail":
			if !slices.ContainsFunc(f.Details, func(d string) bool { return matches(val, d) }) {
				t.Errorf("no detail matches %s; details: %q", val, f.Details)
			}
		case "no-detail":
			if slices.ContainsFunc(f.Details, func(d string) bool { return matches(val, d) }) {
				t.Errorf("a detail matches %s; details: %q", val, f.Details)
			}
		case "waived":
			if f.Waived == nil || !matches(val, f.Waived.Reason) {
				t.Errorf("waived = %+v, want reason %s", f.Waived, val)
			}
		default:
			t.Fatalf("unknown want key %q", key)
		}
	}
}

// matches treats /.../ as a regexp and anything else as a substring.
func matches(pattern, s string) bool {
	if len(pattern) > 1 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		return regexp.MustCompile(pattern[1 : len(pattern)-1]).MatchString(s)
	}
	return strings.Contains(s, pattern)
}

func TestRegistryMatchesCatalog(t *testing.T) {
	t.Parallel()
	cat := criteria.Builtin()
	used := map[string]bool{}
	for _, c := range cat.All() {
		_, own := lookup(c.ID)
		switch {
		case own && c.Maps != "":
			t.Errorf("%s maps to %s but also has its own rule", c.ID, c.Maps)
		case own:
			used[c.ID] = true
		case c.Maps == "":
			t.Errorf("criterion %s has no rule", c.ID)
		default:
			if _, ok := lookup(c.Maps); !ok {
				t.Errorf("%s maps to %s, which has no rule", c.ID, c.Maps)
			}
		}
	}
	var order []string
	for _, c := range cat.All() {
		if used[c.ID] {
			order = append(order, c.ID)
		}
	}
	if !slices.Equal(order, IDs()) {
		t.Fatalf("registry ids %v\nwant (catalogue order) %v\nevery rule needs a criterion; keep the registry in catalogue order", IDs(), order)
	}
}

// TestStandardNeedles checks that every pre-filter literal is really needed by
// its pattern: each standard's own example text passes the filter.
func TestStandardNeedles(t *testing.T) {
	t.Parallel()
	examples := map[string]string{
		"FHIR": "HL7 FHIR R4", "HL7": "HL7 v2", "OpenID Connect": "uses OpenID Connect", "OAuth 2.0": "OAuth2 flows",
		"SAML": "SAML 2.0", "ISO 8601": "ISO-8601 dates", "WCAG": "WCAG 2.1 AA", "OGC": "serves WMS layers",
		"GeoJSON": "GeoJSON export", "SDMX": "SDMX", "ADX": "ADX", "ODK XForms": "XLSForm forms", "IATI": "IATI",
		"OpenAPI": "OpenAPI", "JSON Schema": "JSON Schema", "W3C Verifiable Credentials": "verifiable credentials",
		"ISO 20022": "ISO 20022", "SNOMED CT": "SNOMED", "LOINC": "LOINC", "ICD-10/11": "ICD-10", "GS1": "GS1",
		"SCIM": "SCIM", "Data Package": "Frictionless Data", "DCAT": "DCAT", "X-Road": "X-Road",
	}
	for _, st := range openStandards {
		ex, ok := examples[st.name]
		if !ok {
			t.Errorf("no example for %s", st.name)
			continue
		}
		if !st.docs.Regexp().MatchString(ex) {
			t.Errorf("%s: pattern does not match its example %q", st.name, ex)
		}
		if !docWords.NewIndex().MatchString(ex, st.docs) {
			t.Errorf("%s: the text index filters out its example %q", st.name, ex)
		}
	}
}

// TestEditionsDecideAlike: a 23Q4 rule and the govstack-cfr rule that
// replaced it reach the same outcome on every GovStack case repository, and
// a manual one names its own id for the attestation.
func TestEditionsDecideAlike(t *testing.T) {
	t.Parallel()
	cases, _ := filepath.Glob("testdata/govstack-cfr-*/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no GovStack cases")
	}
	cat := criteria.Builtin()
	for _, file := range cases {
		_, fsys := loadCase(t, file)
		repo, err := evidence.Build(context.Background(), fsys, evidence.Options{Detector: detector, GovStack: true})
		if err != nil {
			t.Fatal(err)
		}
		cfr, err := Evaluate(&Input{Repo: repo, Config: &config.Config{}, Catalog: cat, Now: now}, []string{"govstack-cfr"})
		if err != nil {
			t.Fatal(err)
		}
		old, err := Evaluate(&Input{Repo: repo, Config: &config.Config{}, Catalog: cat, Now: now}, []string{"govstack-23q4"})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]report.Finding{}
		for _, f := range cfr.Findings {
			byID[f.ID] = f
		}
		for _, f := range old.Findings {
			c, _ := cat.Lookup(f.ID)
			succ := byID[c.Maps]
			if f.Outcome != succ.Outcome || f.Message != succ.Message {
				t.Errorf("%s: %s is %s (%s), its successor %s is %s (%s)", file, f.ID, f.Outcome, f.Message, c.Maps, succ.Outcome, succ.Message)
			}
			if strings.Contains(f.Remediation, "attestations: {") && !strings.Contains(f.Remediation, "{"+f.ID+":") {
				t.Errorf("%s: %s asks for an attestation under another id: %s", file, f.ID, f.Remediation)
			}
		}
	}
}
