package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// development#req-1: version control.
func versionControl(in *Input) Result {
	g := in.Repo.Git
	if g.Commit == "" {
		return reviewWith("no git history in the evaluated folder (a tarball or an export?); show where the code is version-controlled", nil)
	}
	ev := []report.Evidence{report.At(".git/HEAD", 1)}
	if g.Remote != "" {
		ev = append(ev, report.Link(g.Remote))
	}
	return passWith(fmt.Sprintf("a git checkout at %s", shortID(g.Commit)), ev,
		"a clone cannot show rewritten history: protect shared branches from force pushes on the hosting platform")
}

func shortID(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

var styleConfig = lazyregexp.New(`(?i)(^|/)(\.editorconfig|\.eslintrc(\.[a-z]+)?|eslint\.config\.[cm]?js|\.prettierrc(\.[a-z]+)?|\.golangci\.ya?ml|checkstyle\.xml|\.rubocop\.yml|\.flake8|ruff\.toml|\.pylintrc|\.clang-format|rustfmt\.toml|\.stylelintrc(\.[a-z]+)?|detekt\.yml|\.scalafmt\.conf|\.php-cs-fixer(\.dist)?\.php|phpcs\.xml(\.dist)?)$`)

// development#req-2: English code and a style guide. Whether code is clear
// needs a person; the rule gathers the signals.
func englishAndStyle(in *Input) Result {
	r := in.Repo
	ev := filesMatching(r, styleConfig, 4)
	var notes []string
	if len(ev) > 0 {
		notes = append(notes, "style and lint configuration: "+ev[0].Path)
	} else {
		notes = append(notes, "no formatter or linter configuration found")
	}
	if r.Readme != nil {
		if english(r.Readme.Prose) {
			notes = append(notes, r.Readme.Path+" is written in English")
		} else {
			notes = append(notes, r.Readme.Path+" does not read as English")
		}
	}
	res := manual(in)
	res.Evidence, res.Details = ev, append(notes, res.Details...)
	res.Message = "whether code and comments are clear and in English needs a reviewer; " + strings.Join(notes, "; ")
	return res
}

// development#req-3: an OSI-approved licence at the root.
func openSourceLicence(in *Input) Result {
	d := in.declarations()
	if d.project == nil {
		return failWith("no open-source licence at the repository root", nil)
	}
	var ev []report.Evidence
	for _, m := range d.main {
		ev = append(ev, m.at())
	}
	ok, js := license.JudgeExpr(d.project, []license.ProjectType{license.Software})
	if !ok {
		return failWith(fmt.Sprintf("%s is not an OSI-approved licence", d.project), ev, firstRejected(js).Reason)
	}
	return passWith(fmt.Sprintf("%s, an OSI-approved licence", d.project), ev)
}

// development#req-4: database migrations.
func migrations(in *Input) Result {
	r := in.Repo
	scripts := migrationScripts(r, 3)
	autoUpdate := schemaAutoUpdate(r)
	switch {
	case len(scripts) > 0 && len(autoUpdate) > 0:
		return reviewWith(fmt.Sprintf("versioned migration scripts exist, but %s lets the ORM change the schema outside them (%s)", autoUpdate[0].Path, autoUpdate[0].setting),
			append(scripts, autoUpdate[0].at()), "with ddl-auto=update (or hbm2ddl.auto) Hibernate alters tables at start-up: check that every table the entities need is created by a migration, and set it to validate or none")
	case len(scripts) > 0:
		return passWith("database schema changes are versioned migration scripts", scripts)
	case !usesDatabase(r):
		return notApplicable("no database found in the images, dependencies or SQL files")
	case len(autoUpdate) > 0 && autoUpdate[0].base:
		return failWith(fmt.Sprintf("no migration scripts: the ORM changes the schema itself (%s in %s)", autoUpdate[0].setting, autoUpdate[0].Path), []report.Evidence{autoUpdate[0].at()})
	}
	if fw := shallowestDep(r, migrationFramework); len(fw) > 0 {
		return reviewWith("the project uses a framework with its own migrations, but no migration scripts are in this repository (they may be in the modules it installs, or applied by its start-up scripts)", fw)
	}
	if r.SQLFiles > 0 {
		return reviewWith(fmt.Sprintf("the project has %s but none is recognisably a versioned migration; check how schema changes are applied", plural(r.SQLFiles, "SQL file")), nil)
	}
	return failWith("the project uses a database but no migration scripts were found", nil)
}

// migrationDir is a folder of migrations (Django, Rails, Alembic, Prisma,
// migrate-mongo, golang-migrate ...) or of Liquibase and Flyway changes.
var migrationDir = lazyregexp.New(`(?i)(^|/)(migrations?|db/migrate|alembic/versions|versions|liquibase|flyway|changelogs?|db/changelog)/`)

// migrationScriptName is a migration by its own name: Flyway's V1_2__x.sql
// (U for undo, R for repeatable), golang-migrate's up/down pair, Liquibase's
// db.changelog files, versioned upgrade and rollback scripts
// (1.2.0_to_1.2.1_upgrade.sql).
var migrationScriptName = lazyregexp.New(`(?i)(^|/)[VU]\d+(_\d+)*__[^/]+\.sql$|(^|/)R__[^/]+\.sql$|\.(up|down)\.sql$|(^|/)db\.changelog[^/]*\.(xml|ya?ml|json|sql)$|(^|/)[^/]*\d[^/]*[_-](upgrade|rollback|downgrade|migration)\.sql$`)

// migrationExt are the languages migrations are written in.
var migrationExt = lazyregexp.New(`(?i)\.(sql|py|rb|js|mjs|cjs|ts|xml|ya?ml|json|java|kt|go|cs|exs|php|groovy)$`)

// migrationScripts returns product files that are versioned migrations: a
// script in a migrations folder whose path after the folder carries a
// version (0001_initial.py, 20181018_init.rb, 202511/changes.xml), or a file
// named as one. An empty package marker (__init__.py), a README or a helper
// shell script beside the migrations is not a migration.
func migrationScripts(r *evidence.Repo, max int) []report.Evidence {
	var ev []report.Evidence
	nameMay, dirMay := textindex.FilterOf(migrationScriptName.String()), textindex.FilterOf(migrationDir.String())
	for _, f := range r.Files {
		if len(ev) == max {
			break
		}
		if nameMay.May(f) && migrationScriptName.MatchString(f) {
			ev = append(ev, report.At(f, 0))
			continue
		}
		if !dirMay.May(f) {
			continue
		}
		loc := migrationDir.FindStringIndex(f)
		if loc == nil || !migrationExt.MatchString(f) || proseFile.MatchString(f) {
			continue
		}
		base := path.Base(f)
		if base == "__init__.py" || base == "env.py" || strings.HasPrefix(base, ".") {
			continue
		}
		dir := strings.ToLower(f[loc[0]:loc[1]])
		if strings.ContainsAny(f[loc[1]:], "0123456789") || strings.Contains(dir, "liquibase") || strings.Contains(dir, "changelog") || strings.Contains(dir, "flyway") {
			ev = append(ev, report.At(f, 0))
		}
	}
	return ev
}

// shallowestDep is depMatching that prefers the manifest nearest the root:
// the project's own requirements, not a template module's setup.py.
func shallowestDep(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	var best []report.Evidence
	depth := -1
	for _, m := range r.Manifests {
		d := strings.Count(m.Path, "/")
		if depth >= 0 && d >= depth {
			continue
		}
		for _, dep := range m.Deps {
			if !dep.Dev && re.MatchString(dep.Name) {
				best, depth = []report.Evidence{report.At(m.Path, dep.Line)}, d
				break
			}
		}
	}
	return best
}

// proseFile is documentation: an upgrade guide under docs/migration/ is not
// a migration script.
var proseFile = lazyregexp.New(`(?i)\.(md|markdown|mdx|rst|adoc|asciidoc|txt)$`)

// migrationFramework is a dependency that brings its own migrations.
var migrationFramework = lazyregexp.New(`(?i)^(django|alembic|flask-migrate|rails|activerecord|sequelize|sequelize-cli|typeorm|prisma|knex|db-migrate|migrate-mongo|umzug|org\.liquibase:liquibase-core|org\.flywaydb:flyway-core|ecto_sql|Microsoft\.EntityFrameworkCore\.Design|laravel/framework|github\.com/golang-migrate/migrate(/v\d+)?|github\.com/pressly/goose(/v\d+)?|odoo)$`)

// schemaSetting is an ORM setting that creates or alters tables itself.
var schemaSetting = lazyregexp.New(`(?i)\b(ddl-auto|ddl_auto|hbm2ddl\.auto)["']?\s*(=|:|value=")\s*["']?(update|create|create-drop)\b`)

type autoSchema struct {
	Path, setting string
	line          int
	base          bool // the default configuration, not a profile
}

func (a autoSchema) at() report.Evidence { return report.At(a.Path, a.line) }

// schemaAutoUpdate returns the product configurations that let the ORM
// change the schema (Spring's ddl-auto=update, Hibernate's hbm2ddl.auto).
func schemaAutoUpdate(r *evidence.Repo) []autoSchema {
	var out []autoSchema
	for _, c := range r.DevConfigs {
		if c.Kind != evidence.DevSchema || c.Aside {
			continue
		}
		text := uncommented(c.Text, path.Base(c.Path))
		if loc := schemaSetting.FindStringIndex(text); loc != nil {
			base := path.Base(c.Path)
			out = append(out, autoSchema{Path: c.Path, line: lineAt(text, loc[0]), setting: strings.TrimSpace(text[loc[0]:loc[1]]),
				base: !strings.HasPrefix(base, "application-")})
		}
	}
	return out
}

// development#req-5: unit and integration tests with a coverage threshold in CI.
func testCoverage(in *Input) Result {
	r := in.Repo
	if productCode(r) == 0 {
		return notApplicable("the repository has no product source code to cover (only specifications, tests, examples or mocks)")
	}
	steps := ciTestSteps(r)
	tests := testEvidence(r)
	if len(tests) == 0 && len(steps) == 0 {
		return failWith("no tests found: no test files and no CI step that runs tests", nil)
	}
	ev := append(tests[:min(len(tests), 1)], stepEvidence(steps)...)
	if len(steps) == 0 {
		if len(r.CI) == 0 {
			return failWith(fmt.Sprintf("%s, but the repository has no CI configuration to run them", plural(len(r.TestFiles), "test file")), ev)
		}
		return reviewWith(fmt.Sprintf("%s, but no CI step that runs them was recognised in %s", plural(len(r.TestFiles), "test file"), names(ciPaths(r), 3)), ev)
	}
	if !steps[0].gating {
		return reviewWith(fmt.Sprintf("tests run in CI only on a schedule or by hand (%s at %s), not on every change", steps[0].command, steps[0].at()), ev)
	}
	ran := fmt.Sprintf("tests run in CI (%s at %s)", steps[0].command, steps[0].at())
	if threshold := coverageThresholds(r); len(threshold) > 0 {
		return passWith(ran+" with a minimum coverage set at "+threshold[0].String(), append(ev, threshold...),
			"whether the tests include integration tests (against databases, APIs) needs a reviewer")
	}
	reported := coverageReported(r)
	if sonar := ciStepsMatching(r, sonarStep, true); len(sonar) > 0 && len(reported) > 0 {
		return reviewWith(ran+" and coverage goes to SonarQube/SonarCloud ("+sonar[0].at().String()+"); the repository sets no minimum, but the server's quality gate may: check its coverage condition and that CI waits for it",
			append(ev, sonar[0].at(), reported[0]))
	}
	if len(reported) > 0 {
		return failWith(ran+" and coverage is measured ("+reported[0].String()+"), but no minimum is enforced", append(ev, reported...),
			"uploading coverage to Codecov or Coveralls, or a report without a minimum, does not fail the build when coverage drops",
			"set one: jest coverageThreshold, nyc check-coverage, JaCoCo check with a <minimum>, coverage.py fail_under, SimpleCov minimum_coverage, a codecov.yml target")
	}
	return failWith(ran+", but no minimum coverage is enforced", ev)
}

// sonarStep is a SonarQube or SonarCloud analysis in CI.
var sonarStep = lazyregexp.New(`(?i)sonarcloud|sonarqube|sonar-scanner|sonarsource/|sonar[-_]analysis|\bsonar(:sonar)?\b|-Dsonar\.`)

// testEvidence is the project's tests: test sources, Gherkin features and
// HTTP-level tests, product or set aside.
func testEvidence(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	if len(r.TestFiles) > 0 {
		ev = append(ev, report.At(r.TestFiles[0], 0))
	}
	if len(r.GherkinFeatures) > 0 {
		ev = append(ev, report.At(r.GherkinFeatures[0], 0))
	}
	return ev
}

func ciPaths(r *evidence.Repo) []string {
	var out []string
	for _, c := range r.CI {
		out = append(out, c.Path)
	}
	return out
}

// productCode counts the product's source files: not tests, not set aside,
// not shell scripts (tooling around the product).
func productCode(r *evidence.Repo) int {
	tests := map[string]bool{}
	for _, t := range r.TestFiles {
		tests[t] = true
	}
	n := 0
	for _, f := range r.Files {
		if lang := evidence.Language(f); lang != "" && lang != "Shell" && !tests[f] {
			n++
		}
	}
	return n
}

// productLanguages counts the product's source files by language.
func productLanguages(r *evidence.Repo) map[string]int {
	tests := map[string]bool{}
	for _, t := range r.TestFiles {
		tests[t] = true
	}
	out := map[string]int{}
	for _, f := range r.Files {
		if lang := evidence.Language(f); lang != "" && !tests[f] {
			out[lang]++
		}
	}
	return out
}

// development#req-7: end-of-life of components; needs a dated EOL data set.
func endOfLife(in *Input) Result {
	var runtimes []string
	var ev []report.Evidence
	for _, d := range in.Repo.Dockerfiles {
		for _, st := range d.Stages {
			if !isStageName(d.Stages, st.Image) {
				runtimes = append(runtimes, st.Image)
				ev = append(ev, report.At(d.Path, st.Line))
			}
		}
	}
	res := manual(in)
	if len(runtimes) > 0 {
		res.Message = "check the end-of-life dates of the base images and runtimes (" + names(runtimes, 4) + "); dpgcheck has no EOL data set"
		res.Evidence = ev
	}
	return res
}

// topLanguages are languages in the top 25 of TIOBE or an IEEE Spectrum
// ranking in 2024-2025 (a snapshot: the rankings move).
var topLanguages = map[string]bool{"Python": true, "C": true, "C++": true, "Java": true, "C#": true, "JavaScript": true, "Go": true,
	"Visual Basic": true, "SQL": true, "Fortran": true, "Perl": true, "R": true, "PHP": true, "Rust": true, "MATLAB": true,
	"Ruby": true, "Kotlin": true, "Swift": true, "TypeScript": true, "Dart": true, "Lua": true, "Julia": true, "Scala": true,
	"Shell": true, "Haskell": true, "Elixir": true, "Objective-C": true, "Groovy": true, "Vue": true, "Svelte": true}

// development#req-8: a top-25 language for the core logic.
func mainLanguage(in *Input) Result {
	if productCode(in.Repo) == 0 {
		return notApplicable("the repository has no product source code (only specifications, tests, examples or mocks): there is no core logic to write in a language")
	}
	best, n := "", 0
	for lang, c := range productLanguages(in.Repo) {
		if c > n || c == n && lang < best {
			best, n = lang, c
		}
	}
	switch {
	case best == "":
		return reviewWith("no source code found to judge the language", nil)
	case topLanguages[best]:
		return passWith(fmt.Sprintf("the main language is %s (%s)", best, plural(n, "file")), nil,
			"ranking snapshot: TIOBE and IEEE Spectrum top 25, 2024-2025")
	}
	return reviewWith(fmt.Sprintf("the main language is %s, which is not in dpgcheck's snapshot of the TIOBE/IEEE top 25; a reviewer must check the current rankings", best), nil)
}

// development#req-9: Standard for Public Code practices.
func publicCode(in *Input) Result {
	r := in.Repo
	var have []report.Evidence
	var missing []string
	check := func(ok bool, ev report.Evidence, what string) {
		if ok {
			have = append(have, ev)
		} else {
			missing = append(missing, what)
		}
	}
	check(r.Readme != nil, readmeAt(r), "README")
	guide, _ := contributionGuide(r)
	check(guide != nil, communityAt(r, "contributing"), "CONTRIBUTING")
	check(r.Community["code-of-conduct"] != nil, communityAt(r, "code-of-conduct"), "code of conduct")
	check(len(in.declarations().main) > 0, licenceAt(in), "licence")
	check(len(r.CI) > 0, ciAt(r), "CI")
	check(r.PublicCode != nil, publiccodeAt(r), "publiccode.yml")
	check(r.Community["changelog"] != nil, communityAt(r, "changelog"), "changelog")
	if len(missing) == 0 {
		return passWith("README, contribution guide, code of conduct, licence, CI, publiccode.yml and changelog are present", have,
			"the Standard for Public Code has more criteria than files show; self-assess against its checklist")
	}
	return reviewWith("missing for the Standard for Public Code: "+strings.Join(missing, ", "), have)
}

func readmeAt(r *evidence.Repo) report.Evidence {
	if r.Readme == nil {
		return report.Evidence{}
	}
	return report.At(r.Readme.Path, 1)
}

func communityAt(r *evidence.Repo, k evidence.CommunityKind) report.Evidence {
	if d := r.Community[k]; d != nil {
		return report.At(d.Path, 1)
	}
	return report.Evidence{}
}

func licenceAt(in *Input) report.Evidence {
	if m := in.declarations().main; len(m) > 0 {
		return m[0].at()
	}
	return report.Evidence{}
}

func ciAt(r *evidence.Repo) report.Evidence {
	if len(r.CI) == 0 {
		return report.Evidence{}
	}
	return report.At(r.CI[0].Path, 0)
}

func publiccodeAt(r *evidence.Repo) report.Evidence {
	if r.PublicCode == nil {
		return report.Evidence{}
	}
	return report.At(r.PublicCode.Path, 1)
}
