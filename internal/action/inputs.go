// Package action owns the GitHub Actions runtime around dpgcheck: the inputs
// of action.yml, the event that triggered the workflow, step outputs written
// safely to GITHUB_OUTPUT, the job summary, and workflow-command annotations.
// It knows nothing of GitHub's REST API (package github) or of evaluating
// (package rules); the cli package wires them.
package action

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Inputs are the action's inputs, as documented in action.yml.
type Inputs struct {
	Path                   string
	Standards              []string
	Config                 string
	FailOn                 string
	Comment                string
	CheckRun               bool
	CheckName              string
	Token                  string
	AppID                  int64
	AppPrivateKey          string
	SARIFFile              string
	GovStackVersion        string
	BuildingBlock          string
	ReferenceSpec          string
	AllowPullRequestTarget bool
	// Registry is the project's DPGA registry record: a path in the
	// workspace or an http(s) URL ("" for none).
	Registry string
	// DPGADraft adds the drafted DPGA application (the dpga-markdown
	// format) to the job summary.
	DPGADraft bool
}

// ReadInputs reads and validates the inputs. get is githubactions' GetInput
// (INPUT_<NAME> with hyphens kept, trimmed).
func ReadInputs(get func(string) string) (Inputs, error) {
	in := Inputs{
		Path: or(get("path"), "."), Config: get("config"), FailOn: or(get("fail-on"), "required"),
		Comment: or(get("comment"), "always"), CheckName: or(get("check-name"), "dpgcheck"), Token: get("token"),
		AppPrivateKey: get("app-private-key"), SARIFFile: get("sarif-file"), GovStackVersion: get("govstack-version"),
		BuildingBlock: get("building-block"), ReferenceSpec: get("reference-spec"), Registry: get("registry"),
	}
	for _, s := range strings.Split(or(get("standards"), "dpg"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			in.Standards = append(in.Standards, s)
		}
	}
	var err error
	if in.CheckRun, err = boolInput("check-run", or(get("check-run"), "true")); err != nil {
		return in, err
	}
	if in.AllowPullRequestTarget, err = boolInput("allow-pull-request-target", or(get("allow-pull-request-target"), "false")); err != nil {
		return in, err
	}
	if in.DPGADraft, err = boolInput("dpga-draft", or(get("dpga-draft"), "false")); err != nil {
		return in, err
	}
	if in.DPGADraft && !slices.Contains(in.Standards, "dpg") {
		return in, fmt.Errorf("input dpga-draft drafts the DPGA application from the dpg standard's findings; add dpg to standards")
	}
	if in.Registry != "" && !strings.HasPrefix(in.Registry, "https://") && !strings.HasPrefix(in.Registry, "http://") && !InsideWorkspace(in.Registry) {
		return in, fmt.Errorf("input registry %q must be an http(s) URL or a relative path inside the workspace", in.Registry)
	}
	if s := get("app-id"); s != "" {
		if in.AppID, err = strconv.ParseInt(s, 10, 64); err != nil || in.AppID <= 0 {
			return in, fmt.Errorf("input app-id %q is not a GitHub App id (a positive number)", s)
		}
		if in.AppPrivateKey == "" {
			return in, fmt.Errorf("input app-id is set but app-private-key is empty; pass the App's private key from a secret")
		}
	}
	for name, p := range map[string]string{"path": in.Path, "config": in.Config, "sarif-file": in.SARIFFile} {
		if p != "" && !InsideWorkspace(p) {
			return in, fmt.Errorf("input %s %q must be a relative path inside the workspace", name, p)
		}
	}
	return in, nil
}

// InsideWorkspace reports whether p is a relative path that stays inside the
// workspace.
func InsideWorkspace(p string) bool {
	if strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return false
	}
	c := path.Clean(p)
	return c != ".." && !strings.HasPrefix(c, "../")
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func boolInput(name, s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "1":
		return true, nil
	case "false", "no", "0":
		return false, nil
	}
	return false, fmt.Errorf("input %s %q is not true or false", name, s)
}
