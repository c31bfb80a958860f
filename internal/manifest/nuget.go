package manifest

import (
	"strings"
)

// parseMSBuildProject parses a *.csproj, *.fsproj or *.vbproj:
// <PackageReference Include=".." Version=".."/> (Version also as a child
// element or VersionOverride); PrivateAssets="all" (development-only
// references such as analyzers) is Dev. A classic project's assembly
// <Reference>s (see assemblyReference) and <COMReference>s (Office
// interop) are dependencies too. <PackageLicenseExpression>,
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
		case "Reference":
			if name, version, ok := assemblyReference(el); ok {
				b.addDep(Dep{Name: name, Version: version, Line: el.line})
			}
		case "COMReference":
			if name := strings.TrimSpace(el.attr("Include")); name != "" {
				b.addDep(Dep{Name: name, Line: el.line})
			}
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

// assemblyReference reads a classic project's <Reference Include="Name,
// Version=..., ..."> as a dependency on the assembly: one committed beside
// the project or installed with a product (SQL Server's SMO, an SDK). The
// .NET Framework's own assemblies, and those NuGet installed (a HintPath
// into packages\, which packages.config lists), are not.
func assemblyReference(el *xmlElement) (name, version string, ok bool) {
	parts := strings.Split(el.attr("Include"), ",")
	name = strings.TrimSpace(parts[0])
	if name == "" || frameworkAssembly(name) {
		return "", "", false
	}
	hint := strings.ToLower(strings.ReplaceAll(el.childText("HintPath"), "/", `\`))
	if strings.Contains(hint, `\packages\`) || strings.HasPrefix(hint, `packages\`) {
		return "", "", false
	}
	for _, p := range parts[1:] {
		if k, v, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.EqualFold(k, "Version") {
			version = strings.TrimSpace(v)
		}
	}
	return name, version, true
}

// frameworkAssembly reports an assembly of the .NET Framework itself.
func frameworkAssembly(name string) bool {
	switch name {
	case "mscorlib", "WindowsBase", "PresentationCore", "PresentationFramework", "Microsoft.CSharp", "Microsoft.VisualBasic",
		"netstandard", "Accessibility", "UIAutomationClient", "UIAutomationTypes", "ReachFramework":
		return true
	}
	return name == "System" || strings.HasPrefix(name, "System.")
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
