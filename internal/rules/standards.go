package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// openStandard is an open standard and how to recognise its use: words in the
// documentation, or a dependency that implements it.
type openStandard struct {
	name string
	docs *textindex.Pattern
	deps *lazyregexp.Regexp
}

// openStandards are standards DPGs commonly cite under indicator 8 (the
// DPGA's 2026 "featured standards" list draws on the same).
var openStandards = []openStandard{
	{"FHIR", docWords.MustCompile(`\bFHIR\b`), lazyregexp.New(`(?i)fhir`)},
	{"HL7", docWords.MustCompile(`\bHL7\b`), lazyregexp.New(`(?i)\bhl7|hapi-base`)},
	{"OpenID Connect", docWords.MustCompile(`(?i)\b(openid connect|OIDC)\b`), lazyregexp.New(`(?i)oidc|openid|keycloak`)},
	{"OAuth 2.0", docWords.MustCompile(`(?i)\boauth ?2(\.0)?\b`), lazyregexp.New(`(?i)oauth2|oauthlib|golang\.org/x/oauth2`)},
	{"SAML", docWords.MustCompile(`\bSAML\b`), lazyregexp.New(`(?i)saml`)},
	{"ISO 8601", docWords.MustCompile(`(?i)\bISO[- ]?8601\b`), nil},
	{"WCAG", docWords.MustCompile(`\bWCAG\b`), lazyregexp.New(`(?i)axe-core|pa11y|@axe-core`)},
	{"OGC", docWords.MustCompile(`\b(OGC|WMS|WFS|WMTS|GeoPackage)\b`), lazyregexp.New(`(?i)geoserver|owslib|mapserver`)},
	{"GeoJSON", docWords.MustCompile(`\bGeoJSON\b`), lazyregexp.New(`(?i)geojson`)},
	{"SDMX", docWords.MustCompile(`\bSDMX\b`), lazyregexp.New(`(?i)sdmx`)},
	{"ADX", docWords.MustCompile(`\bADX\b`), nil},
	{"ODK XForms", docWords.MustCompile(`(?i)\b(xforms?|xlsform)\b`), lazyregexp.New(`(?i)pyxform|javarosa|enketo`)},
	{"IATI", docWords.MustCompile(`\bIATI\b`), nil},
	{"OpenAPI", docWords.MustCompile(`(?i)\bopenapi\b`), lazyregexp.New(`(?i)swagger|openapi`)},
	{"JSON Schema", docWords.MustCompile(`(?i)\bjson schema\b`), lazyregexp.New(`(?i)jsonschema|ajv`)},
	{"W3C Verifiable Credentials", docWords.MustCompile(`(?i)\bverifiable credentials?\b|\bW3C VC\b`), nil},
	{"ISO 20022", docWords.MustCompile(`(?i)\bISO[- ]?20022\b`), nil},
	{"SNOMED CT", docWords.MustCompile(`\bSNOMED\b`), nil},
	{"LOINC", docWords.MustCompile(`\bLOINC\b`), nil},
	{"ICD-10/11", docWords.MustCompile(`\bICD-?1[01]\b`), nil},
	{"GS1", docWords.MustCompile(`\bGS1\b`), nil},
	{"SCIM", docWords.MustCompile(`\bSCIM\b`), nil},
	{"Data Package", docWords.MustCompile(`(?i)\bfrictionless data\b|\bdata ?package\b`), lazyregexp.New(`(?i)frictionless|datapackage`)},
	{"DCAT", docWords.MustCompile(`\bDCAT\b`), nil},
	{"X-Road", docWords.MustCompile(`\bX-Road\b`), nil},
}

// standardsAndPractices decides DPG indicator 8: open standards in use and
// common development practices, each with evidence.
func standardsAndPractices(in *Input) Result {
	r := in.Repo
	stds, stdEv := standardsInUse(r)
	guide, foreign := contributionGuide(r)
	practices, prEv := practicesInUse(r, guide)
	details := []string{}
	if len(stds) > 0 {
		details = append(details, "open standards: "+strings.Join(stds, ", "))
	}
	if len(practices) > 0 {
		details = append(details, "practices: "+strings.Join(practices, ", "))
	}
	if foreign != "" {
		details = append(details, "not counted: "+foreign)
	}
	ev := append(stdEv, prEv...)
	msg := fmt.Sprintf("%s; %s", describeList(stds, "no open standard named"), describeList(practices, "no common practice found"))
	switch {
	case len(stds) >= 1 && len(practices) >= 2, len(practices) >= 4:
		return Result{Outcome: report.Pass, Evidence: ev[:min(len(ev), 8)], Details: details, Message: msg}
	case len(stds)+len(practices) > 0:
		return Result{Outcome: report.NeedsReview, Evidence: ev, Details: details, Message: msg,
			Remediation: "Name the open standards the project implements in the README or docs, and add what is missing of: CI that runs tests, " +
				"a SECURITY.md, automated dependency updates (Dependabot or Renovate) and code review (CODEOWNERS)."}
	}
	// Absence in the repository is not evidence of absence: standards and
	// practices are often documented on the project's site, and only someone
	// authorised for the project can give that evidence.
	return Result{Outcome: report.NeedsReview,
		Message: "no open standard, CI, tests, security policy, dependency updates or code review found in the repository",
		Remediation: "Name the open standards the project implements (FHIR, OpenAPI, OGC ...) in the README or docs, and the practices " +
			"it follows (tests in CI, a SECURITY.md, dependency updates, code review), or attest them with links under " +
			"`attestations: {dpg-8: ...}` in .github/dpgcheck.yml."}
}

func describeList(items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return listUpTo(items, 4)
}

func standardsInUse(r *evidence.Repo) ([]string, []report.Evidence) {
	var names []string
	var ev []report.Evidence
	for _, s := range r.APISpecs {
		name := specName(s.Kind) + " " + s.Version
		if !contains(names, name) {
			names = append(names, name)
			ev = append(ev, report.At(s.Path, s.Line))
		}
	}
	for _, st := range openStandards {
		if st.name == "OpenAPI" && len(r.APISpecs) > 0 {
			continue
		}
		if hits := searchDocs(r, st.docs, 1); len(hits) > 0 {
			names = append(names, st.name)
			ev = append(ev, hits[0].at())
			continue
		}
		if st.deps == nil {
			continue
		}
		if m, d, ok := findDep(r, st.deps); ok {
			names = append(names, st.name)
			ev = append(ev, report.At(m, d))
		}
	}
	return names, ev
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// findDep returns the manifest and line of a direct runtime dependency
// matching re (see directDepMatching).
func findDep(r *evidence.Repo, re *lazyregexp.Regexp) (string, int, bool) {
	if ev := directDepMatching(r, re); len(ev) > 0 {
		return ev[0].Path, ev[0].Line, true
	}
	return "", 0, false
}

var testCommand = docWords.MustCompile(`(?i)\b(go test|npm (run )?test|yarn test|pnpm test|pytest|tox|mvn (-\S+ )*(test|verify|install)|gradlew? (test|check|build)|cargo test|phpunit|rspec|rake test|dotnet test|mix test|jest|vitest|make (test|check)|R CMD check|testthat)\b`)

// uncommentedMatchLine returns the line of the first match of p in a CI
// definition that is not on a comment line (commentLine: "# - Gradle build
// system" in a workflow's header, "// gradle test" in a Jenkinsfile, run
// nothing), or 0.
func uncommentedMatchLine(text string, p *textindex.Pattern, ix *textindex.Index) int {
	for _, loc := range ix.FindAllStringIndex(text, p, -1) {
		start := strings.LastIndexByte(text[:loc[0]], '\n') + 1
		if !commentLine.MatchString(text[start:loc[0]]) {
			return strings.Count(text[:loc[0]], "\n") + 1
		}
	}
	return 0
}

// practicesInUse lists the practices the repository shows; guide is the
// project's own contribution guide (contributionGuide), or nil.
func practicesInUse(r *evidence.Repo, guide *evidence.Doc) ([]string, []report.Evidence) {
	var names []string
	var ev []report.Evidence
	add := func(name string, e report.Evidence) {
		names = append(names, name)
		ev = append(ev, e)
	}
	if len(r.CI) > 0 {
		add("CI ("+r.CI[0].System+")", report.At(r.CI[0].Path, 0))
		for _, c := range r.CI {
			if line := uncommentedMatchLine(c.Text, testCommand, texts(r)); line > 0 {
				add("tests run in CI", report.At(c.Path, line))
				break
			}
		}
	}
	if n := len(r.TestFiles); n > 0 && !contains(names, "tests run in CI") {
		add(fmt.Sprintf("tests (%s)", plural(n, "test file")), report.At(r.TestFiles[0], 0))
	}
	if s := r.Community[evidence.Security]; s != nil {
		add("security policy", report.At(s.Path, 1))
	}
	if len(r.DependencyBots) > 0 {
		add("automated dependency updates", report.At(r.DependencyBots[0], 0))
	}
	if c := r.Community[evidence.Codeowners]; c != nil {
		add("code review (CODEOWNERS)", report.At(c.Path, 1))
	}
	if guide != nil {
		add("contribution guide", report.At(guide.Path, 1))
	}
	if c := r.Community[evidence.Changelog]; c != nil {
		add("changelog", report.At(c.Path, 1))
	}
	if len(r.Dockerfiles) > 0 {
		add("container packaging", report.At(r.Dockerfiles[0].Path, 0))
	}
	// Tool settings count at the root only: a sub-folder's linter settings
	// are as often a copied template's (an Angular app's tslint.json).
	tools := make([]string, len(toolingPractices)) // the first root file of each
	for _, p := range r.Files {
		if strings.Contains(p, "/") {
			continue
		}
		for i, t := range toolingPractices {
			if tools[i] == "" && t.file(p) {
				tools[i] = p
			}
		}
	}
	for i, t := range toolingPractices {
		if tools[i] != "" {
			add(t.name, report.At(tools[i], 0))
		}
	}
	return names, ev
}

// toolingPractices are practices a project shows by committing a tool's
// configuration at its root: a linter, pre-commit hooks, coverage reporting.
var toolingPractices = []struct {
	name string
	file func(base string) bool
}{
	{"linting", func(b string) bool {
		switch b {
		case ".lintr", ".flake8", ".pylintrc", "pylintrc", "ruff.toml", ".ruff.toml", ".rubocop.yml", "checkstyle.xml",
			".golangci.yml", ".golangci.yaml", ".golangci.toml", "tslint.json", "phpcs.xml", "phpcs.xml.dist", ".php-cs-fixer.php",
			".php-cs-fixer.dist.php", "detekt.yml", ".swiftlint.yml", ".credo.exs", "analysis_options.yaml", ".scalafmt.conf":
			return true
		}
		return strings.HasPrefix(b, ".eslintrc") || strings.HasPrefix(b, "eslint.config.") || strings.HasPrefix(b, ".stylelintrc")
	}},
	{"pre-commit hooks", func(b string) bool {
		return b == ".pre-commit-config.yaml" || b == "lefthook.yml" || b == ".lefthook.yml"
	}},
	{"coverage reporting", func(b string) bool {
		switch b {
		case "codecov.yml", ".codecov.yml", ".coveragerc", ".nycrc", ".nycrc.json", ".coveralls.yml":
			return true
		}
		return false
	}},
}
