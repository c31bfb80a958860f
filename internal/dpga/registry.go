package dpga

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
)

// This file reads the registry facts: licences, SDGs, organizations and
// repositories, in their nominee and portal spellings.

// readLicenses reads the nominee license[{spdx, licenseURL}] (also a list of
// ids or a single id) and the portal openlicenses[{openLicense,
// openLicenseEvidenceURLs}], whose openLicense may join ids with commas.
// A licence already listed is not repeated.
func readLicenses(a *Application, root *jsonline.Value) {
	add := func(spdx, url string, line int) {
		for _, l := range a.Licenses {
			if strings.EqualFold(l.SPDX, spdx) {
				return
			}
		}
		a.Licenses = appendCapped(a.Licenses, License{SPDX: spdx, URL: url, Line: line})
	}
	for _, n := range listOf(root.Get("license")) {
		switch {
		case n.Is(jsonline.Object):
			if spdx := text(n.Get("spdx")); spdx != "" {
				add(spdx, firstURL(text(n.Get("licenseURL"))), n.Line)
			}
		case leaf(n) != nil:
			if spdx := text(n); spdx != "" {
				add(spdx, "", n.Line)
			}
		}
	}
	for _, n := range listOf(root.Get("openlicenses")) {
		if !n.Is(jsonline.Object) {
			continue
		}
		url := ""
		if evidence := n.Get("openLicenseEvidenceURLs"); evidence != nil {
			url = firstURL(rawText(evidence))
		}
		for _, id := range strings.FieldsFunc(text(n.Get("openLicense")), func(r rune) bool { return r == ',' || r == ';' }) {
			if id = strings.TrimSpace(id); id != "" {
				add(clip(id), url, n.Line)
			}
		}
	}
}

// listOf returns the items of an array node, or a lone non-null value as a
// one-item list.
func listOf(n *jsonline.Value) []*jsonline.Value {
	switch {
	case n == nil || n.Kind == jsonline.Null:
		return nil
	case n.Kind == jsonline.Array:
		return n.Elems
	}
	return []*jsonline.Value{n}
}

// readSDGs reads the nominee SDGs — [{SDGNumber, evidenceText,
// evidenceURL}], the legacy [[16, "text"]] and [16] — and the portal sdgs,
// {sdg: ["SDG16: …"], relevance} or a list of such objects or labels.
func readSDGs(a *Application, root *jsonline.Value) {
	add := func(s SDG) {
		if s.Goal != 0 {
			a.SDGs = appendCapped(a.SDGs, s)
		}
	}
	for _, n := range listOf(root.Get("SDGs")) {
		switch {
		case n.Is(jsonline.Object):
			add(SDG{Goal: goal(n.Get("SDGNumber")), Evidence: text(n.Get("evidenceText")), URL: text(n.Get("evidenceURL")), Line: n.Line})
		case n.Is(jsonline.Array) && len(n.Elems) > 0:
			s := SDG{Goal: goal(n.Elems[0]), Line: n.Line}
			if len(n.Elems) > 1 {
				s.Evidence = text(leaf(n.Elems[1]))
			}
			add(s)
		default:
			add(SDG{Goal: goal(n), Line: n.Line})
		}
	}
	portal := root.Get("sdgs")
	if portal.Is(jsonline.Object) {
		portal = &jsonline.Value{Kind: jsonline.Array, Elems: []*jsonline.Value{portal}}
	}
	for _, n := range listOf(portal) {
		if !n.Is(jsonline.Object) {
			add(SDG{Goal: goal(n), Line: n.Line})
			continue
		}
		relevance := rawText(n.Get("relevance"))
		url := ""
		if u := urls(relevance); len(u) > 0 {
			url = u[0]
		}
		for _, label := range listOf(n.Get("sdg")) {
			add(SDG{Goal: goal(label), Evidence: clip(relevance), URL: url, Line: label.Line})
		}
	}
}

// readOrganizations reads organizations[{name, website, org_type, ...}];
// those of type owner are also Owners.
func readOrganizations(a *Application, root *jsonline.Value) {
	for _, n := range listOf(root.Get("organizations")) {
		if !n.Is(jsonline.Object) {
			continue
		}
		o := Org{
			Name:    text(n.Get("name")),
			Website: text(n.Get("website")),
			Type:    strings.ToLower(text(n.Get("org_type"))),
			Line:    n.Line,
		}
		if o.Name == "" && o.Website == "" {
			continue
		}
		a.Organizations = appendCapped(a.Organizations, o)
		if o.Type == "owner" {
			a.Owners = appendCapped(a.Owners, o)
		}
	}
}

// readRepositories reads repositories[{name, url}] (or a list of URLs) and
// the legacy repositoryURL.
func readRepositories(a *Application, root *jsonline.Value) {
	for _, n := range listOf(root.Get("repositories")) {
		if n.Is(jsonline.Object) {
			a.Repositories = appendNew(a.Repositories, text(n.Get("url")))
		} else {
			a.Repositories = appendNew(a.Repositories, text(leaf(n)))
		}
	}
	a.Repositories = appendNew(a.Repositories, text(leaf(root.Get("repositoryURL"))))
}
