package depdiff

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/dpgcheck/dpgcheck/internal/manifest"
)

// file builds a parsed file; the ecosystem and kind come from the path.
func file(path string, deps ...manifest.Dep) *manifest.File {
	eco, kind, ok := manifest.Recognize(path)
	if !ok {
		panic("not a manifest: " + path)
	}
	return &manifest.File{Path: path, Ecosystem: eco, Kind: kind, Deps: deps}
}

// dep is a runtime, direct dependency.
func dep(name, version string, line int) manifest.Dep {
	return manifest.Dep{Name: name, Version: version, Line: line}
}

func devDep(name, version string, line int) manifest.Dep {
	d := dep(name, version, line)
	d.Dev = true
	return d
}

func lockDep(name, version string, line int, license string, indirect bool) manifest.Dep {
	return manifest.Dep{Name: name, Version: version, Line: line, License: license, Indirect: indirect}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		base, head []*manifest.File
		want       []Change
	}{
		{
			name: "added to a manifest",
			base: []*manifest.File{file("package.json", dep("react", "^18", 3))},
			head: []*manifest.File{file("package.json", dep("react", "^18", 3), dep("lodash", "^4.17.21", 4))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "lodash", Version: "^4.17.21", Kind: Added, Path: "package.json", Line: 4}},
		},
		{
			name: "added to manifest and lockfile is one change with the lockfile's licence",
			base: []*manifest.File{
				file("package.json", dep("react", "^18", 3)),
				file("package-lock.json", lockDep("react", "18.2.0", 10, "MIT", false)),
			},
			head: []*manifest.File{
				file("package.json", dep("react", "^18", 3), devDep("left-pad", "^1.3.0", 7)),
				file("package-lock.json", lockDep("left-pad", "1.3.0", 5, "WTFPL", false), lockDep("react", "18.2.0", 10, "MIT", false)),
			},
			want: []Change{{Ecosystem: manifest.NPM, Name: "left-pad", Version: "^1.3.0", Kind: Added, Path: "package.json", Line: 7, Dev: true, License: "WTFPL"}},
		},
		{
			name: "upgraded constraint in a manifest",
			base: []*manifest.File{file("go.mod", dep("github.com/google/uuid", "v1.5.0", 7))},
			head: []*manifest.File{file("go.mod", dep("github.com/google/uuid", "v1.6.0", 7))},
			want: []Change{{Ecosystem: manifest.Go, Name: "github.com/google/uuid", Version: "v1.6.0", Previous: "v1.5.0", Kind: Upgraded, Path: "go.mod", Line: 7}},
		},
		{
			name: "go.sum keeping the old version does not hide the go.mod upgrade",
			base: []*manifest.File{
				file("go.mod", dep("github.com/a/b", "v1.5.0", 5)),
				file("go.sum", dep("github.com/a/b", "v1.4.0", 1), dep("github.com/a/b", "v1.5.0", 3)),
			},
			head: []*manifest.File{
				file("go.mod", dep("github.com/a/b", "v1.6.0", 5)),
				file("go.sum", dep("github.com/a/b", "v1.4.0", 1), dep("github.com/a/b", "v1.5.0", 3), dep("github.com/a/b", "v1.6.0", 5)),
			},
			want: []Change{{Ecosystem: manifest.Go, Name: "github.com/a/b", Version: "v1.6.0", Previous: "v1.5.0", Kind: Upgraded, Path: "go.mod", Line: 5}},
		},
		{
			name: "lockfile-only upgrade is reported at the manifest with resolved versions",
			base: []*manifest.File{
				file("package.json", dep("lodash", "^4.17.0", 4)),
				file("package-lock.json", lockDep("lodash", "4.17.20", 20, "MIT", false)),
			},
			head: []*manifest.File{
				file("package.json", dep("lodash", "^4.17.0", 4)),
				file("package-lock.json", lockDep("lodash", "4.17.21", 20, "MIT", false)),
			},
			want: []Change{{Ecosystem: manifest.NPM, Name: "lodash", Version: "4.17.21", Previous: "4.17.20", Kind: Upgraded, Path: "package.json", Line: 4, License: "MIT"}},
		},
		{
			name: "a manifest upgrade takes the licence of the new locked version",
			base: []*manifest.File{
				file("package.json", dep("lodash", "^4.17.0", 4)),
				file("package-lock.json", lockDep("lodash", "4.17.21", 20, "MIT", false)),
			},
			head: []*manifest.File{
				file("package.json", dep("lodash", "^4.18.0", 4)),
				file("package-lock.json", lockDep("lodash", "4.17.21", 9, "MIT", true), lockDep("lodash", "4.18.1", 20, "MIT-0", false)),
			},
			want: []Change{{Ecosystem: manifest.NPM, Name: "lodash", Version: "^4.18.0", Previous: "^4.17.0", Kind: Upgraded, Path: "package.json", Line: 4, License: "MIT-0"}},
		},
		{
			name: "unchanged",
			base: []*manifest.File{file("Cargo.toml", dep("serde", "1.0", 3)), file("Cargo.lock", dep("serde", "1.0.193", 9))},
			head: []*manifest.File{file("Cargo.toml", dep("serde", "1.0", 4)), file("Cargo.lock", dep("serde", "1.0.193", 12))},
		},
		{
			name: "moved from dev to runtime at the same version is not a change",
			base: []*manifest.File{file("package.json", devDep("zod", "^3.22", 9))},
			head: []*manifest.File{file("package.json", dep("zod", "^3.22", 5))},
		},
		{
			name: "moved from runtime to dev with a new version is an upgrade in dev scope",
			base: []*manifest.File{file("package.json", dep("zod", "^3.21", 5))},
			head: []*manifest.File{file("package.json", devDep("zod", "^3.22", 9))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "zod", Version: "^3.22", Previous: "^3.21", Kind: Upgraded, Path: "package.json", Line: 9, Dev: true}},
		},
		{
			name: "listed in both scopes counts as runtime",
			head: []*manifest.File{file("package.json", dep("zod", "^3.22", 5), devDep("zod", "^3.22", 9))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "zod", Version: "^3.22", Kind: Added, Path: "package.json", Line: 5}},
		},
		{
			name: "monorepo sub-packages are compared separately",
			base: []*manifest.File{
				file("packages/a/package.json", dep("lodash", "^4", 3)),
			},
			head: []*manifest.File{
				file("packages/a/package.json", dep("lodash", "^4", 3)),
				file("packages/b/package.json", dep("lodash", "^4", 3)),
				file("package.json", devDep("lodash", "^4", 8)),
			},
			want: []Change{
				{Ecosystem: manifest.NPM, Name: "lodash", Version: "^4", Kind: Added, Path: "package.json", Line: 8, Dev: true},
				{Ecosystem: manifest.NPM, Name: "lodash", Version: "^4", Kind: Added, Path: "packages/b/package.json", Line: 3},
			},
		},
		{
			name: "same name in two ecosystems of one directory",
			base: []*manifest.File{file("package.json", dep("requests", "^1", 3))},
			head: []*manifest.File{file("package.json", dep("requests", "^1", 3)), file("requirements.txt", dep("requests", "==2.31.0", 1))},
			want: []Change{{Ecosystem: manifest.PyPI, Name: "requests", Version: "==2.31.0", Kind: Added, Path: "requirements.txt", Line: 1}},
		},
		{
			name: "lockfile-only transitive additions are Indirect and carry the licence",
			base: []*manifest.File{
				file("package.json", dep("express", "^4.18.0", 5)),
				file("package-lock.json", lockDep("express", "4.18.2", 10, "MIT", false)),
			},
			head: []*manifest.File{
				file("package.json", dep("express", "^4.18.0", 5)),
				file("package-lock.json",
					lockDep("accepts", "1.3.8", 4, "MIT", true),
					lockDep("express", "4.18.2", 10, "MIT", false),
					lockDep("side-channel", "1.0.4", 30, "", false), // not marked, but no manifest lists it
				),
			},
			want: []Change{
				{Ecosystem: manifest.NPM, Name: "accepts", Version: "1.3.8", Kind: Added, Path: "package-lock.json", Line: 4, Indirect: true, License: "MIT"},
				{Ecosystem: manifest.NPM, Name: "side-channel", Version: "1.0.4", Kind: Added, Path: "package-lock.json", Line: 30, Indirect: true},
			},
		},
		{
			name: "a lockfile without a manifest keeps its own direct marks",
			head: []*manifest.File{file("composer.lock", lockDep("a/b", "1.0.0", 3, "MIT OR GPL-2.0-or-later", false))},
			want: []Change{{Ecosystem: manifest.Composer, Name: "a/b", Version: "1.0.0", Kind: Added, Path: "composer.lock", Line: 3, License: "MIT OR GPL-2.0-or-later"}},
		},
		{
			name: "a dev-only transitive addition is Dev",
			base: []*manifest.File{file("package-lock.json", lockDep("x", "1.0.0", 3, "", false))},
			head: []*manifest.File{file("package-lock.json", lockDep("x", "1.0.0", 3, "", false), manifest.Dep{Name: "y", Version: "2.0.0", Line: 9, Dev: true, Indirect: true})},
			want: []Change{{Ecosystem: manifest.NPM, Name: "y", Version: "2.0.0", Kind: Added, Path: "package-lock.json", Line: 9, Dev: true, Indirect: true}},
		},
		{
			name: "a new version next to an old one in a lockfile is an upgrade",
			base: []*manifest.File{file("package-lock.json", lockDep("ms", "2.0.0", 5, "MIT", true))},
			head: []*manifest.File{file("package-lock.json", lockDep("ms", "2.0.0", 5, "MIT", true), lockDep("ms", "2.1.3", 40, "MIT", true))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "ms", Version: "2.1.3", Previous: "2.0.0", Kind: Upgraded, Path: "package-lock.json", Line: 40, Indirect: true, License: "MIT"}},
		},
		{
			name: "the licence is the new version's",
			base: []*manifest.File{file("package-lock.json", lockDep("ms", "1.0.0", 5, "MIT", false))},
			head: []*manifest.File{file("package-lock.json", lockDep("ms", "1.0.0", 5, "MIT", true), lockDep("ms", "2.0.0", 9, "BUSL-1.1", false))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "ms", Version: "2.0.0", Previous: "1.0.0", Kind: Upgraded, Path: "package-lock.json", Line: 9, License: "BUSL-1.1"}},
		},
		{
			name: "removed and downgraded dependencies are not reported",
			base: []*manifest.File{file("requirements.txt", dep("django", "==4.2.7", 1), dep("flask", "==3.0.0", 2), dep("six", ">=1.16", 3))},
			head: []*manifest.File{file("requirements.txt", dep("django", "==4.2.1", 1), dep("six", ">=1.15", 3))},
		},
		{
			name: "a version that is not comparable is an upgrade",
			base: []*manifest.File{file("pom.xml", dep("g:a", "${a.version}", 9))},
			head: []*manifest.File{file("pom.xml", dep("g:a", "1.0", 9))},
			want: []Change{{Ecosystem: manifest.Maven, Name: "g:a", Version: "1.0", Previous: "${a.version}", Kind: Upgraded, Path: "pom.xml", Line: 9}},
		},
		{
			name: "PyPI names compare as PEP 503 normalises them",
			base: []*manifest.File{file("requirements.txt", dep("PyYAML", "==6.0", 1), dep("typing_extensions", ">=4", 2))},
			head: []*manifest.File{
				file("pyproject.toml", dep("pyyaml", "==6.0", 10), dep("Typing.Extensions", ">=4", 11)),
				file("poetry.lock", dep("PyYAML", "6.0", 4), dep("typing-extensions", "4.8.0", 20)),
			},
		},
		{
			name: "a requirements directory belongs to the project above it",
			base: []*manifest.File{file("svc/requirements.txt", dep("flask", "==3.0.0", 1))},
			head: []*manifest.File{file("svc/requirements/base.txt", dep("flask", "==3.0.0", 1), dep("gunicorn", "==21.2.0", 2))},
			want: []Change{{Ecosystem: manifest.PyPI, Name: "gunicorn", Version: "==21.2.0", Kind: Added, Path: "svc/requirements/base.txt", Line: 2}},
		},
		{
			name: "an npm alias is matched to the lockfile's real name",
			head: []*manifest.File{
				file("package.json", dep("string-width-cjs", "npm:string-width@^4.2.0", 19)),
				file("package-lock.json", manifest.Dep{Name: "string-width", Version: "4.2.3", Line: 39, License: "MIT"}),
			},
			want: []Change{{Ecosystem: manifest.NPM, Name: "string-width", Version: "^4.2.0", Kind: Added, Path: "package.json", Line: 19, License: "MIT"}},
		},
		{
			name: "go.mod indirect requirements stay Indirect",
			head: []*manifest.File{file("go.mod", manifest.Dep{Name: "golang.org/x/sync", Version: "v0.5.0", Line: 11, Indirect: true})},
			want: []Change{{Ecosystem: manifest.Go, Name: "golang.org/x/sync", Version: "v0.5.0", Kind: Added, Path: "go.mod", Line: 11, Indirect: true}},
		},
		{
			name: "a lockfile added next to an existing manifest adds only what the manifest lacks",
			base: []*manifest.File{file("Gemfile", dep("rails", "~> 7.1", 3))},
			head: []*manifest.File{file("Gemfile", dep("rails", "~> 7.1", 3)), file("Gemfile.lock", dep("rails", "7.1.2", 30), dep("rack", "3.0.8", 20))},
			want: []Change{{Ecosystem: manifest.RubyGems, Name: "rack", Version: "3.0.8", Kind: Added, Path: "Gemfile.lock", Line: 20, Indirect: true}},
		},
		{
			name: "a dependency declared directly that was transitive is an upgrade when its version changed",
			base: []*manifest.File{file("package.json", dep("a", "^1", 3)), file("package-lock.json", lockDep("b", "1.0.0", 9, "", true))},
			head: []*manifest.File{file("package.json", dep("a", "^1", 3), dep("b", "^2", 4)), file("package-lock.json", lockDep("b", "2.0.0", 9, "ISC", false))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "b", Version: "2.0.0", Previous: "1.0.0", Kind: Upgraded, Path: "package.json", Line: 4, License: "ISC"}},
		},
		{
			name: "an unparsed base lockfile makes its packages look added",
			base: []*manifest.File{file("package.json", dep("a", "^1", 3)), nil},
			head: []*manifest.File{file("package.json", dep("a", "^1", 3)), file("package-lock.json", lockDep("a", "1.0.0", 5, "", false), lockDep("c", "1.0.0", 9, "", true))},
			want: []Change{{Ecosystem: manifest.NPM, Name: "c", Version: "1.0.0", Kind: Added, Path: "package-lock.json", Line: 9, Indirect: true}},
		},
		{
			name: "order is path, line, name",
			head: []*manifest.File{
				file("b/package.json", dep("z", "1", 2), dep("y", "1", 2), dep("x", "1", 1)),
				file("a/go.mod", dep("m", "v1.0.0", 9)),
			},
			want: []Change{
				{Ecosystem: manifest.Go, Name: "m", Version: "v1.0.0", Kind: Added, Path: "a/go.mod", Line: 9},
				{Ecosystem: manifest.NPM, Name: "x", Version: "1", Kind: Added, Path: "b/package.json", Line: 1},
				{Ecosystem: manifest.NPM, Name: "y", Version: "1", Kind: Added, Path: "b/package.json", Line: 2},
				{Ecosystem: manifest.NPM, Name: "z", Version: "1", Kind: Added, Path: "b/package.json", Line: 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Diff(tt.base, tt.head)
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiffParsed runs Diff on files parsed from real formats.
func TestDiffParsed(t *testing.T) {
	t.Parallel()
	parse := func(path, content string) *manifest.File {
		t.Helper()
		f, err := manifest.Parse(path, []byte(content))
		if err != nil {
			t.Fatalf("Parse(%s): %v", path, err)
		}
		return f
	}
	base := []*manifest.File{
		parse("web/package.json", `{
  "dependencies": {"lodash": "^4.17.0"},
  "devDependencies": {"typescript": "^5.2.0"}
}`),
		parse("web/package-lock.json", `{
  "lockfileVersion": 3,
  "packages": {
    "": {"dependencies": {"lodash": "^4.17.0"}, "devDependencies": {"typescript": "^5.2.0"}},
    "node_modules/lodash": {"version": "4.17.20", "license": "MIT"},
    "node_modules/typescript": {"version": "5.2.2", "dev": true, "license": "Apache-2.0"}
  }
}`),
	}
	head := []*manifest.File{
		parse("web/package.json", `{
  "dependencies": {"lodash": "^4.17.0", "left-pad": "^1.3.0"},
  "devDependencies": {"typescript": "^5.2.0"}
}`),
		parse("web/package-lock.json", `{
  "lockfileVersion": 3,
  "packages": {
    "": {"dependencies": {"lodash": "^4.17.0", "left-pad": "^1.3.0"}, "devDependencies": {"typescript": "^5.2.0"}},
    "node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL"},
    "node_modules/left-pad/node_modules/tiny": {"version": "0.1.0", "license": {"type": "ISC"}},
    "node_modules/lodash": {"version": "4.17.21", "license": "MIT"},
    "node_modules/typescript": {"version": "5.2.2", "dev": true, "license": "Apache-2.0"}
  }
}`),
	}
	want := []Change{
		{Ecosystem: manifest.NPM, Name: "tiny", Version: "0.1.0", Kind: Added, Path: "web/package-lock.json", Line: 6, Indirect: true, License: "ISC"},
		{Ecosystem: manifest.NPM, Name: "left-pad", Version: "^1.3.0", Kind: Added, Path: "web/package.json", Line: 2, License: "WTFPL"},
		{Ecosystem: manifest.NPM, Name: "lodash", Version: "4.17.21", Previous: "4.17.20", Kind: Upgraded, Path: "web/package.json", Line: 2, License: "MIT"},
	}
	if diff := gocmp.Diff(want, Diff(base, head)); diff != "" {
		t.Errorf("Diff mismatch (-want +got):\n%s", diff)
	}
	if got := Diff(head, head); len(got) != 0 {
		t.Errorf("Diff(head, head) = %+v, want none", got)
	}
}

func TestDiffCap(t *testing.T) {
	t.Parallel()
	deps := make([]manifest.Dep, MaxChanges+25)
	for i := range deps {
		deps[i] = lockDep(fmt.Sprintf("pkg-%06d", i), "1.0.0", i+1, "", true)
	}
	head := []*manifest.File{file("package-lock.json", deps...)}
	got, omitted := DiffCount(nil, head)
	if len(got) != MaxChanges || omitted != 25 {
		t.Fatalf("DiffCount returned %d changes, %d omitted; want %d and 25", len(got), omitted, MaxChanges)
	}
	if got[0].Name != "pkg-000000" || got[MaxChanges-1].Name != fmt.Sprintf("pkg-%06d", MaxChanges-1) {
		t.Errorf("DiffCount kept %s..%s, want the first changes in order", got[0].Name, got[MaxChanges-1].Name)
	}
	if n := len(Diff(nil, head)); n != MaxChanges {
		t.Errorf("len(Diff) = %d, want %d", n, MaxChanges)
	}
	if _, omitted := DiffCount(nil, []*manifest.File{file("package.json", dep("a", "1", 1))}); omitted != 0 {
		t.Errorf("omitted = %d for one change, want 0", omitted)
	}
}

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
		ok   bool
	}{
		{"1.2.3", "1.2.3", 0, true},
		{"1.10.0", "1.9.9", 1, true},
		{"v1.5.0", "v1.6.0", -1, true},
		{"^4.18.0", "^4.17.21", 1, true},
		{"~> 1.4", "~> 1.3.9", 1, true},
		{"==2.31.0", "==2.31", 0, true},
		{">=2.0", ">=1.9", 1, true},
		{"1.0.0-rc.1", "1.0.0", -1, true},
		{"1.0.0+build.5", "1.0.0", 0, true},
		{"v0.0.0-20230101000000-abcdef", "v0.0.0-20240101000000-abcdef", 0, false},
		{"1.15.5-x86_64-linux", "1.15.4", 1, true},
		{">=2.0,<3", "2.0", 0, false},
		{"${a.version}", "1.0", 0, false},
		{"*", "1", 0, false},
		{"", "1", 0, false},
		{"latest", "1", 0, false},
		{"99999999999999999999", "1", 0, false},
	}
	for _, tt := range tests {
		got, ok := compareVersions(tt.a, tt.b)
		if got != tt.want || ok != tt.ok {
			t.Errorf("compareVersions(%q, %q) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzDiff parses arbitrary bytes as the package.json and package-lock.json of
// a base and a head tree (the head also has a copy of its manifest in a
// sub-package) and checks Diff's invariants.
func FuzzDiff(f *testing.F) {
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		return data
	}
	pj := read("../manifest/testdata/npm/package.json")
	for _, pl := range [][]byte{read("../manifest/testdata/npm/package-lock.json"), read("../manifest/testdata/npm-v1/npm-shrinkwrap.json")} {
		f.Add(pj, pl, pj, pl)
		f.Add([]byte(nil), []byte(nil), pj, pl)
		f.Add(pj, pl, []byte(`{"dependencies": {"lodash": "^5"}}`), []byte(nil))
	}
	f.Add([]byte(`{"dependencies": {"a": "1.0.0"}}`), []byte(`{"packages": {"node_modules/a": {"version": "1.0.0"}}}`),
		[]byte(`{"dependencies": {"a": "^2", "b": "npm:c@1"}, "devDependencies": {"a": "0.1"}}`),
		[]byte(`{"packages": {"node_modules/a": {"version": "2.0.0", "license": "MIT"}, "node_modules/a/node_modules/a": {"version": "0.9.0"}, "node_modules/c": {"version": "1.0.0"}}}`))
	f.Fuzz(func(t *testing.T, baseManifest, baseLock, headManifest, headLock []byte) {
		parse := func(path string, data []byte) *manifest.File {
			file, err := manifest.Parse(path, data)
			if err != nil {
				return nil // Diff is given what parsed
			}
			return file
		}
		base := []*manifest.File{parse("package.json", baseManifest), parse("package-lock.json", baseLock)}
		head := []*manifest.File{parse("package.json", headManifest), parse("package-lock.json", headLock), parse("sub/package.json", headManifest)}

		changes, omitted := DiffCount(base, head)
		if len(changes) > MaxChanges || omitted < 0 || (omitted > 0 && len(changes) != MaxChanges) {
			t.Fatalf("%d changes, %d omitted", len(changes), omitted)
		}
		if !slices.IsSortedFunc(changes, func(x, y Change) int {
			return cmp.Or(strings.Compare(x.Path, y.Path), cmp.Compare(x.Line, y.Line), strings.Compare(x.Name, y.Name))
		}) {
			t.Fatalf("changes are not in path, line, name order: %+v", changes)
		}
		baseIndex := index(base)
		seen := map[key]bool{}
		for _, c := range changes {
			// The change refers to a dependency its head file lists.
			var at *manifest.File
			for _, h := range head {
				if h != nil && h.Path == c.Path {
					at = h
				}
			}
			if at == nil || at.Ecosystem != c.Ecosystem {
				t.Fatalf("change %+v refers to no head file", c)
			}
			listed := slices.ContainsFunc(at.Deps, func(d manifest.Dep) bool {
				name, _ := npmAlias(d.Name, d.Version)
				return name == c.Name && d.Line == c.Line
			})
			if !listed {
				t.Fatalf("change %+v: %s lists no %q at line %d", c, c.Path, c.Name, c.Line)
			}
			// Its version is one the head lists for it in that directory.
			k := key{group: group{dir: dirOf(at), eco: c.Ecosystem}, name: normalizeName(c.Ecosystem, c.Name)}
			found := false
			for _, h := range head {
				if h == nil || dirOf(h) != k.dir {
					continue
				}
				for _, d := range h.Deps {
					name, version := npmAlias(d.Name, d.Version)
					if name == c.Name && version == c.Version {
						found = true
					}
				}
			}
			if !found {
				t.Fatalf("change %+v: no head file of %s lists version %q", c, k.dir, c.Version)
			}
			if seen[k] {
				t.Fatalf("dependency %v reported twice", k)
			}
			seen[k] = true
			switch c.Kind {
			case Added:
				if baseIndex.deps[k] != nil {
					t.Fatalf("change %+v is added but the base lists it", c)
				}
			case Upgraded:
				if baseIndex.deps[k] == nil {
					t.Fatalf("change %+v is upgraded but the base does not list it", c)
				}
			default:
				t.Fatalf("change %+v has kind %q", c, c.Kind)
			}
		}
		if same := Diff(head, head); len(same) != 0 {
			t.Fatalf("Diff(head, head) = %+v, want none", same)
		}
		for _, c := range Diff(nil, head) {
			if c.Kind != Added {
				t.Fatalf("Diff(nil, head) has %+v, want only additions", c)
			}
		}
	})
}
