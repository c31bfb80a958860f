package manifest

import (
	"strings"
)

// npmDependencySections are the package.json sections that list dependencies,
// and whether each is a development scope. optionalDependencies and
// peerDependencies are installed by default, so they are not Dev.
var npmDependencySections = map[string]bool{
	"dependencies":         false,
	"optionalDependencies": false,
	"peerDependencies":     false,
	"devDependencies":      true,
}

// parsePackageJSON parses an npm package.json.
func parsePackageJSON(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, m := range root.members {
		switch m.key {
		case "name":
			b.setName(m.value.str())
		case "license":
			addNPMLicense(b, m)
		case "licenses": // legacy: [{"type": "MIT", "url": ...}]
			if m.value.kind == jsonArray {
				for _, e := range m.value.elems {
					addNPMLicense(b, jsonMember{key: m.key, line: e.line, value: e})
				}
			}
		case "author":
			if m.value.kind == jsonString {
				b.addAuthor(personName(m.value.text))
			} else {
				b.addAuthor(m.value.get("name").str())
			}
		default:
			if dev, ok := npmDependencySections[m.key]; ok && m.value.isObject() {
				for _, d := range m.value.members {
					b.addDep(Dep{Name: d.key, Version: d.value.str(), Line: d.line, Dev: dev})
				}
			}
		}
	}
	return nil
}

// addNPMLicense records a "license" given as a string or as the legacy
// {"type": ..., "url": ...} object.
func addNPMLicense(b *builder, m jsonMember) {
	switch m.value.kind {
	case jsonString:
		b.addLicense(m.value.text, m.line)
	case jsonObject:
		if t := m.value.member("type"); t != nil {
			b.addLicense(t.value.str(), t.line)
		}
	}
}

// parsePackageLock parses package-lock.json and npm-shrinkwrap.json: the
// "packages" map of lockfile versions 2 and 3, or the nested "dependencies"
// tree of version 1.
func parsePackageLock(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	b.setName(root.get("name").str())
	if packages := root.get("packages"); packages.isObject() {
		parseLockPackages(b, packages)
		return nil
	}
	if deps := root.get("dependencies"); deps.isObject() {
		parseLockV1Dependencies(b, deps, 0)
	}
	return nil
}

// parseLockPackages reads the v2/v3 "packages" map, whose keys are install
// paths such as "node_modules/a/node_modules/@s/b". The root ("") and
// workspace folders (paths outside node_modules) declare the direct
// dependencies. npm records each package's "license" in these versions.
func parseLockPackages(b *builder, packages *jsonValue) {
	direct := make(map[string]bool)
	for _, m := range packages.members {
		if strings.Contains(m.key, "node_modules/") {
			continue
		}
		for section := range npmDependencySections {
			for _, d := range m.value.get(section).membersOrNil() {
				direct[d.key] = true
			}
		}
	}
	for _, m := range packages.members {
		i := strings.LastIndex(m.key, "node_modules/")
		if i < 0 || !m.value.isObject() || m.value.get("link").isTrue() {
			continue // the root, a workspace folder, or a link to one
		}
		folder := m.key[i+len("node_modules/"):]
		name, version := npmAlias(folder, m.value.get("version").str())
		if n := m.value.get("name").str(); n != "" {
			name = n // the real name of an aliased package
		}
		prefix := m.key[:i]
		isDirect := !strings.Contains(prefix, "node_modules/") && direct[folder]
		b.addDep(Dep{
			Name:     name,
			Version:  version,
			Line:     m.line,
			Dev:      m.value.get("dev").isTrue(),
			Indirect: !isDirect,
			License:  npmLicense(m.value.get("license")),
		})
	}
}

// npmLicense returns a lockfile entry's "license": a string, or the type of
// the legacy {"type": ..., "url": ...} object that older packages declare.
func npmLicense(v *jsonValue) string {
	if v != nil && v.kind == jsonObject {
		return v.get("type").str()
	}
	return v.str()
}

// parseLockV1Dependencies walks the nested v1 "dependencies" tree depth-first,
// which is file order. Nested entries are transitive; whether a top-level
// entry is direct is not recorded, so those are not marked Indirect.
func parseLockV1Dependencies(b *builder, deps *jsonValue, depth int) {
	if depth > maxNesting {
		return
	}
	for _, m := range deps.members {
		if b.full() {
			return
		}
		if !m.value.isObject() {
			continue
		}
		name, version := npmAlias(m.key, m.value.get("version").str())
		b.addDep(Dep{
			Name:     name,
			Version:  version,
			Line:     m.line,
			Dev:      m.value.get("dev").isTrue(),
			Indirect: depth > 0,
		})
		if nested := m.value.get("dependencies"); nested.isObject() {
			parseLockV1Dependencies(b, nested, depth+1)
		}
	}
}

// npmAlias resolves an npm alias version "npm:real-name@1.2.3" to the real
// package name and version.
func npmAlias(name, version string) (string, string) {
	if rest, ok := strings.CutPrefix(version, "npm:"); ok {
		if at := strings.LastIndex(rest, "@"); at > 0 {
			return rest[:at], rest[at+1:]
		}
	}
	return name, version
}

// membersOrNil returns the members of an object value, or nil.
func (v *jsonValue) membersOrNil() []jsonMember {
	if !v.isObject() {
		return nil
	}
	return v.members
}
