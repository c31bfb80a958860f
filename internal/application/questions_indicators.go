package application

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

func (c *context) ownership() []Question {
	var qs []Question
	f, ok := c.finding("dpg-3")
	owners := c.project.Owners
	switch {
	case ok && f.Outcome == report.Pass && len(owners) > 0:
		qs = append(qs, answered("3.owner", "3", "Who owns the solution?", owners[0].Name, Filled, c.links(f.Evidence, 3)))
	case len(owners) > 0:
		q := answered("3.owner", "3", "Who owns the solution?", owners[0].Name, Partial, c.links(f.Evidence, 3))
		q.Guidance = "Confirm the legal owner; the evidence found is weak: " + f.Message
		qs = append(qs, q)
	default:
		qs = append(qs, ask("3.owner", "3", "Who owns the solution?",
			"Reviewers accept a copyright notice, a trademark, terms of service or the organisation's page that names the owner."))
	}
	qs = append(qs, ask("3.owner-type", "3", "Owner type (government, multilateral, NGO, company, individual ...)",
		"Say what kind of organisation the owner is."))
	if len(owners) > 0 && owners[0].Country != "" {
		qs = append(qs, answered("3.owner-country", "3", "Owner's country", owners[0].Country, Filled, c.links([]report.Evidence{owners[0].At}, 1)))
	} else {
		qs = append(qs, ask("3.owner-country", "3", "Owner's country", "Give the owner's country (`owner: {country: ...}` in .github/dpgcheck.yml)."))
	}
	q := ask("3.own-all", "3", "Do you own all of the code, content and data? If not, do you have the right to redistribute it?",
		"For code, a Contributor License Agreement or DCO shows the right to redistribute contributions; for AI, say who owns the training data.")
	for _, d := range f.Details {
		if strings.HasPrefix(d, "contributions come in under a contributor agreement") {
			q.Answer, q.Status = d, Partial
		}
	}
	return append(qs, q)
}

func (c *context) platform() []Question {
	f, ok := c.finding("dpg-4")
	var deps []string
	var closed []string
	for _, d := range f.Details {
		switch {
		case strings.Contains(d, "open alternative:"):
			closed = append(closed, d)
		case strings.Contains(d, "): ") || strings.HasPrefix(d, "container images:"):
			deps = append(deps, d)
		}
	}
	var qs []Question
	if len(deps) > 0 {
		qs = append(qs, answered("4.core-technologies", "4", "Which are the core technologies the solution depends on (languages, frameworks, databases)?",
			strings.Join(deps, "\n"), Partial, c.links(f.Evidence, 5)))
		qs[0].Guidance = "The mandatory dependencies found are listed; name the core ones (language, framework, database) in a sentence."
	} else {
		qs = append(qs, ask("4.core-technologies", "4", "Which are the core technologies the solution depends on (languages, frameworks, databases)?",
			"Name the languages, frameworks and databases the solution needs."))
	}
	switch {
	case ok && f.Outcome == report.Pass:
		qs = append(qs, answered("4.closed", "4", "Does the solution have mandatory closed or restrictively licensed dependencies? If so, how can they be replaced?",
			f.Message, Filled, c.links(f.Evidence, 5)))
	case len(closed) > 0:
		q := answered("4.closed", "4", "Does the solution have mandatory closed or restrictively licensed dependencies? If so, how can they be replaced?",
			strings.Join(closed, "\n"), Partial, c.links(f.Evidence, 5))
		q.Guidance = "Reviewers need a functional open alternative for each that works without significant changes to the core product " +
			"(\"the indicator where most apps fail\"); document it and how to switch."
		qs = append(qs, q)
	default:
		qs = append(qs, ask("4.closed", "4", "Does the solution have mandatory closed or restrictively licensed dependencies? If so, how can they be replaced?",
			"dpgcheck found no known closed component; confirm none of the mandatory dependencies is closed (SaaS APIs and SDKs included)."))
	}
	return qs
}

func (c *context) documentation() Question {
	const question = "Links to the documentation (developer documentation, technical architecture, user guides)"
	f, ok := c.finding("dpg-5")
	ev := c.links(f.Evidence, 6)
	switch {
	case ok && f.Outcome == report.Pass:
		return answered("5.documentation", "5", question, f.Message, Filled, ev)
	case len(ev) > 0:
		q := answered("5.documentation", "5", question, f.Message, Partial, ev)
		q.Guidance = f.Remediation
		return q
	}
	return ask("5.documentation", "5", question,
		"Reviewers need documentation that lets a technical person unfamiliar with the project install and run it; Google Drive links are not accepted.")
}

func (c *context) nonPII() Question {
	const question = "Does the solution collect, use or generate non-PII data, and how can it be exported or imported in an open format?"
	f, ok := c.finding("dpg-6")
	switch {
	case ok && f.Outcome == report.NotApplicable:
		return answered("6.non-pii", "6", question, "No: "+f.Message, Filled, c.links(f.Evidence, 2))
	case ok && f.Outcome == report.Pass:
		return answered("6.non-pii", "6", question, "Yes: "+strings.Join(f.Details, "; "), Filled, c.links(f.Evidence, 6))
	}
	return ask("6.non-pii", "6", question,
		"Describe the export or import mechanism (CSV, JSON, XML, an API described in OpenAPI) and link its documentation; crowd reviews reject this question most often.")
}

// attested answers a question from an attestation, or asks it.
func (c *context) attested(id, ind, question, criterion, guidance string) Question {
	f, ok := c.finding(criterion)
	if ok && f.Outcome == report.Pass && strings.HasPrefix(f.Message, "attested by") {
		return answered(id, ind, question, f.Message, Filled, c.links(f.Evidence, 5))
	}
	q := ask(id, ind, question, guidance)
	if ok && len(f.Evidence) > 0 {
		q.Answer, q.Status, q.Evidence = "found: "+f.Message, Partial, c.links(f.Evidence, 5)
	}
	return q
}

func (c *context) privacy() Question {
	return c.attested("7.privacy", "7", "Which privacy and other applicable laws does the solution comply with, and where is the evidence (privacy policy, terms)?",
		"dpg-7", "Only someone authorised to speak for the project can answer: list the laws (GDPR, national data-protection acts, accessibility laws) "+
			"and link the privacy policy or terms. Attest it under `attestations: {dpg-7: ...}`.")
}

func (c *context) standards() []Question {
	f, _ := c.finding("dpg-8")
	var stds, practices string
	for _, d := range f.Details {
		if s, ok := strings.CutPrefix(d, "open standards: "); ok {
			stds = s
		}
		if s, ok := strings.CutPrefix(d, "practices: "); ok {
			practices = s
		}
	}
	ev := c.links(f.Evidence, 8)
	var qs []Question
	if stds != "" {
		qs = append(qs, answered("8.standards", "8", "Which open standards does the solution support, with evidence?", stds, Filled, ev))
	} else {
		qs = append(qs, ask("8.standards", "8", "Which open standards does the solution support, with evidence?",
			"Name the standards (FHIR, OpenAPI, OGC, WCAG ...) with a link that shows the support (a validator result, a test suite, documentation)."))
	}
	if practices != "" {
		qs = append(qs, answered("8.practices", "8", "Which best practices does the solution follow, with evidence?", practices, Filled, ev))
	} else {
		qs = append(qs, ask("8.practices", "8", "Which best practices does the solution follow, with evidence?",
			"Name the practices (tests in CI, security policy, code review, dependency updates) with links."))
	}
	return qs
}

func (c *context) doNoHarm() []Question {
	const authorised = "Only someone authorised to speak for the project can answer. "
	var qs []Question
	qs = append(qs, c.harm("9a.pii", "9A", "Does the solution collect, store or distribute personally identifiable information? How are privacy, security and integrity ensured?",
		"dpg-9a", authorised+"Give the PII level (not collected, collected, stored, distributed), the types of PII and the steps that protect them, with a link to the policy."))
	qs = append(qs, c.harm("9b.content", "9B", "Does the solution collect, store or distribute content? What are the policies and processes for inappropriate, misleading and illegal content?",
		"dpg-9b", authorised+"Give the content level, the types of content, and the detection, moderation, reporting and removal process with its average response time."))
	qs = append(qs, c.harm("9c.harassment", "9C", "Does the solution facilitate interaction with or between users or contributors? How are they, and underage users, protected from harassment?",
		"dpg-9c", authorised+"Link the code of conduct with its reporting channel and describe how users (and minors) are protected."))
	return qs
}

func (c *context) harm(id, ind, question, criterion, guidance string) Question {
	f, ok := c.finding(criterion)
	switch {
	case ok && f.Outcome == report.NotApplicable:
		return answered(id, ind, question, "No: "+f.Message, Filled, c.links(f.Evidence, 2))
	case ok && f.Outcome == report.Pass:
		return answered(id, ind, question, f.Message, Filled, c.links(f.Evidence, 4))
	case ok && len(f.Evidence) > 0:
		q := answered(id, ind, question, "found: "+f.Message, Partial, c.links(f.Evidence, 4))
		q.Guidance = guidance
		return q
	}
	return ask(id, ind, question, guidance)
}

func (c *context) scale() []Question {
	p := c.project
	var qs []Question
	if len(p.UsedBy) > 0 {
		qs = append(qs, answered("scale.adopters", "scale", "Who uses the solution (adopters, deployments)?", strings.Join(p.UsedBy, ", "), Filled, c.sources("publiccode")))
	} else {
		qs = append(qs, ask("scale.adopters", "scale", "Who uses the solution (adopters, deployments)?", "List organisations that deploy it (publiccode.yml usedBy)."))
	}
	q := ask("scale.countries", "scale", "In which countries is the solution developed and deployed?",
		"List the development and deployment countries.")
	if len(p.Countries) > 0 {
		q.Answer, q.Status = "intended for: "+strings.Join(p.Countries, ", "), Partial
		q.Guidance = "publiccode.yml names the countries the solution is meant for; list where it is actually deployed."
	}
	qs = append(qs, q)
	if len(p.Languages) > 0 {
		qs = append(qs, answered("scale.languages", "scale", "Is the solution multilingual? In which languages is it available?",
			fmt.Sprintf("%s", strings.Join(p.Languages, ", ")), Filled, nil))
	} else {
		qs = append(qs, ask("scale.languages", "scale", "Is the solution multilingual? In which languages is it available?",
			"List the languages (publiccode.yml localisation.availableLanguages)."))
	}
	return qs
}
