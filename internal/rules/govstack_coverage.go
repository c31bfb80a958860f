package rules

import (
	"path"
	"strings"
	"sync"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Coverage thresholds: a setting that fails the build when coverage drops
// under a minimum. Reporting coverage (a Codecov upload, SimpleCov.start, a
// JaCoCo report) is not one.

// coverageMinimum is a threshold setting in a build or test configuration,
// whatever the file: nyc/c8 check-coverage, Jest coverageThreshold, Vitest
// thresholds, coverage.py fail_under, pytest-cov --cov-fail-under,
// SimpleCov minimum_coverage, Kover and sbt-scoverage minimums,
// go-test-coverage thresholds.
var coverageMinimum = lazyregexp.New(`(?i)["']?check-coverage["']?\s*[:=]\s*true|--check-coverage\b|\bcoverageThreshold\b|\bthresholds\s*:\s*\{|` +
	`\bfail_under\s*[=:]\s*\d|--cov-fail-under[= ]\d|--fail-under[= ]\d|\bminimum_coverage\b|\bminimum_coverage_by_file\b|` +
	`\bcoverageMinimum(StmtTotal|BranchTotal)?\s*:=|\bminBound\s*\(|\bthreshold\s*:\s*\n?\s*(file|package|total)\s*:\s*\d`)

// coverageMinimumMay is coverageMinimum's quick test: most coverage
// configurations (a pom.xml with a JaCoCo report) set none of its words.
var coverageMinimumMay = sync.OnceValue(func() textindex.Filter { return textindex.FilterOf(coverageMinimum.String()) })

// jacocoRule is a JaCoCo minimum: Maven's check goal with a <minimum>, or
// Gradle's coverage verification rules.
var (
	jacocoCheckGoal = lazyregexp.New(`<goal>\s*check\s*</goal>`)
	jacocoMinimum   = lazyregexp.New(`<minimum>\s*[\d.]+%?\s*</minimum>|<(coveredratio|missedcount)>`)
	jacocoGradle    = lazyregexp.New(`\bviolationRules\b[\s\S]*\bminimum\s*=\s*[\d.]`)
	codecovTarget   = lazyregexp.New(`(?m)^\s*target\s*:\s*["']?\d+(\.\d+)?%?["']?\s*$`)
)

// ciCoverageMinimum is a threshold given on a CI command line.
var ciCoverageMinimum = lazyregexp.New(`(?i)--cov-fail-under[= ]\d|--fail-under[= ]\d|--check-coverage\b|--coverageThreshold\b|coverage\s+report\s[^\n]*--fail-under`)

// coverageReport is coverage being measured or uploaded without a minimum.
var coverageReport = lazyregexp.New(`(?i)codecov|coveralls|--cov\b|--coverage\b|coverage\s+run|jacocoTestReport|jacoco|simplecov|\bnyc\s|\bc8\s|sonar\.coverage`)

// coverageSetting is coverage measured by a build or test configuration.
var coverageSetting = lazyregexp.New(`(?i)SimpleCov\.start|jacoco-maven-plugin|\bjacoco\b|\[coverage:|\[tool\.coverage|collectCoverage|"nyc"`)

// coverageThresholds returns where a minimum coverage is set.
func coverageThresholds(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	for _, c := range r.DevConfigs {
		if c.Kind != evidence.DevCoverage {
			continue
		}
		if line := thresholdLine(c); line > 0 {
			ev = append(ev, report.At(c.Path, line))
		}
	}
	for _, s := range ciStepsMatching(r, ciCoverageMinimum, false) {
		ev = append(ev, s.at())
	}
	return ev
}

// thresholdLine returns the line of a coverage minimum in a configuration
// file, or 0. Commented-out settings do not count (Jest's generated config
// lists "// coverageThreshold: undefined").
func thresholdLine(c evidence.DevConfig) int {
	text := uncommented(c.Text, path.Base(c.Path))
	if coverageMinimumMay().May(text) {
		if loc := coverageMinimum.FindStringIndex(text); loc != nil {
			return lineAt(text, loc[0])
		}
	}
	switch base := path.Base(c.Path); {
	case base == "pom.xml" && strings.Contains(text, "jacoco"):
		if jacocoCheckGoal.MatchString(text) {
			if loc := jacocoMinimum.FindStringIndex(text); loc != nil {
				return lineAt(text, loc[0])
			}
		}
	case strings.HasPrefix(base, "build.gradle"):
		if loc := jacocoGradle.FindStringIndex(text); loc != nil {
			return lineAt(text, loc[0])
		}
	case strings.Contains(base, "codecov"):
		if loc := codecovTarget.FindStringIndex(text); loc != nil {
			return lineAt(text, loc[0])
		}
	}
	return 0
}

// coverageReported returns where coverage is measured or uploaded.
func coverageReported(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	for _, s := range ciStepsMatching(r, coverageReport, true) {
		ev = append(ev, s.at())
	}
	for _, c := range r.DevConfigs {
		if c.Kind != evidence.DevCoverage || len(ev) >= 3 {
			continue
		}
		text := uncommented(c.Text, path.Base(c.Path))
		if loc := coverageSetting.FindStringIndex(text); loc != nil {
			ev = append(ev, report.At(c.Path, lineAt(text, loc[0])))
		}
	}
	return ev
}

var (
	xmlComment   = lazyregexp.New(`(?s)<!--.*?-->`)
	blockComment = lazyregexp.New(`(?s)/\*.*?\*/`)
)

// uncommented blanks the comments of a configuration file, keeping its
// lines where they are: XML comments, C-style block comments, and lines
// starting with //, # or ; (not for JSON, where # is data).
func uncommented(text, base string) string {
	blank := func(m string) string { return strings.Repeat("\n", strings.Count(m, "\n")) }
	if strings.HasSuffix(base, ".xml") || strings.HasSuffix(base, ".dist") {
		return xmlComment.ReplaceAllStringFunc(text, blank)
	}
	text = blockComment.ReplaceAllStringFunc(text, blank)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}
