package criteria

import (
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// APIConformance is the Family of a building block's API conformance
// criterion; package rules decides every criterion of this family alike.
const APIConformance = "api-conformance"

var bbName = lazyregexp.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// BuildingBlockAPI returns the standard and criterion of conformance to a
// GovStack building block's API: standard govstack-bb-<name>, criterion
// govstack-bb-<name>-api. version is the reference specification's
// info.version and source where it was read from.
func BuildingBlockAPI(name, version, source string) (Standard, Criterion, error) {
	if len(name) > 64 || !bbName.MatchString(name) {
		return Standard{}, Criterion{}, fmt.Errorf("building block %q: use the lower-case name of the GovStack building block, such as digital-registries or messaging", name)
	}
	if version == "" {
		version = "unversioned"
	}
	s := Standard{ID: "govstack-bb-" + name, Name: "GovStack " + name + " API", Version: version,
		URL: "https://govstack.gitbook.io/specification"}
	c := Criterion{
		ID: s.ID + "-api", Label: name + " API", Level: Required, Automation: Partial, Family: APIConformance,
		Title: "Implements the " + name + " building block API",
		Requirement: "The candidate exposes the service APIs of the " + name + " building block specification (" + source +
			"): every path and method, with the required parameters and headers, the response codes and the request and " +
			"response fields. GovStack API Level 1 is at least one required API implemented; Level 2 is all of them.",
		Remediation: "Add the missing operations of the reference specification to the candidate's OpenAPI description and " +
			"implement them (an adapter in front of the product is how most candidates do it), then run the building " +
			"block's Gherkin test suite against the running service.",
		Docs: source,
	}
	if !isURL(source) {
		c.Docs = s.URL
	}
	return s, c, nil
}

func isURL(s string) bool {
	return len(s) > 8 && (s[:7] == "http://" || s[:8] == "https://")
}
