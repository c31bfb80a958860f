package manifest

import (
	"strings"
)

// parseMSBuildProject parses an SDK-style *.csproj, *.fsproj or *.vbproj:
// <PackageReference Include=".." Version=".."/> (Version also as a child
// element or VersionOverride); PrivateAssets="all" (development-only
// references such as analyzers) is Dev. <PackageLicenseExpression>,
// <PackageLicenseFile> ("file:..."), <Authors> (comma-separated), <Company>,
// and <PackageId> (or <AssemblyName>) as Name.
func parseMSBuildProject(b *builder, data []byte) error {
	project, err := parseXML(b, data)
	if err != nil {
		return err
	}
	var packageID, assemblyName string
	project.walk(func(el *xmlElement, ancestors []string) {
		switch el.name {
		case "PackageReference":
			name := el.attr("Include")
			if name == "" {
				return // Update= and Remove= items modify references made elsewhere
			}
			version := el.attr("Version")
			if version == "" {
				version = el.childText("Version")
			}
			if version == "" {
				version = el.attr("VersionOverride")
			}
			privateAssets := el.attr("PrivateAssets")
			if privateAssets == "" {
				privateAssets = el.childText("PrivateAssets")
			}
			b.addDep(Dep{Name: name, Version: version, Line: el.line, Dev: strings.EqualFold(strings.TrimSpace(privateAssets), "all")})
		case "PackageLicenseExpression":
			b.addLicense(el.value(), el.line)
		case "PackageLicenseFile":
			if v := el.value(); v != "" {
				b.addLicense("file:"+v, el.line)
			}
		case "Authors":
			for _, a := range strings.Split(el.value(), ",") {
				b.addAuthor(a)
			}
		case "Company":
			b.addAuthor(el.value())
		case "PackageId":
			packageID = firstNonEmpty(packageID, el.value())
		case "AssemblyName":
			assemblyName = firstNonEmpty(assemblyName, el.value())
		}
	})
	b.setName(firstNonEmpty(packageID, assemblyName))
	return nil
}

// firstNonEmpty returns the first non-empty argument.
func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// parsePackagesConfig parses a legacy packages.config: <package id=".."
// version=".." developmentDependency="true"/>.
func parsePackagesConfig(b *builder, data []byte) error {
	root, err := parseXML(b, data)
	if err != nil {
		return err
	}
	for _, p := range root.children {
		if p.name != "package" {
			continue
		}
		b.addDep(Dep{
			Name:    p.attr("id"),
			Version: p.attr("version"),
			Line:    p.line,
			Dev:     strings.EqualFold(p.attr("developmentDependency"), "true"),
		})
	}
	return nil
}

// parseDirectoryPackagesProps parses a central package management
// Directory.Packages.props: <PackageVersion Include Version>, and
// <GlobalPackageReference> (always private assets, so Dev).
func parseDirectoryPackagesProps(b *builder, data []byte) error {
	root, err := parseXML(b, data)
	if err != nil {
		return err
	}
	root.walk(func(el *xmlElement, _ []string) {
		if el.name != "PackageVersion" && el.name != "GlobalPackageReference" {
			return
		}
		version := el.attr("Version")
		if version == "" {
			version = el.childText("Version")
		}
		b.addDep(Dep{Name: el.attr("Include"), Version: version, Line: el.line, Dev: el.name == "GlobalPackageReference"})
	})
	return nil
}

// parseNuspec parses a *.nuspec: <metadata><id> as Name, <dependency id
// version> (also inside framework <group>s; repeats across groups are
// reported once), <license type="expression|file">, the deprecated
// <licenseUrl>, and comma-separated <authors>.
func parseNuspec(b *builder, data []byte) error {
	root, err := parseXML(b, data)
	if err != nil {
		return err
	}
	metadata := root.child("metadata")
	if metadata == nil {
		return nil
	}
	b.setName(metadata.childText("id"))
	if l := metadata.child("license"); l != nil {
		value := l.value()
		if strings.EqualFold(l.attr("type"), "file") && value != "" {
			value = "file:" + value
		}
		b.addLicense(value, l.line)
	}
	if l := metadata.child("licenseUrl"); l != nil {
		b.addLicense(l.value(), l.line)
	}
	for _, a := range strings.Split(metadata.childText("authors"), ",") {
		b.addAuthor(a)
	}
	seen := make(map[depKey]bool)
	metadata.child("dependencies").walk(func(el *xmlElement, _ []string) {
		if el.name != "dependency" {
			return
		}
		d := Dep{Name: el.attr("id"), Version: el.attr("version"), Line: el.line}
		if k := (depKey{d.Name, d.Version}); !seen[k] {
			seen[k] = true
			b.addDep(d)
		}
	})
	return nil
}

// parseNuGetLock parses packages.lock.json: "dependencies" → target framework
// → package → {"type": "Direct"|"Transitive"|"CentralTransitive"|"Project",
// "resolved": version}. Project references are the solution's own code.
func parseNuGetLock(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, framework := range membersOf(root.Get("dependencies")) {
		for _, m := range membersOf(framework.Value) {
			kind := m.Value.Get("type").Str()
			if kind == "Project" {
				continue
			}
			b.addDep(Dep{
				Name:     m.Key,
				Version:  m.Value.Get("resolved").Str(),
				Line:     m.Line,
				Indirect: kind != "Direct",
			})
		}
	}
	return nil
}
