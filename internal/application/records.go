package application

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Nominee is the DPGA registry's nominee record (nominee-schema.json,
// DPGAlliance/publicgoods-candidates).
type Nominee struct {
	Name          string           `json:"name"`
	Description   string           `json:"description"`
	Website       string           `json:"website,omitempty"`
	License       []NomineeLicence `json:"license"`
	SDGs          []NomineeSDG     `json:"SDGs"`
	Type          []string         `json:"type"`
	Repositories  []NomineeRepo    `json:"repositories,omitempty"`
	Organizations []NomineeOrg     `json:"organizations"`
	Stage         string           `json:"stage"`
}

// NomineeLicence is one licence of a nominee, with the registry's
// (pre-SPDX-3) id: GPL-3.0 for GPL-3.0-only and GPL-3.0-or-later.
type NomineeLicence struct {
	SPDX       string `json:"spdx"`
	LicenseURL string `json:"licenseURL"`
}

// NomineeSDG is one goal with its evidence.
type NomineeSDG struct {
	SDGNumber    int    `json:"SDGNumber"`
	EvidenceText string `json:"evidenceText,omitempty"`
	EvidenceURL  string `json:"evidenceURL,omitempty"`
}

// NomineeRepo is a repository of the nominee.
type NomineeRepo struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url"`
}

// NomineeOrg is an organisation with its role.
type NomineeOrg struct {
	Name    string `json:"name,omitempty"`
	Website string `json:"website,omitempty"`
	OrgType string `json:"org_type,omitempty"`
}

// nomineeTypes maps dpgcheck's project types to the registry's.
var nomineeTypes = map[string]string{"software": "software", "data": "data", "content": "content", "ai-model": "aimodel"}

// nominee builds the registry record; nil, with the required fields that
// are unknown, when the evidence cannot fill it.
func (c *context) nominee() (*Nominee, []string) {
	p := c.project
	n := &Nominee{Name: p.Name, Description: p.Description, Website: p.Website, Stage: "nominee"}
	var missing []string
	if n.Name == "" {
		missing = append(missing, "name")
	}
	if n.Description == "" {
		missing = append(missing, "description")
	}
	for _, d := range c.rootLicences() {
		e, err := license.ParseExpr(d.spdx)
		if err != nil {
			continue
		}
		for _, l := range e.Leaves() {
			if strings.HasPrefix(l.ID, "LicenseRef-") {
				continue // not an id the registry lists
			}
			n.License = append(n.License, NomineeLicence{SPDX: license.Legacy(l.ID), LicenseURL: c.link(d.at)})
		}
	}
	if len(n.License) == 0 {
		missing = append(missing, "license")
	}
	for _, s := range p.SDGs {
		sdg := NomineeSDG{SDGNumber: s.Goal, EvidenceText: s.Relevance}
		if len(s.Evidence) > 0 {
			sdg.EvidenceURL = s.Evidence[0]
		}
		n.SDGs = append(n.SDGs, sdg)
	}
	if len(n.SDGs) == 0 {
		missing = append(missing, "SDGs")
	}
	for _, t := range p.Types {
		if rt, ok := nomineeTypes[t]; ok {
			n.Type = append(n.Type, rt)
		}
	}
	if len(n.Type) == 0 {
		missing = append(missing, "type")
	}
	if u := c.repoURL(); u != "" {
		n.Repositories = []NomineeRepo{{Name: "main", URL: u}}
	}
	// The strongest evidence names the owner; weak evidence (dpg-3 not
	// passing) is not a registry record.
	if f, ok := c.finding("dpg-3"); ok && f.Outcome == report.Pass && len(p.Owners) > 0 {
		o := p.Owners[0]
		n.Organizations = []NomineeOrg{{Name: o.Name, Website: o.URL, OrgType: "owner"}}
	}
	if len(n.Organizations) == 0 {
		missing = append(missing, "organizations")
	}
	if len(missing) > 0 {
		return nil, missing
	}
	return n, nil
}

// Screening is the registry's screening record for indicators 3 to 9
// (screening-schema.json). Answers the repository cannot give are
// "Unknown", never guessed.
type Screening struct {
	Name                 string               `json:"name"`
	ClearOwnership       ClearOwnership       `json:"clearOwnership"`
	PlatformIndependence PlatformIndependence `json:"platformIndependence"`
	Documentation        Documentation        `json:"documentation"`
	NonPII               NonPII               `json:"NonPII"`
	Privacy              Privacy              `json:"privacy"`
	Standards            Standards            `json:"standards"`
	DoNoHarm             DoNoHarm             `json:"doNoHarm"`
	Locations            Locations            `json:"locations"`
}

// The screening record's sections.
type (
	ClearOwnership struct {
		IsOwnershipExplicit string `json:"isOwnershipExplicit"`
		CopyrightURL        string `json:"copyrightURL,omitempty"`
	}
	PlatformIndependence struct {
		MandatoryDepsCreateMoreRestrictions string `json:"mandatoryDepsCreateMoreRestrictions"`
		PltIndependenceDesc                 string `json:"pltIndependenceDesc,omitempty"`
	}
	Documentation struct {
		IsDocumentationAvailable string   `json:"isDocumentationAvailable"`
		DocumentationURL         []string `json:"documentationURL,omitempty"`
	}
	NonPII struct {
		CollectsNonPII             string `json:"collectsNonPII"`
		CheckNonPIIAccessMechanism string `json:"checkNonPIIAccessMechanism,omitempty"`
		NonPIIAccessMechanism      string `json:"nonPIIAccessMechanism,omitempty"`
	}
	Privacy struct {
		IsPrivacyCompliant string `json:"isPrivacyCompliant"`
	}
	Standards struct {
		SupportStandards        string   `json:"supportStandards"`
		StandardsList           []string `json:"standardsList,omitempty"`
		EvidenceStandardSupport []string `json:"evidenceStandardSupport,omitempty"`
		ImplementBestPractices  string   `json:"implementBestPractices"`
		BestPracticesList       []string `json:"bestPracticesList,omitempty"`
	}
	DoNoHarm struct {
		PreventHarm                 PreventHarm                 `json:"preventHarm"`
		DataPrivacySecurity         DataPrivacySecurity         `json:"dataPrivacySecurity"`
		InappropriateIllegalContent InappropriateIllegalContent `json:"inappropriateIllegalContent"`
		ProtectionFromHarassment    ProtectionFromHarassment    `json:"protectionFromHarassment"`
	}
	PreventHarm struct {
		StepsToPreventHarm string `json:"stepsToPreventHarm"`
	}
	DataPrivacySecurity struct {
		CollectsPII string `json:"collectsPII"`
	}
	InappropriateIllegalContent struct {
		CollectStoreDistribute string `json:"collectStoreDistribute"`
	}
	ProtectionFromHarassment struct {
		UserInteraction                string   `json:"userInteraction"`
		GriefAbuseHarassmentProtection string   `json:"griefAbuseHarassmentProtection,omitempty"`
		HarassmentProtectionSteps      []string `json:"harassmentProtectionSteps,omitempty"`
	}
	Locations struct {
		DevelopmentCountries []string `json:"developmentCountries"`
		DeploymentCountries  []string `json:"deploymentCountries"`
	}
)

// The screening answers.
const (
	yes     = "Yes"
	no      = "No"
	unknown = "Unknown"
)

func (c *context) screening() *Screening {
	s := &Screening{Name: c.project.Name, Locations: Locations{DevelopmentCountries: []string{}, DeploymentCountries: []string{}}}
	if s.Name == "" {
		s.Name = c.r.Target.Repository
	}
	outcome := func(id string) report.Outcome { return c.findings[id].Outcome }
	s.ClearOwnership.IsOwnershipExplicit = unknown
	if outcome("dpg-3") == report.Pass {
		s.ClearOwnership.IsOwnershipExplicit = yes
		if ev := c.links(c.findings["dpg-3"].Evidence, 1); len(ev) > 0 {
			s.ClearOwnership.CopyrightURL = ev[0]
		}
	}
	s.PlatformIndependence.MandatoryDepsCreateMoreRestrictions = unknown
	if f := c.findings["dpg-4"]; f.Outcome == report.Pass {
		s.PlatformIndependence.MandatoryDepsCreateMoreRestrictions = no
		s.PlatformIndependence.PltIndependenceDesc = f.Message
	} else if len(f.Concerns) > 0 {
		s.PlatformIndependence.MandatoryDepsCreateMoreRestrictions = yes
	}
	s.Documentation.IsDocumentationAvailable = unknown
	if f := c.findings["dpg-5"]; f.Outcome == report.Pass {
		s.Documentation.IsDocumentationAvailable = yes
		s.Documentation.DocumentationURL = c.links(f.Evidence, 6)
	}
	s.NonPII.CollectsNonPII = unknown
	switch f := c.findings["dpg-6"]; f.Outcome {
	case report.NotApplicable:
		s.NonPII.CollectsNonPII = no
	case report.Pass:
		s.NonPII.CollectsNonPII, s.NonPII.CheckNonPIIAccessMechanism = yes, yes
		s.NonPII.NonPIIAccessMechanism = strings.Join(f.Details, "; ")
	}
	s.Privacy.IsPrivacyCompliant = unknown
	if outcome("dpg-7") == report.Pass {
		s.Privacy.IsPrivacyCompliant = yes
	}
	s.Standards.SupportStandards, s.Standards.ImplementBestPractices = unknown, unknown
	for _, q := range c.standards() {
		switch {
		case q.ID == "8.standards" && q.Status == Filled:
			s.Standards.SupportStandards, s.Standards.StandardsList, s.Standards.EvidenceStandardSupport = yes, splitList(q.Answer), q.Evidence
		case q.ID == "8.practices" && q.Status == Filled:
			s.Standards.ImplementBestPractices, s.Standards.BestPracticesList = yes, splitList(q.Answer)
		}
	}
	s.DoNoHarm.PreventHarm.StepsToPreventHarm = unknown
	s.DoNoHarm.DataPrivacySecurity.CollectsPII = handled(outcome("dpg-9a"))
	s.DoNoHarm.InappropriateIllegalContent.CollectStoreDistribute = handled(outcome("dpg-9b"))
	s.DoNoHarm.ProtectionFromHarassment.UserInteraction = handled(outcome("dpg-9c"))
	if f := c.findings["dpg-9c"]; f.Outcome == report.Pass {
		s.DoNoHarm.ProtectionFromHarassment.GriefAbuseHarassmentProtection = yes
		s.DoNoHarm.ProtectionFromHarassment.HarassmentProtectionSteps = []string{f.Message}
	}
	return s
}

// handled answers "does the project handle X": no when the configuration
// says the criterion does not apply; otherwise only the applicant knows.
func handled(o report.Outcome) string {
	if o == report.NotApplicable {
		return no
	}
	return unknown
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ", ") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
