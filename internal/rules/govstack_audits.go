package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// sastTool is a security or quality scanner named anywhere in a CI
// configuration (security#req-11 uses it as is).
var sastTool = lazyregexp.New(`(?i)codeql|semgrep|sonar|snyk|gosec|bandit|brakeman|spotbugs|trivy|grype|dependency-check|npm audit|pip-audit|govulncheck|osv-scanner|ossf/scorecard`)

// analysisStep is a CI step that runs security or code-quality analysis:
// an action, a scanner command or a build task (gradle sonar); a scanner's
// name in a file list ("- trivy.yaml") is not a run of it.
var analysisStep = lazyregexp.New(`(?i)codeql-action|\bcodeql\s+(database|analyze)|semgrep|sonarcloud|sonarqube|sonar-scanner|sonarsource/|sonar[-_]analysis|` +
	`\bsonar(:sonar)?\b|-Dsonar\.|SONAR_TOKEN|snyk/actions|\bsnyk\s+(test|monitor|code|container|iac)\b|\bgosec\b|\bbandit\b|\bbrakeman\b|spotbugs|` +
	`aquasecurity/trivy|\btrivy\s+(image|fs|filesystem|repo|repository|config|sbom|k8s|rootfs)\b|anchore/scan-action|\bgrype\s|dependency-check|` +
	`\b(npm|yarn|pnpm)\s+audit\b|MicrosoftSecurityDevOps|microsoft/security-devops-action|pip-audit|\bsafety\s+check\b|govulncheck|osv-scanner|ossf/scorecard|checkmarx|\bveracode\b|\bpmd\b`)

// lintStep is a linter or style checker run in CI: code-quality checks,
// but not security analysis.
var lintStep = lazyregexp.New(`(?i)\b(ng\s+lint|eslint|stylelint|ruff|flake8|pylint|rubocop|checkstyle|golangci-lint|super-linter|spotless\w*|ktlint|detekt|phpcs|pre-commit\s+run|(npm|yarn|pnpm)\s+(run\s+)?lint[\w:-]*)\b`)

// analysisTools name the scanners an analysisStep match stands for.
var analysisTools = []struct{ match, name string }{
	{"codeql", "CodeQL"}, {"semgrep", "Semgrep"}, {"sonar", "SonarQube/SonarCloud"}, {"snyk", "Snyk"}, {"gosec", "gosec"},
	{"bandit", "Bandit"}, {"brakeman", "Brakeman"}, {"spotbugs", "SpotBugs"}, {"trivy", "Trivy"}, {"grype", "Grype"},
	{"dependency-check", "OWASP Dependency-Check"}, {"audit", "a package audit"}, {"safety", "Safety"},
	{"govulncheck", "govulncheck"}, {"osv-scanner", "OSV-Scanner"}, {"scorecard", "OpenSSF Scorecard"},
	{"securitydevops", "Microsoft Security DevOps"}, {"security-devops", "Microsoft Security DevOps"},
	{"checkmarx", "Checkmarx"}, {"veracode", "Veracode"}, {"pmd", "PMD"},
}

// analysisToolName names the scanner a matched step runs.
func analysisToolName(m string) string {
	l := strings.ToLower(m)
	for _, t := range analysisTools {
		if strings.Contains(l, t.match) {
			return t.name
		}
	}
	return m
}

// analysisConfig is a scanner's configuration file; the scan may run as a
// hosted service (SonarCloud automatic analysis, the Snyk app) outside CI.
var analysisConfig = lazyregexp.New(`(?i)(^|/)(sonar-project\.properties|\.snyk|\.semgrep\.ya?ml|\.github/codeql/[^/]+\.ya?ml)$`)

// development#req-6: security and quality audits, and review.
func securityAudits(in *Input) Result {
	r := in.Repo
	if productCode(r) == 0 {
		return notApplicable("the repository has no product source code to audit (only specifications, tests, examples or mocks)")
	}
	steps := ciStepsMatching(r, analysisStep, true)
	for i := range steps {
		steps[i].command = analysisToolName(steps[i].command)
	}
	var gating []ciStep
	for _, s := range steps {
		if s.gating {
			gating = append(gating, s)
		}
	}
	configs := filesMatching(r, analysisConfig, 2)
	review, reviewWhat := reviewEvidence(r)
	ev := append(stepEvidence(steps), configs...)
	ev = append(ev, review...)
	platform := "whether findings above a set severity block merges, and whether results are kept, is set on the hosting platform and the scanner's service"
	switch {
	case len(steps) == 0 && len(configs) > 0:
		return reviewWith(fmt.Sprintf("%s configures a scanner, but no CI step runs it (it may run as a hosted service)", configs[0].Path), ev, platform)
	case len(steps) == 0:
		if lint := ciStepsMatching(r, lintStep, true); len(lint) > 0 {
			return failWith(fmt.Sprintf("CI runs linters (%s at %s), but no security analysis: no SAST or dependency vulnerability scan (CodeQL, Semgrep, SonarQube, Snyk, Trivy ...)", lint[0].command, lint[0].at()),
				append(stepEvidence(lint[:1]), review...))
		}
		return failWith("no automated security or code-quality analysis in CI (CodeQL, Semgrep, SonarQube, Snyk, Trivy ...)", review)
	case len(gating) == 0:
		return reviewWith(fmt.Sprintf("%s runs %s only on a schedule or by hand (its push and pull-request triggers are missing or unrendered template placeholders), so it does not check changes before they merge",
			steps[0].path, steps[0].command), ev, platform)
	case len(review) == 0:
		return reviewWith(fmt.Sprintf("%s runs in CI (%s); required peer review is a branch-protection setting a checkout cannot show (no CODEOWNERS, reviewer bot or documented review rule)",
			gating[0].command, gating[0].at()), ev, platform)
	}
	return passWith(fmt.Sprintf("%s runs in CI on changes (%s) and %s", gating[0].command, gating[0].at(), reviewWhat), ev, platform)
}

// mandatoryReview is a documented rule that changes are reviewed before
// they merge.
var mandatoryReview = lazyregexp.New(`(?i)\b(pull requests?|PRs?|merge requests?|changes|contributions|patch(es)?|commits?)\b[^.\n]{0,60}\b(must|will|shall|should|need to|needs to|have to|has to|are|is|get)\s+(be\s+|first\s+be\s+)?(reviewed|approved)\b|` +
	`\b(will|must|shall)\s+review\s+(your|the|all|each|every)\b|\bpass(ed|es)?\s+(the\s+)?(code\s+)?review\b|` +
	`\bat least (one|two|\d+)\s+(approv|review)|\brequires?\s+(an?\s+)?(approv\w*|review)\b`)

// reviewDoc is a document about contributing or the review process.
var reviewDoc = lazyregexp.New(`(?i)contribut|pull[-_ ]?requests?|review|governance|development|developing|workflow|process`)

// reviewEvidence returns what shows that changes are reviewed: CODEOWNERS,
// a bot that adds reviewers, or a documented review rule.
func reviewEvidence(r *evidence.Repo) ([]report.Evidence, string) {
	if c := r.Community["codeowners"]; c != nil {
		return []report.Evidence{report.At(c.Path, 1)}, "CODEOWNERS assigns reviewers"
	}
	for _, c := range r.DevConfigs {
		if c.Kind != evidence.DevReview {
			continue
		}
		if loc := reviewerList.FindStringIndex(c.Text); loc != nil {
			return []report.Evidence{report.At(c.Path, lineAt(c.Text, loc[0]))}, c.Path + " adds reviewers to every pull request"
		}
	}
	for _, d := range r.Docs {
		if !reviewDoc.MatchString(d.Path) {
			continue
		}
		if loc := mandatoryReview.FindStringIndex(d.Prose); loc != nil {
			return []report.Evidence{report.At(d.Path, lineAt(d.Prose, loc[0]))}, d.Path + " requires review of changes"
		}
	}
	return nil, ""
}

// reviewerList is a reviewer bot's list of reviewers (auto-assign).
var reviewerList = lazyregexp.New(`(?im)^\s*(addReviewers\s*:\s*true|reviewers\s*:\s*\n\s*-\s*\S+|reviewers\s*:\s*\[\s*\S)`)
