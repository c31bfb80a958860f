package manifest

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pnpmImporterSections are the sections of an importer (a workspace project)
// listing its direct dependencies, and whether each is a development scope.
var pnpmImporterSections = []struct {
	name string
	dev  bool
}{
	{"dependencies", false},
	{"optionalDependencies", false},
	{"devDependencies", true},
}

// parsePnpmLock parses pnpm-lock.yaml versions 5, 6 and 9. Packages are the
// keys of the "packages" map ("/name/1.2.3" in v5, "/name@1.2.3" in v6,
// "name@1.2.3" in v9, with optional peer suffixes). Importers (or the
// top-level sections of a single-project v5/v6 lockfile) give the direct
// dependencies. v5 and v6 mark development packages with "dev: true"; for v9
// the dependency graph in "snapshots" is walked from the importers instead.
func parsePnpmLock(b *builder, data []byte) error {
	root, err := parseYAML(b, data)
	if err != nil || root == nil {
		return err
	}
	if root.Kind != yaml.MappingNode {
		return b.errorf(root.Line, "invalid pnpm lockfile: top-level value is not a mapping")
	}
	major := pnpmMajorVersion(yamlScalar(yamlGet(root, "lockfileVersion")))

	importers := []*yaml.Node{root}
	if imp := yamlGet(root, "importers"); imp != nil {
		importers = importers[:0]
		for _, p := range yamlPairs(imp) {
			importers = append(importers, p[1])
		}
	}
	direct := make(map[string]bool)  // "name@version"
	var prodRoots, devRoots []string // snapshot keys
	for _, imp := range importers {
		for _, section := range pnpmImporterSections {
			for _, p := range yamlPairs(yamlGet(imp, section.name)) {
				version := yamlScalar(p[1])
				if p[1].Kind == yaml.MappingNode {
					version = yamlScalar(yamlGet(p[1], "version"))
				}
				if version == "" || strings.HasPrefix(version, "link:") {
					continue
				}
				name, resolved := pnpmDependencyRef(p[0].Value, version, major)
				direct[name+"@"+resolved] = true
				snapshot := pnpmSnapshotKey(p[0].Value, version)
				if section.dev {
					devRoots = append(devRoots, snapshot)
				} else {
					prodRoots = append(prodRoots, snapshot)
				}
			}
		}
	}

	var devOnly map[string]bool
	if snapshots := yamlGet(root, "snapshots"); snapshots != nil {
		devOnly = pnpmDevOnly(snapshots, prodRoots, devRoots)
	}

	for _, p := range yamlPairs(yamlGet(root, "packages")) {
		if b.full() {
			break
		}
		name, version := pnpmPackageKey(p[0].Value, major)
		if n := yamlScalar(yamlGet(p[1], "name")); n != "" {
			name = n
			version = yamlScalar(yamlGet(p[1], "version"))
		}
		key := name + "@" + version
		dev := yamlScalar(yamlGet(p[1], "dev")) == "true" || devOnly[key]
		b.addDep(Dep{
			Name:     name,
			Version:  version,
			Line:     p[0].Line,
			Dev:      dev,
			Indirect: len(direct) > 0 && !direct[key],
		})
	}
	return nil
}

// pnpmMajorVersion returns the major lockfile version ("5.4" is 5, "9.0" is 9),
// or 0 if unknown.
func pnpmMajorVersion(s string) int {
	s, _, _ = strings.Cut(s, ".")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// pnpmPackageKey splits a "packages" key into name and version, dropping the
// leading "/" and any peer-dependency suffix ("(react@18.2.0)" in v6+,
// "_react@18.2.0" in v5).
func pnpmPackageKey(key string, major int) (name, version string) {
	k := strings.TrimPrefix(key, "/")
	if i := strings.IndexByte(k, '('); i > 0 {
		k = k[:i]
	}
	slashForm := major > 0 && major < 6
	if major == 0 {
		// Unknown version: v6+ keys have an "@" after the name.
		slashForm = strings.LastIndex(k, "@") <= 0
	}
	if slashForm {
		slash := strings.LastIndex(k, "/")
		if slash <= 0 {
			return k, ""
		}
		version, _, _ = strings.Cut(k[slash+1:], "_")
		return k[:slash], version
	}
	at := strings.LastIndex(k, "@")
	if at <= 0 {
		return k, ""
	}
	return k[:at], k[at+1:]
}

// pnpmDependencyRef resolves an importer's or snapshot's dependency
// ("lodash": "4.17.21(peer)") to the package name and version it points at.
// Aliased dependencies point at a package key instead of a version.
func pnpmDependencyRef(name, version string, major int) (string, string) {
	if pnpmIsKey(version) {
		return pnpmPackageKey(version, major)
	}
	if i := strings.IndexByte(version, '('); i > 0 {
		version = version[:i]
	}
	if major > 0 && major < 6 {
		version, _, _ = strings.Cut(version, "_")
	}
	return name, version
}

// pnpmIsKey reports whether a dependency version is in fact a package key
// ("/real/1.0.0", "real@1.0.0") as written for aliases.
func pnpmIsKey(version string) bool {
	if strings.HasPrefix(version, "/") {
		return true
	}
	at := strings.IndexByte(version, '@')
	return at > 0 && (version[0] < '0' || version[0] > '9')
}

// pnpmSnapshotKey returns the v9 "snapshots" key a dependency points at.
func pnpmSnapshotKey(name, version string) string {
	if pnpmIsKey(version) {
		return strings.TrimPrefix(version, "/")
	}
	return name + "@" + version
}

// pnpmDevOnly walks the v9 snapshot graph breadth-first from the production
// and development roots and returns the packages ("name@version") reachable
// only from development roots.
func pnpmDevOnly(snapshots *yaml.Node, prodRoots, devRoots []string) map[string]bool {
	graph := make(map[string][]string)
	for _, p := range yamlPairs(snapshots) {
		var edges []string
		for _, section := range []string{"dependencies", "optionalDependencies"} {
			for _, d := range yamlPairs(yamlGet(p[1], section)) {
				if v := yamlScalar(d[1]); v != "" && !strings.HasPrefix(v, "link:") {
					edges = append(edges, pnpmSnapshotKey(d[0].Value, v))
				}
			}
		}
		graph[p[0].Value] = edges
	}
	prod := pnpmReachable(graph, prodRoots)
	dev := pnpmReachable(graph, devRoots)
	devOnly := make(map[string]bool)
	for k := range dev {
		if !prod[k] {
			devOnly[k] = true
		}
	}
	return devOnly
}

// pnpmReachable returns the packages ("name@version", peer suffix removed)
// reachable from roots. The walk uses an explicit queue, so depth is not
// bounded by the stack.
func pnpmReachable(graph map[string][]string, roots []string) map[string]bool {
	visited := make(map[string]bool)
	packages := make(map[string]bool)
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		if visited[k] {
			continue
		}
		visited[k] = true
		pkg := k
		if i := strings.IndexByte(pkg, '('); i > 0 {
			pkg = pkg[:i]
		}
		packages[pkg] = true
		queue = append(queue, graph[k]...)
	}
	return packages
}
