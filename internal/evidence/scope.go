package evidence

import (
	"path"
	"slices"
	"strings"
)

// Product scope: which files are the product and which are tests, fixtures,
// examples, sample output, development tooling or vendored code. It is decided
// here, once, so that every criterion (a DPG indicator or a GovStack rule)
// judges the same product: an OpenAPI file under src/test/resources is not the
// project's API, a Dockerfile under .devcontainer is not its deployment, and a
// licence under examples/ is not its licence. Files set aside are still
// counted (and test sources still show that the project has tests), but they
// are never evidence for or against a criterion.

// SetAside is a part of the tree that is not the product.
type SetAside struct {
	Path  string         `json:"path"`  // a folder ("src/test/resources") or a file
	Why   string         `json:"why"`   // "test fixtures", "examples", "development container" ...
	Files int            `json:"files"` // files under it
	Kinds map[string]int `json:"kinds,omitempty"`
}

// notProductDirs are folder names whose whole tree is not the product,
// wherever they are.
var notProductDirs = map[string]string{
	"test":                "tests",
	"tests":               "tests",
	"__tests__":           "tests",
	"e2e":                 "end-to-end tests",
	"e2e-tests":           "end-to-end tests",
	"cypress":             "end-to-end tests",
	"playwright":          "end-to-end tests",
	"integration-tests":   "integration tests",
	"integration_tests":   "integration tests",
	"test-infrastructure": "test infrastructure",
	"test-infra":          "test infrastructure",
	"examples":            "examples",
	"example":             "examples",
	"samples":             "examples",
	"sample":              "examples",
	"mocks":               "test mocks",
	"__mocks__":           "test mocks",
	"mock":                "test mocks",
	".devcontainer":       "development container",
	"fuzz":                "fuzz seeds",
	"corpus":              "fuzz seeds",
}

// notProductPaths are folder paths (after any prefix) that hold tests in the
// Maven/Gradle layout: src/test/..., src/androidTest/..., src/it/...
var notProductPaths = map[string]string{
	"src/test":            "tests",
	"src/androidTest":     "tests",
	"src/testFixtures":    "test fixtures",
	"src/it":              "integration tests",
	"src/integrationTest": "integration tests",
	"src/jmh":             "benchmarks",
	"src/test/resources":  "test fixtures",
	"src/testFixtures/js": "test fixtures",
}

// notProductFile reports files that are not the product by their own name:
// test, CI and development container files, test configuration profiles,
// example API descriptions, minified bundles, third-party notices.
func notProductFile(p string) string {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.Contains(base, "petstore"):
		return "example API description"
	case strings.HasSuffix(base, ".min.js") || strings.HasSuffix(base, ".min.css") || strings.HasSuffix(base, "-min.js") ||
		strings.HasSuffix(base, ".bundle.js") || strings.HasSuffix(base, ".chunk.js"):
		return "minified or bundled code"
	case thirdPartyNotice(base):
		return "third-party notices"
	case isComposeName(path.Base(p)) || isDockerfileName(path.Base(p)):
		if hasAnyWord(base, "test", "tests", "ci", "e2e", "cypress", "testing") {
			return "test or CI container setup"
		}
		if hasAnyWord(base, "dev", "local", "development", "devcontainer") || devToolsFolder(path.Dir(p)) {
			return "development container setup"
		}
	case configFile(base) && hasAnyWord(base, "test", "tests", "e2e", "testing") && !strings.HasPrefix(p, ".github/") &&
		!strings.HasPrefix(p, ".circleci/"):
		// A test profile (application-test.yml); CI definitions are not
		// test configuration: they say how the project is built and tested.
		return "test configuration"
	}
	return ""
}

// devToolsFolder reports a folder of development tooling ("development/hurl",
// "dev/", "tools/dev"): a container file in it is a developer's tool, not
// the product's image or deployment.
func devToolsFolder(dir string) bool {
	for _, e := range strings.Split(strings.ToLower(dir), "/") {
		switch e {
		case "dev", "development", "devtools", "dev-tools", "dev_tools":
			return true
		}
	}
	return false
}

// thirdPartyNotice reports the files that list other people's licences and
// copyrights (THIRD-PARTY-NOTICES.txt, 3RD_PARTY_LICENSES.md): attributions,
// not documentation of the project.
func thirdPartyNotice(base string) bool {
	b := noticeSeparators.Replace(base)
	return strings.Contains(b, "thirdparty") || strings.Contains(b, "3rdparty") || strings.HasPrefix(b, "attributions")
}

func configFile(base string) bool {
	switch path.Ext(base) {
	case ".yml", ".yaml", ".json", ".properties", ".env", ".toml", ".ini", ".conf", ".cfg":
		return true
	}
	return false
}

// hasAnyWord reports whether a name has one of words among its words (split
// on '.', '-', '_' and spaces).
func hasAnyWord(name string, words ...string) bool {
	for _, w := range words {
		if nameHasWord(name, w) {
			return true
		}
	}
	return false
}

// dirWords are words that put a folder outside the product wherever they
// appear in its name ("api-test", "ui-sample", "test_data").
var dirWords = [][2]string{
	{"test", "tests"}, {"tests", "tests"}, {"testing", "tests"}, {"e2e", "end-to-end tests"},
	{"example", "examples"}, {"examples", "examples"}, {"sample", "examples"}, {"samples", "examples"},
	{"mock", "test mocks"}, {"mocks", "test mocks"}, {"fixture", "test fixtures"}, {"fixtures", "test fixtures"},
	{"systemtest", "tests"}, {"systemtests", "tests"}, {"localtest", "tests"}, {"devenv", "development environment"},
}

// devStack reports a folder that holds a local development environment
// ("xrd-dev-stack", "local-dev-env", "dev-setup").
func devStack(name string) bool {
	return hasAnyWord(name, "dev", "local", "devstack") && hasAnyWord(name, "stack", "env", "environment", "setup", "devstack", "docker", "compose")
}

// nameHasWord reports whether w is one of the words of a file name split on
// '.', '-' and '_' ("docker-compose.test.yml" has "test"; "latest" has not).
func nameHasWord(base, w string) bool {
	return slices.Contains(strings.FieldsFunc(base, func(r rune) bool { return r == '.' || r == '-' || r == '_' || r == ' ' }), w)
}

func isDockerfileName(base string) bool {
	if strings.HasSuffix(base, ".dockerignore") {
		return false
	}
	return base == "Dockerfile" || base == "Containerfile" || strings.HasPrefix(base, "Dockerfile.") ||
		strings.HasPrefix(base, "Dockerfile-") || strings.HasSuffix(base, ".Dockerfile") || strings.HasSuffix(base, ".dockerfile")
}

// scopeOf returns the folder (or file) that puts p outside the product and
// why, or "" when p is the product. Paths the configuration declares as
// product are always the product.
func scopeOf(p string, product func(string) bool) (where, why string) {
	return scopeIn(p, product, dirScopeOf)
}

// dirScope is what a file's directory says of its scope: declared the
// product's (a prefix is), or set aside at where for why.
type dirScope struct {
	product    bool
	where, why string
}

// scopeIn is scopeOf with the verdict on the directory asked of dirOf (a
// cache of dirScopeOf during the walk).
func scopeIn(p string, product func(string) bool, dirOf func(dir string, product func(string) bool) dirScope) (where, why string) {
	if product != nil && product(p) {
		return "", ""
	}
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		d := dirOf(p[:i], product)
		if d.product {
			return "", ""
		}
		if d.where != "" {
			return d.where, d.why
		}
	}
	if why := notProductFile(p); why != "" {
		return p, why
	}
	return "", ""
}

// dirScopeOf judges the directory dir of a file and its parents.
func dirScopeOf(dir string, product func(string) bool) dirScope {
	elems := strings.Split(dir, "/")
	if product != nil {
		for i := range elems {
			if product(strings.Join(elems[:i+1], "/")) {
				return dirScope{product: true}
			}
		}
	}
	for i, e := range elems {
		prefix := strings.Join(elems[:i+1], "/")
		low := strings.ToLower(e)
		// Below a source root (src/main/java/org/example/...) a folder is a
		// package name, not an examples folder.
		inSources := strings.Contains(prefix, "src/main/")
		if why, ok := notProductDirs[low]; ok && !(inSources && why == "examples") {
			return dirScope{where: prefix, why: why}
		}
		if !inSources {
			for _, w := range dirWords {
				if nameHasWord(low, w[0]) {
					return dirScope{where: prefix, why: w[1]}
				}
			}
		}
		if devStack(low) {
			return dirScope{where: prefix, why: "development environment"}
		}
		if i >= 1 {
			if why, ok := notProductPaths[elems[i-1]+"/"+e]; ok {
				return dirScope{where: prefix, why: why}
			}
		}
	}
	return dirScope{}
}

// setAside records a file left out of the product.
func (b *builder) setAside(where, why string, k kind) {
	i, ok := b.setAsideAt[where]
	if !ok {
		i = len(b.repo.SetAside)
		b.setAsideAt[where] = i
		b.repo.SetAside = append(b.repo.SetAside, SetAside{Path: where, Why: why})
	}
	sa := &b.repo.SetAside[i]
	sa.Files++
	if name := kindNames[k]; name != "" {
		if sa.Kinds == nil {
			sa.Kinds = map[string]int{}
		}
		sa.Kinds[name]++
	}
}

// kindNames name the kinds of evidence a set-aside file would have been.
var kindNames = map[kind]string{
	kindLicense: "licence files", kindReadme: "READMEs", kindCommunity: "community files", kindPolicy: "policies",
	kindDoc: "documents", kindPublicCode: "publiccode.yml", kindDockerfile: "Dockerfiles", kindCompose: "compose files",
	kindHelmChart: "Helm charts", kindManifest: "manifests", kindStructured: "YAML/JSON files", kindSource: "source files",
}

// SetAsideOf returns the set-aside parts that held files of a kind named in
// kindNames ("Dockerfiles", "YAML/JSON files"), for a criterion's details.
func (r *Repo) SetAsideOf(kinds ...string) []SetAside {
	var out []SetAside
	for _, sa := range r.SetAside {
		for _, k := range kinds {
			if sa.Kinds[k] > 0 {
				out = append(out, sa)
				break
			}
		}
	}
	return out
}

// noticeSeparators are left out of a file name read as a third-party notice
// ("THIRD-PARTY_NOTICES" is "THIRDPARTYNOTICES").
var noticeSeparators = strings.NewReplacer("-", "", "_", "", " ", "", ".", "")
