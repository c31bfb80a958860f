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
	if len(p.Sources) == 0 {
		return nil
	}
	return p
}
