package dpga

import "strings"

// This file reads the registry facts: licences, SDGs, organizations and
// repositories, in their nominee and portal spellings.

// readLicenses reads the nominee license[{spdx, licenseURL}] (also a list of
// ids or a single id) and the portal openlicenses[{openLicense,
// openLicenseEvidenceURLs}], whose openLicense may join ids with commas.
// A licence already listed is not repeated.
func readLicenses(a *Application, root *node) {
	add := func(spdx, url string, line int) {
		for _, l := range a.Licenses {
			if strings.EqualFold(l.SPDX, spdx) {
				return
			}
		}
		a.Licenses = appendCapped(a.Licenses, License{SPDX: spdx, URL: url, Line: line})
	}
	for _, n := range listOf(root.get("license")) {
		switch {
		case n.is(objectKind):
			if spdx := text(n.get("spdx")); spdx != "" {
				add(spdx, firstURL(text(n.get("licenseURL"))), n.line)
			}
		case leaf(n) != nil:
			if spdx := text(n); spdx != "" {
				add(spdx, "", n.line)
			}
		}
	}
	for _, n := range listOf(root.get("openlicenses")) {
		if !n.is(objectKind) {
			continue
		}
		url := ""
		if evidence := n.get("openLicenseEvidenceURLs"); evidence != nil {
			url = firstURL(rawText(evidence))
		}
		for _, id := range strings.FieldsFunc(text(n.get("openLicense")), func(r rune) bool { return r == ',' || r == ';' }) {
			if id = strings.TrimSpace(id); id != "" {
				add(clip(id), url, n.line)
			}
		}
	}
}

// listOf returns the items of an array node, or a lone non-null value as a
// one-item list.
func listOf(n *node) []*node {
	switch {
	case n == nil || n.kind == nullKind:
		return nil
	case n.kind == arrayKind:
		return n.items
	}
	return []*node{n}
}

// readSDGs reads the nominee SDGs — [{SDGNumber, evidenceText,
// evidenceURL}], the legacy [[16, "text"]] and [16] — and the portal sdgs,
// {sdg: ["SDG16: …"], relevance} or a list of such objects or labels.
func readSDGs(a *Application, root *node) {
	add := func(s SDG) {
		if s.Goal != 0 {
			a.SDGs = appendCapped(a.SDGs, s)
		}
	}
	for _, n := range listOf(root.get("SDGs")) {
		switch {
		case n.is(objectKind):
			add(SDG{Goal: goal(n.get("SDGNumber")), Evidence: text(n.get("evidenceText")), URL: text(n.get("evidenceURL")), Line: n.line})
		case n.is(arrayKind) && len(n.items) > 0:
			s := SDG{Goal: goal(n.items[0]), Line: n.line}
			if len(n.items) > 1 {
				s.Evidence = text(leaf(n.items[1]))
			}
			add(s)
		default:
			add(SDG{Goal: goal(n), Line: n.line})
		}
	}
	portal := root.get("sdgs")
	if portal.is(objectKind) {
		portal = &node{kind: arrayKind, items: []*node{portal}}
	}
	for _, n := range listOf(portal) {
		if !n.is(objectKind) {
			add(SDG{Goal: goal(n), Line: n.line})
			continue
		}
		relevance := rawText(n.get("relevance"))
		url := ""
		if u := urls(relevance); len(u) > 0 {
			url = u[0]
		}
		for _, label := range listOf(n.get("sdg")) {
			add(SDG{Goal: goal(label), Evidence: clip(relevance), URL: url, Line: label.line})
		}
	}
}

// readOrganizations reads organizations[{name, website, org_type, ...}];
// those of type owner are also Owners.
func readOrganizations(a *Application, root *node) {
	for _, n := range listOf(root.get("organizations")) {
		if !n.is(objectKind) {
			continue
		}
		o := Org{
			Name:    text(n.get("name")),
			Website: text(n.get("website")),
			Type:    strings.ToLower(text(n.get("org_type"))),
			Line:    n.line,
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
func readRepositories(a *Application, root *node) {
	for _, n := range listOf(root.get("repositories")) {
		if n.is(objectKind) {
			a.Repositories = appendNew(a.Repositories, text(n.get("url")))
		} else {
			a.Repositories = appendNew(a.Repositories, text(leaf(n)))
		}
	}
	a.Repositories = appendNew(a.Repositories, text(leaf(root.get("repositoryURL"))))
}
