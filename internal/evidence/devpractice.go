package evidence

import (
	"bytes"
	"path"
	"strings"
	"sync"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Development practice: the GovStack development and quality rules judge
// coverage thresholds, reviewer assignment, schema generation and functional
// tests from the content of a few small files, which the walk reads only with
// Options.GovStack. Test and example files are read too: they are set aside
// from the product, but the rules about testing look at them.
//
// A file read here may also be read as other evidence (a pom.xml is a
// manifest, a test source is scanned for secrets): these are a handful of
// small files, and keeping the reading here keeps the walk simple.

// DevConfig is a build, test, review or persistence configuration file read
// whole.
type DevConfig struct {
	Path  string
	Kind  string // DevCoverage, DevReview or DevSchema
	Aside bool   // outside the product scope (a test profile, a test folder's configuration)
	Text  string
}

// Kinds of DevConfig.
const (
	// DevCoverage is a build or test configuration that can set a minimum
	// coverage: .nycrc, jest.config.js, pom.xml, .coveragerc, spec_helper.rb ...
	DevCoverage = "coverage"
	// DevReview is a bot configuration that adds reviewers to pull requests.
	DevReview = "review"
	// DevSchema is an application or persistence configuration that can let
	// an ORM change the database schema (Spring's ddl-auto, hbm2ddl.auto).
	DevSchema = "schema"
)

// FileHit is a line of a file.
type FileHit struct {
	Path string
	Line int
}

const (
	capDevConfig   = 256 << 10 // a configuration file
	capDevTest     = 128 << 10 // a test source read for HTTP calls
	capGherkinHead = 4 << 10   // the head of a .feature file
	maxDevConfigs  = 400
	maxDevTests    = 400 // test sources read for HTTP calls
	maxFeatures    = 2000
	devBudget      = 16 << 20 // bytes read here, in all
)

var coverageConfigNames = map[string]bool{
	".nycrc": true, ".nycrc.json": true, ".nycrc.yml": true, ".nycrc.yaml": true, "nyc.config.js": true,
	".c8rc": true, ".c8rc.json": true, ".coveragerc": true, "setup.cfg": true, "tox.ini": true, "pytest.ini": true,
	"pyproject.toml": true, ".simplecov": true, "spec_helper.rb": true, "rails_helper.rb": true, "test_helper.rb": true,
	"codecov.yml": true, ".codecov.yml": true, "codecov.yaml": true, ".codecov.yaml": true, "package.json": true,
	"karma.conf.js": true, "karma.conf.ts": true, "phpunit.xml": true, "phpunit.xml.dist": true, "Makefile": true,
	"pom.xml": true, "build.gradle": true, "build.gradle.kts": true, "build.sbt": true, ".testcoverage.yml": true,
}

var (
	jsTestConfig   = lazyregexp.New(`^(jest|vitest)\.config\.([cm]?[jt]s|json)$`)
	reviewBotFile  = lazyregexp.New(`^\.github/(auto[_-]assign|reviewers?|pull[_-]request[_-]reviewers?)\.ya?ml$`)
	springConfig   = lazyregexp.New(`^application(-[\w.-]+)?\.(properties|ya?ml)$`)
	jpaConfig      = map[string]bool{"persistence.xml": true, "hibernate.cfg.xml": true}
	gherkinFeature = lazyregexp.New(`(?m)^[ \t]*(Feature|Business Need|Ability):`)
)

// devConfigKind returns the DevConfig kind of a path, or "".
func devConfigKind(p string) string {
	base := path.Base(p)
	switch {
	case coverageConfigNames[base] || jsTestConfig.MatchString(base):
		return DevCoverage
	case reviewBotFile.MatchString(p):
		return DevReview
	case springConfig.MatchString(base) || jpaConfig[base]:
		return DevSchema
	}
	return ""
}

// httpTestName is a test source whose name says it exercises an API, a
// controller or the integrated system: only those are read for HTTP calls.
var httpTestName = lazyregexp.New(`(?i)(api|http|rest|controller|endpoint|route|request|resource|integration|e2e|acceptance|functional)[^/]*\.[a-z]+$|(^|/)(api|apis|controllers?|requests?|integration|e2e)/[^/]+$|IT\.(java|kt)$`)

// httpTestNameMay is httpTestName's quick test: most test paths hold none
// of its words.
var httpTestNameMay = sync.OnceValue(func() textindex.Filter { return textindex.FilterOf(httpTestName.String()) })

// httpTestCall is a test calling the whole application through its HTTP
// interface: Odoo's HttpCase, Django's and DRF's test clients, Spring's
// TestRestTemplate, REST Assured, supertest, Go's httptest server, ASP.NET's
// test host. Spring's MockMvc is left out: it is as often a controller unit
// test with mocked services.
// devWords are the patterns a test file is searched with: a file is read
// once for their literals (textindex), and a pattern runs only on the lines
// holding one.
var devWords = textindex.NewVocabulary()

var httpTestCall = devWords.MustCompile(`\bHttpCase\b|\burl_open\(|\bAPIClient\(|\bAPITestCase\b|\bLiveServerTestCase\b|\bself\.client\.(get|post|put|patch|delete)\(|\bTestClient\(|\bTestRestTemplate\b|\bRestAssured\b|\bio\.restassured\b|\bsupertest\b|\brequest\(app\)|\bchai\.request\(|\bhttptest\.NewServer\(|\bWebApplicationFactory<|\bcreateTestClient\(`)

// visitDevFile reads what the development-practice rules need from a file
// (product or set aside).
func (b *builder) visitDevFile(p string, size int64, aside bool) {
	if !b.opts.GovStack || b.devBytes >= devBudget {
		return
	}
	r := b.repo
	switch {
	case strings.HasSuffix(p, ".feature"):
		if len(r.GherkinFeatures) >= maxFeatures {
			return
		}
		if head := b.devHead(p, capGherkinHead); gherkinFeature.Match(head) {
			r.GherkinFeatures = append(r.GherkinFeatures, p)
		}
	case devConfigKind(p) != "":
		if len(r.DevConfigs) >= maxDevConfigs || size > capDevConfig {
			return
		}
		if data := b.devRead(p, capDevConfig); data != nil {
			if text, ok := decodeText(data); ok {
				r.DevConfigs = append(r.DevConfigs, DevConfig{Path: p, Kind: devConfigKind(p), Aside: aside, Text: text})
			}
		}
	case b.devTests < maxDevTests && size <= capDevTest && Language(p) != "" && isTestName(p) && httpTestNameMay().May(p) && httpTestName.MatchString(p):
		b.devTests++
		data := b.devRead(p, capDevTest)
		if off := httpCallOffset(data); off >= 0 {
			r.HTTPTests = append(r.HTTPTests, FileHit{Path: p, Line: bytes.Count(data[:off], []byte{'\n'}) + 1})
		}
	}
}

var importLine = lazyregexp.New(`^\s*(import|from|using|use|package|const\s+\w+\s*=\s*require|require)\b`)

// httpCallOffset returns where a test calls the product over HTTP (the
// first use that is not an import), or -1.
func httpCallOffset(data []byte) int {
	first := -1
	found := devWords.Scan(data)
	if !found.MayMatch(httpTestCall) {
		return -1
	}
	for _, loc := range found.FindAllInLines(httpTestCall, data, 20) {
		if first < 0 {
			first = loc[0]
		}
		start := bytes.LastIndexByte(data[:loc[0]], '\n') + 1
		if !importLine.Match(data[start:loc[0]]) {
			return loc[0]
		}
	}
	return first
}

// devRead reads a whole file of at most limit bytes, or returns nil.
func (b *builder) devRead(p string, limit int64) []byte {
	data, err := readCapped(b.fsys, p, limit)
	if err != nil {
		return nil
	}
	b.devCount(data)
	return data
}

// devHead reads the first n bytes of a file, or returns nil.
func (b *builder) devHead(p string, n int) []byte {
	h, err := openHead(b.fsys, p, n, int64(n))
	if err != nil {
		return nil
	}
	defer h.Close()
	data := h.Head()
	b.devCount(data)
	return data
}

func (b *builder) devCount(data []byte) {
	b.devBytes += int64(len(data))
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
}
