package manifest

import (
	"strings"
)

// parsePyproject parses a pyproject.toml: PEP 621 [project] (dependencies,
// optional-dependencies as Dev, license, licence classifiers, authors), PEP 735
// [dependency-groups] (Dev), [tool.uv] dev-dependencies (Dev), Poetry's
// [tool.poetry] (dependencies without "python", dev-dependencies and
// group.*.dependencies as Dev, license, licence classifiers, authors), and
// Flit's [tool.flit.metadata] license and licence classifiers.
func parsePyproject(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	if project := root.get("project"); project != nil {
		b.setName(project.get("name").str())
		addPEP508Array(b, project.member("dependencies"), false)
		for _, group := range project.get("optional-dependencies").tableMembers() {
			addPEP508Array(b, &group, true)
		}
		if m := project.member("license"); m != nil {
			switch m.value.kind {
			case tomlString:
				b.addLicense(m.value.text, m.line)
			case tomlTable:
				if text := m.value.member("text"); text != nil {
					b.addLicense(text.value.str(), text.line)
				} else if file := m.value.member("file"); file != nil && file.value.str() != "" {
					b.addLicense("file:"+file.value.str(), file.line)
				}
			}
		}
		addLicenceClassifiers(b, project.get("classifiers"))
		for _, a := range project.get("authors").arrayElems() {
			b.addAuthor(a.get("name").str())
		}
	}
	if flit := root.path("tool", "flit", "metadata"); flit != nil {
		// Flit's metadata table, before PEP 621.
		if m := flit.member("license"); m != nil {
			b.addLicense(m.value.str(), m.line)
		}
		addLicenceClassifiers(b, flit.get("classifiers"))
	}
	for _, group := range root.get("dependency-groups").tableMembers() {
		addPEP508Array(b, &group, true)
	}
	addPEP508Array(b, root.path("tool", "uv").member("dev-dependencies"), true)

	if poetry := root.path("tool", "poetry"); poetry != nil {
		b.setName(poetry.get("name").str())
		if m := poetry.member("license"); m != nil {
			b.addLicense(m.value.str(), m.line)
		}
		addLicenceClassifiers(b, poetry.get("classifiers"))
		for _, a := range poetry.get("authors").arrayElems() {
			b.addAuthor(personName(a.str()))
		}
		addPoetryDependencies(b, poetry.get("dependencies"), false)
		addPoetryDependencies(b, poetry.get("dev-dependencies"), true)
		for _, group := range poetry.get("group").tableMembers() {
			addPoetryDependencies(b, group.value.get("dependencies"), true)
		}
	}
	b.sortByLine()
	return nil
}

// addLicenceClassifiers adds the "License :: ..." Trove classifiers of a
// classifiers array as licence declarations, each on its line.
func addLicenceClassifiers(b *builder, classifiers *tomlValue) {
	for _, c := range classifiers.arrayElems() {
		if strings.HasPrefix(c.str(), "License ::") {
			b.addLicense(c.str(), c.line)
		}
	}
}

// addPEP508Array adds the requirement strings of an array member such as
// dependencies = ["requests>=2", ...]. Elements that are not strings (PEP 735
// {include-group = ...}) are skipped.
func addPEP508Array(b *builder, m *tomlMember, dev bool) {
	if m == nil {
		return
	}
	for _, e := range m.value.arrayElems() {
		if name, version, ok := parseRequirement(e.str()); ok {
			b.addDep(Dep{Name: name, Version: version, Line: firstNonZero(e.line, m.line), Dev: dev})
		}
	}
}

// addPoetryDependencies adds a Poetry dependency table. A value is a version
// string, a table ({version = "^1", optional = true}; optional extras are Dev)
// or an array of such tables for per-Python constraints (the first is used).
func addPoetryDependencies(b *builder, table *tomlValue, dev bool) {
	for _, m := range table.tableMembers() {
		if strings.EqualFold(m.key, "python") {
			continue
		}
		spec := m.value
		if elems := spec.arrayElems(); len(elems) > 0 {
			spec = elems[0]
		}
		version := spec.str()
		optional := false
		if spec != nil && spec.kind == tomlTable {
			version = spec.get("version").str()
			optional = spec.get("optional").isTrue()
		}
		b.addDep(Dep{Name: m.key, Version: version, Line: m.line, Dev: dev || optional})
	}
}

// firstNonZero returns the first non-zero argument, or 0.
func firstNonZero(values ...int) int {
	for _, v := range values {
		if v != 0 {
			return v
		}
	}
	return 0
}

// parsePipfile parses a Pipenv Pipfile: [packages] and [dev-packages] (Dev).
// Values are a version string ("*", "==1.2") or a table with "version".
func parsePipfile(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	for _, section := range []struct {
		name string
		dev  bool
	}{{"packages", false}, {"dev-packages", true}} {
		for _, m := range root.get(section.name).tableMembers() {
			version := m.value.str()
			if m.value.kind == tomlTable {
				version = m.value.get("version").str()
			}
			b.addDep(Dep{Name: m.key, Version: version, Line: m.line, Dev: section.dev})
		}
	}
	b.sortByLine()
	return nil
}

// parsePoetryLock parses poetry.lock: every [[package]] with its version.
// Packages of category "dev" (Poetry < 1.5) or whose groups do not include
// "main" (Poetry 2) are Dev. The lockfile does not say which are direct.
func parsePoetryLock(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	for _, pkg := range root.get("package").arrayElems() {
		name := pkg.member("name")
		if name == nil {
			continue
		}
		dev := pkg.get("category").str() == "dev"
		if groups := pkg.get("groups"); groups != nil && groups.kind == tomlArray {
			dev = true
			for _, g := range groups.elems {
				if g.str() == "main" {
					dev = false
				}
			}
		}
		b.addDep(Dep{Name: name.value.str(), Version: pkg.get("version").str(), Line: name.line, Dev: dev})
	}
	return nil
}

// parseUvLock parses uv.lock: every [[package]] except the project's own
// (editable or virtual sources), whose dependency lists tell direct from
// indirect packages and production from development ones.
func parseUvLock(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	packages := root.get("package").arrayElems()
	prod := make(map[string]bool)
	dev := make(map[string]bool)
	hasRoot := false
	for _, pkg := range packages {
		if !uvIsProjectPackage(pkg) {
			continue
		}
		hasRoot = true
		for _, d := range pkg.get("dependencies").arrayElems() {
			prod[d.get("name").str()] = true
		}
		for _, section := range []string{"optional-dependencies", "dev-dependencies"} {
			for _, group := range pkg.get(section).tableMembers() {
				for _, d := range group.value.arrayElems() {
					dev[d.get("name").str()] = true
				}
			}
		}
	}
	for _, pkg := range packages {
		name := pkg.member("name")
		if name == nil || uvIsProjectPackage(pkg) {
			continue
		}
		n := name.value.str()
		b.addDep(Dep{
			Name:     n,
			Version:  pkg.get("version").str(),
			Line:     name.line,
			Dev:      dev[n] && !prod[n],
			Indirect: hasRoot && !prod[n] && !dev[n],
		})
	}
	return nil
}

// uvIsProjectPackage reports whether a uv.lock package is the project itself
// or a workspace member rather than a resolved dependency.
func uvIsProjectPackage(pkg *tomlValue) bool {
	source := pkg.get("source")
	return source.get("editable") != nil || source.get("virtual") != nil
}

// parsePipfileLock parses Pipfile.lock: the "default" and "develop" (Dev)
// sections, with versions as written ("==2.31.0").
func parsePipfileLock(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, section := range []struct {
		name string
		dev  bool
	}{{"default", false}, {"develop", true}} {
		for _, m := range membersOf(root.Get(section.name)) {
			b.addDep(Dep{Name: m.Key, Version: m.Value.Get("version").Str(), Line: m.Line, Dev: section.dev})
		}
	}
	b.sortByLine()
	return nil
}
