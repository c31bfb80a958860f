package application

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// maxDescription is the form's tweet-length description.
const maxDescription = 280

// questions answers every question of the 2025 application form
// (DPGAlliance/dpg-standard standard-questions.md), in the form's order.
func (c *context) questions() []Question {
	var qs []Question
	qs = append(qs, c.general()...)
	qs = append(qs, c.sdgs()...)
	qs = append(qs, c.licences())
	qs = append(qs, c.ownership()...)
	qs = append(qs, c.platform()...)
	qs = append(qs, c.documentation())
	qs = append(qs, c.nonPII())
	qs = append(qs, c.privacy())
	qs = append(qs, c.standards()...)
	qs = append(qs, c.doNoHarm()...)
	qs = append(qs, c.scale()...)
	return qs
}

func answered(id, ind, question, answer string, st Status, ev []string) Question {
	return Question{ID: id, Indicator: ind, Question: question, Answer: answer, Status: st, Evidence: ev}
}

func ask(id, ind, question, guidance string) Question {
	return Question{ID: id, Indicator: ind, Question: question, Status: NeedsYourInput, Guidance: guidance}
}

func (c *context) general() []Question {
	p := c.project
	var qs []Question
	if p.Name != "" {
		qs = append(qs, answered("general.name", "general", "Name of the solution (full name, no acronyms)", p.Name, Filled,
			c.sources("name")))
	} else {
		qs = append(qs, ask("general.name", "general", "Name of the solution (full name, no acronyms)",
			"Give the solution's full name; put it in publiccode.yml (name) so every tool reads the same."))
	}
	qs = append(qs, ask("general.aliases", "general", "Aliases, abbreviations or alternate names",
		"List any other names the solution is known by (optional)."))
	if len(p.Types) > 0 {
		st := Partial
		if _, declared := p.Sources["types"]; declared {
			st = Filled
		}
		qs = append(qs, Question{ID: "general.category", Indicator: "general", Question: "Category (open software, content, data, AI model)",
			Answer: strings.Join(p.Types, ", "), Status: st, Guidance: "Confirm the category; declare it under `type:` in .github/dpgcheck.yml."})
	}
	switch {
	case p.Description != "" && len(p.Description) <= maxDescription:
		qs = append(qs, answered("general.description", "general", "Tweet-length description", p.Description, Filled, c.sources("description")))
	case p.Description != "":
		q := answered("general.description", "general", "Tweet-length description", p.Description, Partial, c.sources("description"))
		q.Guidance = fmt.Sprintf("Shorten it to %d characters.", maxDescription)
		qs = append(qs, q)
	default:
		qs = append(qs, ask("general.description", "general", "Tweet-length description",
			"One sentence on what the solution does and for whom (publiccode.yml shortDescription)."))
	}
	if p.Website != "" {
		qs = append(qs, answered("general.website", "general", "Website", p.Website, Filled, c.sources("website")))
	} else {
		qs = append(qs, ask("general.website", "general", "Website", "The solution's public website."))
	}
	if u := c.repoURL(); u != "" {
		qs = append(qs, answered("general.source", "general", "Where is your solution's source hosted?", u, Filled, []string{u}))
	} else {
		qs = append(qs, ask("general.source", "general", "Where is your solution's source hosted?",
			"Link every public repository of the solution."))
	}
	return qs
}

// sources returns where a project field came from, as a link.
func (c *context) sources(field string) []string {
	s, ok := c.project.Sources[field]
	if !ok {
		return nil
	}
	if strings.Contains(s, "://") {
		return []string{s}
	}
	path, line := s, 0
	if i := strings.LastIndex(s, ":"); i > 0 {
		fmt.Sscanf(s[i+1:], "%d", &line)
		if line > 0 {
			path = s[:i]
		}
	}
	return []string{c.link(report.At(path, line))}
}

func (c *context) sdgs() []Question {
	const guidance = "Reviewers reject vague claims: name the SDG targets (e.g. 3.8) the solution advances, a sentence on how, " +
		"and a public link that shows it (an impact report, a deployment). Declare them under `sdgs:` in .github/dpgcheck.yml."
	if len(c.project.SDGs) == 0 {
		q := ask("1.sdgs", "1", "Which Sustainable Development Goals is the solution relevant to?", guidance)
		if f, ok := c.finding("dpg-1"); ok {
			for _, d := range f.Details {
				if strings.Contains(d, "hint") {
					q.Guidance += " " + d
				}
			}
		}
		return []Question{q, ask("1.relevance", "1", "How is the solution relevant to each SDG (at target level)?", guidance)}
	}
	var goals, relevance []string
	var ev []string
	complete := true
	for _, s := range c.project.SDGs {
		goals = append(goals, fmt.Sprintf("SDG %d", s.Goal))
		line := fmt.Sprintf("SDG %d", s.Goal)
		if len(s.Targets) > 0 {
			line += " (" + strings.Join(s.Targets, ", ") + ")"
		}
		if s.Relevance != "" {
			line += ": " + s.Relevance
		}
		relevance = append(relevance, line)
		ev = append(ev, c.link(s.At))
		ev = append(ev, s.Evidence...)
		if s.Relevance == "" || len(s.Evidence) == 0 || len(s.Targets) == 0 {
			complete = false
		}
	}
	st := Filled
	if !complete {
		st = Partial
	}
	rel := answered("1.relevance", "1", "How is the solution relevant to each SDG (at target level)?", strings.Join(relevance, "\n"), st, ev)
	if !complete {
		rel.Guidance = guidance
	}
	return []Question{answered("1.sdgs", "1", "Which Sustainable Development Goals is the solution relevant to?",
		strings.Join(goals, ", "), Filled, c.links(c.sdgAts(), 5)), rel}
}

func (c *context) sdgAts() []report.Evidence {
	var ev []report.Evidence
	for _, s := range c.project.SDGs {
		ev = append(ev, s.At)
	}
	return ev
}

func (c *context) licences() Question {
	const question = "Which approved open licence(s) does the solution use? (with a link to the licence file)"
	f, ok := c.finding("dpg-2")
	var ids []string
	var files []report.Evidence
	for _, d := range c.rootLicences() {
		ids, files = append(ids, d.spdx), append(files, d.at)
	}
	switch {
	case ok && f.Outcome == report.Pass && len(ids) > 0:
		return answered("2.licenses", "2", question, strings.Join(ids, ", "), Filled, c.links(files, 4))
	case len(ids) > 0:
		q := answered("2.licenses", "2", question, strings.Join(ids, ", "), Partial, c.links(files, 4))
		q.Guidance = "dpgcheck: " + f.Message + ". " + f.Remediation
		return q
	}
	return ask("2.licenses", "2", question,
		"Reviewers need a licence file in the repository (or a public URL) that shows an approved open licence: OSI-approved for software, Creative Commons without ND for content, an Open Definition licence for data.")
}

// declared is a licence the repository declares for itself, with its file.
type declared struct {
	spdx string
	at   report.Evidence
}

// rootLicences are the licences the repository declares for itself: at its
// root or in licenses/, one entry per licence.
func (c *context) rootLicences() []declared {
	var out []declared
	seen := map[string]bool{}
	for _, l := range c.r.Licenses {
		if l.SPDX == "NOASSERTION" || seen[l.SPDX] || strings.Contains(l.Path, "/") && !strings.HasPrefix(strings.ToLower(l.Path), "licenses/") {
			continue
		}
		seen[l.SPDX] = true
		out = append(out, declared{spdx: l.SPDX, at: report.At(l.Path, 0)})
	}
	return out
}
