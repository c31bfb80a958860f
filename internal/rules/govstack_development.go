package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
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

var styleConfig = regexp.MustCompile(`(?i)(^|/)(\.editorconfig|\.eslintrc(\.[a-z]+)?|eslint\.config\.[cm]?js|\.prettierrc(\.[a-z]+)?|\.golangci\.ya?ml|checkstyle\.xml|\.rubocop\.yml|\.flake8|ruff\.toml|\.pylintrc|\.clang-format|rustfmt\.toml|\.stylelintrc(\.[a-z]+)?|detekt\.yml|\.scalafmt\.conf|\.php-cs-fixer(\.dist)?\.php|phpcs\.xml(\.dist)?)$`)

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
		if english(r.Readme.Text) {
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

var englishWords = regexp.MustCompile(`(?i)\b(the|and|to|of|is|for|with|this|that|in|on|are|be|you|it|as|can|by|from|or)\b`)

// english is a crude language test: the share of very common English words.
func english(text string) bool {
	words := strings.Fields(text)
	if len(words) < 20 {
		return true // too short to tell; do not accuse
	}
	return float64(len(englishWords.FindAllStringIndex(text, -1)))/float64(len(words)) > 0.12
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

var migrationPath = regexp.MustCompile(`(?i)(^|/)(migrations?|db/migrate|alembic/versions|prisma/migrations|liquibase|flyway|db/changelog)/|(^|/)V\d+(_\d+)*__[^/]+\.sql$|\.(up|down)\.sql$|(^|/)db\.changelog[^/]*\.(xml|ya?ml|json|sql)$`)

// proseFile is documentation: an upgrade guide under docs/migration/ is not
// a migration script.
var proseFile = regexp.MustCompile(`(?i)\.(md|markdown|mdx|rst|adoc|asciidoc|txt)$`)

// development#req-4: database migrations.
func migrations(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	for _, f := range r.Files {
		if migrationPath.MatchString(f) && !proseFile.MatchString(f) {
			ev = append(ev, report.At(f, 0))
			if len(ev) == 3 {
				break
			}
		}
	}
	switch {
	case len(ev) > 0:
		return passWith("database schema changes are versioned migration scripts", ev)
	case !usesDatabase(r):
		return notApplicable("no database found in the images, dependencies or SQL files")
	}
	return failWith("the project uses a database but no migration scripts were found", nil)
}

var coverageThreshold = regexp.MustCompile(`(?i)fail_under|--cov-fail-under|coverageThreshold|jacoco.*(minimum|rule)|minimum.?coverage|coverage.?threshold|target:\s*\d+%|-covermode.*\n.*(threshold|fail)|codecov|coveralls`)

// development#req-5: unit and integration tests with a coverage threshold in CI.
func testCoverage(in *Input) Result {
	r := in.Repo
	tests := ciMatching(r, testCommand)
	if len(r.TestFiles) == 0 && len(tests) == 0 {
		return failWith("no tests found", nil)
	}
	var ev []report.Evidence
	if len(r.TestFiles) > 0 {
		ev = append(ev, report.At(r.TestFiles[0], 0))
	}
	ev = append(ev, tests...)
	threshold := ciMatching(r, coverageThreshold)
	threshold = append(threshold, filesMatching(r, regexp.MustCompile(`(?i)(^|/)codecov\.ya?ml$`), 1)...)
	// These files may or may not set a minimum; their content is not read.
	configured := filesMatching(r, regexp.MustCompile(`(?i)(^|/)(\.coveragerc|\.nycrc(\.json)?|jest\.config\.[cm]?[jt]s)$`), 2)
	switch {
	case len(tests) == 0:
		return failWith(fmt.Sprintf("%s, but no CI job runs them", plural(len(r.TestFiles), "test file")), ev)
	case len(threshold) == 0 && len(configured) > 0:
		return reviewWith(fmt.Sprintf("tests run in CI and coverage is configured in %s; dpgcheck does not read it: confirm it sets a minimum (fail_under, check-coverage, coverageThreshold)", configured[0].Path), append(ev, configured...))
	case len(threshold) == 0:
		return failWith("tests run in CI, but no minimum coverage is enforced", ev)
	}
	return passWith("tests run in CI with a coverage threshold", append(ev, threshold...))
}

var sastTool = regexp.MustCompile(`(?i)codeql|semgrep|sonar|snyk|gosec|bandit|brakeman|spotbugs|trivy|grype|dependency-check|npm audit|pip-audit|govulncheck|osv-scanner|ossf/scorecard`)

// development#req-6: security and quality audits, and review.
func securityAudits(in *Input) Result {
	r := in.Repo
	ev := ciMatching(r, sastTool)
	ev = append(ev, filesMatching(r, regexp.MustCompile(`(?i)(^|/)(sonar-project\.properties|\.snyk|\.semgrep\.ya?ml)$`), 2)...)
	var missing []string
	if len(ev) == 0 {
		missing = append(missing, "automated security or quality analysis in CI (CodeQL, Semgrep, SonarQube, Snyk, Trivy ...)")
	}
	if c := r.Community["codeowners"]; c != nil {
		ev = append(ev, report.At(c.Path, 1))
	} else {
		missing = append(missing, "required review (CODEOWNERS)")
	}
	if len(missing) > 0 {
		return failWith("missing: "+strings.Join(missing, "; "), ev)
	}
	return passWith("security analysis runs in CI and changes are reviewed", ev)
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
	best, n := "", 0
	for lang, c := range in.Repo.Languages {
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
	check(r.Community["contributing"] != nil, communityAt(r, "contributing"), "CONTRIBUTING")
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
