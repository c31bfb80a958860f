// Package dpga reads Digital Public Goods Alliance (DPGA) application records
// that projects keep in their repositories as JSON, so that dpgcheck can
// compare what a project declared to the DPGA with what its repository shows.
//
// Three historical shapes of the record exist and are all read:
//
//   - "nominee": the registry schema of DPGAlliance/publicgoods-candidates
//     (nominee-schema.json): name, license[{spdx, licenseURL}],
//     SDGs[{SDGNumber, evidenceText, evidenceURL}] (and the legacy
//     [[16, "text"]] and [16] forms), type, repositories, organizations, stage;
//   - "screening": the answers to indicators 3 to 9 of the same repository
//     (screening-schema.json): clearOwnership, platformIndependence,
//     documentation, NonPII, privacy, standards, doNoHarm, locations;
//   - "portal": the records of the current application portal
//     (app.digitalpublicgoods.net): openlicenses, sdgs{sdg, relevance},
//     clearOwnership[], openStandards, bestPractices, userContent, ...
//
// Real records mix the shapes, leave fields out, and use "" and []
// interchangeably, so every field is optional and a field of an unexpected
// type is skipped rather than failing the document. The input comes from
// arbitrary repositories: Parse never panics, and caps every list it returns
// at MaxItems items and every string at MaxText bytes.
//
// ParseRecord reads the registry record a user gives for drift (--registry)
// more strictly: the fields drift compares must be well formed, and an error
// names the line and the field.
package dpga

import "fmt"

// Limits on what Parse returns.
const (
	// MaxItems caps every list of an Application.
	MaxItems = 1000
	// MaxText caps every string of an Application, in bytes (cut on a UTF-8
	// boundary).
	MaxText = 2000
)

// Shape names, as reported in Application.Shapes.
const (
	ShapeNominee   = "nominee"
	ShapeScreening = "screening"
	ShapePortal    = "portal"
)

// Application is what dpgcheck uses from a DPGA application record. Lines
// are 1-based lines of the file; answers to yes/no questions are kept as
// written ("Yes", "No", "Unknown", or the portal's free text).
type Application struct {
	// Shapes lists which of ShapeNominee, ShapeScreening and ShapePortal
	// were recognised, in that order.
	Shapes      []string
	Name        string
	Description string // the one-line description
	// Stage is the registry stage as written: "nominee", "DPG" or "archive".
	Stage string
	// Types are the kinds of digital public good, normalised to "software",
	// "data", "content", "ai-model" and "standard" (from the nominee "type"
	// and the portal "categories").
	Types    []string
	Licenses []License // nominee license, then portal openlicenses (split at commas)
	SDGs     []SDG     // nominee SDGs, then portal sdgs
	// Owners are the organizations whose org_type is owner, then the
	// portal clearOwnership entries.
	Owners []Org
	// Organizations are all entries of organizations, in file order.
	Organizations []Org

	OwnershipExplicit string // clearOwnership.isOwnershipExplicit
	CopyrightURL      string // clearOwnership.copyrightURL, or the first URL of a portal clearOwnershipURL

	MandatoryDepsRestrict string   // platformIndependence.mandatoryDepsCreateMoreRestrictions
	PlatformIndependent   string   // platformIndependence.isSoftwarePltIndependent or isPlatformIndependent
	OpenAlternatives      []string // portal openAlternatives, or the screening pltIndependenceDesc

	// DocumentationURLs come from documentation.documentationURL and from
	// the URLs written in the portal's free-text documentation.
	DocumentationURLs []string

	CollectsNonPII string // NonPII.collectsNonPII
	// NonPIIAccess is NonPII.nonPIIAccessMechanism, or the screening
	// checkNonPIIAccessMechanism answer when no mechanism is described.
	NonPIIAccess string

	PrivacyCompliant string   // privacy.isPrivacyCompliant
	PrivacyLaws      []string // privacy.privacyComplianceList, or portal privacy[].privacyCompliance
	PrivacyURLs      []string // URLs in privacy.adherenceSteps, or in portal privacy[].privacyComplianceURL

	Standards     []string // standards.standardsList, or portal openStandards
	BestPractices []string // standards.bestPracticesList, or portal bestPractices

	CollectsPII      string // doNoHarm.dataPrivacySecurity.collectsPII, or portal dataPrivacySecurity.collectsPII
	ContentCollected string // doNoHarm.inappropriateIllegalContent.collectStoreDistribute, or portal userContent.contentManagement
	UserInteraction  string // doNoHarm.protectionFromHarassment.userInteraction, or portal protectionFromHarassment.facilitatesUserInteraction
	// HarassmentPolicy is the portal harassmentPolicy, or the screening
	// harassmentProtectionSteps joined by newlines.
	HarassmentPolicy string
	// ContentPolicy is the portal contentManagementPolicy, or the screening
	// policyGuidelinesDocumentationLink (illegalContentDetectionMechanism
	// when no link is given).
	ContentPolicy string

	Repositories []string // repositories[].url and the legacy repositoryURL

	DevelopmentCountries []string // locations.developmentCountries
	DeploymentCountries  []string // locations.deploymentCountries
}

// License is one licence declared in the record.
type License struct {
	SPDX string // as written (an SPDX id in practice)
	URL  string // evidence: licenseURL or openLicenseEvidenceURLs
	Line int    // line of the entry
}

// SDG is one Sustainable Development Goal the record claims.
type SDG struct {
	Goal     int    // 1 to 17
	Evidence string // evidenceText, the legacy text, or the portal relevance
	URL      string // evidenceURL, or the first URL of the portal relevance
	Line     int    // line of the entry
}

// Org is an organization named by the record.
type Org struct {
	Name    string
	Website string
	Type    string // org_type in lower case (owner, maintainer, funder, implementer); "owner" for clearOwnership
	Line    int    // line of the entry
}

// ParseError reports a record that is not valid JSON or not a JSON object.
// Its text has the form "line N: message"; callers prefix the file name.
type ParseError struct {
	Line int // 1-based; 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}
