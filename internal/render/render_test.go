package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dpgcheck/dpgcheck/internal/render/rendertest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	finding   = rendertest.Finding
	newReport = rendertest.NewReport
	cases     = rendertest.Cases()
)

func TestGolden(t *testing.T) {
	t.Parallel()
	blob := func(p string, line int) string {
		return "https://github.com/example/clinic/blob/e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3/" + p + "#L" + itoa(line)
	}
	for name, r := range cases {
		for _, format := range []string{"text", "text-color", "markdown", "comment", "json", "sarif"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				t.Parallel()
				o := Options{Marker: "<!-- dpgcheck:report v1 -->", BlobURL: blob, RunURL: "https://github.com/example/clinic/actions/runs/7421"}
				f := Format(format)
				if format == "text-color" {
					f, o.Color = "text", true
				}
				var buf bytes.Buffer
				if format == "comment" {
					buf.WriteString(comment(r, o))
				} else if err := Formats[f](&buf, r, o); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", name+"."+format+ext(format)), buf.Bytes())
			})
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func ext(format string) string {
	switch format {
	case "markdown", "comment":
		return ".md"
	case "json", "sarif":
		return ".json"
	}
	return ".txt"
}

// comment is the pull-request comment within GitHub's limit.
func comment(r *report.Report, o Options) string { return Comment(r, o, 65536) }

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// TestMarkdownIsInert checks that nothing from the repository can inject
// markup, links, mentions or HTML into the comment.
func TestMarkdownIsInert(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Markdown(&buf, cases["escaping"], Options{}); err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{buf.String(), comment(cases["escaping"], Options{})} {
		checkInert(t, md)
	}
}

func checkInert(t *testing.T, md string) {
	t.Helper()
	for _, bad := range []string{"<script>", "@octocat", "\n# heading", "\x1b", "**bold**", "(https://ok.example/a b)", `\\|`} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains %q:\n%s", bad, md)
		}
	}
	if regexp.MustCompile(`[^\\]\]\(`).MatchString(md[:strings.Index(md, "How to fix")]) {
		t.Errorf("an unescaped link survives in the table:\n%s", md)
	}
	// Every table row still has exactly five unescaped pipes.
	for _, row := range strings.Split(md, "\n") {
		if strings.HasPrefix(row, "| ") && len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(row, -1)) != 5 {
			t.Errorf("table row broken by escaping: %s", row)
		}
	}
}

func TestJSONFieldNames(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, cases["mixed"], Options{}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "tool", "target", "standards", "verdict", "summary", "licenses", "findings"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON report has no %q", k)
		}
	}
	f := m["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "standard", "title", "level", "outcome", "message", "evidence", "remediation", "docs", "waived"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding has no %q", k)
		}
	}
	s := m["summary"].(map[string]any)
	for _, k := range []string{"pass", "fail", "needs-review", "not-applicable", "unknown"} {
		if _, ok := s[k]; !ok {
			t.Errorf("summary has no %q", k)
		}
	}
}

// TestSARIFStructure validates the SARIF output against the parts of SARIF
// 2.1.0 that GitHub code scanning requires.
func TestSARIFStructure(t *testing.T) {
	t.Parallel()
	for name, r := range cases {
		var buf bytes.Buffer
		if err := SARIF(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name  string `json:"name"`
						Rules []struct {
							ID string `json:"id"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID    string `json:"ruleId"`
					RuleIndex int    `json:"ruleIndex"`
					Level     string `json:"level"`
					Message   struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region *struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "dpgcheck" {
			t.Fatalf("%s: bad SARIF envelope: %s", name, buf.String()[:200])
		}
		run := log.Runs[0]
		for _, res := range run.Results {
			if res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("%s: result %s points at rule index %d", name, res.RuleID, res.RuleIndex)
			}
			if res.Level != "error" && res.Level != "warning" && res.Level != "note" {
				t.Errorf("%s: level %q", name, res.Level)
			}
			if res.Message.Text == "" || len(res.Locations) == 0 {
				t.Errorf("%s: result %s has no message or location", name, res.RuleID)
			}
			for _, l := range res.Locations {
				if l.PhysicalLocation.ArtifactLocation.URI == "" || l.PhysicalLocation.Region != nil && l.PhysicalLocation.Region.StartLine < 1 {
					t.Errorf("%s: bad location %+v", name, l)
				}
			}
		}
	}
}

func TestEscapeKeepCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"under `sdgs:` in x":       "under `sdgs:` in x",
		"a `<b>` c":                "a \\`&lt;b&gt;\\` c",
		"odd ` count":              "odd \\` count",
		"`@user` mention":          "\\`@\u200buser\\` mention",
		"`handles: {pii: false}`.": "`handles: {pii: false}`.",
	} {
		if got := escapeKeepCode(in); got != want {
			t.Errorf("escapeKeepCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFBuildingBlockRule: a building block's API criterion exists only in
// its run's catalogue; its SARIF rule still carries the requirement and what
// to do, from the finding itself.
func TestSARIFBuildingBlockRule(t *testing.T) {
	t.Parallel()
	f := report.Finding{ID: "govstack-bb-messaging-api", Standard: "govstack-bb-messaging", Title: "Messaging building block API",
		Level: "required", Outcome: report.Fail, Message: "3 of 10 reference operations are missing", Evidence: []report.Evidence{report.At("api/openapi.yaml", 1)},
		Requirement: "The candidate implements the messaging building block's API as its reference specification describes it.",
		Guidance:    "Implement the missing operations of the reference specification.", Remediation: "Add POST /send."}
	r := newReport(f)
	var buf bytes.Buffer
	if err := SARIF(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID              string
						FullDescription struct{ Text string }
						Help            struct{ Text string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rule := log.Runs[0].Tool.Driver.Rules[0]
	if rule.FullDescription.Text != f.Requirement || rule.Help.Text != f.Guidance {
		t.Errorf("rule %s: description %q, help %q; want the requirement and the guidance", rule.ID, rule.FullDescription.Text, rule.Help.Text)
	}
}

// TestSummariesHoldNoBackticks: GitHub shows Markdown inside an HTML
// <summary> literally, so a code span there reads as `9fceb02`.
func TestSummariesHoldNoBackticks(t *testing.T) {
	t.Parallel()
	summary := regexp.MustCompile(`<summary>(.*?)</summary>`)
	for name, r := range cases {
		for _, m := range summary.FindAllStringSubmatch(comment(r, Options{}), -1) {
			if strings.Contains(m[1], "`") {
				t.Errorf("%s: %s", name, m[0])
			}
		}
	}
}

// TestTextKeepsAYAMLExampleAsABlock: a next step that ends in a YAML example
// is printed with the example's lines and indentation intact, not folded
// onto one line.
func TestTextKeepsAYAMLExampleAsABlock(t *testing.T) {
	t.Parallel()
	f := finding("dpg-1", report.NeedsReview, "no SDGs are named")
	f.Remediation = "Add the SDGs under `sdgs:` in .github/dpgcheck.yml, for example:\nsdgs:\n  - goal: 4\n    targets: [\"4.1\"]"
	var buf bytes.Buffer
	if err := Text(&buf, newReport(f), Options{}); err != nil {
		t.Fatal(err)
	}
	const block = "\n                  next: Add the SDGs under `sdgs:` in .github/dpgcheck.yml, for example:\n" +
		"                        sdgs:\n" +
		"                          - goal: 4\n" +
		"                            targets: [\"4.1\"]\n"
	if !strings.Contains(buf.String(), block) {
		t.Errorf("the YAML example is not a block:\n%s", buf.String())
	}
}
