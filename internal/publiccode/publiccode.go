// Package publiccode reads publiccode.yml files (https://yml.publiccode.tools,
// versions 0.2 to 0.7 of the standard) for dpgcheck.
//
// The reader is lenient: the standard is large and has country extensions, so
// unknown keys are allowed and only the values dpgcheck uses are extracted,
// each with the 1-based line it was written on. Departures from the standard
// that do not stop the file from being read (a missing licence, an unknown
// maintenance type, a deprecated key) are collected as Problems for the
// report; only YAML that cannot be read at all is an error.
//
// The input comes from arbitrary repositories, so Parse never panics, follows
// YAML aliases within a node budget, and caps every list it returns at
// MaxItems items and every string at MaxText bytes.
package publiccode

// Limits on what Parse returns and how much of the document it visits.
const (
	// MaxItems caps every list in a File (and the Problems).
	MaxItems = 1000
	// MaxText caps every string in a File, in bytes (cut on a UTF-8 boundary).
	MaxText = 2000
	// MaxNodes bounds the YAML nodes visited while extracting values,
	// counting every alias followed, so that an "alias bomb" cannot make
	// Parse slow or large.
	MaxNodes = 20000
)

// File is what dpgcheck uses from a publiccode.yml. Lines are 1-based and
// give where the value is written; 0 means the key is absent.
type File struct {
	Version    string // publiccodeYmlVersion, as written
	Name       string
	URL        string
	LandingURL string

	License                string // legal.license, an SPDX expression as written
	LicenseLine            int
	MainCopyrightOwner     string // legal.mainCopyrightOwner
	MainCopyrightOwnerLine int
	RepoOwner              string // legal.repoOwner (deprecated but common)
	RepoOwnerLine          int

	Organisation Organisation // organisation.{name, uri}

	DependsOn        []Dependency // dependsOn.open, then proprietary, then hardware
	Documentation    []Ref        // description.<lang>.documentation
	APIDocumentation []Ref        // description.<lang>.apiDocumentation
	Features         []string     // description.<lang>.features, all languages in file order

	// ShortDescription and LongDescription come from one language: "en" or
	// "eng" when present, otherwise the first language that has a
	// shortDescription.
	ShortDescription string
	LongDescription  string

	MaintenanceType string // maintenance.type
	MaintenanceLine int
	Contacts        []Contact // maintenance.contacts

	DevelopmentStatus string
	SoftwareType      string
	IsBasedOn         []string // a string or a list in the file
	UsedBy            []string
	Languages         []string // localisation.availableLanguages
	Scope             []string // intendedAudience.scope
	Countries         []string // intendedAudience.countries
	Supports          []string // supports: ids (or aliases) when present
	Categories        []string

	// Problems lists departures from the standard, in line order.
	Problems []Problem
}

// Organisation is the organisation section (publiccode.yml 0.5 and later).
type Organisation struct {
	Name string
	URI  string
	Line int // line of the organisation key
}

// Dependency is one entry of dependsOn.open, dependsOn.proprietary or
// dependsOn.hardware.
type Dependency struct {
	Name     string
	Kind     string // "open", "proprietary" or "hardware"
	Optional bool
	// Version is version, or "versionMin..versionMax" (either side may be
	// empty when only one bound is given), or "" when no version is given.
	Version string
	Line    int // line of the entry
}

// Ref is a URL given for one language of the description.
type Ref struct {
	URL  string
	Lang string
	Line int
}

// Contact is one entry of maintenance.contacts.
type Contact struct {
	Name  string
	Email string
}

// Problem is a departure from the publiccode.yml standard that did not stop
// the file from being read. Line is 0 when the problem concerns the whole
// file (for example a missing top-level key).
type Problem struct {
	Line int
	Msg  string
}
