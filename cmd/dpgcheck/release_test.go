package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The contract of DESIGN.md: the action's inputs and outputs.
var (
	designInputs = []string{"path", "standards", "config", "fail-on", "comment", "check-run", "check-name", "token", "app-id", "app-private-key", "sarif-file", "govstack-version", "building-block", "reference-spec", "allow-pull-request-target",
		"registry", "dpga-draft"} // the last two: issue 15 (the DPGA application), after DESIGN.md's list
	designOutputs = []string{"verdict", "failed", "needs-review", "report", "sarif", "comment-url", "check-run-url"}
)

func TestActionMetadata(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Name     string
		Branding map[string]string
		Inputs   map[string]struct {
			Description string
			Default     *string
		}
		Outputs map[string]struct{ Description string }
		Runs    struct {
			Using, Image string
			Args         []string
		}
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	var inputs, outputs []string
	for name, in := range a.Inputs {
		inputs = append(inputs, name)
		if strings.TrimSpace(in.Description) == "" || in.Default == nil {
			t.Errorf("input %s needs a description and a default", name)
		}
	}
	for name, out := range a.Outputs {
		outputs = append(outputs, name)
		if strings.TrimSpace(out.Description) == "" {
			t.Errorf("output %s needs a description", name)
		}
	}
	slices.Sort(inputs)
	slices.Sort(outputs)
	if !slices.Equal(inputs, slices.Sorted(slices.Values(designInputs))) {
		t.Errorf("inputs %v, DESIGN.md says %v", inputs, designInputs)
	}
	if !slices.Equal(outputs, slices.Sorted(slices.Values(designOutputs))) {
		t.Errorf("outputs %v, DESIGN.md says %v", outputs, designOutputs)
	}
	if len(a.Runs.Args) > 0 {
		// args replace the image's CMD ("action"): the image's entrypoint is
		// the bare binary, so the action would run another command.
		t.Errorf("action.yml sets runs.args %v: the image runs its CMD, action, only without them", a.Runs.Args)
	}
	if a.Runs.Using != "docker" || !strings.HasPrefix(a.Runs.Image, "docker://ghcr.io/dpgcheck/dpgcheck:v") {
		t.Errorf("runs = %+v, want a published, versioned Docker image", a.Runs)
	}
	if a.Branding["icon"] == "" || a.Branding["color"] == "" {
		t.Error("action.yml needs branding for the Marketplace")
	}
	if *a.Inputs["token"].Default != "${{ github.token }}" || *a.Inputs["fail-on"].Default != "required" || *a.Inputs["comment"].Default != "always" {
		t.Error("defaults differ from DESIGN.md")
	}
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	var froms []string
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			froms = append(froms, f[len(f)-1])
		case "USER":
			t.Error("the Dockerfile sets USER: GitHub runs Docker actions as root and mounts the workspace for root")
		}
	}
	if len(froms) < 2 || froms[len(froms)-1] != "scratch" {
		t.Errorf("stages %v: want a multi-stage build ending FROM scratch", froms)
	}
	// The binary is the entrypoint and "action" the default command: GitHub
	// runs the action's image without arguments, and dpgcheck serve (or
	// check) is named after the image.
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `ENTRYPOINT ["/dpgcheck"]`, `CMD ["action"]`, "ca-certificates.crt"} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
}
