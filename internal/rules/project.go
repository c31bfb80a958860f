package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Project says what the project is called and where it lives, from its
// publiccode.yml first and what its code host shows second; nil when neither
// says anything. It is not a criterion: forms (GovStack's compliance form, a
// DPGA application) ask for it.
func Project(in *Input) *report.Project {
	p := &report.Project{Sources: map[string]string{}}
	set := func(field string, dst *string, value, source string) {
		if *dst == "" && value != "" {
			*dst = value
			p.Sources[field] = source
		}
	}
	if pc := in.Repo.PublicCode; pc != nil && pc.File != nil {
		f := pc.File
		set("name", &p.Name, f.Name, pc.Path)
		set("website", &p.Website, f.LandingURL, pc.Path)
		set("website", &p.Website, f.URL, pc.Path)
		if len(f.Documentation) > 0 {
			set("documentation", &p.Documentation, f.Documentation[0].URL, fmt.Sprintf("%s:%d", pc.Path, f.Documentation[0].Line))
		}
		set("description", &p.Description, f.ShortDescription, pc.Path)
	}
	if h := in.Hosting; h.Known() {
		_, name, _ := strings.Cut(h.Repository, "/")
		set("name", &p.Name, name, h.URL)
		set("website", &p.Website, h.Homepage, h.URL)
		set("description", &p.Description, h.Description, h.URL)
	}
	for _, t := range in.Config.ProjectTypes() {
		p.Types = append(p.Types, string(t))
	}
	for _, g := range in.Config.SDGs {
		p.SDGs = append(p.SDGs, report.SDGClaim{Goal: g.Goal, Targets: g.Targets, Relevance: g.Relevance, Evidence: g.Evidence,
			At: in.configAt(g.Pos.Line)})
	}
	owners, _ := findOwners(in)
	seen := map[string]bool{}
	for _, o := range owners {
		if seen[strings.ToLower(o.name)] {
			continue
		}
		seen[strings.ToLower(o.name)] = true
		party := report.Party{Name: o.name, Via: o.via, At: o.at}
		if c := in.Config.Owner; c != nil && strings.EqualFold(c.Name, o.name) {
			party.URL, party.Country = c.URL, c.Country
		}
		if o.at.URL != "" {
			party.URL = o.at.URL
		}
		p.Owners = append(p.Owners, party)
	}
	if pc := in.Repo.PublicCode; pc != nil && pc.File != nil {
		f := pc.File
		p.Languages, p.Countries, p.UsedBy, p.Maintenance = f.Languages, f.Countries, f.UsedBy, f.MaintenanceType
		p.BasedOn = append(p.BasedOn, f.IsBasedOn...)
	}
	if h := in.Hosting; h.Known() {
		p.Repository = h.URL
		if h.Fork && h.Parent != nil {
			p.BasedOn = append(p.BasedOn, h.Parent.URL)
		}
	}
	if p.Name == "" && len(p.Sources) == 0 && len(p.SDGs) == 0 && len(p.Owners) == 0 {
		return nil
	}
	return p
}
