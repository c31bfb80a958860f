// Package depdiff owns what a pull request changes in a project's
// dependencies: given the parsed manifests and lockfiles of the base tree and
// of the head tree, it lists the dependencies the head adds and the ones it
// upgrades, each located at the file and line that declares it in the head,
// with the licence a lockfile records for it.
//
// A dependency is identified by its ecosystem, its name and the directory of
// the files that list it: the manifests and lockfiles of one directory are
// read together (a package.json with its package-lock.json), and each
// sub-package of a monorepo is compared on its own. Removed and downgraded
// dependencies are not reported.
//
// Diff compares only what it is given. When a file of the base tree could not
// be parsed, the caller passes the files that did parse, and every dependency
// the unparsed file listed looks new: it is reported as added. The reverse
// (a head file that failed to parse) hides that file's changes.
//
// It is pure computation over manifest.File values: it reads no files.
package depdiff

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/manifest"
)

// ChangeKind says how a dependency changed.
type ChangeKind string

// The kinds of change Diff reports.
const (
	// Added is a dependency the head lists and the base does not (in the same
	// directory and ecosystem).
	Added ChangeKind = "added"
	// Upgraded is a dependency both trees list, at a version the base did not
	// list.
	Upgraded ChangeKind = "upgraded"
)

// Change is one dependency a pull request adds or upgrades.
type Change struct {
	Ecosystem manifest.Ecosystem
	// Name is the package name as the head file writes it (for an npm alias
	// such as "x": "npm:real@1", the real package's name).
	Name string
	// Version is the head version as written ("" when none): the version
	// or constraint that Path writes, or the lockfile's resolved version when
	// only a lockfile changed. See Diff for which.
	Version string
	// Previous is the base version, for upgrades, from files of the same kind
	// as Version: the one the head no longer lists (the highest, when several
	// went), or the highest base version when the head keeps them all and
	// adds another.
	Previous string
	Kind     ChangeKind
	// Path is the head manifest or lockfile that declares the dependency; the
	// hand-written manifest is preferred over a lockfile when both list it.
	Path string
	// Line is the line of the dependency in Path, 0 when unknown.
	Line int
	// Dev reports a development, test or optional scope.
	Dev bool
	// Indirect reports a transitive dependency: listed only by a lockfile,
	// or marked indirect (go.mod "// indirect").
	Indirect bool
	// License is the licence a head lockfile records for the package, "" when
	// unknown (most lockfiles record none).
	License string
}

// MaxChanges bounds the changes Diff returns. A pull request that changes more
// dependencies than this (a regenerated lockfile of a huge monorepo) gets the
// first MaxChanges in Diff's order; DiffCount says how many were left out.
const MaxChanges = 10_000

// Diff returns the dependencies that head adds or upgrades compared with
// base, at most MaxChanges of them, ordered by Path, Line and Name.
//
// Within one directory and ecosystem:
//   - a dependency is added when no base file of that directory lists its
//     name;
//   - it is upgraded when the base lists it and the head lists a version the
//     base did not. Manifests are compared with manifests first (Version and
//     Previous are then the constraints as written); when the manifests agree,
//     lockfiles are compared with lockfiles (Version and Previous are resolved
//     versions). A lockfile may list several versions of one name: a version
//     the base did not have is an upgrade when some other version existed.
//     A manifest's constraint is never compared with a lockfile's version.
//   - a new version that only replaces higher ones is a downgrade, not
//     reported. Versions are ordered numerically where both are plain
//     versions or simple constraints ("1.2.3", "v1.2.3", "^1.2", "~> 1.4",
//     ">=2.0", "==2.31.0"); any other change of version counts as an upgrade.
//   - a dependency that only moved between development and runtime scope, or
//     between files, is not a change.
//
// A dependency both a manifest and a lockfile list is reported once, at the
// manifest's path and line, with Dev and Indirect from the manifest and
// License from the lockfile. Dependencies only lockfiles list are Indirect
// when the directory has a head manifest of that ecosystem (which does not
// list them) or when the lockfile marks them so.
//
// Names are compared as their registry does: case-insensitively for PyPI
// (PEP 503 normalisation), NuGet and Composer, exactly elsewhere; an npm
// alias ("x": "npm:real@^1") is the real package. A pip requirements file in
// a requirements/ directory belongs to the directory above it.
//
// Diff compares only the files it is given: see the package comment for what
// a file that failed to parse does to the result. Nil files are skipped.
func Diff(base, head []*manifest.File) []Change {
	changes, _ := DiffCount(base, head)
	return changes
}

// DiffCount is Diff that also returns how many changes were left out beyond
// MaxChanges (0 when none were).
func DiffCount(base, head []*manifest.File) (changes []Change, omitted int) {
	b := index(base)
	h := index(head)
	for k, hd := range h.deps {
		if c, ok := compare(k, b.deps[k], hd, h.hasManifest[k.group]); ok {
			changes = append(changes, c)
		}
	}
	slices.SortFunc(changes, func(x, y Change) int {
		return cmp.Or(
			strings.Compare(x.Path, y.Path),
			cmp.Compare(x.Line, y.Line),
			strings.Compare(x.Name, y.Name),
			strings.Compare(string(x.Ecosystem), string(y.Ecosystem)),
			strings.Compare(x.Version, y.Version),
		)
	})
	if len(changes) > MaxChanges {
		omitted = len(changes) - MaxChanges
		changes = slices.Clip(changes[:MaxChanges])
	}
	return changes, omitted
}

// group is one directory's files of one ecosystem.
type group struct {
	dir string
	eco manifest.Ecosystem
}

// key identifies a dependency.
type key struct {
	group
	name string // normalised for comparison
}

// entry is one listing of a dependency by one file.
type entry struct {
	path     string
	lockfile bool
	dep      manifest.Dep // Name and Version with npm aliases resolved
}

// entries are every listing of one dependency in one tree.
type entries struct {
	manifests []entry
	lockfiles []entry
}

// tree is one side of the comparison.
type tree struct {
	deps map[key]*entries
	// hasManifest records the groups with at least one manifest.
	hasManifest map[group]bool
}

func index(files []*manifest.File) tree {
	t := tree{deps: map[key]*entries{}, hasManifest: map[group]bool{}}
	for _, f := range files {
		if f == nil {
			continue
		}
		g := group{dir: dirOf(f), eco: f.Ecosystem}
		lock := f.Kind == manifest.Lockfile
		if !lock {
			t.hasManifest[g] = true
		}
		for _, d := range f.Deps {
			if f.Ecosystem == manifest.NPM {
				d.Name, d.Version = npmAlias(d.Name, d.Version)
			}
			if d.Name == "" {
				continue
			}
			k := key{group: g, name: normalizeName(f.Ecosystem, d.Name)}
			es := t.deps[k]
			if es == nil {
				es = &entries{}
				t.deps[k] = es
			}
			e := entry{path: f.Path, lockfile: lock, dep: d}
			if lock {
				es.lockfiles = append(es.lockfiles, e)
			} else {
				es.manifests = append(es.manifests, e)
			}
		}
	}
	return t
}

// dirOf returns the directory a file's dependencies belong to. A pip
// requirements file under requirements/ belongs to the project above it.
func dirOf(f *manifest.File) string {
	p := strings.ReplaceAll(f.Path, `\`, "/")
	dir := path.Dir(p)
	if f.Ecosystem == manifest.PyPI && path.Base(dir) == "requirements" && strings.HasSuffix(p, ".txt") {
		dir = path.Dir(dir)
	}
	return dir
}

// normalizeName folds a name the way its registry compares names.
func normalizeName(eco manifest.Ecosystem, name string) string {
	switch eco {
	case manifest.PyPI:
		// PEP 503: runs of '-', '_' and '.' are one '-', case is ignored.
		var b strings.Builder
		sep := false
		for _, r := range strings.ToLower(name) {
			if r == '-' || r == '_' || r == '.' {
				sep = true
				continue
			}
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		}
		return b.String()
	case manifest.NuGet, manifest.Composer:
		return strings.ToLower(name)
	}
	return name
}

// npmAlias resolves a package.json alias "x": "npm:real@^1.2" to the real
// package name and constraint, which is what the lockfile lists.
func npmAlias(name, version string) (string, string) {
	if rest, ok := strings.CutPrefix(version, "npm:"); ok {
		if at := strings.LastIndex(rest, "@"); at > 0 {
			return rest[:at], rest[at+1:]
		}
	}
	return name, version
}

// compare decides whether one dependency changed, and builds the Change.
func compare(k key, base, head *entries, headHasManifest bool) (Change, bool) {
	sortEntries(head.manifests)
	sortEntries(head.lockfiles)
	c := Change{Ecosystem: k.eco, Kind: Added}
	// chosen are the entries the change is about: whose version is new.
	var chosen []entry
	if base == nil || len(base.manifests)+len(base.lockfiles) == 0 {
		chosen = append(slices.Clone(head.manifests), head.lockfiles...)
		primary := head.manifests
		if len(primary) == 0 {
			primary = head.lockfiles
		}
		c.Version = best(primary).dep.Version
	} else {
		sortEntries(base.manifests)
		sortEntries(base.lockfiles)
		var prev string
		var ok bool
		if chosen, prev, ok = upgrade(base.manifests, head.manifests); !ok {
			if chosen, prev, ok = upgrade(base.lockfiles, head.lockfiles); !ok {
				return Change{}, false
			}
		}
		c.Kind, c.Version, c.Previous = Upgraded, best(chosen).dep.Version, prev
	}

	// Location and scope: the manifest when one lists the dependency.
	if len(head.manifests) > 0 {
		at := head.manifests
		if ms := filterKind(chosen, false); len(ms) > 0 {
			at = ms
		}
		loc := best(at)
		c.Path, c.Line, c.Name = loc.path, loc.dep.Line, loc.dep.Name
		c.Dev = allOf(head.manifests, func(d manifest.Dep) bool { return d.Dev })
		c.Indirect = allOf(head.manifests, func(d manifest.Dep) bool { return d.Indirect })
	} else {
		loc := best(chosen)
		c.Path, c.Line, c.Name = loc.path, loc.dep.Line, loc.dep.Name
		c.Dev = allOf(chosen, func(d manifest.Dep) bool { return d.Dev })
		c.Indirect = headHasManifest || allOf(chosen, func(d manifest.Dep) bool { return d.Indirect })
	}
	var baseLocks []entry
	if base != nil {
		baseLocks = base.lockfiles
	}
	c.License = license(head.lockfiles, baseLocks, c.Version)
	return c, true
}

// upgrade compares the versions two trees list in files of one kind. It
// reports the head entries whose version is new and the base version they
// replace, or false when nothing is new, one side has no entries of this
// kind, or every new version is lower than a version the head dropped.
func upgrade(base, head []entry) (newer []entry, previous string, ok bool) {
	if len(base) == 0 || len(head) == 0 {
		return nil, "", false
	}
	baseVersions := map[string]bool{}
	for _, e := range base {
		baseVersions[e.dep.Version] = true
	}
	headVersions := map[string]bool{}
	for _, e := range head {
		headVersions[e.dep.Version] = true
		if !baseVersions[e.dep.Version] {
			newer = append(newer, e)
		}
	}
	if len(newer) == 0 {
		return nil, "", false
	}
	var dropped, all []string
	for _, e := range base {
		v := e.dep.Version
		if !slices.Contains(all, v) {
			all = append(all, v)
			if !headVersions[v] {
				dropped = append(dropped, v)
			}
		}
	}
	if len(dropped) > 0 {
		top := highest(dropped)
		downgrade := true
		for _, e := range newer {
			if c, comparable := compareVersions(e.dep.Version, top); !comparable || c >= 0 {
				downgrade = false
				break
			}
		}
		if downgrade {
			return nil, "", false
		}
		return newer, top, true
	}
	return newer, highest(all), true
}

// sortEntries puts entries in file order: by path, then line.
func sortEntries(es []entry) {
	slices.SortStableFunc(es, func(x, y entry) int {
		return cmp.Or(strings.Compare(x.path, y.path), cmp.Compare(x.dep.Line, y.dep.Line))
	})
}

// best picks the entry a change points at: a runtime, direct listing first,
// then file order. es must not be empty.
func best(es []entry) entry {
	rank := func(e entry) int {
		r := 0
		if e.dep.Dev {
			r += 2
		}
		if e.dep.Indirect {
			r++
		}
		return r
	}
	out := es[0]
	for _, e := range es[1:] {
		if rank(e) < rank(out) {
			out = e
		}
	}
	return out
}

func filterKind(es []entry, lockfile bool) []entry {
	var out []entry
	for _, e := range es {
		if e.lockfile == lockfile {
			out = append(out, e)
		}
	}
	return out
}

func allOf(es []entry, f func(manifest.Dep) bool) bool {
	for _, e := range es {
		if !f(e.dep) {
			return false
		}
	}
	return len(es) > 0
}

// license returns the licence head lockfiles record for the package,
// preferring the entry the change is about: one at version, else one at a
// version the base lockfiles did not list, else a direct one, else any.
func license(head, base []entry, version string) string {
	old := map[string]bool{}
	for _, e := range base {
		old[e.dep.Version] = true
	}
	score := func(e entry) int {
		switch {
		case e.dep.Version == version:
			return 0
		case !old[e.dep.Version] && !e.dep.Indirect:
			return 1
		case !old[e.dep.Version]:
			return 2
		case !e.dep.Indirect:
			return 3
		}
		return 4
	}
	out, best := "", 5
	for _, e := range head {
		if s := score(e); e.dep.License != "" && s < best {
			out, best = e.dep.License, s
		}
	}
	return out
}

// highest returns the highest of versions where they compare, else the
// first. versions must not be empty.
func highest(versions []string) string {
	top := versions[0]
	for _, v := range versions[1:] {
		if c, ok := compareVersions(v, top); ok && c > 0 {
			top = v
		}
	}
	return top
}

// compareVersions compares two versions or simple constraints ("1.2.3",
// "v1.2.3", "^1.2", "~> 1.4", ">=2.0", "==2.31.0") by their numeric release
// parts, then their pre-release suffix (a version without one is higher).
// ok is false when either is not of that shape (a range, a git reference, a
// property placeholder) or when the pre-releases differ and cannot be
// ordered safely.
func compareVersions(a, b string) (c int, ok bool) {
	ra, pa, okA := splitVersion(a)
	rb, pb, okB := splitVersion(b)
	if !okA || !okB {
		return 0, false
	}
	for i := range max(len(ra), len(rb)) {
		var x, y int
		if i < len(ra) {
			x = ra[i]
		}
		if i < len(rb) {
			y = rb[i]
		}
		if x != y {
			return cmp.Compare(x, y), true
		}
	}
	switch {
	case pa == pb:
		return 0, true
	case pa == "":
		return 1, true
	case pb == "":
		return -1, true
	}
	return 0, false
}

// splitVersion parses "[op]v?N(.N)*[-+.]suffix" into its numeric parts and its
// suffix.
func splitVersion(s string) (release []int, pre string, ok bool) {
	s = strings.TrimSpace(s)
	for _, op := range []string{"~>", "~=", "==", ">=", "^", "~", "="} {
		if rest, found := strings.CutPrefix(s, op); found {
			s = strings.TrimSpace(rest)
			break
		}
	}
	s = strings.TrimPrefix(s, "v")
	for len(release) < 8 {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			return nil, "", false
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return nil, "", false
		}
		release = append(release, n)
		s = s[i:]
		if len(s) < 2 || s[0] != '.' || s[1] < '0' || s[1] > '9' {
			break
		}
		s = s[1:]
	}
	if s == "" {
		return release, "", true
	}
	if s[0] != '-' && s[0] != '+' && s[0] != '.' {
		return nil, "", false
	}
	if strings.ContainsAny(s, " ,<>|*") {
		return nil, "", false
	}
	if s[0] == '+' {
		return release, "", true // build metadata does not order versions
	}
	return release, s[1:], true
}
