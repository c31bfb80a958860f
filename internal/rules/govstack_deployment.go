package rules

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var secretName = regexp.MustCompile(`(?i)(password|passwd|secret|token|api_?key|private_?key|access_?key|credential)`)

// secretSetting names settings about a secret that are not the secret:
// where it is (_FILE, the Docker secrets convention; _PATH, _URL), its
// lifetime or its policy.
var secretSetting = regexp.MustCompile(`(?i)_(FILE|PATH|DIR|URL|URI|ENDPOINT|TTL|EXPIRY|EXPIRES|EXPIRATION|LIFETIME|TIMEOUT|LENGTH|MIN_LENGTH|MAX_AGE|HEADER|NAME|TYPE|ALGORITHM|ENABLED|REQUIRED)$`)

// secretVar reports whether a variable name says it holds a secret. A
// NAME_FILE variable holds the path of a mounted secret (the Docker and
// Kubernetes secrets convention), not the secret.
func secretVar(name string) bool {
	return secretName.MatchString(name) && !secretSetting.MatchString(name)
}

var secretCopy = regexp.MustCompile(`(?i)(^|\s|/)(\.env|id_rsa|[^\s/]+\.pem|[^\s/]+\.key|[^\s/]+\.p12|[^\s/]+\.pfx)(\s|$)`)

// dockerfileProblems lists what makes a Dockerfile unsafe to ship: unpinned
// base images, secrets in build arguments or environment, secret files copied
// into a layer.
func dockerfileProblems(d *evidence.Dockerfile) (problems []string, ev []report.Evidence) {
	for _, st := range d.Stages {
		if !isStageName(d.Stages, st.Image) {
			repo, tag := splitImage(st.Image)
			if (tag == "" || tag == "latest") && !strings.Contains(st.Image, "@sha256:") && !strings.Contains(st.Image, "$") {
				problems = append(problems, fmt.Sprintf("%s:%d: base image %q is not pinned to a version (tag or digest)", d.Path, st.Line, repo))
				ev = append(ev, report.At(d.Path, st.Line))
			}
		}
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "ARG", "ENV":
				for _, name := range envNames(ins) {
					if !secretVar(name) {
						continue
					}
					how := "a build argument, which stays in the image history"
					if ins.Cmd == "ENV" {
						how = "an environment variable baked into the image"
					}
					problems = append(problems, fmt.Sprintf("%s:%d: %s is %s; pass secrets at run time (environment or a secret mount)", d.Path, ins.Line, name, how))
					ev = append(ev, report.At(d.Path, ins.Line))
				}
			case "COPY", "ADD":
				if m := secretCopy.FindStringSubmatch(ins.Args); m != nil {
					problems = append(problems, fmt.Sprintf("%s:%d: copies %s into an image layer", d.Path, ins.Line, m[2]))
					ev = append(ev, report.At(d.Path, ins.Line))
				}
			}
		}
	}
	return problems, ev
}

// envNames returns the variable names an ARG or ENV instruction sets (ENV
// secrets count only with a value; ARG secrets always, as build args persist).
func envNames(ins evidence.Instruction) []string {
	var out []string
	fields := strings.Fields(ins.Args)
	if ins.Cmd == "ENV" && len(fields) >= 2 && !strings.Contains(fields[0], "=") {
		return []string{fields[0]} // legacy "ENV NAME value"
	}
	for _, f := range fields {
		name, value, hasValue := strings.Cut(f, "=")
		if ins.Cmd == "ENV" && (!hasValue || value == "" || strings.HasPrefix(value, "$")) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// deployment#req-1: a container image built from the repository.
func containerImage(in *Input) Result {
	r := in.Repo
	if len(r.Dockerfiles) == 0 {
		return failWith("no Dockerfile or Containerfile: the building block cannot be built as a container image from the repository", nil)
	}
	var problems []string
	var ev []report.Evidence
	for _, d := range r.Dockerfiles {
		p, e := dockerfileProblems(d)
		problems, ev = append(problems, p...), append(ev, e...)
	}
	var deploy []string
	if len(r.Compose) > 0 {
		deploy = append(deploy, "compose: "+r.Compose[0].Path)
	}
	if len(r.HelmCharts) > 0 {
		deploy = append(deploy, "Helm: "+r.HelmCharts[0].Dir)
	}
	if len(problems) > 0 {
		return Result{Outcome: report.Fail, Evidence: ev, Details: append(problems, deploy...),
			Message:     fmt.Sprintf("%s: %s", plural(len(problems), "container problem"), problems[0]),
			Remediation: "Pin every base image to a version or digest, never put secrets in ARG or ENV, and never copy key or .env files into the image."}
	}
	ev = []report.Evidence{report.At(r.Dockerfiles[0].Path, 1)}
	return passWith(fmt.Sprintf("%s builds the image; base images are pinned and no secret is baked in", plural(len(r.Dockerfiles), "Dockerfile")), ev, deploy...)
}

var backupWord = regexp.MustCompile(`(?i)\bback ?ups?\b|\bbacking up\b|pg_dump|mysqldump|mongodump|velero`)
var restoreWord = regexp.MustCompile(`(?i)\brestor(e|es|ing)\b|pg_restore|recovery time|\bRTO\b`)

// deployment#req-2: a documented backup and restore procedure.
func backupRestore(in *Input) Result {
	b, rs := docsMatching(in.Repo, backupWord, 2), docsMatching(in.Repo, restoreWord, 2)
	switch {
	case len(b) > 0 && len(rs) > 0:
		return passWith("backup and restore are documented", append(b, rs...),
			"whether a restore gives a working instance needs a test on a running system")
	case len(b) > 0:
		return failWith("backups are mentioned, but no restore procedure is documented", b)
	}
	return failWith("no backup and restore procedure is documented", nil)
}

var wellKnownEnv = map[string]bool{"PATH": true, "HOME": true, "LANG": true, "LC_ALL": true, "TZ": true, "PWD": true, "USER": true,
	"DEBIAN_FRONTEND": true, "PYTHONUNBUFFERED": true, "PYTHONDONTWRITEBYTECODE": true, "NODE_VERSION": true, "GOPATH": true,
	"JAVA_HOME": true, "BUILDPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETPLATFORM": true, "CGO_ENABLED": true,
	"NODE_ENV": true, "PIP_NO_CACHE_DIR": true, "PIP_DISABLE_PIP_VERSION_CHECK": true}

// deploymentEnv lists the environment variables the Dockerfiles and compose
// files set or expect, with where.
func deploymentEnv(r *evidence.Repo) map[string]report.Evidence {
	out := map[string]report.Evidence{}
	add := func(name string, e report.Evidence) {
		if name != "" && !wellKnownEnv[name] {
			if _, ok := out[name]; !ok {
				out[name] = e
			}
		}
	}
	for _, d := range r.Dockerfiles {
		for _, st := range d.Stages {
			for _, ins := range st.Instructions {
				if ins.Cmd == "ENV" {
					for _, f := range strings.Fields(ins.Args) {
						name, _, _ := strings.Cut(f, "=")
						add(name, report.At(d.Path, ins.Line))
						if !strings.Contains(f, "=") {
							break // legacy "ENV NAME value"
						}
					}
				}
			}
		}
	}
	for _, c := range r.Compose {
		for _, s := range c.Services {
			for _, e := range s.Environment {
				add(e.Name, report.At(c.Path, e.Line))
			}
		}
		for _, v := range c.Variables {
			add(v.Name, report.At(c.Path, v.Line))
		}
	}
	return out
}

var deployHeading = regexp.MustCompile(`(?i)\b(deploy\w*|install\w*|set ?up|getting started|quick ?start|run(ning)? in production|configuration|environment variables|self[- ]host\w*|operations?)\b`)

// deployment#req-3: deployment documentation that covers every environment
// variable the Dockerfiles and compose files use.
func deploymentDocs(in *Input) Result {
	r := in.Repo
	var docs []report.Evidence
	for _, d := range r.Docs {
		for _, s := range d.Sections {
			if deployHeading.MatchString(s.Heading.Text) && s.Words+s.Code > 0 {
				docs = append(docs, report.At(d.Path, s.Heading.Line))
				break
			}
		}
	}
	if len(docs) == 0 {
		return failWith("no deployment documentation: no install, deployment or configuration section in the README or docs", nil)
	}
	env := deploymentEnv(r)
	var all strings.Builder
	for _, d := range r.Docs {
		all.WriteString(d.Text)
		all.WriteByte('\n')
	}
	text := all.String()
	var missing []string
	var ev []report.Evidence
	for _, name := range slices.Sorted(maps.Keys(env)) {
		if !strings.Contains(text, name) {
			missing = append(missing, fmt.Sprintf("%s (%s)", name, env[name]))
			ev = append(ev, env[name])
		}
	}
	if len(missing) > 0 {
		return Result{Outcome: report.Fail, Evidence: append(docs[:1], ev...), Details: missing,
			Message:     fmt.Sprintf("the deployment docs do not mention %s used by the Dockerfiles or compose files: %s", plural(len(missing), "environment variable"), listUpTo(missing, 5)),
			Remediation: "Document every environment variable (what it does, whether it is required, its default) in the deployment documentation."}
	}
	details := []string{fmt.Sprintf("%s used by the Dockerfiles and compose files, all documented", plural(len(env), "environment variable"))}
	if len(docsMatching(r, regexp.MustCompile(`(?i)\broll ?back\b`), 1)) == 0 {
		details = append(details, "no rollback procedure is documented")
	}
	return passWith("deployment is documented", docs, details...)
}

// deployment#req-4: signed images.
func imageSigning(in *Input) Result {
	if ev := ciMatching(in.Repo, regexp.MustCompile(`(?i)cosign|sigstore|notation sign|docker trust sign|attest-build-provenance`)); len(ev) > 0 {
		return passWith("container images are signed in CI", ev)
	}
	return failWith("no image signing (cosign, Notation) in CI", nil)
}

// deployment#req-5: versioned releases and a rollback procedure.
func rollback(in *Input) Result {
	r := in.Repo
	rb := docsMatching(r, regexp.MustCompile(`(?i)\broll ?back\b|helm rollback`), 2)
	var ev []report.Evidence
	if c := r.Community["changelog"]; c != nil {
		ev = append(ev, report.At(c.Path, 1))
	}
	switch {
	case len(rb) > 0:
		return passWith("a rollback procedure is documented", append(rb, ev...))
	case len(ev) > 0:
		return failWith("releases are recorded, but no rollback procedure is documented", ev)
	}
	return failWith("no changelog and no rollback procedure", nil)
}

var perEnvironment = regexp.MustCompile(`(?i)(^|/)(values[-_.](dev|development|test|testing|staging|stage|prod|production)\.ya?ml|overlays/[^/]+/|config/(dev|development|test|staging|prod|production)[./]|\.env\.(example|sample|template)|application-(dev|test|staging|prod)\.(ya?ml|properties)|settings/(dev|test|staging|prod)[^/]*\.py|environments?/[^/]+/)`)

// deployment#req-6: configuration per environment.
func multiEnvironment(in *Input) Result {
	if ev := filesMatching(in.Repo, perEnvironment, 4); len(ev) > 0 {
		return passWith("configuration is kept per environment", ev)
	}
	return failWith("no per-environment configuration (Helm values per environment, kustomize overlays, .env.example ...)", nil)
}

var deployScript = regexp.MustCompile(`(?i)(^|/)(kustomization\.ya?ml|[^/]+\.tf|playbook[^/]*\.ya?ml|ansible/|k8s/|kubernetes/|deploy/|manifests/)`)

// deployment#req-7: deployment scripts in the repository.
func deploymentScripts(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	for _, h := range r.HelmCharts {
		ev = append(ev, report.At(path.Join(h.Dir, "Chart.yaml"), 1))
	}
	for _, m := range r.K8s {
		ev = append(ev, report.At(m.Path, m.Line))
	}
	ev = append(ev, filesMatching(r, deployScript, 3)...)
	switch {
	case len(ev) > 0:
		return passWith("deployment scripts are in the repository", dedupe(ev))
	case len(r.Compose) > 0:
		return reviewWith("only compose files deploy the project; add Helm charts or Kubernetes manifests for scaled deployments", []report.Evidence{report.At(r.Compose[0].Path, 1)})
	}
	return failWith("no deployment scripts (Helm, Kubernetes, Terraform, Ansible, compose)", nil)
}

// deployment#req-8: CI/CD.
func continuousDelivery(in *Input) Result {
	r := in.Repo
	if len(r.CI) == 0 {
		return failWith("no CI pipeline", nil)
	}
	ev := []report.Evidence{ciAt(r)}
	build := ciMatching(r, regexp.MustCompile(`(?i)docker build|docker/build-push-action|buildah|kaniko|go build|mvn|gradle|npm run build|cargo build|dotnet build|(^|[\s;&|])make(\s|$)`))
	tests := ciMatching(r, testCommand)
	if len(build) == 0 || len(tests) == 0 {
		return reviewWith("CI exists, but dpgcheck could not see both a build and a test step", append(ev, append(build, tests...)...))
	}
	return passWith("CI builds and tests every change", append(ev, append(build, tests...)...))
}

// deployment#req-9: high availability.
func highAvailability(in *Input) Result {
	for _, m := range in.Repo.K8s {
		if m.Kind == "HorizontalPodAutoscaler" || m.Replicas > 1 {
			return passWith("workloads scale horizontally (replicas or an autoscaler)", []report.Evidence{report.At(m.Path, m.Line)})
		}
	}
	return manual(in)
}

// deployment#req-11: CPU and memory limits in the deployment artefacts.
func resourceLimits(in *Input) Result {
	r := in.Repo
	var with, without []report.Evidence
	for _, m := range r.K8s {
		if !workloadKind(m.Kind) {
			continue
		}
		if m.Limits {
			with = append(with, report.At(m.Path, m.Line))
		} else {
			without = append(without, report.At(m.Path, m.Line))
		}
	}
	for _, cs := range composeServices(r) {
		if cs.svc.Limits {
			with = append(with, report.At(cs.file, cs.svc.Line))
		} else {
			without = append(without, report.At(cs.file, cs.svc.Line))
		}
	}
	switch {
	case len(with)+len(without) == 0:
		return reviewWith("no deployment manifests to read limits from; declare CPU and memory limits where the project is deployed", nil)
	case len(without) > 0:
		var where []string
		for _, e := range without {
			where = append(where, e.String())
		}
		verb := "declare"
		if len(without) == 1 {
			verb = "declares"
		}
		return failWith(fmt.Sprintf("%s %s no CPU or memory limits: %s", plural(len(without), "workload"), verb, listUpTo(where, 4)), without)
	}
	return passWith("every workload declares CPU and memory limits", with)
}

func workloadKind(k string) bool {
	switch k {
	case "Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "ReplicaSet", "":
		return true
	}
	return false
}

var sdkImage = regexp.MustCompile(`(?i)(^|/)(golang|maven|gradle|rust|gcc|buildpack-deps|sbt|mono|swift|openjdk|eclipse-temurin|amazoncorretto|node|python|ruby|php|elixir|dotnet/sdk)(:|$)`)
var minimalImage = regexp.MustCompile(`(?i)^scratch$|distroless|alpine|slim|chainguard|ubi-?(minimal|micro)|busybox|-jre|/jre|dotnet/(runtime|aspnet)|wolfi`)
var compilerInstall = regexp.MustCompile(`(?i)(apt-get|apk|yum|dnf|microdnf)\s+(install|add)\b[^&|;]*\b(gcc|g\+\+|build-essential|build-base|make|clang|cmake)\b`)

// deployment#req-12: minimal final images, without compilers.
func minimalBaseImage(in *Input) Result {
	r := in.Repo
	if len(r.Dockerfiles) == 0 {
		return notApplicable("no Dockerfile")
	}
	var bad, good []report.Evidence
	var problems []string
	for _, d := range r.Dockerfiles {
		st, ok := finalStage(d)
		if !ok {
			continue
		}
		image := st.Image
		if isStageName(d.Stages, image) && image != "scratch" {
			continue
		}
		for _, ins := range st.Instructions {
			if ins.Cmd == "RUN" && compilerInstall.MatchString(ins.Args) {
				problems = append(problems, fmt.Sprintf("%s:%d installs a compiler in the final stage", d.Path, ins.Line))
				bad = append(bad, report.At(d.Path, ins.Line))
			}
		}
		switch {
		case minimalImage.MatchString(image):
			good = append(good, report.At(d.Path, st.Line))
		case sdkImage.MatchString(image):
			problems = append(problems, fmt.Sprintf("%s:%d: the final stage runs on %s, a full build image; copy the artefact into a slim, alpine or distroless image", d.Path, st.Line, image))
			bad = append(bad, report.At(d.Path, st.Line))
		}
	}
	switch {
	case len(problems) > 0:
		return failWith(problems[0], bad, problems...)
	case len(good) > 0:
		return passWith("final images are minimal", good)
	}
	return reviewWith("the final base images are not ones dpgcheck recognises as minimal or as build images", nil)
}
