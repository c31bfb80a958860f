package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// scaTool scans dependencies or images for known vulnerabilities.
var scaTool = lazyregexp.New(`(?i)\btrivy\b|aquasecurity/trivy|\bgrype\b|anchore/scan-action|\bsnyk (test|monitor|container)\b|snyk/actions|\bnpm[- ]audit\b|\byarn (npm )?audit\b|\bpnpm audit\b|\baudit-ci\b|\bpip-audit\b|\bsafety check\b|\bosv-scanner\b|google/osv-scanner|dependency-check|dependency-review-action|\bbundle(r)?[- ]audit\b|\bgovulncheck\b|\bcargo audit\b|\bretire\b|\bnancy\b|\bdocker scout cves\b|MicrosoftSecurityDevOps|microsoft/security-devops-action`)

// sastTool analyses the code itself.
var sastCode = lazyregexp.New(`(?i)codeql|\bsemgrep\b|sonar(cloud|qube|source|-scanner|scanner|:sonar)|\bsonar\b|\bgosec\b|\bbandit\b|\bbrakeman\b|spotbugs|find-sec-bugs|\bhorusec\b|\bbearer\b`)

// toolFlag is a line that only names a tool as a key or flag
// ("sonar: true" in a build matrix), a name or description, or a comment:
// no step runs it.
var toolFlag = lazyregexp.New(`(?i)^\s*(#|//)|^\s*-?\s*["']?[\w.-]+["']?\s*:\s*["']?(true|false|yes|no|on|off|0|1)?["']?\s*(#.*)?$|^\s*-?\s*(name|description|title)\s*:`)

// snykAdvisory is a link to one of Snyk's advisories, as Snyk's fix pull
// requests write them into commit messages and changelogs.
var snykAdvisory = lazyregexp.New(`snyk\.io/vuln/SNYK-[A-Z]`)

// anyDocMatching returns the first line of any document (changelogs
// included: docsMatching leaves them out as claims) that
// matches re.
func anyDocMatching(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, d := range r.Docs {
		if loc := re.FindStringIndex(d.Text); loc != nil {
			return []report.Evidence{report.At(d.Path, strings.Count(d.Text[:loc[0]], "\n")+1)}
		}
	}
	return nil
}

// scaFile is configuration of a dependency scanner kept in the repository.
// hostedScanConfig is the policy file of a scanning service that runs
// outside the repository's CI.
var hostedScanConfig = lazyregexp.New(`(?i)(^|/)\.snyk$`)

var scaFile = lazyregexp.New(`(?i)(^|/)(\.grype\.ya?ml|audit-ci[\w.-]*\.json[c5]?|trivy\.ya?ml|\.trivyignore(\.yaml)?|osv-scanner\.toml|dependency-check-suppressions?\.xml)$`)

// ciSteps returns the first line of each CI configuration where a step runs
// a tool matching re (matrix flags, keys and comments do not count).
func ciSteps(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	var out []report.Evidence
	may := textindex.FilterOf(re.String()) // most lines hold none of re's literals
	for _, c := range r.CI {
		for i, line := range strings.Split(c.Text, "\n") {
			if j := strings.Index(line, " #"); j >= 0 {
				line = line[:j] // a trailing comment names, it does not run
			}
			if may.May(line) && re.MatchString(line) && !toolFlag.MatchString(line) {
				out = append(out, report.At(c.Path, i+1))
				break
			}
		}
	}
	return out
}

// notProductEcosystems are updated by bots without touching the product:
// CI actions and development containers.
var notProductEcosystems = map[string]bool{"github-actions": true, "devcontainers": true}

// productUpdates returns the dependency-bot entries that keep the
// product's own dependencies (packages or base images) up to date.
func productUpdates(r *evidence.Repo) (product, other []evidence.DependencyUpdate) {
	for _, u := range r.DependencyUpdates {
		if notProductEcosystems[u.Ecosystem] {
			other = append(other, u)
		} else {
			product = append(product, u)
		}
	}
	return product, other
}

// security#req-11: vulnerability scanning and patching. Dependencies (or
// images) must be scanned for known vulnerabilities; code analysis or
// automated updates of the product's dependencies complete it.
func vulnerabilityScanning(in *Input) Result {
	r := in.Repo
	if why := specificationReason(r); why != "" {
		return notApplicable(why)
	}
	sca := append(ciSteps(r, scaTool), filesMatching(r, scaFile, 2)...)
	sast := ciSteps(r, sastCode)
	product, other := productUpdates(r)
	var updates []report.Evidence
	var ecosystems []string
	for _, u := range product {
		updates = append(updates, report.At(u.Path, u.Line))
		switch u.Ecosystem {
		case "all":
			ecosystems = append(ecosystems, "all package managers (Renovate)")
		case "some":
			ecosystems = append(ecosystems, "the package managers Renovate enables")
		default:
			ecosystems = append(ecosystems, u.Ecosystem)
		}
	}
	var notes []string
	if len(other) > 0 {
		var eco []string
		for _, u := range other {
			eco = append(eco, u.Ecosystem)
		}
		notes = append(notes, fmt.Sprintf("%s updates %s, which are not the product's dependencies", other[0].Path, names(eco, 3)))
	}
	switch {
	case len(sca) > 0 && (len(sast) > 0 || len(updates) > 0):
		what := "code analysis"
		if len(sast) == 0 {
			what = "automated updates of " + names(ecosystems, 3)
		}
		return passWith("dependencies or images are scanned for vulnerabilities in CI, with "+what, append(append(sca, sast...), updates...), notes...)
	case len(sca) > 0:
		return reviewWith("dependencies or images are scanned for vulnerabilities in CI, but no code analysis and no automated dependency updates were found; a reviewer checks how findings are patched", sca, notes...)
	}
	if hosted := filesMatching(r, hostedScanConfig, 2); len(hosted) > 0 {
		// A Snyk policy file means the project is monitored by Snyk's own
		// service, whose scans run outside the repository.
		return reviewWith("a scanning service's policy file shows dependencies are scanned outside CI (Snyk); a reviewer confirms the scans and how findings are patched",
			append(hosted, sast...), notes...)
	}
	if fixes := anyDocMatching(r, snykAdvisory); len(fixes) > 0 {
		// Upgrades that cite Snyk's advisories were opened by Snyk's
		// service, which scans the repository outside CI.
		return reviewWith(fmt.Sprintf("no scanner runs in CI, but %s records upgrades citing Snyk advisories (Snyk's service appears to scan the dependencies outside CI); a reviewer confirms the scans and how findings are patched", fixes[0].Path),
			append(fixes, sast...), notes...)
	}
	var have []string
	if len(sast) > 0 {
		have = append(have, "code analysis (SAST) runs in CI")
	}
	if len(updates) > 0 {
		have = append(have, "dependency updates of "+names(ecosystems, 3)+" are automated")
	}
	msg := "nothing scans the product's dependencies or images for known vulnerabilities (Trivy, Grype, OSV-Scanner, Snyk, npm audit, pip-audit ...)"
	if len(have) > 0 {
		msg = strings.Join(have, " and ") + ", but " + msg
	}
	return failWith(msg, append(sast, updates...), notes...)
}
