package rules

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
)

// stageUser returns the user a Dockerfile stage runs as: its last USER, or
// the user of the stage it is built FROM (a stage of the same file inherits
// that stage's USER), with the line that sets it and the external base
// image at the root of the chain.
func stageUser(d *evidence.Dockerfile, st evidence.Stage) (user string, line int, base string) {
	seen := map[string]bool{}
	line = st.Line
	for {
		for _, ins := range st.Instructions {
			if ins.Cmd == "USER" {
				user, line = strings.TrimSpace(ins.Args), ins.Line
			}
		}
		if user != "" {
			return user, line, st.Image
		}
		parent, ok := namedStage(d, st.Image)
		if !ok || seen[st.Image] {
			return "", line, st.Image
		}
		seen[st.Image] = true
		st = parent
	}
}

// namedStage finds the stage of d called name ("FROM build AS app").
func namedStage(d *evidence.Dockerfile, name string) (evidence.Stage, bool) {
	for _, s := range d.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return evidence.Stage{}, false
}

// knownNonRootBase reports a base image that runs unprivileged by default
// (see evidence.KnownNonRootImage).
func knownNonRootBase(ref string) bool { return evidence.KnownNonRootImage(ref) }
