package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// deployment#req-10: graceful shutdown and fast startup. The image must let
// SIGTERM reach the process (exec-form ENTRYPOINT or CMD: the shell form
// runs it under /bin/sh, which does not forward signals), and something must
// tell the orchestrator when the container is ready.
func gracefulShutdown(in *Input) Result {
	r := in.Repo
	if len(r.Dockerfiles) == 0 {
		return notApplicable("no Dockerfile: the project ships no container image")
	}
	var bad, good []report.Evidence
	var problems []string
	for _, d := range r.Dockerfiles {
		st, ok := finalStage(d)
		if !ok {
			continue
		}
		for _, ins := range st.Instructions {
			if ins.Cmd != "ENTRYPOINT" && ins.Cmd != "CMD" {
				continue
			}
			if !strings.HasPrefix(strings.TrimSpace(ins.Args), "[") {
				bad = append(bad, report.At(d.Path, ins.Line))
				problems = append(problems, fmt.Sprintf("%s:%d uses the shell form of %s: /bin/sh becomes PID 1 and SIGTERM never reaches the service; write %s [\"binary\", \"arg\"]", d.Path, ins.Line, ins.Cmd, ins.Cmd))
			} else {
				good = append(good, report.At(d.Path, ins.Line))
			}
		}
	}
	if len(problems) > 0 {
		return failWith(problems[0], bad, problems...)
	}
	var ready []report.Evidence
	for _, cs := range composeServices(r) {
		if cs.svc.Healthcheck {
			ready = append(ready, report.At(cs.file, cs.svc.Line))
		}
	}
	for _, k := range r.K8s {
		if k.Probes {
			ready = append(ready, report.At(k.Path, k.Line))
		}
	}
	for _, d := range r.Dockerfiles {
		if st, ok := finalStage(d); ok {
			for _, ins := range st.Instructions {
				if ins.Cmd == "HEALTHCHECK" && !strings.EqualFold(strings.TrimSpace(ins.Args), "NONE") {
					ready = append(ready, report.At(d.Path, ins.Line))
				}
			}
		}
	}
	if len(ready) == 0 {
		return failWith("no health check or readiness probe: the orchestrator cannot tell when a container has started", good)
	}
	return passWith("the entrypoint receives signals (exec form) and health checks or probes report readiness", append(good, ready...),
		"startup time and the drain on SIGTERM need a running container to measure")
}

// nonrootImage is a base image whose default user is unprivileged
// (distroless :nonroot and :debug-nonroot).
var nonrootImage = regexp.MustCompile(`(?i):[^/]*nonroot`)

// security#req-8: isolation and containment. Containers run as an
// unprivileged user and no service is given the host.
func isolation(in *Input) Result {
	r := in.Repo
	if len(r.Dockerfiles) == 0 && len(r.Compose) == 0 {
		return manual(in)
	}
	var bad, good []report.Evidence
	var problems []string
	for _, cs := range composeServices(r) {
		for _, e := range cs.svc.Escapes {
			bad = append(bad, report.At(cs.file, e.Line))
			problems = append(problems, fmt.Sprintf("service %s has %s (%s:%d)", cs.svc.Name, e.Name, cs.file, e.Line))
		}
	}
	for _, d := range r.Dockerfiles {
		st, ok := finalStage(d)
		if !ok {
			continue
		}
		user, line, base := stageUser(d, st)
		// Without USER the image's own user runs: root, unless it is a nonroot image.
		switch name, _, _ := strings.Cut(user, ":"); {
		case name == "root" || name == "0" || name == "" && !nonrootImage.MatchString(base) && !knownNonRootBase(base):
			bad = append(bad, report.At(d.Path, line))
			problems = append(problems, fmt.Sprintf("%s runs as root (%s:%d); add USER with an unprivileged uid", d.Path, d.Path, line))
		default:
			good = append(good, report.At(d.Path, line))
		}
	}
	if len(problems) > 0 {
		return failWith(problems[0], bad, problems...)
	}
	return passWith("containers run unprivileged and no service gets host namespaces or the Docker socket", good,
		"network segmentation and Kubernetes securityContext need a reviewer")
}
