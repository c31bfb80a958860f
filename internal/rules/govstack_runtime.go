package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// deployment#req-10: graceful shutdown and fast startup. The image must let
// SIGTERM reach the process (exec-form ENTRYPOINT or CMD: the shell form
// runs it under /bin/sh, which does not forward signals; an entrypoint
// script must exec the service or trap the signal), and something must
// tell the orchestrator when the product's container is ready (a database's
// health check is not the product's).
func gracefulShutdown(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	dockerfiles := productDockerfiles(r)
	if len(dockerfiles) == 0 {
		if ev := append(imageBuildWithoutDockerfile(r), externalImageDoc(r)...); len(ev) > 0 {
			return reviewWith("no Dockerfile here: signal handling and probes are judged where the images are built and deployed", ev)
		}
		return reviewWith("the repository builds no container image; graceful shutdown and readiness need the deployment that runs the product", nil)
	}
	var bad, good []report.Evidence
	var problems []string
	for _, d := range dockerfiles {
		ins, ok := d.Start()
		if !ok || oneShotImage(d, ins) {
			continue
		}
		_, exec := evidence.ExecForm(ins.Args)
		switch {
		case !exec && !strings.HasPrefix(strings.TrimSpace(ins.Args), "exec "):
			bad = append(bad, report.At(d.Path, ins.Line))
			problems = append(problems, fmt.Sprintf("%s:%d uses the shell form of %s: /bin/sh becomes PID 1 and SIGTERM never reaches the service; write %s [\"binary\", \"arg\"]", d.Path, ins.Line, ins.Cmd, ins.Cmd))
		case d.Entrypoint != nil && !d.Entrypoint.Forwards:
			bad = append(bad, report.At(d.Path, ins.Line), report.At(d.Entrypoint.Path, 0))
			problems = append(problems, fmt.Sprintf("%s:%d starts %s, which runs the service without exec and traps no signal: the shell stays PID 1 and SIGTERM never reaches the service", d.Path, ins.Line, d.Entrypoint.Path))
		default:
			good = append(good, report.At(d.Path, ins.Line))
		}
	}
	if len(problems) > 0 {
		return failWith(problems[0], bad, problems...)
	}
	var ready []report.Evidence
	for _, cs := range productComposeServices(r) {
		if cs.svc.Healthcheck && productService(cs.svc) {
			ready = append(ready, report.At(cs.file, cs.svc.Line))
		}
	}
	for _, k := range r.K8s {
		if k.Probes {
			ready = append(ready, report.At(k.Path, k.Line))
		}
	}
	for _, d := range dockerfiles {
		_, chain, _ := d.FinalImage()
		for _, st := range chain {
			for _, ins := range st.Instructions {
				if ins.Cmd == "HEALTHCHECK" && !strings.EqualFold(strings.TrimSpace(ins.Args), "NONE") {
					ready = append(ready, report.At(d.Path, ins.Line))
				}
			}
		}
	}
	if len(ready) == 0 {
		return reviewWith("the entrypoints receive signals, but no health check or readiness probe of the product was found in the repository; the orchestrator needs one to tell when a container has started", good)
	}
	return passWith("the entrypoint receives signals (exec form) and health checks or probes report readiness", append(good, ready...),
		"startup time and the drain on SIGTERM need a running container to measure")
}

// oneShot names images that run a task and exit (a database migration, a
// seed): they serve no request a SIGTERM could interrupt.
var oneShot = lazyregexp.New(`(?i)migrat|flyway|liquibase|\bseed`)

func oneShotImage(d *evidence.Dockerfile, start evidence.Instruction) bool {
	base, _, _ := d.FinalImage()
	return oneShot.MatchString(start.Args) || oneShot.MatchString(base.Ref) || d.Entrypoint != nil && oneShot.MatchString(path.Base(d.Entrypoint.Path))
}

// sudoersEntry is a RUN that writes a passwordless sudo rule.
var sudoersEntry = lazyregexp.New(`(?s)NOPASSWD\s*:.*(>>?|\btee(\s+-a)?)\s*/etc/sudoers`)

// passwordlessSudo returns the line where a RUN of the final image's stages
// adds a NOPASSWD sudoers rule (0 when none does): the unprivileged USER can
// then become root.
func passwordlessSudo(d *evidence.Dockerfile, chain []evidence.Stage) int {
	lines := strings.Split(d.Text, "\n")
	for _, st := range chain {
		for _, ins := range st.Instructions {
			if ins.Cmd != "RUN" || !sudoersEntry.MatchString(ins.Args) {
				continue
			}
			// The instruction's own line that says NOPASSWD, within the
			// lines a continued RUN spans.
			for i := ins.Line - 1; i >= 0 && i < len(lines) && i < ins.Line+200; i++ {
				if strings.Contains(lines[i], "NOPASSWD") {
					return i + 1
				}
			}
			return ins.Line
		}
	}
	return 0
}

// security#req-8: isolation and containment. Containers run as an
// unprivileged user and no service is given the host.
func isolation(in *Input) Result {
	r := in.Repo
	if len(r.Dockerfiles) == 0 && len(r.Compose) == 0 {
		return manual(in)
	}
	var bad, good, unsure []report.Evidence
	var problems, questions []string
	for _, cs := range composeServices(r) {
		for _, e := range cs.svc.Escapes {
			bad = append(bad, report.At(cs.file, e.Line))
			problems = append(problems, fmt.Sprintf("service %s has %s (%s:%d)", cs.svc.Name, e.Name, cs.file, e.Line))
		}
	}
	for _, d := range r.Dockerfiles {
		base, chain, ok := d.FinalImage()
		if !ok {
			continue
		}
		user, line := d.FinalUser()
		sudo := passwordlessSudo(d, chain)
		if line == 0 {
			line = chain[len(chain)-1].Line
		}
		// Without USER the image's own user runs: root, unless the base
		// image is known to run unprivileged.
		switch {
		case user == "" && evidence.VendorUserImage(base.Ref):
			unsure = append(unsure, report.At(d.Path, line))
			questions = append(questions, fmt.Sprintf("%s sets no USER: the user of %s is whatever its vendor chose (some such images end with USER root); add USER with an unprivileged uid to %s", d.Path, base.Ref, d.Path))
		case evidence.RootUser(user) || user == "" && !evidence.NonRootImage(base.Ref):
			bad = append(bad, report.At(d.Path, line))
			problems = append(problems, fmt.Sprintf("%s runs as root (%s:%d); add USER with an unprivileged uid", d.Path, d.Path, line))
		case sudo > 0:
			bad = append(bad, report.At(d.Path, sudo))
			problems = append(problems, fmt.Sprintf("USER %s can become root: %s:%d grants sudo without a password (NOPASSWD) in the final image; remove sudo and the sudoers entry and do the privileged step at build time", user, d.Path, sudo))
		default:
			good = append(good, report.At(d.Path, line))
		}
	}
	if len(problems) > 0 {
		return failWith(problems[0], bad, problems...)
	}
	if len(questions) > 0 {
		return reviewWith(questions[0], unsure, questions...)
	}
	if len(good) == 0 {
		// Only compose services of published images: their users are the
		// images' own, which a reviewer checks where they are built.
		return reviewWith("no container image is built in this repository and no compose service gives a container the host; "+
			"a reviewer checks that the images the compose files run use an unprivileged user (or sets user: in compose)", nil)
	}
	return passWith("containers run unprivileged and no service gets host namespaces or the Docker socket", good,
		"network segmentation and Kubernetes securityContext need a reviewer")
}
