package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// The numeric enums of GovStack's compliance platform (testing-webapp,
// backend/src/db/schemas/compliance/complianceUtils.ts).
const (
	levelNA     = -1 // SpecificationComplianceLevel.NA: below Level 1, or not assessed
	statusDraft = 0  // StatusEnum.DRAFT
)

// apiRules23Q4 are the architecture rules the platform adds to API
// compliance (API_REQUIREMENTS in bbRequirementsProcessing.ts); for
// govstack-cfr their successors (the catalogue's maps) are used.
var apiRules23Q4 = []string{"5.1", "5.2", "5.3", "5.4", "5.6", "5.13"}

// deploymentRule23Q4 is "building blocks must be deployable as a container".
const deploymentRule23Q4 = "5.7"

type complianceForm struct {
	SoftwareName         string             `json:"softwareName"`
	Website              string             `json:"website"`
	Documentation        string             `json:"documentation"`
	Description          string             `json:"description"`
	PointOfContact       string             `json:"pointOfContact"`
	Status               int                `json:"status"`
	DeploymentCompliance formDeployment     `json:"deploymentCompliance"`
	Compliance           []complianceByEdit `json:"compliance"`
	// Unassigned holds the cross-cutting results when no building block was
	// named (--building-block): the platform files results under a
	// building block, so these are for the applicant to file.
	Unassigned *bbDetail `json:"unassignedBuildingBlock,omitempty"`
}

type formDeployment struct {
	Documentation          string            `json:"documentation"`
	DeploymentInstructions string            `json:"deploymentInstructions"`
	Requirements           []formRequirement `json:"requirements"`
}

type complianceByEdit struct {
	Version   string              `json:"version"`
	BBDetails map[string]bbDetail `json:"bbDetails"`
}

type bbDetail struct {
	BBSpecification                    string          `json:"bbSpecification"`
	BBVersion                          string          `json:"bbVersion"`
	Status                             int             `json:"status"`
	DeploymentCompliance               levelNotes      `json:"deploymentCompliance"`
	RequirementSpecificationCompliance requirementSpec `json:"requirementSpecificationCompliance"`
	InterfaceCompliance                interfaceSpec   `json:"interfaceCompliance"`
}

type levelNotes struct {
	Level int    `json:"level"`
	Notes string `json:"notes"`
}

type requirementSpec struct {
	Level                                 int               `json:"level"`
	CrossCuttingRequirements              []formRequirement `json:"crossCuttingRequirements"`
	FunctionalRequirements                []formRequirement `json:"functionalRequirements"`
	KeyDigitalFunctionalitiesRequirements []formRequirement `json:"keyDigitalFunctionalitiesRequirements"`
	Notes                                 string            `json:"notes"`
}

type interfaceSpec struct {
	Level             int               `json:"level"`
	TestHarnessResult string            `json:"testHarnessResult"`
	Requirements      []formRequirement `json:"requirements"`
	Notes             string            `json:"notes"`
}

// formRequirement is one requirement of the form. Fulfillment is 1 (met),
// 0 (not met), -1 (not applicable), or null when a person must still decide
// (needs-review, unknown): the platform refuses a form whose REQUIRED
// requirements are not 0 or 1, so nothing undecided can be submitted as met.
type formRequirement struct {
	Requirement string `json:"requirement"`
	Comment     string `json:"comment"`
	Fulfillment *int   `json:"fulfillment"`
	Status      int    `json:"status"`
	Link        string `json:"link"`
	Level       *int   `json:"level,omitempty"` // deployment requirements only
}

// GovStackJSON writes the report as the compliance form of GovStack's
// testing platform, with Level 1 and Level 2 computed by its thresholds:
// requirement specification > 50 % / > 90 % of REQUIRED met; API at least
// one operation / all operations and the API architecture rules; deployment
// Level 1 when the building block is deployable as a container.
func GovStackJSON(w io.Writer, r *report.Report, o Options) error {
	f, err := complianceFormOf(r, o)
	if err != nil {
		return err
	}
	return writeJSON(w, f, false)
}

func complianceFormOf(r *report.Report, o Options) (complianceForm, error) {
	var edition *report.StandardRef
	var bb *report.StandardRef
	for i, s := range r.Standards {
		switch {
		case s.ID == "govstack-cfr" || s.ID == "govstack-23q4":
			edition = &r.Standards[i]
		case strings.HasPrefix(s.ID, "govstack-bb-"):
			bb = &r.Standards[i]
		}
	}
	if edition == nil && bb == nil {
		return complianceForm{}, fmt.Errorf("the govstack-json format needs GovStack findings: evaluate with --standard govstack or --building-block")
	}
	form := complianceForm{Status: statusDraft, DeploymentCompliance: formDeployment{Requirements: []formRequirement{}}}
	form.SoftwareName, form.Website, form.Documentation, form.Description = projectFields(r)
	form.DeploymentCompliance.Documentation = form.Documentation
	detail := bbDetail{Status: statusDraft}
	var key string
	if bb != nil {
		bbName := strings.TrimPrefix(bb.ID, "govstack-bb-")
		key, detail.BBSpecification, detail.BBVersion = "bb-"+bbName, bbName, bb.Version
	}
	version := ""
	var cross []formRequirement
	var apiRules []report.Finding
	byID := map[string]report.Finding{}
	for _, f := range r.Findings {
		byID[f.ID] = f
	}
	deploy := levelNotes{Level: levelNA, Notes: "not assessed: evaluate with --standard govstack"}
	if edition != nil {
		version = edition.Version
		for _, f := range r.Findings {
			if f.Standard == edition.ID {
				cross = append(cross, requirementOf(f))
			}
		}
		for _, n := range apiRules23Q4 {
			if f, ok := editionFinding(r, edition.ID, n); ok {
				apiRules = append(apiRules, f)
			}
		}
		if f, ok := editionFinding(r, edition.ID, deploymentRule23Q4); ok {
			deploy = deploymentLevel(f)
			form.DeploymentCompliance.Requirements = append(form.DeploymentCompliance.Requirements, requirementOf(f))
			form.DeploymentCompliance.Requirements[0].Level = &deploy.Level
		}
	}
	detail.DeploymentCompliance = deploy
	detail.RequirementSpecificationCompliance = requirementLevel(cross, edition)
	detail.InterfaceCompliance = interfaceLevel(r, bb, apiRules)
	if version == "" && bb != nil {
		version = bb.Version
	}
	// Without a building block the cross-cutting results have no building
	// block to be filed under: the platform's form keys them by one.
	details := map[string]bbDetail{}
	if key != "" {
		details[key] = detail
	} else {
		form.Unassigned = &detail
	}
	form.Compliance = []complianceByEdit{{Version: version, BBDetails: details}}
	return form, nil
}

// projectFields names the software for the form: publiccode.yml or what the
// code host shows, else the repository's name; never a path on the
// evaluating machine.
func projectFields(r *report.Report) (name, website, docs, description string) {
	if p := r.Project; p != nil {
		name, website, docs, description = p.Name, p.Website, p.Documentation, p.Description
	}
	if name == "" && r.Target.Repository != "" {
		_, name, _ = strings.Cut(r.Target.Repository, "/")
	}
	if website == "" && r.Target.Repository != "" {
		website = "https://github.com/" + r.Target.Repository
	}
	return name, website, docs, description
}

// editionFinding is the finding, in the evaluated edition, of a 23Q4 rule
// number: the rule itself in 23Q4, else the govstack-cfr requirement that
// replaced it.
func editionFinding(r *report.Report, edition, n string) (report.Finding, bool) {
	for _, f := range r.Findings {
		if f.Standard != edition {
			continue
		}
		if edition == "govstack-23q4" && f.ID == "govstack-23q4-"+n || slices.Contains(f.Previously, n) {
			return f, true
		}
	}
	return report.Finding{}, false
}

func requirementOf(f report.Finding) formRequirement {
	req := formRequirement{Requirement: f.Title, Link: f.Docs, Status: statusOf(f.Level)}
	if f.Label != "" {
		req.Requirement = f.Label + " " + f.Title
	}
	var met *int
	switch {
	case f.Waived != nil:
		met = intp(0)
	case f.Outcome == report.Pass:
		met = intp(1)
	case f.Outcome == report.Fail:
		met = intp(0)
	case f.Outcome == report.NotApplicable:
		met = intp(-1)
	}
	req.Fulfillment = met
	comment := string(f.Outcome) + ": " + f.Message
	if f.Waived != nil {
		comment = "waived (" + f.Waived.Reason + "): " + f.Message
	}
	var ev []string
	for _, e := range f.Evidence[:min(len(f.Evidence), 5)] {
		ev = append(ev, e.String())
	}
	if len(ev) > 0 {
		comment += " Evidence: " + strings.Join(ev, ", ") + "."
	}
	req.Comment = comment
	return req
}

func statusOf(l criteria.Level) int {
	switch l {
	case criteria.Required:
		return 0
	case criteria.Recommended:
		return 1
	}
	return 2
}

func intp(i int) *int { return &i }

// requirementLevel applies the thresholds: > 90 % of REQUIRED met is Level
// 2, > 50 % is Level 1. Not-applicable requirements are left out of the
// share; undecided ones count as not met until a person decides them.
func requirementLevel(reqs []formRequirement, edition *report.StandardRef) requirementSpec {
	spec := requirementSpec{Level: levelNA, CrossCuttingRequirements: reqs,
		FunctionalRequirements: []formRequirement{}, KeyDigitalFunctionalitiesRequirements: []formRequirement{}}
	if reqs == nil {
		spec.CrossCuttingRequirements = []formRequirement{}
		spec.Notes = "cross-cutting requirements not assessed: evaluate with --standard govstack"
		return spec
	}
	met, total, undecided := 0, 0, 0
	for _, q := range reqs {
		if q.Status != 0 || q.Fulfillment != nil && *q.Fulfillment == -1 {
			continue
		}
		total++
		switch {
		case q.Fulfillment == nil:
			undecided++
		case *q.Fulfillment == 1:
			met++
		}
	}
	share := 0.0
	if total > 0 {
		share = float64(met) / float64(total)
	}
	switch {
	case total > 0 && share > 0.9:
		spec.Level = 2
	case total > 0 && share > 0.5:
		spec.Level = 1
	}
	spec.Notes = fmt.Sprintf("%d of %d REQUIRED %s cross-functional requirements met (%.0f%%; Level 1 needs more than 50%%, Level 2 more than 90%%)",
		met, total, edition.Version, share*100)
	if undecided > 0 {
		spec.Notes += fmt.Sprintf("; %d need a person's review and count as not met until decided (fulfillment null)", undecided)
	}
	spec.Notes += ". Functional requirements of the building block specification are not assessed by dpgcheck."
	return spec
}

// interfaceLevel is API compliance: Level 1 when at least one reference
// operation is implemented, Level 2 when all are and every API architecture
// rule is met.
func interfaceLevel(r *report.Report, bb *report.StandardRef, rules []report.Finding) interfaceSpec {
	spec := interfaceSpec{Level: levelNA, Requirements: []formRequirement{}}
	for _, f := range rules {
		spec.Requirements = append(spec.Requirements, requirementOf(f))
	}
	if bb == nil {
		spec.Notes = "no building block API compared: pass --building-block and --reference-spec"
		return spec
	}
	i := slices.IndexFunc(r.Findings, func(f report.Finding) bool { return f.Standard == bb.ID })
	if i < 0 {
		spec.Notes = "the API conformance finding is missing"
		return spec
	}
	f := r.Findings[i]
	spec.Requirements = append([]formRequirement{requirementOf(f)}, spec.Requirements...)
	if f.API == nil {
		spec.Notes = "API conformance could not be computed: " + f.Message
		return spec
	}
	c := f.API
	rulesMet := true
	var unmet []string
	for _, rf := range rules {
		if rf.Outcome != report.Pass && rf.Outcome != report.NotApplicable || rf.Waived != nil {
			rulesMet = false
			unmet = append(unmet, rf.ID)
		}
	}
	switch {
	case c.Level == 2 && rulesMet:
		spec.Level = 2
	case c.Level >= 1:
		spec.Level = 1
	}
	spec.Notes = fmt.Sprintf("%d of %d reference operations implemented, %d gaps in them", c.Matched, c.Operations, c.Gaps)
	if c.Level == 2 && !rulesMet {
		spec.Notes += "; Level 2 also needs the API architecture rules, not met yet: " + strings.Join(unmet, ", ")
	}
	spec.Notes += ". A static comparison of OpenAPI descriptions: run the building block's test harness for testHarnessResult."
	return spec
}

// deploymentLevel is Level 1 when the building block is deployable as a
// container (the platform defines no Level 2 for deployment).
func deploymentLevel(f report.Finding) levelNotes {
	label := f.ID
	if f.Label != "" {
		label = f.Label
	}
	if f.Outcome == report.Pass && f.Waived == nil {
		return levelNotes{Level: 1, Notes: label + " passes: " + f.Message}
	}
	return levelNotes{Level: levelNA, Notes: label + " " + string(f.Outcome) + ": " + f.Message}
}
