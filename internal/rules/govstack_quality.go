package rules

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// quality#req-1: documentation in English.
func englishDocumentation(in *Input) Result {
	r := in.Repo
	if r.Readme == nil {
		return failWith("no README: there is no documentation to read", nil)
	}
	if !english(r.Readme.Text) {
		return failWith(r.Readme.Path+" does not read as English; GovStack requires English documentation (translations may sit beside it)", []report.Evidence{readmeAt(r)})
	}
	return passWith(r.Readme.Path+" is written in English", []report.Evidence{readmeAt(r)})
}

// quality#req-2: HTML5 and CSS3 validity, for web user interfaces.
func webStandards(in *Input) Result {
	if !hasUI(in.Repo) {
		return notApplicable("no web user interface found")
	}
	return withEvidence(func(in *Input) []report.Evidence {
		return append(toolMatching(in.Repo, regexp.MustCompile(`(?i)html-validate|stylelint|vnu-jar|w3c-html-validator`)),
			filesMatching(in.Repo, regexp.MustCompile(`(?i)(^|/)(\.htmlvalidate\.json|\.stylelintrc[^/]*)$`), 2)...)
	}, "HTML or CSS validation tooling")(in)
}

var a11yTool = regexp.MustCompile(`(?i)axe-core|@axe-core|pa11y|lighthouse|jest-axe|cypress-axe|eslint-plugin-jsx-a11y|vue-axe`)

// quality#req-3: WCAG 2.1 AA.
func accessibility(in *Input) Result {
	r := in.Repo
	if !hasUI(r) {
		return notApplicable("no user interface found")
	}
	ev := append(toolMatching(r, a11yTool), ciMatching(r, a11yTool)...)
	if len(ev) > 0 {
		return passWith("accessibility is tested automatically (axe, pa11y, Lighthouse ...)", ev, "automated tests find part of WCAG 2.1 AA failures; a manual audit finds the rest")
	}
	return manual(in)
}

var runtimeSpecDep = regexp.MustCompile(`(?i)springdoc|springfox|drf-yasg|drf-spectacular|swagger-jsdoc|swaggo/swag|fastapi|@nestjs/swagger|swashbuckle|nswag|flasgger|apispec|rswag|l5-swagger|zircote/swagger-php|swagger-ui-express|tsoa`)

// quality#req-4: an OpenAPI 3 description that validates.
func openAPIProvided(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	var problems []string
	valid := 0
	var unvalidated []report.Evidence
	for _, s := range r.APISpecs {
		switch {
		case s.Kind == "swagger":
			problems = append(problems, fmt.Sprintf("%s is Swagger %s; convert it to OpenAPI 3 (swagger2openapi, or the generator's OpenAPI 3 mode)", s.Path, s.Version))
			ev = append(ev, report.At(s.Path, s.Line))
		case s.Kind == "openapi" && s.ParseErr != nil:
			problems = append(problems, fmt.Sprintf("%s does not parse: %v", s.Path, s.ParseErr))
			ev = append(ev, report.At(s.Path, s.Line))
		case s.Kind == "openapi" && !s.Validated:
			unvalidated = append(unvalidated, report.At(s.Path, s.Line))
		case s.Kind == "openapi" && len(s.Invalid) > 0:
			d := s.Invalid[0]
			problems = append(problems, fmt.Sprintf("%s has %s against OpenAPI %s, first: %s", s.Path, plural(len(s.Invalid), "validation error"), s.Version, d.Msg))
			ev = append(ev, report.At(s.Path, max(d.Line, s.Line)))
		case s.Kind == "openapi":
			valid++
			ev = append(ev, report.At(s.Path, s.Line))
		}
	}
	switch {
	case valid > 0 && len(problems) == 0:
		return passWith(fmt.Sprintf("%s valid against the OpenAPI 3 specification", plural(valid, "OpenAPI description")), ev)
	case len(problems) > 0:
		return failWith(problems[0], ev, problems...)
	case len(unvalidated) > 0:
		return Result{Outcome: report.Unknown, Evidence: unvalidated, Message: "the OpenAPI descriptions were not validated in this run"}
	}
	if gen := depMatching(r, runtimeSpecDep); len(gen) > 0 {
		return Result{Outcome: report.NeedsReview, Evidence: gen,
			Message:     "the OpenAPI description is generated at run time, not kept in the repository",
			Remediation: "Export the generated description (for example in CI) and commit it as openapi.yaml, so reviewers and consumers can read and validate it without running the service."}
	}
	return failWith("no OpenAPI description in the repository", nil)
}

// useCaseDoc is a document named for use cases or user stories; a source
// package named usecase (clean architecture) is code, not documentation.
var useCaseDoc = regexp.MustCompile(`(?i)(use[-_ ]?cases?|user[-_ ]?stor(y|ies))[^.]*\.(md|mdx|markdown|rst|adoc|asciidoc|txt|pdf|docx?|odt|feature)$`)

// quality#req-5: use cases and user stories.
func useCases(in *Input) Result {
	re := regexp.MustCompile(`(?i)use[-_ ]?cases?|user[-_ ]?stor(y|ies)`)
	ev := filesMatching(in.Repo, useCaseDoc, 2)
	ev = append(ev, docsMatching(in.Repo, re, 2)...)
	if len(ev) > 0 {
		return passWith("use cases or user stories are documented", ev)
	}
	return manual(in)
}

// functionalTest is an end-to-end, API or UI test. A *.spec.ts file alone is
// not one: Angular and Jest name their unit tests so.
var functionalTest = regexp.MustCompile(`(?i)\.feature$|(^|/)(cypress|playwright|e2e|end-to-end|functional[-_]?tests?|acceptance|karate|robot)/|postman_collection\.json$|(^|/)(playwright|cypress)\.config\.[cm]?[jt]s$|(^|/)test/openapi/`)

// quality#req-6: functional tests of UI and API.
func functionalTests(in *Input) Result {
	if ev := testFilesMatching(in.Repo, functionalTest, 3); len(ev) > 0 {
		return passWith("functional tests are in the repository", ev)
	}
	return failWith("no functional (end-to-end, API or UI) tests found", nil)
}

var mockFile = regexp.MustCompile(`(?i)mockoon|(^|/)mocks?/|wiremock|mock[-_]?server|\.prism|(^|/)examples/[^/]+/(docker-compose|compose)\.ya?ml$`)

// goTestDouble is the output of mockery and gomock: unit-test doubles of Go
// interfaces, not a mock of the API.
var goTestDouble = regexp.MustCompile(`(^|/)mocks?/[^/]+\.go$|(^|/)mock_[^/]+\.go$`)

// quality#req-7: a compliance-test mock or example implementation.
func mockImplementation(in *Input) Result {
	var ev []report.Evidence
	for _, f := range slices.Concat(in.Repo.AsideFiles, in.Repo.Files) {
		if mockFile.MatchString(f) && !goTestDouble.MatchString(f) {
			ev = append(ev, report.At(f, 0))
			if len(ev) == 3 {
				break
			}
		}
	}
	if len(ev) > 0 {
		return passWith("a mock or example implementation is provided", ev)
	}
	return failWith("no mock (Mockoon, Prism, WireMock) or example implementation found", nil)
}

var i18nFile = regexp.MustCompile(`(?i)(^|/)(locales?|i18n|lang|translations?|l10n)/|\.(po|pot|xlf|xliff|arb)$|messages_[a-z]{2}(_[A-Z]{2})?\.properties$`)

// quality#req-8: localisable user interfaces.
func localisation(in *Input) Result {
	r := in.Repo
	if !hasUI(r) {
		return notApplicable("no user interface found")
	}
	if ev := filesMatching(r, i18nFile, 3); len(ev) > 0 {
		return passWith("the interface has translation resources", ev)
	}
	return failWith("the user interface has no translation resources (locales/, *.po, messages_*.properties)", nil)
}
