package manifest

import (
	"strings"
)

// cargoDependencyTables are the Cargo.toml dependency tables, and whether
// each is a development scope.
var cargoDependencyTables = []struct {
	name string
	dev  bool
}{
	{"dependencies", false},
	{"dev-dependencies", true},
	{"build-dependencies", false},
}

// parseCargoToml parses a Cargo.toml: [dependencies], [dev-dependencies]
// (Dev), [build-dependencies], their target-specific variants
// ([target.'cfg(...)'.dependencies]) and [workspace.dependencies]. A value is
// a version string or a table; renamed dependencies report the real crate
// ("package" key), and optional dependencies, which only features enable, are
// Dev. [package] gives the name, license, license-file ("file:...") and
// authors.
func parseCargoToml(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	pkg := root.get("package")
	if pkg == nil {
		pkg = root.get("project") // the pre-1.0 name of [package]
	}
	if pkg != nil {
		b.setName(pkg.get("name").str())
		if m := pkg.member("license"); m != nil {
			b.addLicense(m.value.str(), m.line)
		}
		if m := pkg.member("license-file"); m != nil && m.value.str() != "" {
			b.addLicense("file:"+m.value.str(), m.line)
		}
		for _, a := range pkg.get("authors").arrayElems() {
			b.addAuthor(personName(a.str()))
		}
	}

	scopes := []*tomlValue{root}
	for _, target := range root.get("target").tableMembers() {
		scopes = append(scopes, target.value)
	}
	for _, scope := range scopes {
		for _, table := range cargoDependencyTables {
			addCargoDependencies(b, scope.get(table.name), table.dev)
		}
	}
	addCargoDependencies(b, root.path("workspace", "dependencies"), false)
	b.sortByLine()
	return nil
}

// addCargoDependencies adds the entries of one dependency table.
func addCargoDependencies(b *builder, table *tomlValue, dev bool) {
	for _, m := range table.tableMembers() {
		name, version, optional := m.key, m.value.str(), false
		if m.value.kind == tomlTable {
			version = m.value.get("version").str()
			optional = m.value.get("optional").isTrue()
			if real := m.value.get("package").str(); real != "" {
				name = real
			}
		}
		b.addDep(Dep{Name: name, Version: version, Line: m.line, Dev: dev || optional})
	}
}

// parseCargoLock parses Cargo.lock: every [[package]] that comes from a
// registry or git source. Packages without a source are the workspace's own
// crates; their dependency lists tell direct from indirect packages.
func parseCargoLock(b *builder, data []byte) error {
	root, err := parseTOML(b, data)
	if err != nil {
		return err
	}
	packages := root.get("package").arrayElems()
	direct := make(map[string]bool) // "name" or "name version"
	hasLocal := false
	for _, pkg := range packages {
		if pkg.get("source") != nil {
			continue
		}
		hasLocal = true
		for _, d := range pkg.get("dependencies").arrayElems() {
			// "name", "name version" or "name version (source)"
			fields := strings.Fields(d.str())
			switch {
			case len(fields) == 1:
				direct[fields[0]] = true
			case len(fields) >= 2:
				direct[fields[0]+" "+fields[1]] = true
			}
		}
	}
	for _, pkg := range packages {
		name := pkg.member("name")
		if name == nil || pkg.get("source") == nil {
			continue
		}
		n, v := name.value.str(), pkg.get("version").str()
		b.addDep(Dep{
			Name:     n,
			Version:  v,
			Line:     name.line,
			Indirect: hasLocal && !direct[n] && !direct[n+" "+v],
		})
	}
	return nil
}
