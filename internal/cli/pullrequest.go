package cli

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/compare"
	"github.com/dpgcheck/dpgcheck/internal/depdiff"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// comparison is what compareWithBase needs beyond the two trees.
type comparison struct {
	head     *report.Report
	headEval *headEvaluation
	headFS   compare.ReadFunc
	base     *baseTree // nil when no base could be read
	reason   string    // why base is nil
	// reviewDeps, when set, asks GitHub's dependency review; it is called
	// only when the base or the head has a manifest or lockfile.
	reviewDeps func() []github.DependencyChange
}

// compareWithBase evaluates the base tree, diffs the dependencies and
// records the comparison in the head report; it returns the notices to show.
// The head report is finalized again under failOn.
func compareWithBase(ctx context.Context, env Env, c comparison, failOn report.FailOn) []string {
	var notices []string
	target := report.BaseTarget{}
	var baseReport *report.Report
	var baseRepo *evidence.Repo
	if c.base != nil {
		target.Commit, target.Source = c.base.commit, c.base.source
		start := time.Now()
		e := c.headEval.evaluation
		e.log = e.log.With("side", "base")
		r, repo, err := evaluateFS(ctx, env, c.base.fsys, e)
		switch {
		case err != nil:
			c.reason = "the base could not be evaluated: " + err.Error()
		case c.base.missing.Load():
			c.reason = "the local history lacks objects of the base (a partial clone)"
		default:
			baseReport, baseRepo = r, repo
			c.headEval.log.Info("evaluated the base", "commit", shortSHA(target.Commit), "source", target.Source,
				"files", repo.Stats.Files, "duration", time.Since(start).Round(time.Millisecond))
		}
	}
	if baseReport == nil {
		target.Source, target.Reason = "", c.reason
		notices = append(notices, "dpgcheck could not evaluate the pull request's base, so it cannot say what this pull request changed: "+
			c.reason+". Check out with `fetch-depth: 2` (or give the token `contents: read`) to compare with the base.")
	}
	var baseManifests []*manifest.File
	if baseRepo != nil {
		baseManifests = baseRepo.Manifests
	}
	var local []depdiff.Change
	if baseRepo != nil {
		var omitted int
		local, omitted = depdiff.DiffCount(baseManifests, c.headEval.repo.Manifests)
		if omitted > 0 {
			notices = append(notices, fmt.Sprintf("the pull request changes more than %d dependencies; %d are not listed or judged", depdiff.MaxChanges, omitted))
		}
	}
	var api []github.DependencyChange
	if c.reviewDeps != nil && (len(baseManifests) > 0 || len(c.headEval.repo.Manifests) > 0) {
		api = c.reviewDeps()
	}
	deps := judgeDependencies(projectLicence(c.head), local, api, c.headEval.repo.Manifests)
	in := compare.Input{Head: c.head, Base: baseReport, BaseTarget: target, Deps: deps, ReadHead: c.headFS}
	if c.base != nil && baseReport != nil {
		in.ReadBase = func(p string) ([]byte, bool) { return evidence.ReadText(c.base.fsys, p) }
	}
	compare.Apply(in)
	if failOn == report.FailOnRegression && baseReport == nil {
		notices = append(notices, "fail-on: regression needs the base; without it dpgcheck gated like fail-on: required.")
		failOn = report.FailOnRequired
	}
	c.head.Finalize(failOn)
	c.head.Notices = append(c.head.Notices, notices...)
	return notices
}

// projectLicence is the project's own licence: the root licence files'
// expressions, any of which the project offers.
func projectLicence(r *report.Report) *license.Expr {
	var es []*license.Expr
	for _, l := range r.Licenses {
		if strings.Contains(l.Path, "/") || l.Category == string(license.CategoryUnknown) {
			continue
		}
		e, err := license.ParseExpr(l.SPDX)
		if err == nil && !slices.ContainsFunc(es, func(x *license.Expr) bool { return license.SameLicences(x, e) }) {
			es = append(es, e)
		}
	}
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return license.Combine(license.Or, es...)
}

// judgeDependencies merges dpgcheck's own manifest diff with GitHub's
// dependency review and judges each dependency's licence against the
// project's. GitHub's licence fills in what a lockfile does not record.
func judgeDependencies(project *license.Expr, local []depdiff.Change, api []github.DependencyChange, head []*manifest.File) []report.DependencyChange {
	var out []report.DependencyChange
	index := map[string]int{}
	for _, ch := range local {
		d := report.DependencyChange{Ecosystem: string(ch.Ecosystem), Name: ch.Name, Version: ch.Version, Previous: ch.Previous,
			Change: string(ch.Kind), Path: ch.Path, Line: ch.Line, Scope: scope(ch.Dev), Direct: !ch.Indirect,
			License: ch.License, Source: "manifest"}
		index[depKey(d.Ecosystem, d.Path, d.Name)] = len(out)
		out = append(out, d)
	}
	removed := map[string]string{}
	for _, a := range api {
		if a.ChangeType == "removed" {
			removed[depKey(apiEcosystem(a.Ecosystem), a.Manifest, a.Name)] = a.Version
		}
	}
	for _, a := range api {
		eco := apiEcosystem(a.Ecosystem)
		if a.ChangeType != "added" || eco == "" {
			continue
		}
		k := depKey(eco, a.Manifest, a.Name)
		lic := ""
		if a.License != nil {
			lic = *a.License
		}
		if i, ok := index[k]; ok {
			if out[i].License == "" {
				out[i].License = lic
			}
			if a.Version != "" {
				out[i].Version = a.Version // resolved, where a manifest may hold a range
			}
			out[i].Source = "both"
			continue
		}
		d := report.DependencyChange{Ecosystem: eco, Name: a.Name, Version: a.Version, Change: "added", Path: a.Manifest,
			Scope: apiScope(a.Scope), Direct: true, License: lic, Source: "dependency-graph"}
		if prev, ok := removed[k]; ok {
			d.Change, d.Previous = "upgraded", prev
		}
		d.Line = manifestLine(head, a.Manifest, a.Name)
		index[k] = len(out)
		out = append(out, d)
	}
	for i := range out {
		v := license.JudgeDependency(project, out[i].License, out[i].Scope == "development")
		out[i].Status, out[i].Reason = string(v.Status), v.Reason
		if v.License != "" {
			out[i].License = v.License
		}
	}
	slices.SortStableFunc(out, func(a, b report.DependencyChange) int {
		return strings.Compare(a.Path+"\x00"+a.Name, b.Path+"\x00"+b.Name)
	})
	return out
}

// depKey identifies a dependency by ecosystem, the folder of the manifest or
// lockfile that declares it (a monorepo's packages are apart) and name.
func depKey(eco, file, name string) string {
	return eco + "\x00" + path.Dir(file) + "\x00" + strings.ToLower(name)
}

func scope(dev bool) string {
	if dev {
		return "development"
	}
	return "runtime"
}

func apiScope(s string) string {
	switch s {
	case "runtime", "development":
		return s
	}
	return "unknown"
}

// apiEcosystem maps the dependency graph's ecosystem names to dpgcheck's;
// "" for ecosystems that are not the project's dependencies (GitHub
// Actions used by workflows are not distributed).
func apiEcosystem(s string) string {
	switch strings.ToLower(s) {
	case "npm":
		return string(manifest.NPM)
	case "pip", "pypi":
		return string(manifest.PyPI)
	case "maven":
		return string(manifest.Maven)
	case "gomod", "go", "golang":
		return string(manifest.Go)
	case "cargo", "rust":
		return string(manifest.Cargo)
	case "composer":
		return string(manifest.Composer)
	case "rubygems", "gem":
		return string(manifest.RubyGems)
	case "nuget":
		return string(manifest.NuGet)
	}
	return ""
}

// manifestLine finds the line of the head manifest that declares name.
func manifestLine(head []*manifest.File, p, name string) int {
	for _, m := range head {
		if m.Path != p {
			continue
		}
		for _, d := range m.Deps {
			if strings.EqualFold(d.Name, name) {
				return d.Line
			}
		}
	}
	return 0
}

// baseFor finds the base of a pull request: in the local history first,
// then through the API; reason says why neither worked.
func (a *actionRun) baseFor(ctx context.Context, workspace string) (*baseTree, string) {
	e := a.event
	b, err := localBase(workspace, a.in.Path, e.HeadSHA, e.BaseSHA)
	if err == nil {
		return b, ""
	}
	a.log.Info("the base is not in the local history; trying the API", "reason", err)
	reason := fmt.Sprintf("the checkout does not have the base commit (%v)", err)
	if a.client == nil {
		return nil, reason + " and there is no token to download it"
	}
	b, err = apiBase(ctx, a.client, a.repo, a.in.Path, e.BaseSHA)
	if err != nil {
		return nil, reason + "; " + err.Error()
	}
	return b, ""
}
