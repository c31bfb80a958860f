package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// The DPGA's eligibility screens (dpg-resources docs/eligibility, 2026),
// which reviewers apply before the indicators: developer libraries, SDKs,
// plugins, frameworks and internal tooling are "typically screened out
// early" (impact and breadth), and a fork or distribution must show
// functional innovation, distinct SDG impact or operational independence
// (derived works). dpgcheck cannot decide either; it says what it sees
// under dpg-1 and the question the reviewer will ask.

// screens adds what the eligibility screens see to a dpg-1 result.
func screens(in *Input, res Result) Result {
	var notes []string
	var ev []report.Evidence
	if why, at, ok := libraryLike(in.Repo); ok {
		notes = append(notes, "eligibility (impact and breadth): "+why+". The DPGA typically screens out developer libraries, SDKs, "+
			"plugins and frameworks early; the reviewer will ask who benefits directly and which SDG targets the solution itself advances")
		ev = append(ev, at...)
	}
	if from, at, ok := derivedFrom(in); ok {
		notes = append(notes, "eligibility (derived works): the project is based on "+from+". A fork or distribution must show functional "+
			"innovation, distinct SDG impact or operational independence; say what this project adds and who maintains it")
		ev = append(ev, at...)
	}
	if len(notes) == 0 {
		return res
	}
	res.Details = append(res.Details, notes...)
	res.Evidence = append(res.Evidence, ev...)
	if res.Outcome == report.Pass {
		// Relevance is attested, but a reviewer still applies the screens.
		res.Concerns = append(res.Concerns, "eligibility screen")
	}
	return res
}

// libraryLike reports a repository that publishes a library and deploys
// nothing: publiccode.yml says softwareType library or addon, or it is an R
// package with no application, or its README installs it as a package and
// it has no container, chart or compose file.
func libraryLike(r *evidence.Repo) (string, []report.Evidence, bool) {
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		switch t := pc.File.SoftwareType; t {
		case "library", "addon", "configurationFiles":
			return fmt.Sprintf("publiccode.yml says softwareType %s", t), []report.Evidence{report.At(pc.Path, 0)}, true
		}
	}
	if len(r.Dockerfiles)+len(r.Compose)+len(r.HelmCharts)+len(r.K8s) > 0 || hasApplication(r) {
		return "", nil, false
	}
	for _, m := range r.Manifests {
		if path.Base(m.Path) == "DESCRIPTION" && strings.Count(m.Path, "/") <= 1 {
			return "it is an R package (" + m.Path + ") with no application or deployment", []report.Evidence{report.At(m.Path, 0)}, true
		}
	}
	if d := r.Readme; d != nil {
		for _, c := range d.Code {
			if m := packageInstall.FindStringSubmatch(c.Text); m != nil {
				return fmt.Sprintf("the README installs it as a package (%q) and the repository has no container, chart or compose file", strings.TrimSpace(m[0])),
					[]report.Evidence{report.At(d.Path, c.Line)}, true
			}
		}
	}
	return "", nil, false
}

// packageInstall is a README command that adds a package to someone else's
// project: what a library's README shows.
var packageInstall = lazyregexp.New(`(?m)^\s*\$?\s*(npm (i|install) (--save )?[@a-z0-9][\w./@-]*|yarn add [@a-z0-9][\w./@-]*|pip3? install [A-Za-z][\w.-]*|go get [a-z0-9.]+/[\w./-]+|install\.packages\(|remotes::install_github\(|devtools::install_github\(|cargo add [\w-]+|composer require [\w/-]+|gem install [\w-]+|dotnet add package [\w.-]+)`)

// hasApplication reports files that make an application: a Shiny or Django
// app, a web front end, a mobile app, an executable entry point.
func hasApplication(r *evidence.Repo) bool {
	for _, f := range r.Files {
		if top, _, _ := strings.Cut(f, "/"); top == "docs" || top == "doc" || top == "site" || top == "website" {
			continue // a documentation site's pages are not the application
		}
		switch strings.ToLower(path.Base(f)) {
		case "app.r", "server.r", "ui.r", "manage.py", "androidmanifest.xml", "index.html", "main.go", "program.cs",
			"application.java", "app.py", "wsgi.py", "asgi.py", "next.config.js", "angular.json", "vite.config.ts", "vite.config.js", "procfile":
			return true
		}
	}
	return false
}

// forkOf is a README sentence that says the project is a fork.
// The sentence must be about the project itself ("This app is a fork of",
// "X is a white-label version of"), not about one of its parts ("the worker
// is forked from the library ...").
var forkOf = lazyregexp.New(`(?i)(?:^|[.!]\s+|\n)(?:this (?:project|app|application|repository|repo|software|platform|tool|codebase)|it)\s+(?:is\s+)?(?:a\s+|an\s+)?(?:fork(?:ed)?\s+(?:of|from)|derived from|distribution of|white-?label(?:led)?\s+version of)\s+(?:the\s+)?(\[[^\]\n]{2,80}\]|[^\n.,;()]{2,80})`)

// derivedFrom says what the project is derived from: publiccode.yml
// isBasedOn, the repository GitHub says it is a fork of, or a README that
// says it is a fork.
func derivedFrom(in *Input) (string, []report.Evidence, bool) {
	r := in.Repo
	if pc := r.PublicCode; pc != nil && pc.File != nil && len(pc.File.IsBasedOn) > 0 {
		return strings.Join(pc.File.IsBasedOn, ", ") + " (publiccode.yml isBasedOn)", []report.Evidence{report.At(pc.Path, 0)}, true
	}
	if h := in.Hosting; h.Known() && h.Fork && h.Parent != nil {
		return h.Parent.Repository + " (GitHub says it is a fork)", []report.Evidence{report.Link(h.Parent.URL)}, true
	}
	if d := r.Readme; d != nil {
		if m := forkOf.FindStringSubmatchIndex(d.Prose); m != nil {
			name := strings.Trim(strings.TrimSpace(d.Prose[m[2]:m[3]]), "[]")
			return name + " (the README says so)", []report.Evidence{report.At(d.Path, lineAt(d.Prose, m[0]))}, true
		}
	}
	return "", nil, false
}
