package rules

import (
	"fmt"
	"path"
	"strings"

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
// files, publiccode.yml, a DPGA record, manifests or source headers.
func clearOwnership(in *Input) Result {
	owners := findOwners(in)
	var details []string
	if len(in.Repo.CLA) > 0 {
		details = append(details, "contributions come in under a contributor agreement: "+strings.Join(in.Repo.CLA, ", "))
	}
	if len(owners) == 0 {
		return Result{Outcome: report.Fail, Details: details,
			Message: "no owner is identifiable: no copyright notice, publiccode.yml owner or configured owner was found"}
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
	for _, m := range r.Manifests {
		if path.Dir(m.Path) != "." || len(m.Authors) == 0 {
			continue
		}
		out = append(out, owner{m.Authors[0], report.At(m.Path, 0), path.Base(m.Path) + " author"})
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
	return out
}
