package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var secretName = lazyregexp.New(`(?i)(password|passwd|secret|token|api_?key|private_?key|access_?key|credential)`)

// secretSetting names settings about a secret that are not the secret:
// where it is (_FILE, the Docker secrets convention; _PATH, _URL), its
// lifetime or its policy.
var secretSetting = lazyregexp.New(`(?i)_(FILE|PATH|DIR|URL|URI|ENDPOINT|TTL|EXPIRY|EXPIRES|EXPIRATION|LIFETIME|TIMEOUT|LENGTH|MIN_LENGTH|MAX_AGE|HEADER|NAME|TYPE|ALGORITHM|ENABLED|REQUIRED)$`)

// secretVar reports whether a variable name says it holds a secret. A
// NAME_FILE variable holds the path of a mounted secret (the Docker and
// Kubernetes secrets convention), not the secret.
func secretVar(name string) bool {
	return secretName.MatchString(name) && !secretSetting.MatchString(name)
}

var secretCopy = lazyregexp.New(`(?i)(^|\s|/)(\.env|id_rsa|[^\s/]+\.pem|[^\s/]+\.key|[^\s/]+\.p12|[^\s/]+\.pfx)(\s|$)`)

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
	for _, p := range evidence.EnvPairs(ins.Args, ins.Cmd == "ENV") {
		if ins.Cmd == "ENV" && (!p.HasValue || p.Value == "" || strings.HasPrefix(p.Value, "$")) {
			continue
		}
		out = append(out, p.Name)
	}
	return out
}

// floatingBases lists the base images of a Dockerfile's final image (the
// final stage and the stages it is built FROM) that name no tag or the
// latest tag: a rebuild gets whatever the registry serves that day. A
// floating base of a stage the final image only copies files from is
// returned apart, as a detail: the shipped image does not run on it.
// Bases that depend on a build argument without a default are returned
// apart too: the build decides them.
func floatingBases(d *evidence.Dockerfile) (problems []string, ev []report.Evidence, side, unresolved []string, digests, bases int) {
	_, chain, _ := d.FinalImage()
	final := map[int]bool{}
	for _, st := range chain {
		final[st.Line] = true
	}
	for _, b := range d.Bases() {
		bases++
		if len(b.Unresolved) > 0 {
			unresolved = append(unresolved, fmt.Sprintf("%s:%d: base image %s depends on the build argument %s (no default)", d.Path, b.Line, b.Written, strings.Join(b.Unresolved, ", ")))
			continue
		}
		if strings.Contains(b.Ref, "@sha256:") {
			digests++
			continue
		}
		var problem string
		switch repo, tag := splitImage(b.Ref); tag {
		case "":
			problem = fmt.Sprintf("base image %q has no tag: builds get whatever latest is that day", repo)
		case "latest":
			problem = fmt.Sprintf("base image %q floats on the latest tag: builds are not reproducible", b.Ref)
		default:
			continue
		}
		if !final[b.Line] {
			side = append(side, fmt.Sprintf("%s:%d: %s, which the final image only copies files from (it is not built on it): %s; pin it too so that what is copied does not change", d.Path, b.Line, stageLabel(d, b.Line), problem))
			continue
		}
		problems = append(problems, fmt.Sprintf("%s:%d: %s", d.Path, b.Line, problem))
		ev = append(ev, report.At(d.Path, b.Line))
	}
	return problems, ev, side, unresolved, digests, bases
}

// stageLabel names the stage that starts at a line: "stage binaries", or
// "stage 2" when it has no name.
func stageLabel(d *evidence.Dockerfile, line int) string {
	for i, st := range d.Stages {
		if st.Line == line {
			if st.Name != "" {
				return "stage " + st.Name
			}
			return fmt.Sprintf("stage %d", i+1)
		}
	}
	return "a stage"
}

// deployment#req-1: the product is packaged as a container image built
// from the repository (a Dockerfile, or buildpacks, Jib or ko), on base
// images that do not float.
func containerImage(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	dockerfiles := productDockerfiles(r)
	if len(dockerfiles) == 0 {
		if ev := imageBuildWithoutDockerfile(r); len(ev) > 0 {
			return passWith("the image is built without a Dockerfile (Cloud Native Buildpacks, Jib or ko)", ev,
				"the builder picks the base image; semantic version tags are set where the image is published")
		}
		if ev := externalImageDoc(r); len(ev) > 0 {
			return reviewWith("no container build in this repository; the documentation points to images or a container setup kept elsewhere", ev)
		}
		return failWith("no Dockerfile, Containerfile, buildpacks, Jib or ko build: the building block cannot be built as a container image from the repository", nil)
	}
	var problems, side, unresolved []string
	var ev []report.Evidence
	digests, bases := 0, 0
	for _, d := range dockerfiles {
		p, e, sd, u, dg, b := floatingBases(d)
		problems, ev, side, unresolved = append(problems, p...), append(ev, e...), append(side, sd...), append(unresolved, u...)
		digests, bases = digests+dg, bases+b
	}
	var deploy []string
	if c := productCompose(r); len(c) > 0 {
		deploy = append(deploy, "compose: "+c[0].Path)
	}
	if len(r.HelmCharts) > 0 {
		deploy = append(deploy, "Helm: "+r.HelmCharts[0].Dir)
	}
	if len(problems) > 0 {
		return Result{Outcome: report.Fail, Evidence: ev, Details: append(append(problems, side...), deploy...),
			Message:     fmt.Sprintf("%s: %s", plural(len(problems), "floating base image"), problems[0]),
			Remediation: "Give every base image a version tag (better, a digest) so that the image can be rebuilt reproducibly."}
	}
	details := append([]string{fmt.Sprintf("base images name version tags, not digests: %d of %d are pinned by digest", digests, bases)}, side...)
	details = append(details, unresolved...)
	details = append(details, unversionedServices(r)...)
	var at []report.Evidence
	for _, d := range dockerfiles {
		at = append(at, report.At(d.Path, 1))
	}
	msg := fmt.Sprintf("the product's images are built from %s and no base image is untagged or on latest", plural(len(dockerfiles), "Dockerfile"))
	if len(side) > 0 {
		msg = fmt.Sprintf("the product's images are built from %s and the images they run on are tagged; %s that the final image only copies from floats (see details)",
			plural(len(dockerfiles), "Dockerfile"), plural(len(side), "stage"))
	}
	return passWith(msg,
		at, append(details, deploy...)...)
}

// floatingTag is a compose image tag that names no release: latest or a
// branch.
var floatingTag = lazyregexp.New(`(?i)^(latest|develop|development|dev|main|master|nightly|edge|snapshot)$`)

// composeDefault is an interpolation with a default: ${TAG:-develop}.
var composeDefault = lazyregexp.New(`\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}`)

// unversionedServices lists the product's compose services that deploy an
// image without a release version: the image a deployment gets changes
// under it.
func unversionedServices(r *evidence.Repo) []string {
	var out []string
	for _, cs := range productComposeServices(r) {
		if cs.svc.Image == "" || cs.svc.Build || strings.Contains(cs.svc.Image, "@sha256:") {
			continue
		}
		image := composeDefault.ReplaceAllString(cs.svc.Image, "$1")
		if strings.Contains(image, "$") {
			continue // the operator chooses the version
		}
		if _, tag := splitImage(image); tag == "" || floatingTag.MatchString(tag) {
			out = append(out, fmt.Sprintf("%s:%d: service %s deploys %s without a release version", cs.file, cs.svc.Line, cs.svc.Name, cs.svc.Image))
		}
		if len(out) >= 10 {
			break
		}
	}
	return out
}

// deployment#req-4: signed images.
func imageSigning(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	if ev := ciMatching(r, imageSigningStep); len(ev) > 0 {
		return passWith("container images are signed in CI", ev)
	}
	if len(productDockerfiles(r)) == 0 && len(imageBuildWithoutDockerfile(r)) == 0 {
		return reviewWith("the repository builds no container image: signing is judged where the images are built and published", externalImageDoc(r))
	}
	return failWith("no image signing (cosign, Notation) in CI", nil)
}

var perEnvironment = lazyregexp.New(`(?i)(^|/)(values[-_.](dev|development|test|testing|staging|stage|prod|production|uat|qa)\.ya?ml|overlays/[^/]+/|config/(dev|development|test|staging|prod|production)[./]|\.env\.(example|sample|template|dist)|application-(dev|staging|prod|production)\.(ya?ml|properties)|settings/(dev|staging|prod|production)[^/]*\.py|environments?/[^/]+/|environments?/(production|prod|staging|stage|development|dev|uat|qa)\.[a-z]+$|(production|staging|prod|stage|uat)/[^/.][^/]*\.(tf|tfvars|ya?ml|json|env)$|[^/]+\.(production|staging|prod)\.(ya?ml|json|env|tfvars|toml)$|(prod|production|staging)\.tfvars$)`)

// deployment#req-6: configuration per environment.
func multiEnvironment(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	if ev := filesMatching(r, perEnvironment, 4); len(ev) > 0 {
		return passWith("configuration is kept per environment", ev)
	}
	return reviewWith("no per-environment configuration files found (Helm values per environment, kustomize overlays, .env.example, config/<environment>...); configuration may still be external (environment variables, a settings file per site)", nil,
		"evidence expected: per-environment configuration outside the image, switching environments without a rebuild, feature toggles per environment")
}

var deployScript = lazyregexp.New(`(?i)(^|/)(kustomization\.ya?ml|[^/]+\.tf|playbook[^/]*\.ya?ml|ansible/|k8s/|kubernetes/|deploy/|manifests/|(deploy|provision)[^/]*\.(sh|bash|ps1))`)

// notScript is a file that describes or illustrates a deployment without
// performing it: documentation pages, images.
var notScript = lazyregexp.New(`(?i)\.(md|markdown|mdx|rst|txt|adoc|asciidoc|html?|png|jpe?g|gif|svg|pdf|drawio)$`)

// ciDeployCommand is a CI step that deploys: applies manifests, installs a
// chart, runs a playbook or Terraform, pushes to a platform.
var ciDeployCommand = lazyregexp.New(`\b(kubectl (apply|rollout|set image)|helm (upgrade|install)|helmfile (apply|sync)|ansible-playbook|terraform apply|eb deploy|docker stack deploy|gcloud (run|app) deploy|az webapp (up|deploy)|aws ecs update-service|fly deploy|serverless deploy|kamal deploy|cap [\w-]+ deploy)\b`)

// commentLine is a line commented out in YAML, shell, Groovy or a
// Jenkinsfile.
var commentLine = lazyregexp.New(`^\s*(#|//|/\*|\*)`)

// ciStepMatching returns the first line of each CI configuration that
// matches re and is not commented out (a disabled "Deploy image" stage
// deploys nothing).
func ciStepMatching(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	var out []report.Evidence
	for _, c := range r.CI {
		for i, line := range strings.Split(c.Text, "\n") {
			if re.MatchString(line) && !commentLine.MatchString(line) {
				out = append(out, report.At(c.Path, i+1))
				break
			}
		}
	}
	return out
}

// deploymentScriptFiles splits the files of deployment folders into
// scripts (manifests, playbooks, Terraform, deploy scripts) and the
// documentation pages among them.
func deploymentScriptFiles(r *evidence.Repo) (scripts, docs []report.Evidence) {
	for _, e := range filesMatching(r, deployScript, 50) {
		switch {
		case notScript.MatchString(e.Path):
			if len(docs) < 3 {
				docs = append(docs, e)
			}
		case len(scripts) < 3:
			scripts = append(scripts, e)
		}
	}
	return scripts, docs
}

// deployment#req-7: deployment scripts in the repository.
func deploymentScripts(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	var ev []report.Evidence
	for _, h := range r.HelmCharts {
		ev = append(ev, report.At(path.Join(h.Dir, "Chart.yaml"), 1))
	}
	for _, m := range r.K8s {
		ev = append(ev, report.At(m.Path, m.Line))
	}
	scripts, docs := deploymentScriptFiles(r)
	ev = append(ev, scripts...)
	ev = append(ev, ciStepMatching(r, ciDeployCommand)...)
	compose := productCompose(r)
	switch {
	case len(ev) > 0:
		if books, at, ok := externalPlaybooks(r); ok {
			return reviewWith(fmt.Sprintf("the deployment scripts only run Ansible playbooks that are not in this repository (%s): GovStack wants the orchestration and deployment scripts in the building block's own repository, not maintained separately; a reviewer checks where they are kept and whether they can move here",
				listUpTo(books, 3)), at)
		}
		return passWith("deployment scripts are in the repository", dedupe(ev))
	case len(compose) > 0:
		return reviewWith("only compose files deploy the project; add Helm charts or Kubernetes manifests for scaled deployments", append([]report.Evidence{report.At(compose[0].Path, 1)}, docs...))
	case len(docs) > 0:
		return reviewWith(fmt.Sprintf("deployment is described in documentation only (%s): no manifests, playbooks, Terraform, deploy scripts or CI deploy job; a reviewer checks where the deployment is automated", docs[0].Path), docs)
	}
	if ev := externalImageDoc(r); len(ev) > 0 {
		return reviewWith("no deployment scripts in this repository; the documentation points to a container setup kept elsewhere", ev)
	}
	if len(r.Compose) > 0 {
		return reviewWith("the compose files only start the product's dependencies (databases, brokers); the product's own deployment is not in this repository", []report.Evidence{report.At(r.Compose[0].Path, 1)})
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
	build := ciMatching(r, buildStep)
	tests := ciMatching(r, testCommand)
	if len(build) == 0 || len(tests) == 0 {
		return reviewWith("CI exists, but dpgcheck could not see both a build and a test step", append(ev, append(build, tests...)...))
	}
	return passWith("a CI pipeline builds and tests the project", append(ev, append(build, tests...)...), "whether it runs on every change and promotes builds between environments needs a reviewer (a Jenkins job may be started by hand)")
}

// deployment#req-9: high availability. An autoscaler counts when it
// renders (a template behind {{ if .Values.autoscaling.enabled }} counts
// when values.yaml enables it); a workload pinned to one replica without an
// autoscaler is not highly available.
func highAvailability(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	var scaled, single []report.Evidence
	for _, m := range r.K8s {
		switch {
		case m.Kind == "HorizontalPodAutoscaler" || m.Kind == "ScaledObject":
			if m.Template && m.Conditional && !chartEnables(r, m.Path) {
				continue
			}
			scaled = append(scaled, report.At(m.Path, m.Line))
		case m.Kind == "Deployment" || m.Kind == "StatefulSet":
			if m.Replicas > 1 {
				scaled = append(scaled, report.At(m.Path, m.Line))
			} else if m.Replicas == 1 {
				single = append(single, report.At(m.Path, m.Line))
			}
		}
	}
	switch {
	case len(scaled) > 0 && len(single) == 0:
		return passWith("workloads scale horizontally (replicas or an autoscaler)", scaled,
			"whether losing a replica causes no outage needs a running system")
	case len(scaled) > 0:
		return reviewWith(fmt.Sprintf("some workloads scale (%s), but %s one replica without an autoscaler", scaled[0], runs(len(single))), append(scaled[:1], single...))
	case len(single) > 0:
		res := manual(in)
		res.Message = fmt.Sprintf("%s one replica and no autoscaler renders; %s", runs(len(single)), res.Message)
		res.Evidence = single[:min(len(single), 8)]
		return res
	}
	return manual(in)
}

func runs(n int) string {
	if n == 1 {
		return "1 workload runs"
	}
	return fmt.Sprintf("%d workloads run", n)
}

// chartEnables reports whether the chart a template belongs to enables an
// autoscaler in its values.yaml.
func chartEnables(r *evidence.Repo, p string) bool {
	for _, c := range r.HelmCharts {
		if strings.HasPrefix(p, c.Dir+"/templates/") || c.Dir == "." && strings.HasPrefix(p, "templates/") {
			return c.Autoscaling
		}
	}
	return false
}

// deployment#req-11: CPU and memory limits in the deployment artefacts.
func resourceLimits(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
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
	for _, cs := range productComposeServices(r) {
		if cs.svc.Limits {
			with = append(with, report.At(cs.file, cs.svc.Line))
		} else {
			without = append(without, report.At(cs.file, cs.svc.Line))
		}
	}
	switch {
	case len(with)+len(without) == 0:
		return reviewWith("no deployment manifests of the product to read limits from; declare CPU and memory limits where the project is deployed", nil)
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

// imageSigningStep signs a container image in CI.
var imageSigningStep = docWords.MustCompile(`(?i)cosign|sigstore|notation sign|docker trust sign|attest-build-provenance`)

// buildStep builds the product in CI.
var buildStep = docWords.MustCompile(`(?i)docker build|docker/build-push-action|buildah|kaniko|go build|mvn|gradle|npm run build|cargo build|dotnet build|(^|[\s;&|])make(\s|$)`)
