package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// owner is a named owner and where it was found.
type owner struct {
	name string
	at   report.Evidence
	via  string
}

// clearOwnership decides DPG indicator 3: someone identifiable owns the
// project's assets, through the configuration, copyright notices, NOTICE
// files, publiccode.yml, a DPGA record, manifests, the README, source
// headers, ownership documents or the organisation that hosts the
// repository. The DPGA accepts evidence outside the repository (a trademark,
// the organisation's page), so finding none is for a person to review.
func clearOwnership(in *Input) Result {
	owners := findOwners(in)
	var details []string
	if len(in.Repo.CLA) > 0 {
		details = append(details, "contributions come in under a contributor agreement: "+strings.Join(in.Repo.CLA, ", "))
	}
	if len(owners) == 0 {
		return noOwner(in, details)
	}
	var names []string
	var ev []report.Evidence
	seen := map[string]bool{}
	for _, o := range owners {
		if seen[strings.ToLower(o.name)] {
			continue
		}
		seen[strings.ToLower(o.name)] = true
		names = append(names, o.name)
		ev = append(ev, o.at)
		details = append(details, fmt.Sprintf("%s (%s, %s)", o.name, o.via, o.at))
	}
	return Result{Outcome: report.Pass, Evidence: ev[:min(len(ev), 5)], Details: details[:min(len(details), 12)],
		Message: "owned by " + listUpTo(names, 3)}
}

func noOwner(in *Input, details []string) Result {
	res := Result{Outcome: report.NeedsReview, Details: details,
		Message: "no owner is named in the repository: no copyright notice, NOTICE, manifest author, publiccode.yml owner or configured owner",
		Remediation: "Name the legal owner: a copyright line in LICENSE or NOTICE (\"Copyright 2024 Example Foundation\"), " +
			"`legal.mainCopyrightOwner` in publiccode.yml, or `owner: {name: ..., url: ...}` in .github/dpgcheck.yml."}
	if repo := in.Repo.Git.Repository; repo != "" {
		login, _, _ := strings.Cut(repo, "/")
		res.Message += fmt.Sprintf("; the clone's origin is github.com/%s, which may be a fork: confirm who owns the project", login)
	}
	return res
}

func findOwners(in *Input) []owner {
	r := in.Repo
	var out []owner
	if o := in.Config.Owner; o != nil {
		out = append(out, owner{o.Name, in.configAt(o.Pos.Line), "configured owner"})
	}
	for _, l := range r.RootLicenses() {
		for _, c := range l.Copyrights {
			out = append(out, owner{c.Holder, report.At(l.Path, c.Line), "copyright notice"})
		}
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		f := pc.File
		switch {
		case f.MainCopyrightOwner != "":
			out = append(out, owner{f.MainCopyrightOwner, report.At(pc.Path, f.MainCopyrightOwnerLine), "publiccode.yml legal.mainCopyrightOwner"})
		case f.Organisation.Name != "":
			out = append(out, owner{f.Organisation.Name, report.At(pc.Path, f.Organisation.Line), "publiccode.yml organisation"})
		case f.RepoOwner != "":
			out = append(out, owner{f.RepoOwner, report.At(pc.Path, f.RepoOwnerLine), "publiccode.yml legal.repoOwner"})
		}
	}
	for _, a := range r.DPGApplications {
		for _, o := range a.App.Owners {
			out = append(out, owner{o.Name, report.At(a.Path, o.Line), "DPGA application owner"})
		}
	}
	out = append(out, manifestOwners(r)...)
	if o, ok := readmeOwner(r.Readme); ok {
		out = append(out, o)
	}
	if a := r.Community["authors"]; a != nil && len(out) == 0 {
		out = append(out, owner{"the authors listed in " + a.Path, report.At(a.Path, 0), "authors file"})
	}
	for i, c := range r.SourceCopyrights {
		if i >= 3 {
			break
		}
		out = append(out, owner{c.Value.Holder, report.At(c.Path, c.Value.Line), "source header"})
	}
	if o, ok := hostOwner(in.Hosting); ok {
		out = append(out, o)
	}
	if len(out) == 0 {
		out = append(out, ownershipDocuments(r)...)
	}
	return out
}

// manifestOwners are the authors of the root manifests or, when the root has
// none (an R package in pkg/, a Python project in server/), of the manifests
// one folder down.
func manifestOwners(r *evidence.Repo) []owner {
	for depth := 0; depth <= 1; depth++ {
		var out []owner
		for _, m := range r.Manifests {
			if strings.Count(m.Path, "/") != depth || len(m.Authors) == 0 || skeletonManifest(m) {
				continue
			}
			out = append(out, owner{m.Authors[0], report.At(m.Path, 0), path.Base(m.Path) + " author"})
		}
		if len(out) > 0 {
			return out[:min(len(out), 3)]
		}
	}
	return nil
}

// stewardship is a README sentence that names who maintains or owns the
// project. "Created by" and "built by" are left out: READMEs use them for
// tools ("created by Spring Boot Initializer").
var stewardship = regexp.MustCompile(`(?i)\b(?:maintained|developed|owned|stewarded|managed|led|supported) by\s+(?:the\s+)?(\[[^\]\n]{2,80}\]|[^\n.,;:()!?]{2,80})|\b(?:is|as) (?:a|an) (?:project|initiative|product|programme|program) (?:of|by)\s+(?:the\s+)?(\[[^\]\n]{2,80}\]|[^\n.,;:()!?]{2,80})`)

// readmeOwner finds "maintained by X" or "a project of X" in the README's prose.
func readmeOwner(d *evidence.Doc) (owner, bool) {
	if d == nil {
		return owner{}, false
	}
	m := stewardship.FindStringSubmatchIndex(d.Prose)
	if m == nil {
		return owner{}, false
	}
	var name string
	for g := 1; g <= 2; g++ {
		if m[2*g] >= 0 {
			name = d.Prose[m[2*g]:m[2*g+1]]
		}
	}
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), "[]*_"))
	if name == "" || strings.HasPrefix(strings.ToLower(name), "http") {
		return owner{}, false
	}
	return owner{name, report.At(d.Path, lineAt(d.Prose, m[0])), "README"}, true
}

// hostOwner is the organisation or person whose account holds the
// repository, when the host says so and the repository is not a fork.
func hostOwner(f *hosting.Facts) (owner, bool) {
	if !f.Known() || f.Fork || f.Owner.Login == "" {
		return owner{}, false
	}
	name := f.Owner.Login
	if f.Owner.Name != "" {
		name = f.Owner.Name
	}
	via := "GitHub organisation"
	if f.Owner.Type == hosting.User {
		via = "GitHub account"
	}
	return owner{name, report.Link(f.Owner.URL), via}, true
}

// ownershipDocuments are root files about ownership: a copyright assignment
// or transfer contract, a trademark policy.
func ownershipDocuments(r *evidence.Repo) []owner {
	var out []owner
	for _, f := range r.Files {
		if strings.Contains(f, "/") {
			continue
		}
		low := strings.ToLower(f)
		if (strings.Contains(low, "copyright") || strings.Contains(low, "trademark")) && !isLicenceFileName(low) {
			out = append(out, owner{"the ownership document " + f, report.At(f, 0), "ownership document"})
		}
	}
	return out
}

func isLicenceFileName(low string) bool {
	return low == "copyright" || strings.HasPrefix(low, "copyright.") || strings.HasPrefix(low, "licen")
}
