package evidence

import (
	"path"
	"strings"
)

// kind is what a path can be evidence of, decided from its name alone so that
// the walk reads only files that can matter.
type kind int

const (
	kindNone kind = iota
	kindLicense
	kindReadme
	kindCommunity
	kindPolicy
	kindCLA
	kindDoc
	kindDocSite
	kindPublicCode
	kindDockerfile
	kindCompose
	kindHelmChart
	kindHelmValues
	kindManifest
	kindCI
	kindDepBot
	kindStructured // .yaml/.yml/.json: sniffed for OpenAPI/AsyncAPI and DPGA records
	kindSource
)

// CommunityKind names a community health file.
type CommunityKind string

// Community health files (GitHub's names, and the DPG maturity signals).
const (
	Contributing  CommunityKind = "contributing"
	CodeOfConduct CommunityKind = "code-of-conduct"
	Security      CommunityKind = "security"
	Governance    CommunityKind = "governance"
	Maintainers   CommunityKind = "maintainers"
	Codeowners    CommunityKind = "codeowners"
	Support       CommunityKind = "support"
	Changelog     CommunityKind = "changelog"
	Authors       CommunityKind = "authors"
)

// vendoredDirs are trees of other people's or generated code. Their files are
// kept apart from the project's evidence; the ones marked skip are not even
// walked (they are huge and never evidence).
var vendoredDirs = map[string]struct {
	why  string
	skip bool
}{
	".git":               {"version control data", true},
	".hg":                {"version control data", true},
	".svn":               {"version control data", true},
	"node_modules":       {"installed npm packages", true},
	"bower_components":   {"installed bower packages", true},
	".venv":              {"Python virtual environment", true},
	"venv":               {"Python virtual environment", true},
	"__pycache__":        {"Python bytecode cache", true},
	".tox":               {"tox environments", true},
	".gradle":            {"Gradle cache", true},
	".mypy_cache":        {"mypy cache", true},
	".pytest_cache":      {"pytest cache", true},
	".next":              {"Next.js build output", true},
	".nuxt":              {"Nuxt build output", true},
	".terraform":         {"Terraform providers", true},
	"vendor":             {"vendored dependencies", false},
	"third_party":        {"vendored third-party code", false},
	"third-party":        {"vendored third-party code", false},
	"thirdparty":         {"vendored third-party code", false},
	"external":           {"vendored external code", false},
	"dist":               {"build output", false},
	"build":              {"build output", false},
	"target":             {"build output", false},
	"out":                {"build output", false},
	"generated":          {"generated code", false},
	"Pods":               {"installed CocoaPods", false},
	".yarn":              {"Yarn cache and releases", true},
	"site-packages":      {"installed Python packages", true},
	"jspm_packages":      {"installed jspm packages", true},
	"elm-stuff":          {"installed Elm packages", true},
	".bundle":            {"Bundler cache", true},
	".cargo":             {"Cargo cache", true},
	".m2":                {"Maven cache", true},
	".cache":             {"tool cache", true},
	"deps":               {"installed Elixir dependencies", false},
	"_build":             {"build output", false},
	"coverage":           {"coverage reports", true},
	"htmlcov":            {"coverage reports", true},
	".docusaurus":        {"Docusaurus build cache", true},
	"storybook-static":   {"build output", true},
	".angular":           {"Angular cache", true},
	".svelte-kit":        {"SvelteKit build output", true},
	".parcel-cache":      {"Parcel cache", true},
	".turbo":             {"Turborepo cache", true},
	".nyc_output":        {"coverage data", true},
	".eggs":              {"Python build output", true},
	".idea":              {"editor settings", true},
	".vs":                {"editor settings", true},
	".ipynb_checkpoints": {"notebook checkpoints", true},
	".dpgcheck":          {"dpgcheck's own output", true},
	"testdata":           {"test fixtures", false},
	"test-data":          {"test fixtures", false},
	"test_data":          {"test fixtures", false},
	"fixtures":           {"test fixtures", false},
	"__fixtures__":       {"test fixtures", false},
	"__snapshots__":      {"test snapshots", false},
}

func upperBase(p string) string {
	b := path.Base(p)
	return strings.ToUpper(b)
}

// stem returns the upper-cased base name without its extension (".md",
// ".txt", ...), keeping names like "LICENSE-MIT" whole.
func stem(p string) string {
	b := upperBase(p)
	for _, ext := range []string{".MD", ".MARKDOWN", ".TXT", ".RST", ".ADOC", ".ASCIIDOC", ".HTML", ".ORG", ".MDX"} {
		if s, ok := strings.CutSuffix(b, ext); ok {
			return s
		}
	}
	return b
}

// isLicenseName reports whether a base name is a licence or notice file:
// LICENSE, LICENCE.md, COPYING.LESSER, LICENSE-MIT, NOTICE, UNLICENSE ...
func isLicenseName(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".json", ".yaml", ".yml", ".toml", ".xml", ".js", ".ts", ".py", ".go", ".rb", ".java", ".sh", ".css", ".png", ".svg", ".pdf":
		return false
	}
	if sourceExts[path.Ext(p)] != "" {
		return false
	}
	s := stem(p)
	for _, prefix := range []string{"LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE", "COPYRIGHT", "LEGAL"} {
		if s == prefix || strings.HasPrefix(s, prefix+"-") || strings.HasPrefix(s, prefix+"_") || strings.HasPrefix(s, prefix+".") {
			return true
		}
	}
	// At the root, a file named after its licence holds the licence text:
	// "GNU AFFERO GENERAL PUBLIC LICENSE.md", "APACHE_LICENSETEXT.md",
	// "MIT-LICENSE.txt". Deeper down such names are too often something else.
	if !strings.Contains(p, "/") && (strings.Contains(s, "LICENSE") || strings.Contains(s, "LICENCE")) && !strings.Contains(s, "THIRD") {
		return true
	}
	return false
}

// isLicensesDir reports whether dir is a root folder of licence texts: REUSE's
// LICENSES/, or licenses/ and licences/ in any case.
func isLicensesDir(dir string) bool {
	switch strings.ToUpper(dir) {
	case "LICENSES", "LICENCES":
		return true
	}
	return false
}

var communityNames = map[string]CommunityKind{
	"CONTRIBUTING": Contributing, "CODE_OF_CONDUCT": CodeOfConduct, "CODE-OF-CONDUCT": CodeOfConduct,
	"CODEOFCONDUCT": CodeOfConduct, "CONDUCT": CodeOfConduct, "SECURITY": Security, "GOVERNANCE": Governance,
	"MAINTAINERS": Maintainers, "OWNERS": Maintainers, "CODEOWNERS": Codeowners, "SUPPORT": Support,
	"CHANGELOG": Changelog, "CHANGES": Changelog, "HISTORY": Changelog, "NEWS": Changelog, "RELEASE_NOTES": Changelog,
	"AUTHORS": Authors, "CONTRIBUTORS": Authors, "CREDITS": Authors,
}

// communityDirs are where GitHub looks for community health files.
func communityDir(dir string) bool {
	return dir == "." || dir == ".github" || dir == "docs"
}

var policyWords = []string{"PRIVACY", "TERMS", "DATA_PROTECTION", "DATA-PROTECTION", "DATAPROTECTION", "GDPR",
	"TERMS_OF_SERVICE", "TERMS-OF-SERVICE", "TERMS_OF_USE", "TERMS-OF-USE", "COOKIE", "CONTENT_POLICY",
	"CONTENT-POLICY", "MODERATION", "ACCEPTABLE_USE", "ACCEPTABLE-USE", "SAFEGUARDING", "CHILD_SAFETY", "CHILD-SAFETY"}

var docExts = map[string]bool{".md": true, ".markdown": true, ".mdx": true, ".rst": true, ".adoc": true, ".asciidoc": true, ".txt": true}

var docSiteNames = map[string]bool{
	"mkdocs.yml": true, "mkdocs.yaml": true, "docusaurus.config.js": true, "docusaurus.config.ts": true,
	"docusaurus.config.mjs": true, ".gitbook.yaml": true, "book.toml": true, "antora.yml": true,
	".readthedocs.yml": true, ".readthedocs.yaml": true, "_quarto.yml": true, "docfx.json": true,
}

var ciFiles = map[string]string{
	".gitlab-ci.yml": "GitLab CI", ".travis.yml": "Travis CI", "Jenkinsfile": "Jenkins",
	"azure-pipelines.yml": "Azure Pipelines", "bitbucket-pipelines.yml": "Bitbucket Pipelines",
	".drone.yml": "Drone", "appveyor.yml": "AppVeyor", ".woodpecker.yml": "Woodpecker", "cloudbuild.yaml": "Cloud Build",
}

// isJenkinsfile reports a Jenkins pipeline, wherever it is kept:
// Jenkinsfile, Jenkinsfile.release, build.jenkinsfile.
func isJenkinsfile(base string) bool {
	return base == "Jenkinsfile" || strings.HasPrefix(base, "Jenkinsfile.") || strings.HasSuffix(strings.ToLower(base), ".jenkinsfile")
}

// azurePipeline reports whether a root file name is an Azure Pipelines
// definition: azure-pipelines.yml and its siblings (azure-pipelines-sec.yml,
// azure-pipelines.release.yaml).
func azurePipeline(base string) bool {
	b := strings.ToLower(base)
	return strings.HasPrefix(b, "azure-pipelines") && (strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".yaml"))
}

var depBotFiles = map[string]bool{
	".github/dependabot.yml": true, ".github/dependabot.yaml": true, "renovate.json": true, "renovate.json5": true,
	".renovaterc": true, ".renovaterc.json": true, ".github/renovate.json": true, ".github/renovate.json5": true,
	".gitlab/renovate.json": true,
}

var sourceExts = map[string]string{
	".go": "Go", ".py": "Python", ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".jsx": "JavaScript",
	".ts": "TypeScript", ".tsx": "TypeScript", ".java": "Java", ".kt": "Kotlin", ".kts": "Kotlin", ".scala": "Scala",
	".rb": "Ruby", ".php": "PHP", ".cs": "C#", ".fs": "F#", ".vb": "Visual Basic", ".rs": "Rust", ".c": "C", ".h": "C",
	".cc": "C++", ".cpp": "C++", ".hpp": "C++", ".swift": "Swift", ".m": "Objective-C", ".dart": "Dart", ".ex": "Elixir",
	".exs": "Elixir", ".erl": "Erlang", ".r": "R", ".R": "R", ".jl": "Julia", ".lua": "Lua", ".pl": "Perl", ".sh": "Shell",
	".vue": "Vue", ".svelte": "Svelte", ".clj": "Clojure", ".hs": "Haskell", ".ml": "OCaml", ".groovy": "Groovy", ".sql": "SQL",
}

// classify decides what a project file can be evidence of.
func classify(p string, isManifest bool) kind {
	base := path.Base(p)
	dir := path.Dir(p)
	ext := strings.ToLower(path.Ext(base))
	s := stem(p)
	switch {
	case strings.HasPrefix(p, ".github/workflows/") && (ext == ".yml" || ext == ".yaml"):
		return kindCI
	case strings.HasPrefix(p, ".circleci/") && base == "config.yml":
		return kindCI
	case ciFiles[base] != "" && dir == ".", dir == "." && azurePipeline(base):
		return kindCI
	case isJenkinsfile(base):
		return kindCI
	case depBotFiles[p]:
		return kindDepBot
	case isManifest:
		return kindManifest
	case (base == "publiccode.yml" || base == "publiccode.yaml") && dir == ".":
		return kindPublicCode
	case isLicenseName(p):
		return kindLicense
	case isLicensesDir(dir) && (docExts[ext] || ext == ""):
		return kindLicense
	case s == "README" && dir == ".":
		return kindReadme
	case communityNames[s] != "" && communityDir(dir):
		return kindCommunity
	case isPolicyName(s) && docExts[ext]:
		return kindPolicy
	case s == "CLA" || s == "DCO" || strings.HasPrefix(s, "CLA-") || strings.HasPrefix(s, "CLA_") ||
		base == ".clabot" || base == "cla.json" || p == ".github/dco.yml" || p == ".github/cla.yml":
		return kindCLA
	case isDockerfileName(base):
		return kindDockerfile
	case isComposeName(base):
		return kindCompose
	case base == "Chart.yaml":
		return kindHelmChart
	case base == "values.yaml" || base == "values.yml":
		return kindHelmValues
	case docSiteNames[base] || (base == "conf.py" && isDocDir(dir)) || (base == "_config.yml" && isDocDir(dir)):
		return kindDocSite
	case docExts[ext]:
		return kindDoc
	case ext == ".yaml" || ext == ".yml" || ext == ".json":
		return kindStructured
	case sourceExts[path.Ext(base)] != "":
		return kindSource
	}
	return kindNone
}

func isPolicyName(s string) bool {
	for _, w := range policyWords {
		// s is w, starts with w and one of _-. , or ends with _ or - and w
		// (without building those strings for every file of the walk).
		n := len(w)
		if s == w || len(s) > n && strings.HasPrefix(s, w) && strings.IndexByte("_-.", s[n]) >= 0 ||
			len(s) > n && strings.HasSuffix(s, w) && strings.IndexByte("_-", s[len(s)-n-1]) >= 0 {
			return true
		}
	}
	return strings.Contains(s, "PRIVACY") || strings.Contains(s, "DATA_PROTECTION") || strings.Contains(s, "DATA-PROTECTION")
}

// maxPolicyFiles caps Repo.PolicyFiles.
const maxPolicyFiles = 20

// policyFile reports a policy document by its name in a format the walk
// does not read ("IDEASIS Privacy Policy.pdf").
func policyFile(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".pdf", ".docx", ".doc", ".odt", ".rtf":
		return isPolicyName(strings.TrimSuffix(upperBase(p), strings.ToUpper(path.Ext(p))))
	}
	return false
}

func isComposeName(base string) bool {
	b := strings.ToLower(base)
	if !strings.HasSuffix(b, ".yml") && !strings.HasSuffix(b, ".yaml") {
		return false
	}
	return strings.HasPrefix(b, "docker-compose") || strings.HasPrefix(b, "compose.") || strings.HasPrefix(b, "compose-") ||
		b == "compose.yml" || b == "compose.yaml"
}

func isDocDir(dir string) bool {
	top, _, _ := strings.Cut(dir, "/")
	switch strings.ToLower(top) {
	case "docs", "doc", "documentation", "website", "site", "wiki", "manual", "guide", "guides", "handbook":
		return true
	}
	return false
}

// isTestName reports whether a source path looks like a test.
func isTestName(p string) bool {
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, "_test.go"), strings.HasPrefix(lower, "test_") && strings.HasSuffix(lower, ".py"),
		strings.HasSuffix(lower, "_test.py"), strings.Contains(lower, ".test."), strings.Contains(lower, ".spec."),
		strings.HasSuffix(base, "Test.java"), strings.HasSuffix(base, "Tests.java"), strings.HasSuffix(base, "Test.kt"),
		strings.HasSuffix(base, "Tests.cs"), strings.HasSuffix(base, "Test.cs"), strings.HasSuffix(lower, "_spec.rb"),
		strings.HasSuffix(lower, "_test.rb"), strings.HasSuffix(base, "Test.php"), strings.HasSuffix(lower, "_test.exs"):
		return true
	}
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch seg {
		case "test", "tests", "__tests__", "spec", "e2e", "integration-tests":
			return true
		}
	}
	return false
}

// Language returns the programming language of a source file by its
// extension, or "".
func Language(p string) string { return sourceExts[path.Ext(p)] }
