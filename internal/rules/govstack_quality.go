package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// quality#req-1: documentation in English for installation, configuration
// and operation, in the repository.
func englishDocumentation(in *Input) Result {
	r := in.Repo
	docs := projectDocs(r)
	if len(docs) == 0 {
		return failWith("no README and no documentation in the repository", nil)
	}
	sections := operationSections(r, docs)
	if links := readmeSendsAway(r.Readme); len(links) > 0 {
		// The README sends readers elsewhere to install: a sub-component's
		// README is not the building block's documentation.
		sections = slices.DeleteFunc(sections, func(s opsSection) bool { return s.rank > 2 })
	}
	var english_, foreign []opsSection
	inEnglish := map[*evidence.Doc]bool{} // a document's language, told once for all its sections
	for _, s := range sections {
		en, told := inEnglish[s.doc]
		if !told {
			en = english(s.doc.Prose)
			inEnglish[s.doc] = en
		}
		if en {
			english_ = append(english_, s)
		} else {
			foreign = append(foreign, s)
		}
	}
	read := fmt.Sprintf("read %s", docsRead(docs))
	switch {
	case len(english_) > 0:
		var ev []report.Evidence
		var where []string
		for _, s := range english_[:min(len(english_), 4)] {
			ev = append(ev, s.at())
			where = append(where, s.String())
		}
		return passWith("English installation, configuration or operation documentation is in the repository: "+strings.Join(where, "; "), ev, read)
	case len(foreign) > 0 && !anyEnglish(docs):
		return failWith(fmt.Sprintf("the documentation does not read as English (%s); GovStack requires English documentation (translations may sit beside it)", foreign[0]),
			[]report.Evidence{foreign[0].at()}, read)
	case r.Readme != nil && !anyEnglish(docs):
		return failWith(r.Readme.Path+" does not read as English; GovStack requires English documentation (translations may sit beside it)", []report.Evidence{readmeAt(r)}, read)
	}
	msg := "no installation, configuration or operation instructions were found in the repository's documentation"
	if r.Readme != nil {
		msg = r.Readme.Path + " is English, but " + msg
		if links := readmeSendsAway(r.Readme); len(links) > 0 {
			msg += fmt.Sprintf(" (its installation section sends readers to %s)", links[0])
		} else if links := externalDocLinks(r.Readme); len(links) > 0 {
			msg += fmt.Sprintf(" (the README links %s)", links[0])
		}
	}
	return reviewWith(msg+"; GovStack wants them in the same repository as the code: a reviewer must judge what is there", []report.Evidence{readmeAt(r)}, read)
}

// opsHeading introduces installation, configuration or operation
// instructions.
// ("Building Block" is a GovStack term, not build instructions).
var opsHeading = lazyregexp.New(`(?i)\b(install\w*|set ?up|getting started|get started|quick ?start|deploy\w*|configur\w*|settings|environment variables|operat(e|ing|ion|ions)|administration|administering|admin(istrator)?('s)? guide|usage|how to (run|use)|run(ning)?|upgrad\w+|maintenance|backup|requirements|prerequisites|build(ing)? (from source|instructions|and run\w*|& run\w*|the project|locally))\b|^build(ing)?$`)

// opsDocName is a document about installing, configuring or operating the
// software, by its name.
var opsDocName = lazyregexp.New(`(?i)(install|setup|set-up|deploy|configur|admin|operat|getting[-_ ]?started|quick[-_ ]?start|usage|user[-_ ]?guide|upgrade|maintenance|runbook|how[-_]?to)`)

// manualName is a manual for installing or running the software, by name.
var manualName = lazyregexp.New(`(?i)(install|setup|set-up|deploy|admin|operat|getting[-_ ]?started|quick[-_ ]?start|user[-_ ]?guide|upgrade|runbook)`)

// notDocumentation are documents that are not the project's own manuals:
// change logs, templates, licences, policies and conduct codes.
var notDocumentation = lazyregexp.New(`(?i)(^|/)(changelog|changes|history|news|release[-_ ]?notes|code[-_ ]?of[-_ ]?conduct|security|license|licence|copying|notice|authors|contributors|trademarks?|privacy)[^/]*$|(^|/)\.github/|(^|/)changes/|template|cookiecutter|(^|/)HELP\.md$|\{\{`)

// projectDocs returns the README and the project's own documentation.
func projectDocs(r *evidence.Repo) []*evidence.Doc {
	var out []*evidence.Doc
	if r.Readme != nil {
		out = append(out, r.Readme)
	}
	for _, d := range r.Docs {
		if d != r.Readme && !notDocumentation.MatchString(d.Path) && !slices.Contains(r.Policies, d) {
			out = append(out, d)
		}
	}
	return out
}

// opsSection is a part of a document that gives instructions.
type opsSection struct {
	doc     *evidence.Doc
	heading string
	line    int
	rank    int // see docRank
}

// docRank orders documentation by how much it speaks for the whole
// project: the README (0), a manual in a top-level docs folder named for
// installation or operation (1), other docs-folder pages and root documents
// (2), then the rest (a module's or service's README) (3).
func docRank(r *evidence.Repo, d *evidence.Doc) int {
	top, _, nested := strings.Cut(d.Path, "/")
	inDocs := nested && slices.Contains(r.DocDirs, top)
	switch {
	case d == r.Readme:
		return 0
	case inDocs && manualName.MatchString(path.Base(d.Path)):
		return 1
	case inDocs || !nested || linkedFromReadme(r, d.Path):
		return 2
	}
	return 3
}

// linkedFromReadme reports whether the root README links a document of the
// repository ("[Documentation](./adapter/docs/1-main.md)").
func linkedFromReadme(r *evidence.Repo, p string) bool {
	if r.Readme == nil {
		return false
	}
	for _, l := range r.Readme.Links {
		u, _, _ := strings.Cut(l.URL, "#")
		if u != "" && !strings.Contains(u, "://") && path.Clean(strings.TrimPrefix(u, "/")) == p {
			return true
		}
	}
	return false
}

// readmeSendsAway returns the external links of a README section about
// installation that holds little else ("See the installation guide").
func readmeSendsAway(d *evidence.Doc) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, s := range d.Sections {
		if s.Heading.Level == 1 || !opsHeading.MatchString(s.Heading.Text) || s.Code > 0 || s.Words >= 40 {
			continue
		}
		for _, l := range d.Links {
			if l.Line >= s.Start && l.Line <= s.End && strings.Contains(l.URL, "://") && !badgeLink(l.URL) {
				out = append(out, l.URL)
			}
		}
	}
	return out
}

var badgeImage = lazyregexp.New(`(?i)badge|shields\.io|\.svg(\?|$)`)

func badgeLink(u string) bool { return badgeImage.MatchString(u) }

func (s opsSection) at() report.Evidence { return report.At(s.doc.Path, max(s.line, 1)) }

func (s opsSection) String() string {
	if s.heading == "" {
		return s.doc.Path
	}
	return fmt.Sprintf("%s (%q, line %d)", s.doc.Path, s.heading, s.line)
}

// operationSections finds instructions in the documents: a section under an
// installation, configuration or operation heading with substance (commands,
// or more than a sentence or two: "see the installation guide" with a link
// is not instructions), or a whole document named for them.
func operationSections(r *evidence.Repo, docs []*evidence.Doc) []opsSection {
	var out []opsSection
	defer func() {
		slices.SortStableFunc(out, func(a, b opsSection) int { return a.rank - b.rank })
	}()
	for _, d := range docs {
		rank := docRank(r, d)
		found := false
		// Subsections first: a title ("Web App ![build](badge)") spans the
		// whole document.
		for _, top := range []bool{false, true} {
			for _, s := range d.Sections {
				if found || (s.Heading.Level == 1) != top {
					continue
				}
				if opsHeading.MatchString(s.Heading.Text) && (s.Code > 0 || proseWords(d, s.Start, s.End) >= 40) {
					out = append(out, opsSection{doc: d, heading: s.Heading.Text, line: s.Heading.Line, rank: rank})
					found = true
				}
			}
		}
		if !found && opsDocName.MatchString(path.Base(d.Path)) && d.Words >= 80 {
			out = append(out, opsSection{doc: d, rank: rank})
		}
	}
	return out
}

var linkOrURL = lazyregexp.New(`!?\[[^\]]*\]\([^)]*\)|<?https?://\S+`)

// proseWords counts the words of a section that are not links: a list of
// reference links ("[Official Gradle documentation](...)") is not
// instructions.
func proseWords(d *evidence.Doc, start, end int) int {
	lines := strings.Split(d.Prose, "\n")
	n := 0
	for i := max(start-1, 0); i < end && i < len(lines); i++ { // start and end are 1-based, inclusive
		n += len(strings.Fields(linkOrURL.ReplaceAllString(lines[i], " ")))
	}
	return n
}

func anyEnglish(docs []*evidence.Doc) bool {
	for _, d := range docs {
		if lang := proseLanguage(d.Prose); lang == "English" {
			return true
		}
	}
	return false
}

// docsRead says what was read, for a reviewer.
func docsRead(docs []*evidence.Doc) string {
	var names []string
	words := 0
	for _, d := range docs {
		names = append(names, d.Path)
		words += d.Words
	}
	return fmt.Sprintf("%s (%s): %s", plural(len(docs), "document"), plural(words, "word"), listUpTo(names, 5))
}

// externalDocLinks lists the documentation links of a README that point
// outside the repository.
func externalDocLinks(d *evidence.Doc) []string {
	var out []string
	for _, l := range d.Links {
		if strings.Contains(l.URL, "://") && (isDocsLink(l.URL, l.Text) || opsHeading.MatchString(l.Text)) {
			out = append(out, l.URL)
		}
	}
	return out
}

// quality#req-2: HTML5 and CSS3 validity, for web user interfaces.
func webStandards(in *Input) Result {
	if !hasUI(in.Repo) {
		return notApplicable("no web user interface found")
	}
	return withEvidence(func(in *Input) []report.Evidence {
		return append(declaredTool(in.Repo, lazyregexp.New(`(?i)html-validate|stylelint|vnu-jar|w3c-html-validator`)),
			filesMatching(in.Repo, lazyregexp.New(`(?i)(^|/)(\.htmlvalidate\.json|\.stylelintrc[^/]*)$`), 2)...)
	}, "HTML or CSS validation tooling")(in)
}

var a11yTool = lazyregexp.New(`(?i)axe-core|@axe-core|pa11y|lighthouse|jest-axe|cypress-axe|eslint-plugin-jsx-a11y|vue-axe`)

// a11yStep is a11yTool in a CI configuration.
var a11yStep = docWords.MustCompile(a11yTool.String())

// quality#req-3: WCAG 2.1 AA.
func accessibility(in *Input) Result {
	r := in.Repo
	if !hasUI(r) {
		return notApplicable("no user interface found")
	}
	ev := append(usedDeclaredTool(r, a11yTool), ciMatching(r, a11yStep)...)
	if len(ev) > 0 {
		return passWith("accessibility is tested automatically (axe, pa11y, Lighthouse ...)", ev, "automated tests find part of WCAG 2.1 AA failures; a manual audit finds the rest")
	}
	return manual(in)
}

var runtimeSpecDep = lazyregexp.New(`(?i)springdoc|springfox|drf-yasg|drf-spectacular|swagger-jsdoc|swaggo/swag|fastapi|@nestjs/swagger|swashbuckle|nswag|flasgger|apispec|rswag|l5-swagger|zircote/swagger-php|swagger-ui-express|tsoa|trpc-to-openapi|trpc-openapi|hapi-swagger|@fastify/swagger|fastify-swagger|express-openapi|zod-to-openapi|@asteasolutions/zod-to-openapi|zod-openapi|utoipa|poem-openapi|danielgtaylor/huma`)

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
// package named usecase (clean architecture) is code, not documentation, and
// a folder of demo deployments named use-cases is not a use case either.
var useCaseDoc = lazyregexp.New(`(?i)(^|/)[^/]*(use[-_ ]?cases?|user[-_ ]?stor(y|ies))[^/]*\.(md|mdx|markdown|rst|adoc|asciidoc|txt|pdf|docx?|odt)$`)

// useCaseFolder is a folder of use-case documents (docs/use-cases/).
var useCaseFolder = lazyregexp.New(`(?i)(^|/)(use[-_ ]?cases?|user[-_ ]?stor(y|ies))/[^/]+\.(md|mdx|markdown|rst|adoc|asciidoc)$`)

// isUseCaseDoc reports a use-case document: named for use cases, or a
// document other than a README in a use-cases folder (a README there
// usually describes a deployment or demo of that name).
func isUseCaseDoc(f string) bool {
	if notDocumentation.MatchString(f) {
		return false
	}
	return useCaseDoc.MatchString(f) || useCaseFolder.MatchString(f) && !strings.EqualFold(strings.TrimSuffix(path.Base(f), path.Ext(f)), "readme")
}

var (
	// useCaseHeading is a heading about use cases ("Example Use Cases",
	// "9.1.1 User Story 1 - Create a registry"), not one that uses the words
	// for something else ("Circle CI use-cases", "USCT use case deployment
	// guide").
	useCaseHeading  = lazyregexp.New(`(?i)^[\d.\s]*(\w+\s+){0,2}(use[- ]?cases?|user[- ]?stor(y|ies)|user journeys?|business (processes|scenarios))(\s*\d+\b.*|\s*[:-].*)?$`)
	useCaseNotScope = lazyregexp.New(`(?i)\b(ci|cd|pipeline|deploy\w*|build|tests?|testing)\b`)
	userStory       = docWords.MustCompile(`(?i)\bas an? [\w '-]{2,50}?,? I (want|need|would like|can|should be able|must be able)\b`)
	useCaseWord     = docWords.MustCompile(`(?i)\buse[-_ ]?cases?\b|\buser[-_ ]?stor(y|ies)\b`)
)

// quality#req-5: use cases and user stories. A document named for them, a
// section under such a heading, or user stories ("As a registrar, I want
// ...") document the functional scope; the words in a changelog entry ("Use
// case-sensitive email validator") or an empty issue template do not.
func useCases(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	docMay, folderMay := textindex.FilterOf(useCaseDoc.String()), textindex.FilterOf(useCaseFolder.String())
	for _, f := range r.Files {
		if len(ev) == 2 {
			break
		}
		if (docMay.May(f) || folderMay.May(f)) && isUseCaseDoc(f) {
			ev = append(ev, report.At(f, 0))
		}
	}
	docs := projectDocs(r)
	for _, d := range docs {
		if len(ev) >= 4 {
			break
		}
		for _, s := range d.Sections {
			if useCaseHeading.MatchString(s.Heading.Text) && !useCaseNotScope.MatchString(s.Heading.Text) && s.Words >= 30 {
				ev = append(ev, report.At(d.Path, s.Heading.Line))
				break
			}
		}
	}
	for _, d := range docs {
		if len(ev) >= 4 {
			break
		}
		if loc := texts(r).FindStringIndex(d.Prose, userStory); loc != nil {
			ev = append(ev, report.At(d.Path, lineAt(d.Prose, loc[0])))
		}
	}
	if len(ev) > 0 {
		return passWith("use cases or user stories are documented", ev, "whether they cover the whole functional scope needs a reviewer")
	}
	var mentions []report.Evidence
	for _, d := range docs {
		if loc := texts(r).FindStringIndex(d.Prose, useCaseWord); loc != nil && len(mentions) < 2 {
			mentions = append(mentions, report.At(d.Path, lineAt(d.Prose, loc[0])))
		}
	}
	if len(r.GherkinFeatures) > 0 {
		mentions = append(mentions, report.At(r.GherkinFeatures[0], 0))
	}
	if len(mentions) > 0 {
		res := manual(in)
		res.Evidence = mentions
		res.Message = "use cases are mentioned or scenarios exist, but no use-case document, use-case section or user story was found; " + res.Message
		return res
	}
	return manual(in)
}

// A functional test exercises the product as its users do: through the UI
// or the API. A *.spec.ts file alone is not one: Angular and Jest name their
// unit tests so.
var (
	// functionalTestPath is a test source in a folder of end-to-end, API,
	// UI or system tests, or a Rails system, feature or request spec.
	functionalTestPath = lazyregexp.New(`(?i)(^|/)(cypress|playwright|e2e|e2e[-_]tests?|end-to-end|functional[-_]?tests?|acceptance[-_]?tests?|karate|robot|api[-_]?tests?|apitest|ui[-_]?tests?|system[-_]?tests?|selenium)/|` +
		`(^|/)spec/(system|features|requests)/.*_spec\.rb$|(^|/)test/(system|integration)/.*_test\.rb$`)
	// functionalTestFile is a functional test by its own name.
	functionalTestFile = lazyregexp.New(`(?i)\.cy\.[jt]sx?$|\.e2e(-spec)?\.[jt]sx?$|\.interaction\.stories\.[jt]sx?$|postman_collection\.json$|` +
		`(^|/)(playwright|cypress)\.config\.[cm]?[jt]s$|\.robot$|(^|/)wdio\.conf\.[jt]s$`)
	// integrationTestPath is an integration test: it may or may not drive the
	// product through its API.
	integrationTestPath = lazyregexp.New(`(^|/)(integration[-_]?tests?|intTest|integrationTests?|it)/|IT\.(java|kt)$`)
	// testModuleBuild is the build file of a separate test module
	// (app-test/pom.xml, server-it/build.gradle): a suite kept apart from
	// the code it tests usually drives the assembled product.
	testModuleBuild = lazyregexp.New(`(^|/)[^/]+[-_](tests?|it|integration[-_]?tests?)/(pom\.xml|build\.gradle(\.kts)?|package\.json|pyproject\.toml|setup\.py)$`)
	// functionalTool is a library or runner for UI and API tests.
	functionalTool = lazyregexp.New(`(?i)^(cypress|@playwright/test|playwright|pytest-playwright|selenium-webdriver|selenium|org\.seleniumhq\.selenium:.*|io\.rest-assured:.*|com\.intuit\.karate:.*|` +
		`supertest|capybara|webdrivers|webdriverio|@wdio/cli|testcafe|puppeteer|behave|pytest-bdd|robotframework.*|newman|@pact-foundation/pact|au\.com\.dius\.pact.*|io\.cucumber:.*|@cucumber/cucumber|@storybook/test-runner)$`)
)

// CI steps that run a kind of functional test; nil means any test step (the
// tests run inside the project's own test runner: rspec, JUnit, Odoo's).
var (
	gherkinRunner   = lazyregexp.New(`(?i)behave|cucumber|godog|intTest|integrationTest|e2eTest|systemTest|karate|orb job`)
	storybookRunner = lazyregexp.New(`(?i)test-storybook|storybook\S*\s+test`)
	browserRunner   = lazyregexp.New(`(?i)cypress|playwright|e2e|wdio|testcafe|selenium|newman|robot`)
)

// functionalEvidence is a functional test found, and what runs it in CI.
type functionalEvidence struct {
	what   string
	ev     report.Evidence
	runner *lazyregexp.Regexp
	// httpOnly marks test-suite tests that call the HTTP API (an Odoo
	// HttpCase, a Django APIClient): run with the unit tests, they show the
	// API is tested, not that the end-user functionality is covered.
	httpOnly bool
}

// functionalTestsFound lists the kinds of functional tests of the project,
// product or set aside.
func functionalTestsFound(r *evidence.Repo) []functionalEvidence {
	var out []functionalEvidence
	if len(r.GherkinFeatures) > 0 {
		out = append(out, functionalEvidence{plural(len(r.GherkinFeatures), "Gherkin feature"), report.At(r.GherkinFeatures[0], 0), gherkinRunner, false})
	}
	all := slices.Concat(r.AsideFiles, r.Files)
	var stories, named, inFolder []string
	fileMay, pathMay := textindex.FilterOf(functionalTestFile.String()), textindex.FilterOf(functionalTestPath.String())
	for _, f := range all {
		switch {
		case strings.HasSuffix(f, ".feature"):
		case strings.Contains(strings.ToLower(f), ".interaction.stories."):
			stories = append(stories, f)
		case fileMay.May(f) && functionalTestFile.MatchString(f):
			named = append(named, f)
		case pathMay.May(f) && functionalTestPath.MatchString(f) && (evidence.Language(f) != "" && evidence.Language(f) != "Shell" || strings.HasSuffix(f, ".robot")):
			inFolder = append(inFolder, f)
		}
	}
	if len(stories) > 0 {
		out = append(out, functionalEvidence{plural(len(stories), "Storybook interaction test"), report.At(stories[0], 0), storybookRunner, false})
	}
	if len(named) > 0 {
		out = append(out, functionalEvidence{plural(len(named), "end-to-end or API test file"), report.At(named[0], 0), browserRunner, false})
	}
	if len(inFolder) > 0 {
		out = append(out, functionalEvidence{plural(len(inFolder), "end-to-end, API, UI or system test source"), report.At(inFolder[0], 0), nil, false})
	}
	if len(r.HTTPTests) > 0 {
		h := r.HTTPTests[0]
		out = append(out, functionalEvidence{plural(len(r.HTTPTests), "test") + " driving the application through its HTTP API", report.At(h.Path, h.Line), nil, true})
	}
	return out
}

// testModules are the build files of separate test modules that hold test
// files: a folder named "-test" with only an app in it (a manual test bed
// of embeds) is not a suite.
func testModules(r *evidence.Repo) []report.Evidence {
	var out []report.Evidence
	for _, m := range testFilesMatching(r, testModuleBuild, 10) {
		dir := path.Dir(m.Path) + "/"
		if slices.ContainsFunc(r.TestFiles, func(f string) bool { return strings.HasPrefix(f, dir) }) {
			out = append(out, m)
		}
	}
	return out[:min(len(out), 2)]
}

// quality#req-6: functional tests of UI and API, run in CI.
func functionalTests(in *Input) Result {
	r := in.Repo
	found := functionalTestsFound(r)
	steps := ciTestSteps(r)
	var httpRun *ciStep
	var httpTests functionalEvidence
	for _, f := range found {
		var run []ciStep
		for _, s := range steps {
			if (f.runner == nil || f.runner.MatchString(s.command)) && s.covers(f.ev.Path) {
				run = append(run, s)
			}
		}
		if f.runner != nil {
			for _, s := range ciStepsMatching(r, f.runner, true) {
				if s.covers(f.ev.Path) {
					run = append(run, s)
				}
			}
		}
		if len(run) > 0 && f.httpOnly {
			httpRun, httpTests = &run[0], f
			continue
		}
		if len(run) > 0 {
			return passWith(fmt.Sprintf("functional tests run in CI: %s (%s), run by %s at %s", f.what, f.ev, run[0].command, run[0].at()),
				[]report.Evidence{f.ev, run[0].at()}, "whether every end-user feature has a functional test needs a reviewer")
		}
	}
	if httpRun != nil {
		return reviewWith(fmt.Sprintf("the only functional tests are %s (%s), run with the unit tests by %s at %s; no end-to-end or UI suite was found, so a reviewer must judge whether end-user functionality is covered: show an end-to-end, API or UI suite run in CI (Cypress, Playwright, Selenium, Karate, Postman collections run by newman) or how the HTTP tests cover each user-facing feature",
			httpTests.what, httpTests.ev, httpRun.command, httpRun.at()), []report.Evidence{httpTests.ev, httpRun.at()})
	}
	if len(found) > 0 {
		var ev []report.Evidence
		var what []string
		for _, f := range found {
			ev = append(ev, f.ev)
			what = append(what, f.what)
		}
		return reviewWith(fmt.Sprintf("functional tests are in the repository (%s), but no CI step that runs them was recognised", strings.Join(what, ", ")), ev)
	}
	if weak := testFilesMatching(r, integrationTestPath, 2); len(weak) > 0 {
		return reviewWith("integration tests exist; whether they exercise end-user features through the API or UI needs a reviewer", weak)
	}
	if modules := testModules(r); len(modules) > 0 {
		return reviewWith(fmt.Sprintf("a separate test module is built (%s); whether its tests exercise end-user features through the API or UI needs a reviewer", modules[0].Path), modules)
	}
	if tools := declaredTool(r, functionalTool); len(tools) > 0 {
		return reviewWith("a UI or API testing tool is a dependency, but no tests using it were recognised", tools)
	}
	if len(r.TestFiles) == 0 {
		return failWith("no tests at all: no functional (end-to-end, API or UI) tests", nil)
	}
	return failWith(fmt.Sprintf("only unit tests (%s): no functional (end-to-end, API or UI) tests found", plural(len(r.TestFiles), "test file")), []report.Evidence{report.At(r.TestFiles[0], 0)})
}

// Mocks: quality#req-7 wants a standalone mock or example implementation
// that answers the building block's own API, for compliance tests.
var (
	// apiMockFile is a mock server of an API description: a Mockoon
	// environment, a Prism configuration.
	apiMockFile = lazyregexp.New(`(?i)(^|/)[^/]*mockoon[^/]*\.json$|(^|/)mockoon/[^/]+\.json$|(^|/)\.?prism(rc)?\.ya?ml$`)
	// apiMockCommand starts a mock server from an API description.
	apiMockCommand = lazyregexp.New(`(?i)\bprism\s+mock\b|stoplight/prism|mockoon-cli\s+start|mockoon/cli`)
	// otherMock is a mock whose target the tool cannot tell: WireMock
	// mappings often stand in for a system the product calls, a mocks/
	// folder for a unit test's collaborators, an example for a client, an
	// emulator or simulator folder for the building block itself or for a
	// system it talks to.
	otherMock = lazyregexp.New(`(?i)wiremock|(^|/)mocks?/|mock[-_]?server|(^|/)examples?/[^/]+/(docker-compose|compose)[^/]*\.ya?ml$|(^|/)[^/]*(emulator|simulator)s?/`)
)

// goTestDouble is the output of mockery and gomock: unit-test doubles of Go
// interfaces, not a mock of the API.
var goTestDouble = lazyregexp.New(`(^|/)mocks?/[^/]+\.go$|(^|/)mock_[^/]+\.go$`)

// quality#req-7: a compliance-test mock or example implementation.
func mockImplementation(in *Input) Result {
	r := in.Repo
	all := slices.Concat(r.AsideFiles, r.Files)
	strong := pathsIn(all, apiMockFile, 3)
	for _, c := range r.DevConfigs {
		if len(strong) < 3 && path.Base(c.Path) == "package.json" {
			if loc := apiMockCommand.FindStringIndex(c.Text); loc != nil {
				strong = append(strong, report.At(c.Path, lineAt(c.Text, loc[0])))
			}
		}
	}
	for _, s := range ciStepsMatching(r, apiMockCommand, true) {
		strong = append(strong, s.at())
	}
	if len(strong) > 0 {
		return passWith("a mock server of the API is provided (Mockoon, Prism)", strong,
			"check that it answers this building block's own API with realistic payloads")
	}
	var other []report.Evidence
	may := textindex.FilterOf(otherMock.String())
	for _, f := range all {
		if len(other) < 3 && may.May(f) && otherMock.MatchString(f) && !goTestDouble.MatchString(f) {
			other = append(other, report.At(f, 0))
		}
	}
	if len(other) > 0 {
		return reviewWith("mocks or examples exist, but the tool cannot tell whether they mock this building block's own API (WireMock mappings and mocks/ folders usually stand in for the systems it calls)", other)
	}
	return failWith("no mock (Mockoon, Prism, WireMock) or example implementation found", nil)
}

var i18nFile = lazyregexp.New(`(?i)(^|/)(locales?|i18n|lang|translations?|l10n)/|\.(po|pot|xlf|xliff|arb|resx)$|messages_[a-z]{2}(_[A-Z]{2})?\.properties$`)
var i18nDir = lazyregexp.New(`(?i)(^|/)(locales?|i18n|lang|translations?|l10n)/`)

// quality#req-8: localisable user interfaces.
func localisation(in *Input) Result {
	r := in.Repo
	if !hasUI(r) {
		msg := "no user interface among the product files (no web pages, UI components or front-end framework), so there is nothing to localise"
		if ui := pathsIn(r.AsideFiles, uiFile, 1); len(ui) > 0 {
			msg += fmt.Sprintf("; %s is set aside as %s", ui[0].Path, asideWhy(r, ui[0].Path))
		}
		return notApplicable(msg)
	}
	if ev := i18nEvidence(r, 3); len(ev) > 0 {
		return passWith("the interface has translation resources", ev)
	}
	var means []report.Evidence
	means = append(means, declaredTool(r, i18nLibrary)...)
	means = append(means, filesMatching(r, i18nCode, 2)...)
	if len(means) > 0 {
		return reviewWith("the user interface ships no translation files, but it uses a localisation library or framework (translations may be loaded at run time or stored in the database): a reviewer must check that a new language needs no code change", means)
	}
	return failWith("the user interface has no translation resources (locales/, *.po, messages_*.properties) and no localisation library", nil)
}

// i18nLibrary is a localisation library, or a framework with its own
// translation machinery (Odoo, Django with Babel).
var i18nLibrary = lazyregexp.New(`(?i)^(i18next|react-i18next|next-i18next|next-intl|react-intl|vue-i18n|@ngx-translate/core|@angular/localize|@formatjs/.+|@lingui/.+|svelte-i18n|typesafe-i18n|intl-messageformat|@fluent/.+|babel|flask-babel|django-modeltranslation|django-rosetta|rails-i18n|i18n|gettext|python-gettext|polib|odoo|github\.com/nicksnyder/go-i18n(/v\d+)?|golang\.org/x/text)$`)

// i18nCode is source code or a manifest that localises: a localisation
// service, an Odoo module manifest (Odoo translates every module's strings).
var i18nCode = lazyregexp.New(`(?i)(^|/)[^/]*(locali[sz](ation|e)|i18n|translat(e|ion))[^/]*\.(ts|js|jsx|tsx|vue|java|kt|py|rb|go|php|cs)$|(^|/)__manifest__\.py$`)

// declaredTool is toolMatching over manifests only: a library in a lockfile
// may be a dependency of a dependency, not something the project uses.
func declaredTool(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind == manifest.Lockfile {
			continue
		}
		for _, d := range m.Deps {
			if re.MatchString(d.Name) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}

// i18nEvidence returns translation resources, those of folders that hold
// more than translations first: an i18n/ folder left alone in a module
// folder (a stub of a removed module) is weak evidence.
func i18nEvidence(r *evidence.Repo, max int) []report.Evidence {
	owners := map[string]bool{} // folders holding files other than translations
	translation := make([]bool, len(r.Files))
	may := textindex.FilterOf(i18nFile.String())
	for i, f := range r.Files {
		translation[i] = may.May(f) && i18nFile.MatchString(f)
		if !translation[i] {
			owners[path.Dir(f)] = true
		}
	}
	var strong, weak []report.Evidence
	for i, f := range r.Files {
		if !translation[i] {
			continue
		}
		owner := path.Dir(f)
		if loc := i18nDir.FindStringIndex(f); loc != nil {
			owner = path.Dir(strings.TrimSuffix(f[:loc[1]], "/"))
		}
		if hasSubfolderFiles(owners, owner) {
			strong = append(strong, report.At(f, 0))
		} else {
			weak = append(weak, report.At(f, 0))
		}
		if len(strong) >= max {
			break
		}
	}
	out := append(strong, weak...)
	return out[:min(len(out), max)]
}

// hasSubfolderFiles reports whether dir or a folder below it holds files
// other than translations.
func hasSubfolderFiles(owners map[string]bool, dir string) bool {
	if owners[dir] {
		return true
	}
	prefix := dir + "/"
	if dir == "." {
		return len(owners) > 0
	}
	for o := range owners {
		if strings.HasPrefix(o, prefix) {
			return true
		}
	}
	return false
}

// asideWhy says why a path is set aside.
func asideWhy(r *evidence.Repo, p string) string {
	for _, sa := range r.SetAside {
		if p == sa.Path || strings.HasPrefix(p, sa.Path+"/") {
			return fmt.Sprintf("%s (%s)", sa.Why, sa.Path)
		}
	}
	return "not the product"
}
