package rules

import (
	"fmt"
	"maps"
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// The environment variables a deployment documentation must cover are the
// ones an operator supplies: a compose interpolation without a default, a
// variable passed through from the host, an image ENV whose value is only a
// build argument without a default, a Helm env entry rendered from values
// or a secret. A value the Dockerfile or compose file sets itself works
// without documentation; a third-party image's own settings are that
// image's business.

var wellKnownEnv = map[string]bool{"PATH": true, "HOME": true, "LANG": true, "LANGUAGE": true, "LC_ALL": true, "TZ": true, "PWD": true, "USER": true,
	"DEBIAN_FRONTEND": true, "PYTHONUNBUFFERED": true, "PYTHONDONTWRITEBYTECODE": true, "NODE_VERSION": true, "GOPATH": true,
	"JAVA_HOME": true, "BUILDPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETPLATFORM": true, "CGO_ENABLED": true,
	"NODE_ENV": true, "PIP_NO_CACHE_DIR": true, "PIP_DISABLE_PIP_VERSION_CHECK": true, "HOSTNAME": true, "SHELL": true, "TERM": true}

// deploymentVars holds the variables of the product's deployment files.
type deploymentVars struct {
	operator map[string]report.Evidence // compose and Dockerfiles: the operator supplies them
	helm     map[string]report.Evidence // Helm and Kubernetes: from values, secrets or config maps
	set      map[string]report.Evidence // given a value by the product's files
}

func (v *deploymentVars) add(m map[string]report.Evidence, name string, e report.Evidence) {
	if name == "" || wellKnownEnv[name] || !envVarName.MatchString(name) {
		return
	}
	if _, ok := m[name]; !ok && len(m) < 2000 {
		m[name] = e
	}
}

// composeVar is an interpolation in a compose value: ${VAR}, ${VAR:-x},
// ${VAR:?error}, $VAR.
var composeVar = lazyregexp.New(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

var envVarName = lazyregexp.New(`^[A-Za-z_][A-Za-z0-9_]*$`)

// argOnly matches a value that is only a variable reference: "${NAME}",
// "$NAME".
var argOnly = lazyregexp.New(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$`)

// productVars collects the variables of the product's Dockerfiles, compose
// files and Kubernetes or Helm manifests.
func productVars(r *evidence.Repo) *deploymentVars {
	v := &deploymentVars{operator: map[string]report.Evidence{}, helm: map[string]report.Evidence{}, set: map[string]report.Evidence{}}
	for _, d := range productDockerfiles(r) {
		_, chain, _ := d.FinalImage()
		args := d.ArgDefaults()
		for _, st := range chain {
			for _, ins := range st.Instructions {
				switch ins.Cmd {
				case "ARG":
					for _, p := range evidence.EnvPairs(ins.Args, false) {
						args[p.Name] = p.Value
					}
				case "ENV":
					for _, p := range evidence.EnvPairs(ins.Args, true) {
						at := report.At(d.Path, ins.Line)
						if m := argOnly.FindStringSubmatch(p.Value); p.Value == "" || m != nil && args[m[1]] == "" {
							v.add(v.operator, p.Name, at) // only a build argument without a default fills it
						} else {
							v.add(v.set, p.Name, at)
						}
					}
				}
			}
		}
	}
	for _, c := range productCompose(r) {
		for _, s := range c.Services {
			for _, e := range s.Environment {
				at := report.At(c.Path, e.Line)
				// ${VAR} in a value: the operator supplies VAR, unless every
				// use has a default; a third-party service's own setting
				// interpolated this way is still the operator's to set.
				for _, m := range composeVar.FindAllStringSubmatch(e.Value, 10) {
					if m[2] == "" || m[2][len(m[2])-1] == '?' {
						v.add(v.operator, m[1]+m[3], at)
					}
				}
				switch {
				case !productService(s):
				case e.Set:
					v.add(v.set, e.Name, at)
				case e.Value == "":
					v.add(v.operator, e.Name, at) // passed through from the host
				}
			}
		}
	}
	for _, m := range r.K8s {
		for _, e := range m.Env {
			at := report.At(m.Path, e.Line)
			if e.Set {
				v.add(v.set, e.Name, at)
			} else {
				v.add(v.helm, e.Name, at)
			}
		}
	}
	return v
}

var deployHeading = lazyregexp.New(`(?i)\b(deploy\w*|install\w*|set ?up|getting started|quick ?start|run(ning)? in production|production|configuration|configuring|environment variables|self[- ]host\w*|operations?|upgrad\w*|prerequisites?)\b`)

// deploymentDocumentation returns the sections that document the
// deployment, the sections that only point elsewhere, and the texts where
// variables can be documented: the deployment documentation and any
// reference page of the project (an environment-variable reference among
// the developer pages documents the variables too).
func deploymentDocumentation(r *evidence.Repo) (sections, pointers []report.Evidence, texts []string) {
	for _, d := range r.Docs {
		if projectReference(d) {
			texts = append(texts, d.Text)
		}
		if !deploymentDoc(r, d) {
			continue
		}
		for i, s := range d.Sections {
			if !deployHeading.MatchString(s.Heading.Text) || s.Words+s.Code < 3 {
				continue
			}
			if pointerSection(d, i) {
				pointers = append(pointers, report.At(d.Path, s.Heading.Line))
				continue
			}
			sections = append(sections, report.At(d.Path, s.Heading.Line))
			break
		}
	}
	// A commented environment template (.env.example) documents the
	// variables it names.
	for _, t := range r.EnvTemplates {
		for _, n := range t.Names {
			texts = append(texts, n.Name)
		}
	}
	return sections, pointers, texts
}

// undocumented returns the variables of m that no text names, sorted.
func undocumented(m map[string]report.Evidence, texts []string) (names []string, ev []report.Evidence) {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !slices.ContainsFunc(texts, func(text string) bool { return containsWord(text, name) }) {
			names = append(names, fmt.Sprintf("%s (%s)", name, m[name]))
			ev = append(ev, m[name])
		}
	}
	return names, ev
}

// mostlyDocumented reports documentation that names at least four in five
// of the variables an operator supplies: a reference a reviewer asks to
// complete, not deployment documentation missing.
func mostlyDocumented(total, missing int) bool {
	return total >= 5 && missing*5 <= total
}

// deployment#req-3: deployment documentation in the repository that covers
// every variable an operator must supply. Documentation that names most of
// them needs a reviewer for the rest; one that leaves many out fails.
func deploymentDocs(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	sections, pointers, texts := deploymentDocumentation(r)
	if len(sections) == 0 {
		if len(pointers) > 0 {
			return failWith(fmt.Sprintf("the deployment documentation is not in the repository: %s only points elsewhere", pointers[0]), pointers,
				"GovStack wants prerequisites, every environment variable, configuration files, startup output, a verification checklist and rollback written in the repository")
		}
		return failWith("no deployment documentation: no install, deployment or configuration section in the README or the documentation folders", nil)
	}
	v := productVars(r)
	missing, ev := undocumented(v.operator, texts)
	if len(missing) > 0 && mostlyDocumented(len(v.operator), len(missing)) {
		return reviewWith(fmt.Sprintf("the deployment documentation names %d of the %d environment variables an operator supplies; a reviewer decides whether the %s left out must be documented: %s",
			len(v.operator)-len(missing), len(v.operator), plural(len(missing), "variable"), listUpTo(missing, 5)),
			append(sections[:1], ev[:min(len(ev), 7)]...), missing...)
	}
	if len(missing) > 0 {
		return Result{Outcome: report.Fail, Evidence: append(sections[:1], ev[:min(len(ev), 7)]...), Details: missing,
			Message:     fmt.Sprintf("the deployment documentation does not mention %s an operator must supply: %s", plural(len(missing), "environment variable"), listUpTo(missing, 5)),
			Remediation: "Document every environment variable (what it does, whether it is required, its default) in the deployment documentation."}
	}
	helmMissing, helmEv := undocumented(v.helm, texts)
	if len(helmMissing) > 0 {
		return reviewWith(fmt.Sprintf("deployment documentation exists (%s), but %s the Kubernetes or Helm manifests take from values or secrets are not mentioned in it: %s; a reviewer must check which charts are the product's",
			sections[0], plural(len(helmMissing), "environment variable"), listUpTo(helmMissing, 5)), append(sections[:1], helmEv[:min(len(helmEv), 7)]...), helmMissing...)
	}
	total := len(v.operator) + len(v.helm)
	rb := rollbackEvidence(r, func(d *evidence.Doc) bool { return deploymentDoc(r, d) })
	switch {
	case total == 0:
		return reviewWith("deployment documentation exists, but no Dockerfile, compose file or manifest of the product names the variables it must cover; a reviewer must check prerequisites, variables, verification and rollback",
			sections)
	case len(rb) == 0:
		return reviewWith(fmt.Sprintf("the deployment documentation mentions every environment variable an operator supplies (%d), but no rollback procedure", total), sections,
			"a reviewer must check the prerequisites, the verification checklist and rollback")
	}
	return passWith(fmt.Sprintf("the deployment documentation covers every environment variable an operator supplies (%d) and rollback", total), append(sections, rb[0]),
		"whether the documentation is current with the release needs a person")
}
