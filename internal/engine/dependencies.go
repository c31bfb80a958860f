package engine

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/depdiff"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// ReviewedDependency is one change the code host's dependency review
// reports (GitHub's dependency-graph compare), in the host's own terms.
type ReviewedDependency struct {
	Change    string // "added" or "removed"
	Ecosystem string // the host's name: "npm", "pip", "maven", "gomod" ...
	Manifest  string // the manifest or lockfile path
	Name      string
	Version   string
	Scope     string  // "runtime", "development" or "unknown"
	License   *string // the licence the host knows, if any
}

// dependencyChanges diffs the manifests of base and head, merges what the
// host's dependency review reports, and judges each licence against the
// project's.
func dependencyChanges(ctx context.Context, head *report.Report, headRepo, baseRepo *evidence.Repo,
	review func(context.Context) ([]ReviewedDependency, error)) ([]report.DependencyChange, []string) {
	var notices []string
	var baseManifests []*manifest.File
	var local []depdiff.Change
	if baseRepo != nil {
		baseManifests = baseRepo.Manifests
		var omitted int
		local, omitted = depdiff.DiffCount(baseManifests, headRepo.Manifests)
		if omitted > 0 {
			notices = append(notices, fmt.Sprintf("the pull request changes more than %d dependencies; %d are not listed or judged", depdiff.MaxChanges, omitted))
		}
	}
	var reviewed []ReviewedDependency
	if review != nil && (len(baseManifests) > 0 || len(headRepo.Manifests) > 0) {
		var err error
		if reviewed, err = review(ctx); err != nil {
			notices = append(notices, err.Error())
		}
	}
	return judgeDependencies(projectLicence(head), local, reviewed, headRepo.Manifests), notices
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

// judgeDependencies merges dpgcheck's own manifest diff with the host's
// dependency review and judges each dependency's licence against the
// project's. The host's licence fills in what a lockfile does not record.
func judgeDependencies(project *license.Expr, local []depdiff.Change, reviewed []ReviewedDependency, head []*manifest.File) []report.DependencyChange {
	var out []report.DependencyChange
	index := map[string]int{}
	for _, ch := range local {
		d := report.DependencyChange{Ecosystem: string(ch.Ecosystem), Name: ch.Name, Version: ch.Version, Previous: ch.Previous,
			Change: report.DependencyChangeKind(ch.Kind), Path: ch.Path, Line: ch.Line, Scope: scopeOf(ch.Dev), Direct: !ch.Indirect,
			License: ch.License, Source: report.FromManifest}
		index[depKey(d.Ecosystem, d.Path, d.Name)] = len(out)
		out = append(out, d)
	}
	removed := map[string]string{}
	for _, a := range reviewed {
		if a.Change == "removed" {
			removed[depKey(hostEcosystem(a.Ecosystem), a.Manifest, a.Name)] = a.Version
		}
	}
	for _, a := range reviewed {
		eco := hostEcosystem(a.Ecosystem)
		if a.Change != "added" || eco == "" {
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
			out[i].Source = report.FromBoth
			continue
		}
		d := report.DependencyChange{Ecosystem: eco, Name: a.Name, Version: a.Version, Change: report.DependencyAdded, Path: a.Manifest,
			Scope: hostScope(a.Scope), Direct: true, License: lic, Source: report.FromDependencyGraph}
		if prev, ok := removed[k]; ok {
			d.Change, d.Previous = report.DependencyUpgraded, prev
		}
		d.Line = manifestLine(head, a.Manifest, a.Name)
		index[k] = len(out)
		out = append(out, d)
	}
	for i := range out {
		v := license.JudgeDependency(project, out[i].License, out[i].Scope == report.ScopeDevelopment)
		out[i].Status, out[i].Reason = report.DependencyStatus(v.Status), v.Reason
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

func scopeOf(dev bool) report.DependencyScope {
	if dev {
		return report.ScopeDevelopment
	}
	return report.ScopeRuntime
}

func hostScope(s string) report.DependencyScope {
	switch report.DependencyScope(s) {
	case report.ScopeRuntime, report.ScopeDevelopment:
		return report.DependencyScope(s)
	}
	return report.ScopeUnknown
}

// hostEcosystem maps the dependency graph's ecosystem names to dpgcheck's;
// "" for ecosystems that are not the project's dependencies (GitHub Actions
// used by workflows are not distributed).
func hostEcosystem(s string) string {
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
