package manifest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestRecognize(t *testing.T) {
	t.Parallel()
	type result struct {
		Ecosystem Ecosystem
		Kind      Kind
		OK        bool
	}
	tests := []struct {
		path string
		want result
	}{
		{"package.json", result{NPM, Manifest, true}},
		{"web/package-lock.json", result{NPM, Lockfile, true}},
		{"npm-shrinkwrap.json", result{NPM, Lockfile, true}},
		{"a/b/yarn.lock", result{NPM, Lockfile, true}},
		{"pnpm-lock.yaml", result{NPM, Lockfile, true}},
		{"requirements.txt", result{PyPI, Manifest, true}},
		{"requirements-dev.txt", result{PyPI, Manifest, true}},
		{"requirements_test.txt", result{PyPI, Manifest, true}},
		{"requirements/base.txt", result{PyPI, Manifest, true}},
		{`requirements\prod.txt`, result{PyPI, Manifest, true}},
		{"pyproject.toml", result{PyPI, Manifest, true}},
		{"setup.cfg", result{PyPI, Manifest, true}},
		{"setup.py", result{PyPI, Manifest, true}},
		{"Pipfile", result{PyPI, Manifest, true}},
		{"poetry.lock", result{PyPI, Lockfile, true}},
		{"Pipfile.lock", result{PyPI, Lockfile, true}},
		{"uv.lock", result{PyPI, Lockfile, true}},
		{"pom.xml", result{Maven, Manifest, true}},
		{"app/build.gradle", result{Maven, Manifest, true}},
		{"build.gradle.kts", result{Maven, Manifest, true}},
		{"gradle.lockfile", result{Maven, Lockfile, true}},
		{"go.mod", result{Go, Manifest, true}},
		{"go.sum", result{Go, Lockfile, true}},
		{"Cargo.toml", result{Cargo, Manifest, true}},
		{"Cargo.lock", result{Cargo, Lockfile, true}},
		{"composer.json", result{Composer, Manifest, true}},
		{"composer.lock", result{Composer, Lockfile, true}},
		{"Gemfile", result{RubyGems, Manifest, true}},
		{"acme.gemspec", result{RubyGems, Manifest, true}},
		{"Gemfile.lock", result{RubyGems, Lockfile, true}},
		{"src/App.csproj", result{NuGet, Manifest, true}},
		{"Lib.fsproj", result{NuGet, Manifest, true}},
		{"Lib.vbproj", result{NuGet, Manifest, true}},
		{"Lib.nuspec", result{NuGet, Manifest, true}},
		{"packages.config", result{NuGet, Manifest, true}},
		{"Directory.Packages.props", result{NuGet, Manifest, true}},
		{"packages.lock.json", result{NuGet, Lockfile, true}},
		{"DESCRIPTION", result{CRAN, Manifest, true}},
		{"renv.lock", result{CRAN, Lockfile, true}},
		{"mix.exs", result{Hex, Manifest, true}},
		{"mix.lock", result{Hex, Lockfile, true}},
		// Not recognised.
		{"PACKAGE.JSON", result{}},
		{"gemfile", result{}},
		{".gemspec", result{}},
		{"docs/requirements.md", result{}},
		{"notes.txt", result{}},
		{"package.json.bak", result{}},
		{"pom.xml/", result{}},
		{"", result{}},
	}
	for _, tt := range tests {
		eco, kind, ok := Recognize(tt.path)
		if diff := cmp.Diff(tt.want, result{eco, kind, ok}); diff != "" {
			t.Errorf("Recognize(%q) mismatch (-want +got):\n%s", tt.path, diff)
		}
	}
}

func TestParseUnrecognised(t *testing.T) {
	t.Parallel()
	_, err := Parse("README.md", []byte("# hi"))
	var se *SyntaxError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("Parse(README.md) error = %v, want a plain (non-syntax) error", err)
	}
}

func TestSyntaxErrorString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *SyntaxError
		want string
	}{
		{&SyntaxError{Path: "a/package.json", Line: 3, Msg: "invalid JSON: x"}, "a/package.json:3: invalid JSON: x"},
		{&SyntaxError{Path: "go.sum", Msg: "bad"}, "go.sum: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path     string
		content  string
		wantLine int
		wantMsg  string // substring of Msg
	}{
		{"package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": {\n    \"a\": \"1\",\n  }\n}\n", 5, "invalid JSON"},
		{"package.json", "{\n  \"name\": \"x\"\n", 2, "invalid JSON"},
		{"package.json", "[1, 2]\n", 1, "not a JSON object"},
		{"composer.lock", "\n\n\"just a string\"", 3, "not a JSON object"},
		{"packages.lock.json", "{\"dependencies\": {\"net8.0\": {\"A\": {\"type\": Direct}}}}", 1, "invalid JSON"},
		{"Pipfile.lock", "{\n\"default\": {\n\"a\": {\"version\": \"==1\"}\n},\n\"develop\": {\"b\": 1,}\n}", 5, "invalid JSON"},
		{"pom.xml", "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n", 4, "invalid XML"},
		{"pom.xml", "", 0, "no root element"},
		{"App.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"a\" Version=\"1\">\n", 4, "invalid XML"},
		{"packages.config", "<packages>\n  <package id=\"a\" version=\"1\" x=/>\n</packages>", 2, "invalid XML"},
		{"Cargo.toml", "[package]\nname = \"x\"\n\n[dependencies]\nserde = { version = \"1\"\n", 5, "invalid TOML"},
		{"pyproject.toml", "[project]\nname = \"x\"\nname = \"y\"\n", 3, "already defined"},
		{"Cargo.toml", "[package]\nname = \"x\"\n\n[dependencies]\na = \"1\"\n\n[package]\n", 7, "invalid TOML"},
		{"Cargo.toml", "[dependencies]\na = \"1\"\n[dependencies.a]\nversion = \"2\"\n", 3, "invalid TOML"},
		{"uv.lock", "package = []\n[[package]]\nname = \"a\"\n", 2, "invalid TOML"},
		{"poetry.lock", "[[package]]\nname = \"a\"\nversion = 1.2.3\n", 3, "invalid TOML"},
		{"Cargo.lock", "x = " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n", 1, "nested more than"},
		{"Cargo.toml", "[package]\n" + strings.Repeat("a.", 200) + "b = 1\n", 2, "more than 128 parts"},
		{"Cargo.toml", "[" + strings.Repeat("a.", 200) + "b]\n", 1, "more than 128 parts"},
		{"poetry.lock", "[[package]]\nname = \"a\"\noptional = false\nversion = 1.2.3\n", 4, "invalid value"},
		{"Cargo.toml", "[package]\nname = \"a\"\n\n[package.metadata]\nx = 1\n\n\n[package]\n", 8, "already defined"},
		{"pyproject.toml", "[project]\nauthors = {name = \"a\"}\nauthors.email = \"b\"\n", 3, "already defined"},
		{"pyproject.toml", "[tool]\npoetry.name = \"a\"\n[tool.poetry]\n", 3, "already defined"},
		{"Pipfile", "[packages]\nflask = \"*\n", 2, "invalid TOML"},
		{"pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: x\n      b: 2\n", 5, "invalid YAML"},
		{"pnpm-lock.yaml", "packages:\n\ta: 1\n", 2, "invalid YAML"},
		{"pnpm-lock.yaml", "- a\n- b\n", 1, "not a mapping"},
		{"go.mod", "module x\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d\n)\n", 5, "usage: require"},
		{"go.mod", "module x\nrequire (\n\ta v1\n", 2, "not closed"},
		{"go.mod", "module a b\n", 1, "usage: module"},
		{"go.sum", "github.com/a/b v1.0.0 h1:abc=\ngarbage\n", 2, "invalid go.sum"},
		{"DESCRIPTION", "Package: x\nnot a field\n", 2, "invalid DESCRIPTION"},
		{"DESCRIPTION", "  leading continuation\n", 1, "continuation line"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.path, []byte(tt.content))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%s, %q) error = %v, want *SyntaxError", tt.path, tt.content, err)
			continue
		}
		if se.Path != tt.path || se.Line != tt.wantLine || !strings.Contains(se.Msg, tt.wantMsg) {
			t.Errorf("Parse(%s, %q) = %q (line %d), want line %d and message containing %q",
				tt.path, tt.content, se.Error(), se.Line, tt.wantLine, tt.wantMsg)
		}
	}
}

// TestParseCases covers variants that the realistic fixtures do not.
func TestParseCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		path    string
		content string
		want    *File
	}{
		{
			name: "package.json legacy licence forms and author object",
			path: "package.json",
			content: `{
  "name": "old",
  "license": {"type": "MIT", "url": "https://opensource.org/licenses/MIT"},
  "licenses": [
    {"type": "GPL-2.0"},
    "ISC"
  ],
  "author": {"name": "Ann Author", "email": "ann@example.org"},
  "dependencies": ["not", "an", "object"],
  "devDependencies": {"tap": 12}
}`,
			want: &File{Path: "package.json", Ecosystem: NPM, Kind: Manifest, Name: "old",
				Deps:     []Dep{{Name: "tap", Line: 10, Dev: true}},
				Licenses: []Declared{{Value: "MIT", Line: 3}, {Value: "GPL-2.0", Line: 5}, {Value: "ISC", Line: 6}},
				Authors:  []string{"Ann Author"},
			},
		},
		{
			name:    "package.json with escapes in keys and a BOM",
			path:    "package.json",
			content: "\xEF\xBB\xBF{\"dependencies\": {\"\\u0061b\": \"1.0.0\"}}",
			want: &File{Path: "package.json", Ecosystem: NPM, Kind: Manifest,
				Deps: []Dep{{Name: "ab", Version: "1.0.0", Line: 1}},
			},
		},
		{
			name: "pyproject licence file and poetry multiple constraints",
			path: "pyproject.toml",
			content: `[project]
name = "p"
license = {file = "LICENSE.txt"}

[tool.poetry.dependencies]
python = "^3.9"
numpy = [
  {version = "<1.25", python = "<3.9"},
  {version = "^1.25", python = ">=3.9"},
]
`,
			want: &File{Path: "pyproject.toml", Ecosystem: PyPI, Kind: Manifest, Name: "p",
				Deps:     []Dep{{Name: "numpy", Version: "<1.25", Line: 7}},
				Licenses: []Declared{{Value: "file:LICENSE.txt", Line: 3}},
			},
		},
		{
			name: "pyproject PEP 639 licence string and uv dev dependencies",
			path: "pyproject.toml",
			content: `[project]
name = "q"
license = "MIT AND (Apache-2.0 OR BSD-2-Clause)"
dependencies = ["attrs"]

[tool.uv]
dev-dependencies = ["pytest>=8"]
`,
			want: &File{Path: "pyproject.toml", Ecosystem: PyPI, Kind: Manifest, Name: "q",
				Deps: []Dep{
					{Name: "attrs", Line: 4},
					{Name: "pytest", Version: ">=8", Line: 7, Dev: true},
				},
				Licenses: []Declared{{Value: "MIT AND (Apache-2.0 OR BSD-2-Clause)", Line: 3}},
			},
		},
		{
			name:    "requirements in a requirements directory, dev by name",
			path:    "requirements/test.txt",
			content: "pytest\r\ncoverage[toml]>=7 # comment\r\n",
			want: &File{Path: "requirements/test.txt", Ecosystem: PyPI, Kind: Manifest,
				Deps: []Dep{{Name: "pytest", Line: 1, Dev: true}, {Name: "coverage", Version: ">=7", Line: 2, Dev: true}},
			},
		},
		{
			name: "gemspec with %w licences, multi-line authors and a parenthesised call",
			path: "x.gemspec",
			content: `Gem::Specification.new do |s|
  s.name = 'x'
  s.licenses = %w[MIT Ruby]
  s.authors = [
    'Ann',
    'Bob'
  ]
  s.add_dependency('json', '>= 2')
end
`,
			want: &File{Path: "x.gemspec", Ecosystem: RubyGems, Kind: Manifest, Name: "x",
				Deps:     []Dep{{Name: "json", Version: ">= 2", Line: 8}},
				Licenses: []Declared{{Value: "MIT", Line: 3}, {Value: "Ruby", Line: 3}},
				Authors:  []string{"Ann", "Bob"},
			},
		},
		{
			name: "Gemfile inline group arrays and hash rockets",
			path: "Gemfile",
			content: `gem "a", groups: [:development, :test]
gem "b", :group => :test
gem "c", group: [:test, :production]
`,
			want: &File{Path: "Gemfile", Ecosystem: RubyGems, Kind: Manifest,
				Deps: []Dep{{Name: "a", Line: 1, Dev: true}, {Name: "b", Line: 2, Dev: true}, {Name: "c", Line: 3}},
			},
		},
		{
			name: "DESCRIPTION with an Author field and a multi-line licence",
			path: "DESCRIPTION",
			content: `Package: old
Author: Ann Author [aut, cre],
  Bob Builder [ctb]
License: GPL-2 |
  GPL-3
Depends: R (>= 3.5), methods
`,
			want: &File{Path: "DESCRIPTION", Ecosystem: CRAN, Kind: Manifest, Name: "old",
				Deps:     []Dep{{Name: "methods", Line: 6}},
				Licenses: []Declared{{Value: "GPL-2 | GPL-3", Line: 4}},
				Authors:  []string{"Ann Author [aut, cre], Bob Builder [ctb]"},
			},
		},
		{
			name: "nuspec licence file and licenseUrl",
			path: "a.nuspec",
			content: `<package><metadata>
<id>A</id>
<license type="file">LICENSE.md</license>
<licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>
</metadata></package>`,
			want: &File{Path: "a.nuspec", Ecosystem: NuGet, Kind: Manifest, Name: "A",
				Licenses: []Declared{{Value: "file:LICENSE.md", Line: 3}, {Value: "https://aka.ms/deprecateLicenseUrl", Line: 4}},
			},
		},
		{
			name: "pom in Latin-1 with a licence comment",
			path: "pom.xml",
			content: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project>\n<artifactId>caf\xe9</artifactId>\n" +
				"<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency></dependencies>\n</project>\n",
			want: &File{Path: "pom.xml", Ecosystem: Maven, Kind: Manifest, Name: "café",
				Deps: []Dep{{Name: "g:a", Version: "1", Line: 4}},
			},
		},
		{
			name:    "csproj in UTF-16",
			path:    "a.csproj",
			content: utf16LE("<Project>\r\n<ItemGroup>\r\n<PackageReference Include=\"A\" Version=\"1.0\" />\r\n</ItemGroup>\r\n</Project>"),
			want: &File{Path: "a.csproj", Ecosystem: NuGet, Kind: Manifest,
				Deps: []Dep{{Name: "A", Version: "1.0", Line: 3}},
			},
		},
		{
			name: "yarn v1 with unquoted scoped keys and duplicates merged",
			path: "yarn.lock",
			content: `# yarn lockfile v1

"@s/a@^1.0.0":
  version "1.2.0"

"@s/a@^1.1.0":
  version "1.2.0"
`,
			want: &File{Path: "yarn.lock", Ecosystem: NPM, Kind: Lockfile,
				Deps: []Dep{{Name: "@s/a", Version: "1.2.0", Line: 3}},
			},
		},
		{
			name: "mix.exs without a deps function",
			path: "mix.exs",
			content: `defmodule X.MixProject do
  def project, do: [app: :x, deps: [{:plug, "~> 1.15"}, {:dialyxir, "~> 1.4", only: :dev}]]
end
`,
			want: &File{Path: "mix.exs", Ecosystem: Hex, Kind: Manifest, Name: "x",
				Deps: []Dep{{Name: "plug", Version: "~> 1.15", Line: 2}, {Name: "dialyxir", Version: "~> 1.4", Line: 2, Dev: true}},
			},
		},
		{
			name: "package-lock v3 licences: string, legacy object, missing, and merged duplicates",
			path: "package-lock.json",
			content: `{
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "license": "ISC", "dependencies": {"a": "^1", "b": "^2", "c": "^3"}},
    "node_modules/a": {"version": "1.0.0", "license": "(MIT OR Apache-2.0)"},
    "node_modules/b": {"version": "2.0.0", "license": {"type": "BSD-3-Clause", "url": "https://x"}},
    "node_modules/c": {"version": "3.0.0"},
    "node_modules/c/node_modules/d": {"version": "1.0.0", "license": ["MIT"]},
    "node_modules/b/node_modules/e": {"version": "1.0.0"},
    "node_modules/c/node_modules/e": {"version": "1.0.0", "license": "UNLICENSED"}
  }
}`,
			want: &File{Path: "package-lock.json", Ecosystem: NPM, Kind: Lockfile,
				Deps: []Dep{
					{Name: "a", Version: "1.0.0", Line: 5, License: "(MIT OR Apache-2.0)"},
					{Name: "b", Version: "2.0.0", Line: 6, License: "BSD-3-Clause"},
					{Name: "c", Version: "3.0.0", Line: 7},
					{Name: "d", Version: "1.0.0", Line: 8, Indirect: true},
					{Name: "e", Version: "1.0.0", Line: 9, Indirect: true, License: "UNLICENSED"},
				},
			},
		},
		{
			name: "package-lock v1 records no licences",
			path: "npm-shrinkwrap.json",
			content: `{"lockfileVersion": 1, "dependencies": {
  "a": {"version": "1.0.0", "license": "MIT"}
}}`,
			want: &File{Path: "npm-shrinkwrap.json", Ecosystem: NPM, Kind: Lockfile,
				Deps: []Dep{{Name: "a", Version: "1.0.0", Line: 2}},
			},
		},
		{
			name: "composer.lock licence arrays joined with OR",
			path: "composer.lock",
			content: `{
  "packages": [
    {"name": "a/dual", "version": "1.0.0", "license": ["MIT", "GPL-2.0-or-later"]},
    {"name": "a/expr", "version": "1.0.0", "license": ["LGPL-2.1-only", "GPL-3.0-only AND MIT"]},
    {"name": "a/string", "version": "1.0.0", "license": "proprietary"},
    {"name": "a/empty", "version": "1.0.0", "license": []},
    {"name": "a/odd", "version": "1.0.0", "license": [7, " ", "BSD-3-Clause"]}
  ],
  "packages-dev": [
    {"name": "a/dev", "version": "2.0.0", "license": ["BSD-3-Clause"]}
  ]
}`,
			want: &File{Path: "composer.lock", Ecosystem: Composer, Kind: Lockfile,
				Deps: []Dep{
					{Name: "a/dual", Version: "1.0.0", Line: 3, License: "MIT OR GPL-2.0-or-later"},
					{Name: "a/expr", Version: "1.0.0", Line: 4, License: "LGPL-2.1-only OR GPL-3.0-only AND MIT"},
					{Name: "a/string", Version: "1.0.0", Line: 5, License: "proprietary"},
					{Name: "a/empty", Version: "1.0.0", Line: 6},
					{Name: "a/odd", Version: "1.0.0", Line: 7, License: "BSD-3-Clause"},
					{Name: "a/dev", Version: "2.0.0", Line: 10, Dev: true, License: "BSD-3-Clause"},
				},
			},
		},
		{
			name: "renv.lock with DESCRIPTION fields",
			path: "renv.lock",
			content: `{
  "Packages": {
    "cli": {"Package": "cli", "Version": "3.6.3", "License": "MIT + file LICENSE"},
    "sf": {"Package": "sf", "Version": "1.0-16", "License": "GPL-2 | MIT + file LICENSE"},
    "old": {"Package": "old", "Version": "0.1"}
  }
}`,
			want: &File{Path: "renv.lock", Ecosystem: CRAN, Kind: Lockfile,
				Deps: []Dep{
					{Name: "cli", Version: "3.6.3", Line: 3, License: "MIT + file LICENSE"},
					{Name: "sf", Version: "1.0-16", Line: 4, License: "GPL-2 | MIT + file LICENSE"},
					{Name: "old", Version: "0.1", Line: 5},
				},
			},
		},
		{
			name:    "empty go.mod",
			path:    "go.mod",
			content: "",
			want:    &File{Path: "go.mod", Ecosystem: Go, Kind: Manifest},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.path, []byte(tt.content))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.path, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// utf16LE encodes ASCII s as UTF-16LE with a byte order mark.
func utf16LE(s string) string {
	out := []byte{0xFF, 0xFE}
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return string(out)
}

func TestLimits(t *testing.T) {
	t.Parallel()
	t.Run("strings are truncated to valid UTF-8", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("é", 400) // 800 bytes
		data := fmt.Sprintf(`{"name": %q, "license": "MIT`+"\xff"+`", "dependencies": {%q: %q}}`, long, long, long)
		f, err := Parse("package.json", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{f.Name, f.Deps[0].Name, f.Deps[0].Version, f.Licenses[0].Value} {
			if len(s) > maxStringLen || !utf8.ValidString(s) {
				t.Errorf("string of %d bytes (valid UTF-8: %v), want at most %d bytes of valid UTF-8", len(s), utf8.ValidString(s), maxStringLen)
			}
		}
		if want := strings.Repeat("é", 256); f.Name != want {
			t.Errorf("Name = %d bytes, want %d bytes", len(f.Name), len(want))
		}
	})
	t.Run("dependencies are capped", func(t *testing.T) {
		t.Parallel()
		var sb strings.Builder
		for i := range maxDeps + 10 {
			fmt.Fprintf(&sb, "pkg%d==1.0\n", i)
		}
		f, err := Parse("requirements.txt", []byte(sb.String()))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Deps) != maxDeps {
			t.Errorf("len(Deps) = %d, want %d", len(f.Deps), maxDeps)
		}
	})
	t.Run("deep JSON nesting is bounded", func(t *testing.T) {
		t.Parallel()
		deep := `{"dependencies":` + strings.Repeat(`{"a":{"version":"1","dependencies":`, 2000) + `{}` + strings.Repeat(`}}`, 2000) + `}`
		f, err := Parse("package-lock.json", []byte(deep))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Deps) != 1 { // identical nested entries are merged
			t.Errorf("len(Deps) = %d, want 1", len(f.Deps))
		}
	})
}

// fuzzNames are the file names FuzzParse feeds; the fuzzer picks one by index.
var fuzzNames = []string{
	"package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
	"requirements.txt", "requirements/dev.txt", "pyproject.toml", "setup.cfg", "setup.py", "Pipfile",
	"poetry.lock", "Pipfile.lock", "uv.lock",
	"pom.xml", "build.gradle", "build.gradle.kts", "gradle.lockfile",
	"go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "composer.json", "composer.lock",
	"Gemfile", "x.gemspec", "Gemfile.lock",
	"x.csproj", "x.fsproj", "x.vbproj", "packages.config", "x.nuspec", "Directory.Packages.props", "packages.lock.json",
	"DESCRIPTION", "renv.lock", "mix.exs", "mix.lock",
}

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range files {
		if _, _, ok := Recognize(path); !ok {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		_, base := splitPath(path)
		for i, name := range fuzzNames {
			if name == base || strings.HasSuffix(base, strings.TrimPrefix(name, "x")) {
				f.Add(uint8(i), data)
			}
		}
	}
	// Licence declarations (see TestLicenceDeclarations).
	for name, data := range map[string]string{
		"setup.py":       "CLASSIFIERS = [\n 'License :: OSI Approved :: MIT License',\n]\nsetup(classifiers=CLASSIFIERS, license='GPL (>= 2)')\n",
		"pyproject.toml": "[tool.flit.metadata]\nlicense = \"Apache 2.0\"\nclassifiers = [\"License :: X\"]\n[tool.poetry]\nclassifiers = [\"License :: Y\"]\n",
		"setup.cfg":      "[metadata]\nclassifiers = License :: OSI Approved :: BSD License\n  License ::\n",
		"DESCRIPTION":    "Package: x\nLicense: GPL-2 |\n  MIT + file LICENSE\n",
	} {
		f.Add(uint8(slices.Index(fuzzNames, name)), []byte(data))
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		path := fuzzNames[int(which)%len(fuzzNames)]
		format, ok := lookupFormat(path)
		if !ok {
			t.Fatalf("%s is not recognised", path)
		}
		// Call the parser without Parse's recover, so panics are found.
		file, err := parseFormat(format, path, data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%s) error %T %v, want *SyntaxError", path, err, err)
			}
			if se.Line < 0 {
				t.Fatalf("Parse(%s) error line %d < 0", path, se.Line)
			}
			return
		}
		if len(file.Deps) > maxDeps {
			t.Fatalf("Parse(%s) returned %d deps, want at most %d", path, len(file.Deps), maxDeps)
		}
		checkString := func(what, s string) {
			if len(s) > maxStringLen || !utf8.ValidString(s) {
				t.Fatalf("Parse(%s): %s %q is too long or not UTF-8", path, what, s)
			}
		}
		checkString("name", file.Name)
		for _, d := range file.Deps {
			if d.Line < 0 || d.Name == "" {
				t.Fatalf("Parse(%s): bad dep %+v", path, d)
			}
			checkString("dep name", d.Name)
			checkString("dep version", d.Version)
			checkString("dep licence", d.License)
		}
		for _, l := range file.Licenses {
			if l.Line < 0 {
				t.Fatalf("Parse(%s): bad licence %+v", path, l)
			}
			checkString("licence", l.Value)
		}
		for _, a := range file.Authors {
			checkString("author", a)
		}
	})
}

// syntheticPackageLock returns a v3 package-lock.json of about size bytes.
func syntheticPackageLock(size int) []byte {
	var sb strings.Builder
	sb.WriteString("{\n  \"name\": \"bench\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n")
	sb.WriteString("    \"\": {\n      \"name\": \"bench\",\n      \"dependencies\": {\n        \"pkg-0\": \"^1.0.0\"\n      }\n    }")
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, `,
    "node_modules/pkg-%d": {
      "version": "1.%d.0",
      "resolved": "https://registry.npmjs.org/pkg-%d/-/pkg-%d-1.%d.0.tgz",
      "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==",
      "dev": %t,
      "dependencies": {
        "pkg-%d": "^1.0.0"
      },
      "engines": {
        "node": ">=14"
      }
    }`, i, i%50, i, i, i%50, i%3 == 0, i+1)
	}
	sb.WriteString("\n  }\n}\n")
	return []byte(sb.String())
}

func BenchmarkParsePackageLock(b *testing.B) {
	data := syntheticPackageLock(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse("package-lock.json", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Deps) == 0 {
			b.Fatal("no deps")
		}
	}
}
