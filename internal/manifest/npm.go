package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
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
	for _, m := range root.Members {
		switch m.Key {
		case "name":
			b.setName(m.Value.Str())
		case "license":
			addNPMLicense(b, m)
		case "licenses": // legacy: [{"type": "MIT", "url": ...}]
			if m.Value.Kind == jsonline.Array {
				for _, e := range m.Value.Elems {
					addNPMLicense(b, jsonline.Member{Key: m.Key, Line: e.Line, Value: e})
				}
			}
		case "author":
			if m.Value.Kind == jsonline.String {
				b.addAuthor(personName(m.Value.Text))
			} else {
				b.addAuthor(m.Value.Get("name").Str())
			}
		default:
			if dev, ok := npmDependencySections[m.Key]; ok && m.Value.Is(jsonline.Object) {
				for _, d := range m.Value.Members {
					b.addDep(Dep{Name: d.Key, Version: d.Value.Str(), Line: d.Line, Dev: dev})
				}
			}
		}
	}
	return nil
}

// addNPMLicense records a "license" given as a string or as the legacy
// {"type": ..., "url": ...} object.
func addNPMLicense(b *builder, m jsonline.Member) {
	switch m.Value.Kind {
	case jsonline.String:
		b.addLicense(m.Value.Text, m.Line)
	case jsonline.Object:
		if t := m.Value.Member("type"); t != nil {
			b.addLicense(t.Value.Str(), t.Line)
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
	b.setName(root.Get("name").Str())
	if packages := root.Get("packages"); packages.Is(jsonline.Object) {
		parseLockPackages(b, packages)
		return nil
	}
	if deps := root.Get("dependencies"); deps.Is(jsonline.Object) {
		parseLockV1Dependencies(b, deps, 0)
	}
	return nil
}

// parseLockPackages reads the v2/v3 "packages" map, whose keys are install
// paths such as "node_modules/a/node_modules/@s/b". The root ("") and
// workspace folders (paths outside node_modules) declare the direct
// dependencies. npm records each package's "license" in these versions.
func parseLockPackages(b *builder, packages *jsonline.Value) {
	direct := make(map[string]bool)
	for _, m := range packages.Members {
		if strings.Contains(m.Key, "node_modules/") {
			continue
		}
		for section := range npmDependencySections {
			for _, d := range membersOf(m.Value.Get(section)) {
				direct[d.Key] = true
			}
		}
	}
	for _, m := range packages.Members {
		i := strings.LastIndex(m.Key, "node_modules/")
		if i < 0 || !m.Value.Is(jsonline.Object) || m.Value.Get("link").IsTrue() {
			continue // the root, a workspace folder, or a link to one
		}
		folder := m.Key[i+len("node_modules/"):]
		name, version := npmAlias(folder, m.Value.Get("version").Str())
		if n := m.Value.Get("name").Str(); n != "" {
			name = n // the real name of an aliased package
		}
		prefix := m.Key[:i]
		isDirect := !strings.Contains(prefix, "node_modules/") && direct[folder]
		b.addDep(Dep{
			Name:     name,
			Version:  version,
			Line:     m.Line,
			Dev:      m.Value.Get("dev").IsTrue(),
			Indirect: !isDirect,
			License:  npmLicense(m.Value.Get("license")),
		})
	}
}

// npmLicense returns a lockfile entry's "license": a string, or the type of
// the legacy {"type": ..., "url": ...} object that older packages declare.
func npmLicense(v *jsonline.Value) string {
	if v != nil && v.Kind == jsonline.Object {
		return v.Get("type").Str()
	}
	return v.Str()
}

// parseLockV1Dependencies walks the nested v1 "dependencies" tree depth-first,
// which is file order. Nested entries are transitive; whether a top-level
// entry is direct is not recorded, so those are not marked Indirect.
func parseLockV1Dependencies(b *builder, deps *jsonline.Value, depth int) {
	if depth > maxNesting {
		return
	}
	for _, m := range deps.Members {
		if b.full() {
			return
		}
		if !m.Value.Is(jsonline.Object) {
			continue
		}
		name, version := npmAlias(m.Key, m.Value.Get("version").Str())
		b.addDep(Dep{
			Name:     name,
			Version:  version,
			Line:     m.Line,
			Dev:      m.Value.Get("dev").IsTrue(),
			Indirect: depth > 0,
		})
		if nested := m.Value.Get("dependencies"); nested.Is(jsonline.Object) {
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
