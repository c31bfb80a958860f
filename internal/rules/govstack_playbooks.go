package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Deployment kept elsewhere: GovStack wants a building block's
// orchestration and deployment scripts in its own repository, "not
// maintained separately". A deploy script or CI job that only runs Ansible
// playbooks missing from the repository (cloned from an operations
// repository at deploy time) shows where the deployment is run from, not
// the deployment itself.

// playbookRun is an ansible-playbook command and its arguments.
var playbookRun = lazyregexp.New(`\bansible-playbook\b(.*)`)

// playbookOptions are ansible-playbook options that take a value.
var playbookOptions = map[string]bool{
	"-i": true, "--inventory": true, "-e": true, "--extra-vars": true, "-l": true, "--limit": true, "-t": true,
	"--tags": true, "--skip-tags": true, "-u": true, "--user": true, "--vault-password-file": true, "--vault-id": true,
	"-f": true, "--forks": true, "-M": true, "--module-path": true, "-c": true, "--connection": true,
	"--private-key": true, "--key-file": true, "--become-user": true, "--become-method": true,
}

// playbookOf returns the playbook an ansible-playbook command line runs.
func playbookOf(line string) (string, bool) {
	m := playbookRun.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	skip := false
	for _, f := range strings.Fields(m[1]) {
		f = strings.Trim(f, `"'`)
		switch {
		case skip:
			skip = false
		case strings.HasPrefix(f, "-"):
			skip = playbookOptions[f]
		case strings.Contains(f, "="):
		case strings.HasSuffix(f, ".yml") || strings.HasSuffix(f, ".yaml"):
			return f, true
		}
	}
	return "", false
}

// externalPlaybooks reports a repository whose only deployment automation
// is ansible-playbook runs (in deploy scripts and CI deploy steps) of
// playbooks it does not hold, and names them. ok is false when anything
// else deploys it (a chart, manifests, a playbook or Terraform in the
// repository, a script or CI step that deploys by other means), when a
// playbook's name cannot be read, or when nothing runs a playbook.
func externalPlaybooks(r *evidence.Repo) (names []string, ev []report.Evidence, ok bool) {
	if len(r.HelmCharts) > 0 || len(r.K8s) > 0 {
		return nil, nil, false
	}
	held := map[string]bool{}
	for _, f := range r.Files {
		held[path.Base(f)] = true
	}
	for _, f := range r.AsideFiles {
		held[path.Base(f)] = true
	}
	external := func(p string, line int, text string) bool {
		// A variable in the folder ($WORKSPACE/ops/site.yml) still names
		// the playbook; a variable for the name does not.
		book, found := playbookOf(text)
		if base := path.Base(book); !found || strings.ContainsAny(base, "${}") || held[base] {
			return false
		}
		if !slices.Contains(names, book) {
			names = append(names, book)
		}
		if len(ev) < 4 {
			ev = append(ev, report.At(p, line))
		}
		return true
	}
	for _, s := range filesMatching(r, deployScript, 50) {
		if notScript.MatchString(s.Path) {
			continue // a documentation page
		}
		if !shellScript(s.Path) {
			return nil, nil, false // a playbook, Terraform or manifest held here
		}
		runs := 0
		for _, run := range r.PlaybookRuns {
			if run.Path != s.Path {
				continue
			}
			if !external(run.Path, run.Line, run.Text) {
				return nil, nil, false
			}
			runs++
		}
		if runs == 0 {
			return nil, nil, false // the script deploys by other means
		}
	}
	for _, c := range r.CI {
		for i, line := range strings.Split(c.Text, "\n") {
			if !ciDeployCommand.MatchString(line) || commentLine.MatchString(line) {
				continue
			}
			if !external(c.Path, i+1, line) {
				return nil, nil, false
			}
		}
	}
	return names, ev, len(names) > 0
}

func shellScript(p string) bool {
	return strings.HasSuffix(p, ".sh") || strings.HasSuffix(p, ".bash") || strings.HasSuffix(p, ".ps1")
}
