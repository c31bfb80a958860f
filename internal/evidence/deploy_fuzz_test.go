package evidence

import (
	"strings"
	"testing"
)

// FuzzDockerfileResolve: any Dockerfile resolves its FROM lines, follows its
// stages and finds its start script without panicking or looping, and
// EnvPairs only ever returns variable names.
func FuzzDockerfileResolve(f *testing.F) {
	f.Add("ARG V=22-alpine\nARG R=${X:-docker.io}\nFROM $R/node:${V} AS b\nFROM b-${Q}\nENV A=\"1 2\" B=$V\nCOPY s.sh /e.sh\nENTRYPOINT [\"/e.sh\"]\n")
	f.Add("FROM ${A:+x}${B-y}\nFROM a AS a\nFROM a\n")
	f.Add("ARG A=$A\nFROM $A\n")
	f.Fuzz(func(t *testing.T, text string) {
		d := dockerfile(text)
		d.Bases()
		d.FinalImage()
		d.ToolImage()
		d.FinalUser()
		d.Start()
		if s, _ := startScript(d); s != "" {
			scriptSource(d, s, map[string]bool{})
		}
		for _, a := range d.Args {
			for _, p := range EnvPairs(a.Args, false) {
				if !envName.MatchString(p.Name) {
					t.Fatalf("EnvPairs gave %q", p.Name)
				}
			}
		}
		for _, st := range d.Stages {
			for _, ins := range st.Instructions {
				for _, p := range EnvPairs(ins.Args, true) {
					if !envName.MatchString(p.Name) {
						t.Fatalf("EnvPairs gave %q", p.Name)
					}
				}
				copiedFrom(ins.Args, "/", "/a/b.sh")
			}
		}
	})
}

// FuzzHelmTemplates: named templates and template env lists parse without
// panicking, and every env line is inside the file.
func FuzzHelmTemplates(f *testing.F) {
	f.Add([]byte(helpersTpl))
	f.Add([]byte("env:\n  - name: A\n    value: {{ .Values.a }}\n  - name: B\n    valueFrom: {}\n{{- define \"x\" }}{{ if }}{{ end }}"))
	f.Add([]byte("{{ define \"a\" }}{{ define \"b\" }}{{ end }}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range templateEnv(data) {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("env %s at line %d of %d", e.Name, e.Line, lines)
			}
		}
		defs := parseDefines(data)
		m := &K8sManifest{Template: true, includes: includedTemplates(data)}
		resolveHelmIncludes([]*K8sManifest{m}, defs)
		conditionalTemplate(data)
	})
}
