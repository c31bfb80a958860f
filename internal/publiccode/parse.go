package publiccode

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parse reads a publiccode.yml. It returns a *ParseError when the YAML is
// invalid, when the document is not a mapping, or when reading it would visit
// more than MaxNodes nodes (counting aliases); every other departure from the
// standard becomes a Problem of the File.
func Parse(data []byte) (file *File, err error) {
	defer func() {
		// The YAML library is not ours; a panic on hostile input must not
		// take dpgcheck down.
		if p := recover(); p != nil {
			file, err = nil, &ParseError{Msg: clip(fmt.Sprintf("invalid YAML: %v", p))}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &ParseError{Msg: "the file is empty; publiccode.yml must be a mapping of keys"}
	}
	r := newReader()
	root := r.resolve(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		what := "an empty value"
		if root != nil && !isNull(root) {
			what = describe(root)
		}
		return nil, &ParseError{Line: doc.Content[0].Line, Msg: "the document is " + what + ", not a mapping of keys"}
	}
	f := r.read(object{r: r, node: root})
	if r.exhausted {
		return nil, &ParseError{Msg: fmt.Sprintf("the document has more than %d nodes (counting aliases); it is too large or too deeply aliased to read", MaxNodes)}
	}
	f.Problems = r.sortedProblems()
	return f, nil
}

// read extracts a File from the root mapping.
func (r *reader) read(top object) *File {
	f := &File{}
	r.readVersion(top, f)
	f.Name, _ = top.required("name", "publiccode.yml must name the software")
	f.URL, _ = top.required("url", "publiccode.yml must give the address of the source code repository")
	f.LandingURL = top.text("landingURL")
	r.readLegal(top.object("legal"), f)
	r.readOrganisation(top, f)
	r.readDependencies(top.object("dependsOn"), f)
	r.readDescription(top, f)
	r.readMaintenance(top.object("maintenance"), f)
	r.readStatusAndType(top, f)

	f.IsBasedOn = top.textList("isBasedOn", true)
	f.UsedBy = top.textList("usedBy", false)
	f.Categories = top.textList("categories", false)
	f.Languages = top.object("localisation").textList("availableLanguages", false)
	audience := top.object("intendedAudience")
	f.Scope = audience.textList("scope", false)
	f.Countries = audience.textList("countries", false)
	f.Supports = r.readSupports(top)
	r.readDeprecatedKeys(top)
	return f
}

func (r *reader) readVersion(top object, f *File) {
	var line int
	f.Version, line = top.required("publiccodeYmlVersion", "publiccode.yml must declare the version of the standard it follows")
	if f.Version != "" && !knownVersion(f.Version) {
		r.problem(line, "publiccodeYmlVersion %q is not a version of the standard (0, or 0.2 to 0.7)", f.Version)
	}
}

func (r *reader) readLegal(legal object, f *File) {
	f.License, f.LicenseLine = legal.required("license", "publiccode.yml must name the licence as an SPDX expression")
	f.MainCopyrightOwner, f.MainCopyrightOwnerLine = legal.scalar("mainCopyrightOwner")
	f.RepoOwner, f.RepoOwnerLine = legal.scalar("repoOwner")
}

func (r *reader) readOrganisation(top object, f *File) {
	org := top.object("organisation")
	f.Organisation = Organisation{Name: org.text("name"), URI: org.text("uri"), Line: org.line}
	// Drafts of the standard spell the URI as a top-level organizationUri.
	if f.Organisation.URI == "" {
		if uri, line := top.scalar("organizationUri"); uri != "" {
			f.Organisation.URI = uri
			if f.Organisation.Line == 0 {
				f.Organisation.Line = line
			}
		}
	}
}

// dependencyKinds are the lists of dependsOn, in the order they are read.
var dependencyKinds = []string{"open", "proprietary", "hardware"}

func (r *reader) readDependencies(deps object, f *File) {
	for _, kind := range dependencyKinds {
		for i, raw := range deps.list(kind) {
			entry := r.objectOf(fmt.Sprintf("%s[%d]", deps.sub(kind), i), raw)
			if entry.node == nil {
				continue
			}
			name := entry.text("name")
			if name == "" {
				r.problem(raw.Line, "%s has no name; every dependency must be named", entry.path)
				continue
			}
			version := entry.text("version")
			if version == "" {
				lo, hi := entry.text("versionMin"), entry.text("versionMax")
				if lo != "" || hi != "" {
					version = lo + ".." + hi
				}
			}
			f.DependsOn = appendCapped(f.DependsOn, Dependency{
				Name: name, Kind: kind, Optional: entry.boolean("optional"), Version: version, Line: raw.Line,
			})
		}
	}
}

// language is the description in one language.
type language struct {
	tag         string
	short, long string
}

func (r *reader) readDescription(top object, f *File) {
	desc := top.object("description")
	var langs []language
	if desc.node != nil {
		c := desc.node.Content
		for i := 0; i+1 < len(c) && len(langs) < MaxItems; i += 2 {
			if c[i].Kind != yaml.ScalarNode || c[i].Value == "" {
				continue
			}
			tag := clip(c[i].Value)
			lo := object{r: r, path: desc.sub(tag), line: c[i].Line}
			lo.node = r.mapping(lo.path, c[i+1])
			if lo.node == nil {
				continue
			}
			l := language{tag: tag, long: lo.text("longDescription")}
			l.short, _ = lo.required("shortDescription", "every language of the description needs one")
			langs = append(langs, l)
			if url, line := lo.scalar("documentation"); url != "" {
				f.Documentation = appendCapped(f.Documentation, Ref{URL: url, Lang: tag, Line: line})
			}
			if url, line := lo.scalar("apiDocumentation"); url != "" {
				f.APIDocumentation = appendCapped(f.APIDocumentation, Ref{URL: url, Lang: tag, Line: line})
			}
			f.Features = appendCapped(f.Features, lo.textList("features", false)...)
			if line := lo.keyLine("genericName"); line > 0 {
				r.problem(line, "%s is deprecated; it can be removed", lo.sub("genericName"))
			}
		}
	}
	if len(langs) == 0 {
		r.problem(desc.line, "description is missing; publiccode.yml must describe the software in at least one language")
		return
	}
	best := preferredLanguage(langs)
	f.ShortDescription, f.LongDescription = best.short, best.long
}

// preferredLanguage picks English ("en", "eng", then "en-…") when present,
// otherwise the first language with a short description, otherwise the first.
func preferredLanguage(langs []language) language {
	for _, want := range []func(string) bool{
		func(t string) bool { return strings.EqualFold(t, "en") },
		func(t string) bool { return strings.EqualFold(t, "eng") },
		func(t string) bool { return len(t) > 3 && strings.EqualFold(t[:3], "en-") },
	} {
		for _, l := range langs {
			if want(l.tag) {
				return l
			}
		}
	}
	for _, l := range langs {
		if l.short != "" {
			return l
		}
	}
	return langs[0]
}

func (r *reader) readMaintenance(m object, f *File) {
	f.MaintenanceType, f.MaintenanceLine = m.required("type", "publiccode.yml must say how the software is maintained (internal, contract, community or none)")
	if f.MaintenanceType != "" && !maintenanceTypes[f.MaintenanceType] {
		r.problem(f.MaintenanceLine, "maintenance.type %q is not one of internal, contract, community, none", f.MaintenanceType)
	}
	for i, raw := range m.list("contacts") {
		c := r.objectOf(fmt.Sprintf("%s[%d]", m.sub("contacts"), i), raw)
		if c.node == nil {
			continue
		}
		contact := Contact{Name: c.text("name"), Email: c.text("email")}
		if contact != (Contact{}) {
			f.Contacts = appendCapped(f.Contacts, contact)
		}
	}
	switch f.MaintenanceType {
	case "internal", "community":
		if len(f.Contacts) == 0 {
			r.problem(f.MaintenanceLine, "maintenance.contacts is missing; it is required when maintenance.type is %s", f.MaintenanceType)
		}
	case "contract":
		if len(m.list("contractors")) == 0 {
			r.problem(f.MaintenanceLine, "maintenance.contractors is missing; it is required when maintenance.type is contract")
		}
	}
}

func (r *reader) readStatusAndType(top object, f *File) {
	var line int
	f.DevelopmentStatus, line = top.required("developmentStatus", "publiccode.yml must give the development status (concept, development, beta, stable or obsolete)")
	if f.DevelopmentStatus != "" && !developmentStatuses[f.DevelopmentStatus] {
		r.problem(line, "developmentStatus %q is not one of concept, development, beta, stable, obsolete", f.DevelopmentStatus)
	}
	f.SoftwareType, line = top.required("softwareType", "publiccode.yml must give the type of software")
	switch {
	case f.SoftwareType == "standalone":
		r.problem(line, "softwareType \"standalone\" was replaced in publiccode.yml 0.2 by standalone/mobile, standalone/iot, standalone/desktop, standalone/web, standalone/backend and standalone/other")
	case f.SoftwareType != "" && !softwareTypes[f.SoftwareType]:
		r.problem(line, "softwareType %q is not one of %s", f.SoftwareType, strings.Join(softwareTypeList, ", "))
	}
}

// readSupports reads the supports list: ids as text, or mappings with an id
// (or, failing that, an alias).
func (r *reader) readSupports(top object) []string {
	var out []string
	for i, raw := range top.list("supports") {
		path := fmt.Sprintf("%s[%d]", top.sub("supports"), i)
		n := r.resolve(raw)
		var s string
		switch {
		case isNull(n):
		case n.Kind == yaml.MappingNode:
			item := object{r: r, node: n, path: path, line: raw.Line}
			if s = item.text("id"); s == "" {
				s = item.text("alias")
			}
		default:
			s = r.text(path, raw)
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
