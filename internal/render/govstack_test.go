package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// cfrReport is a govstack-cfr report whose required criteria have the given
// outcomes, in catalogue order; the rest pass.
func cfrReport(t *testing.T, required ...report.Outcome) *report.Report {
	t.Helper()
	r := &report.Report{Standards: []report.StandardRef{{ID: "govstack-cfr", Version: "2.1.0"}}, Target: report.Target{Repository: "example/registry"}}
	i := 0
	for _, c := range criteria.Builtin().Of("govstack-cfr") {
		f := report.Finding{ID: c.ID, Standard: c.Standard, Title: c.Title, Level: c.Level, Outcome: report.Pass, Message: "ok", Docs: c.Docs,
			Label: c.Label, Family: c.Family, Previously: c.Previously}
		if c.Level == criteria.Required {
			if i >= len(required) {
				t.Fatalf("the catalogue has more than %d required criteria", len(required))
			}
			f.Outcome = required[i]
			i++
		}
		r.Findings = append(r.Findings, f)
	}
	if i != len(required) {
		t.Fatalf("the catalogue has %d required criteria, the case gives %d", i, len(required))
	}
	return r
}

func outcomes(pass, fail, review, na int) []report.Outcome {
	var out []report.Outcome
	for range pass {
		out = append(out, report.Pass)
	}
	for range fail {
		out = append(out, report.Fail)
	}
	for range review {
		out = append(out, report.NeedsReview)
	}
	for range na {
		out = append(out, report.NotApplicable)
	}
	return out
}

func requiredCount() int {
	n := 0
	for _, c := range criteria.Builtin().Of("govstack-cfr") {
		if c.Level == criteria.Required {
			n++
		}
	}
	return n
}

// TestRequirementLevels applies GovStack's thresholds: more than 50 % of
// REQUIRED met is Level 1, more than 90 % Level 2; not-applicable ones are
// left out, undecided ones are not met.
func TestRequirementLevels(t *testing.T) {
	n := requiredCount() // 19 in govstack-cfr 2.1.0
	cases := []struct {
		name string
		oc   []report.Outcome
		want int
	}{
		{"all met", outcomes(n, 0, 0, 0), 2},
		{"one not met of 19 is 94.7%", outcomes(n-1, 1, 0, 0), 2},
		{"two not met is 89.5%", outcomes(n-2, 2, 0, 0), 1},
		{"half of the applicable ones is not more than 50%", outcomes(9, 9, 0, n-18), levelNA},
		{"ten of 19 is 52.6%", outcomes(10, 0, n-10, 0), 1},
		{"reviews count as not met", outcomes(9, 0, n-9, 0), levelNA},
		{"not applicable ones are left out: 9 of 10 is not more than 90%", outcomes(9, 1, 0, n-10), 1},
		{"10 of 11 applicable is 90.9%", outcomes(10, 1, 0, n-11), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form, err := complianceFormOf(cfrReport(t, c.oc...), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(form.Compliance[0].BBDetails) != 0 || form.Unassigned == nil {
				t.Fatalf("without a building block the results must not be filed under a made-up one: %+v", form.Compliance)
			}
			d := *form.Unassigned
			if got := d.RequirementSpecificationCompliance.Level; got != c.want {
				t.Errorf("level = %d, want %d (%s)", got, c.want, d.RequirementSpecificationCompliance.Notes)
			}
		})
	}
}

// TestFormFulfillment writes 1, 0, -1 and null as the platform expects, and
// the requirement status from the level.
func TestFormFulfillment(t *testing.T) {
	n := requiredCount()
	r := cfrReport(t, outcomes(1, 1, 1, n-3)...)
	r.Findings[len(r.Findings)-1].Waived = &report.Waiver{Reason: "later"}
	var buf bytes.Buffer
	if err := GovStackJSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var form struct {
		Compliance []struct {
			Version string
		}
		UnassignedBuildingBlock struct {
			RequirementSpecificationCompliance struct {
				CrossCuttingRequirements []map[string]any
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &form); err != nil {
		t.Fatal(err)
	}
	reqs := form.UnassignedBuildingBlock.RequirementSpecificationCompliance.CrossCuttingRequirements
	var got []string
	for _, q := range reqs {
		if q["status"] == 0.0 {
			got = append(got, fmt.Sprint(q["fulfillment"]))
		}
	}
	if want := "1 0 <nil> -1"; strings.Join(got[:4], " ") != want {
		t.Errorf("fulfillment of the first required ones = %v, want %s", got[:4], want)
	}
	last := reqs[len(reqs)-1]
	if last["fulfillment"] != 0.0 || !strings.HasPrefix(last["comment"].(string), "waived (later)") || last["status"] != 1.0 {
		t.Errorf("waived recommended requirement = %v, want fulfillment 0, status 1, the waiver in the comment", last)
	}
	if form.Compliance[0].Version != "2.1.0" {
		t.Errorf("version = %q", form.Compliance[0].Version)
	}
}

// TestInterfaceLevel: Level 1 needs one operation, Level 2 all operations
// without gaps and the API architecture rules met.
func TestInterfaceLevel(t *testing.T) {
	n := requiredCount()
	bb := report.StandardRef{ID: "govstack-bb-messaging", Version: "1.0.0"}
	for _, c := range []struct {
		name    string
		cov     report.APICoverage
		rulesOK bool
		want    int
	}{
		{"nothing implemented", report.NewAPICoverage(4, 0, 0), true, levelNA},
		{"one operation", report.NewAPICoverage(4, 1, 0), true, 1},
		{"all operations and rules", report.NewAPICoverage(4, 4, 0), true, 2},
		{"all operations with gaps", report.NewAPICoverage(4, 4, 2), true, 1},
		{"all operations, a rule unmet", report.NewAPICoverage(4, 4, 0), false, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cfrReport(t, outcomes(n, 0, 0, 0)...)
			if !c.rulesOK {
				for i, f := range r.Findings {
					if f.ID == "govstack-cfr-architecture#req-5" { // successor of 5.13
						r.Findings[i].Outcome = report.Fail
					}
				}
			}
			cov := c.cov
			r.Standards = append(r.Standards, bb)
			r.Findings = append(r.Findings, report.Finding{ID: "govstack-bb-messaging-api", Standard: bb.ID, Level: criteria.Required, Outcome: report.Fail, API: &cov})
			form, err := complianceFormOf(r, Options{})
			if err != nil {
				t.Fatal(err)
			}
			d, ok := form.Compliance[0].BBDetails["bb-messaging"]
			if !ok {
				t.Fatalf("no bb-messaging in %v", form.Compliance[0].BBDetails)
			}
			if d.InterfaceCompliance.Level != c.want {
				t.Errorf("level = %d, want %d (%s)", d.InterfaceCompliance.Level, c.want, d.InterfaceCompliance.Notes)
			}
			if len(d.InterfaceCompliance.Requirements) != 7 {
				t.Errorf("%d interface requirements, want the conformance finding and the 6 API rules", len(d.InterfaceCompliance.Requirements))
			}
		})
	}
}

func TestGovStackJSONNeedsGovStack(t *testing.T) {
	r := &report.Report{Standards: []report.StandardRef{{ID: "dpg", Version: "1.1.7"}}}
	if err := GovStackJSON(&bytes.Buffer{}, r, Options{}); err == nil {
		t.Error("a DPG-only report rendered as a GovStack form")
	}
}
