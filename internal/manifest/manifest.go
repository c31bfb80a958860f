// Package manifest recognises and parses the package-manager manifests and
// lockfiles of ten ecosystems (npm, PyPI, Maven/Gradle, Go, Cargo, Composer,
// RubyGems, NuGet, CRAN and Hex).
//
// It owns the knowledge of which file names belong to which package manager
// and how each format is written. For every recognised file it reports the
// dependencies the file declares (manifests) or resolves (lockfiles), with the
// 1-based line that declares each one (and the licence a lockfile records for
// it, where the format has one), the package's own name, and the licence and
// author declarations of the package itself. It does no network access and
// resolves nothing: names, versions and licences are reported as written.
//
// Input is treated as untrusted: parsing never panics, recursion is bounded,
// regular expressions are RE2 (linear time), a file yields at most 200,000
// dependencies and every reported string is at most 512 bytes of valid UTF-8.
package manifest

import (
	"bytes"
	"fmt"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
	"slices"
	"strings"
	"unicode/utf8"
)

// Ecosystem names a package ecosystem (the registry a dependency name lives in).
type Ecosystem string

// The supported ecosystems. Gradle files belong to the Maven ecosystem.
const (
	NPM      Ecosystem = "npm"
	PyPI     Ecosystem = "pypi"
	Maven    Ecosystem = "maven"
	Go       Ecosystem = "go"
	Cargo    Ecosystem = "cargo"
	Composer Ecosystem = "composer"
	RubyGems Ecosystem = "rubygems"
	NuGet    Ecosystem = "nuget"
	CRAN     Ecosystem = "cran"
	Hex      Ecosystem = "hex"
)

// Kind tells a hand-written manifest from a generated lockfile.
type Kind string

// The kinds of recognised files.
const (
	// Manifest is a file in which developers declare direct dependencies
	// (package.json, pom.xml, go.mod, ...).
	Manifest Kind = "manifest"
	// Lockfile is a generated file listing every resolved package
	// (package-lock.json, Cargo.lock, go.sum, ...).
	Lockfile Kind = "lockfile"
)

// Dep is one dependency declared by a manifest or resolved by a lockfile.
type Dep struct {
	// Name is the ecosystem-native name: "lodash", "github.com/x/y",
	// "org.postgresql:postgresql", "requests".
	Name string
	// Version is the version or constraint as written ("^4.17.21", ">=2.0",
	// "1.2.3"), or "" if none is written.
	Version string
	// Line is the 1-based line of the file where the dependency is declared,
	// or 0 if unknown.
	Line int
	// Dev reports a development, test or optional scope: a dependency that a
	// default production install of the project does not need.
	Dev bool
	// Indirect reports a transitive dependency: a lockfile entry the project
	// does not require directly, or a go.mod "// indirect" requirement. It is
	// only set where the file records which dependencies are direct.
	Indirect bool
	// License is the licence the file records for this package, as written
	// (SPDX expression or name), or "". Only some lockfiles record one:
	// package-lock.json and npm-shrinkwrap.json (v2/v3), composer.lock and
	// renv.lock.
	License string
}

// Declared is a licence declaration exactly as written in a manifest, such as
// "MIT", "Apache License, Version 2.0", "(MIT OR Apache-2.0)", a classifier
// "License :: OSI Approved :: MIT License", or "file:LICENSE" for a manifest
// field that points at a licence file.
type Declared struct {
	Value string
	Line  int
}

// File is the parsed content of one manifest or lockfile.
type File struct {
	Path      string
	Ecosystem Ecosystem
	Kind      Kind
	// Name is the package's own name, if the file declares one.
	Name string
	// Namespace is the publisher's namespace the package is named in, if
	// the file declares one: a Maven groupId ("org.msh",
	// "com.github.someone").
	Namespace string
	// Deps lists dependencies in file order: the direct dependencies of a
	// manifest, or every resolved package of a lockfile (deduplicated by name
	// and version).
	Deps []Dep
	// Licenses lists the licence declarations of the package itself
	// (manifests only).
	Licenses []Declared
	// Authors lists the authors, organisation or copyright owners the
	// manifest declares, deduplicated, in file order.
	Authors []string
}

// SyntaxError reports malformed content in a manifest or lockfile.
type SyntaxError struct {
	Path string
	// Line is the 1-based line of the error, or 0 if unknown.
	Line int
	Msg  string
}

// Error returns "path:line: msg", or "path: msg" when the line is unknown.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Limits that keep hostile input from producing unbounded output.
const (
	maxDeps         = 200_000 // dependencies kept per file
	maxStringLen    = 512     // bytes kept of any reported string
	maxDeclarations = 1_000   // licences and authors kept per file
	maxNesting      = 256     // depth of the nested structures this package walks itself
)

// parseFunc fills the builder from the file's content.
type parseFunc func(b *builder, data []byte) error

// format describes one recognised kind of file.
type format struct {
	ecosystem Ecosystem
	kind      Kind
	parse     parseFunc
}

// formatsByName maps exact base names to their format.
var formatsByName = map[string]format{
	"package.json":             {NPM, Manifest, parsePackageJSON},
	"package-lock.json":        {NPM, Lockfile, parsePackageLock},
	"npm-shrinkwrap.json":      {NPM, Lockfile, parsePackageLock},
	"yarn.lock":                {NPM, Lockfile, parseYarnLock},
	"pnpm-lock.yaml":           {NPM, Lockfile, parsePnpmLock},
	"pyproject.toml":           {PyPI, Manifest, parsePyproject},
	"setup.cfg":                {PyPI, Manifest, parseSetupCfg},
	"setup.py":                 {PyPI, Manifest, parseSetupPy},
	"Pipfile":                  {PyPI, Manifest, parsePipfile},
	"poetry.lock":              {PyPI, Lockfile, parsePoetryLock},
	"Pipfile.lock":             {PyPI, Lockfile, parsePipfileLock},
	"uv.lock":                  {PyPI, Lockfile, parseUvLock},
	"pom.xml":                  {Maven, Manifest, parsePom},
	"build.gradle":             {Maven, Manifest, parseGradle},
	"build.gradle.kts":         {Maven, Manifest, parseGradle},
	"gradle.lockfile":          {Maven, Lockfile, parseGradleLockfile},
	"go.mod":                   {Go, Manifest, parseGoMod},
	"go.sum":                   {Go, Lockfile, parseGoSum},
	"Cargo.toml":               {Cargo, Manifest, parseCargoToml},
	"Cargo.lock":               {Cargo, Lockfile, parseCargoLock},
	"composer.json":            {Composer, Manifest, parseComposerJSON},
	"composer.lock":            {Composer, Lockfile, parseComposerLock},
	"Gemfile":                  {RubyGems, Manifest, parseGemfile},
	"Gemfile.lock":             {RubyGems, Lockfile, parseGemfileLock},
	"packages.config":          {NuGet, Manifest, parsePackagesConfig},
	"Directory.Packages.props": {NuGet, Manifest, parseDirectoryPackagesProps},
	"packages.lock.json":       {NuGet, Lockfile, parseNuGetLock},
	"DESCRIPTION":              {CRAN, Manifest, parseDescription},
	"renv.lock":                {CRAN, Lockfile, parseRenvLock},
	"mix.exs":                  {Hex, Manifest, parseMixExs},
	"mix.lock":                 {Hex, Lockfile, parseMixLock},
}

// formatsBySuffix maps base-name suffixes to their format.
var formatsBySuffix = []struct {
	suffix string
	format format
}{
	{".gemspec", format{RubyGems, Manifest, parseGemspec}},
	{".csproj", format{NuGet, Manifest, parseMSBuildProject}},
	{".fsproj", format{NuGet, Manifest, parseMSBuildProject}},
	{".vbproj", format{NuGet, Manifest, parseMSBuildProject}},
	{".nuspec", format{NuGet, Manifest, parseNuspec}},
}

// lookupFormat finds the format of path from its base name (and, for
// requirements/*.txt, its parent directory).
func lookupFormat(path string) (format, bool) {
	dir, base := splitPath(path)
	if f, ok := formatsByName[base]; ok {
		return f, true
	}
	for _, s := range formatsBySuffix {
		if len(base) > len(s.suffix) && strings.HasSuffix(base, s.suffix) {
			return s.format, true
		}
	}
	if isRequirementsFile(dir, base) {
		return format{PyPI, Manifest, parseRequirementsFile(base)}, true
	}
	return format{}, false
}

// splitPath returns the last directory name and the base name of a slash- or
// backslash-separated path.
func splitPath(path string) (dir, base string) {
	i := strings.LastIndexAny(path, `/\`)
	base = path[i+1:]
	if i < 0 {
		return "", base
	}
	parent := path[:i]
	return parent[strings.LastIndexAny(parent, `/\`)+1:], base
}

// Recognize reports the ecosystem and kind of a file from its path's base name
// alone (plus the parent directory for requirements/*.txt). It is cheap enough
// to call on every file of a tree.
func Recognize(path string) (Ecosystem, Kind, bool) {
	f, ok := lookupFormat(path)
	if !ok {
		return "", "", false
	}
	return f.ecosystem, f.kind, true
}

// Parse parses a file recognised by [Recognize]. data may be as large as the
// caller allows (lockfiles up to 32 MiB). Malformed content yields a
// *SyntaxError; a path that Recognize does not accept yields a plain error.
// Parse never panics.
func Parse(path string, data []byte) (file *File, err error) {
	f, ok := lookupFormat(path)
	if !ok {
		return nil, fmt.Errorf("manifest: parse %s: not a recognised manifest or lockfile name", path)
	}
	defer func() {
		// A last line of defence: the parsers are fuzzed to not panic, but a
		// scanner of untrusted input must not take the whole process down.
		if r := recover(); r != nil {
			file, err = nil, &SyntaxError{Path: path, Msg: fmt.Sprintf("internal parser error: %v", r)}
		}
	}()
	return parseFormat(f, path, data)
}

// parseFormat runs one format's parser without recovering panics (the fuzz
// test calls it directly so that panics are found).
func parseFormat(f format, path string, data []byte) (*File, error) {
	b := newBuilder(path, f)
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if err := f.parse(b, data); err != nil {
		return nil, err
	}
	return b.file, nil
}

// builder accumulates a File while enforcing the output limits.
type builder struct {
	file *File
	// lockfile deduplicates identical (Name, Version) pairs.
	lockfile bool
	seen     map[depKey]int // index in file.Deps
	authors  map[string]bool
}

type depKey struct{ name, version string }

func newBuilder(path string, f format) *builder {
	return &builder{
		file:     &File{Path: path, Ecosystem: f.ecosystem, Kind: f.kind},
		lockfile: f.kind == Lockfile,
	}
}

// errorf returns a *SyntaxError for the file being parsed.
func (b *builder) errorf(line int, format string, args ...any) error {
	return &SyntaxError{Path: b.file.Path, Line: max(line, 0), Msg: fmt.Sprintf(format, args...)}
}

// full reports whether the dependency limit is reached.
func (b *builder) full() bool { return len(b.file.Deps) >= maxDeps }

// addDep records a dependency. Lockfile entries with a name and version already
// seen are merged: the entry stays Dev or Indirect only if every occurrence is,
// and keeps the first licence recorded.
func (b *builder) addDep(d Dep) {
	d.Name = clean(d.Name)
	d.Version = clean(d.Version)
	d.License = clean(d.License)
	d.Line = max(d.Line, 0)
	if d.Name == "" || b.full() {
		return
	}
	if b.lockfile {
		k := depKey{d.Name, d.Version}
		if i, ok := b.seen[k]; ok {
			prev := &b.file.Deps[i]
			prev.Dev = prev.Dev && d.Dev
			prev.Indirect = prev.Indirect && d.Indirect
			if prev.License == "" {
				prev.License = d.License
			}
			return
		}
		if b.seen == nil {
			b.seen = make(map[depKey]int)
		}
		b.seen[k] = len(b.file.Deps)
	}
	b.file.Deps = append(b.file.Deps, d)
}

// setName records the package's own name unless one is already set.
func (b *builder) setName(name string) {
	if b.file.Name == "" {
		b.file.Name = clean(name)
	}
}

// addLicense records a licence declaration of the package itself.
func (b *builder) addLicense(value string, line int) {
	value = clean(value)
	if value == "" || len(b.file.Licenses) >= maxDeclarations {
		return
	}
	b.file.Licenses = append(b.file.Licenses, Declared{Value: value, Line: max(line, 0)})
}

// addAuthor records an author, organisation or copyright owner once.
func (b *builder) addAuthor(name string) {
	name = clean(strings.Join(strings.Fields(name), " "))
	if name == "" || b.authors[name] || len(b.file.Authors) >= maxDeclarations {
		return
	}
	if b.authors == nil {
		b.authors = make(map[string]bool)
	}
	b.authors[name] = true
	b.file.Authors = append(b.file.Authors, name)
}

// sortByLine restores file order for parsers that visit sections out of order
// (the TOML parsers walk tables by name).
func (b *builder) sortByLine() {
	slices.SortStableFunc(b.file.Deps, func(x, y Dep) int { return x.Line - y.Line })
	slices.SortStableFunc(b.file.Licenses, func(x, y Declared) int { return x.Line - y.Line })
}

// clean trims s and bounds it to maxStringLen bytes of valid UTF-8.
func clean(s string) string {
	s = truncate(strings.TrimSpace(s))
	if !utf8.ValidString(s) {
		s = truncate(strings.ToValidUTF8(s, "\uFFFD"))
	}
	return s
}

// truncate cuts s to at most maxStringLen bytes at a rune boundary.
func truncate(s string) string { return textlimit.Cut(s, maxStringLen) }

// personName returns the name part of a "Name <email> (url)" string, the
// shorthand used by npm, Cargo and Poetry for people.
func personName(s string) string {
	if i := strings.IndexAny(s, "<("); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
