package criteria

import (
	"fmt"
	"strings"
)

// Markdown renders the catalogue as the reference page docs/criteria.md.
func (c *Catalog) Markdown() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from internal/criteria/*.yaml by `go test ./internal/criteria -update`; do not edit. -->\n")
	b.WriteString("# Criteria\n\nEvery criterion dpgcheck evaluates, with what the standard asks and what to do when it is not met.\n")
	b.WriteString("Outcomes: `pass`, `fail`, `needs-review` (a person must confirm or attest), `not-applicable`, `unknown` (the tool could not decide).\n\n")
	b.WriteString("**The outcome policy.** A `fail` turns a merge gate red, so a criterion fails only when the repository shows it is not met " +
		"in a way the standard's reviewers reject, or when the project's own configuration says so. When evidence is merely absent, " +
		"or lives outside the repository (the DPG Standard says evidence for indicators 7-9 comes from someone authorised to speak for " +
		"the project), the outcome is `needs-review` and the finding says exactly what to provide. Only the product is judged: tests, " +
		"fixtures, examples, sample output, development tooling and vendored code are set aside (and listed in the report).\n")
	for _, s := range c.standards {
		fmt.Fprintf(&b, "\n## %s %s\n\nSource: <%s>\n\n", s.Name, s.Version, s.URL)
		b.WriteString("| id | criterion | level | decided by |\n|---|---|---|---|\n")
		for _, cr := range c.Of(s.ID) {
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", cr.ID, anchor(cr.ID), cr.Title, cr.Level, automationText(cr.Automation))
		}
		for _, cr := range c.Of(s.ID) {
			fmt.Fprintf(&b, "\n### %s\n\n**%s %s · %s.** %s\n\n", cr.ID, s.Name, cr.Label, cr.Title, cr.Requirement)
			if cl := classifiers(cr); cl != "" {
				fmt.Fprintf(&b, "*%s*\n\n", cl)
			}
			if cr.Evidence != "" {
				fmt.Fprintf(&b, "**Evidence a reviewer expects:** %s\n\n", cr.Evidence)
			}
			if p := cr.Policy; p.Fails != "" {
				fmt.Fprintf(&b, "- **Fails when** %s\n- **Needs review when** %s\n- **Passes when** %s\n- **Unknown when** a file it needs is there but could not be read (over its size cap, malformed); the finding names the file.\n\n",
					p.Fails, p.Review, p.Passes)
			}
			fmt.Fprintf(&b, "**When it is not met:** %s\n\nStandard: <%s>\n", cr.Remediation, cr.Docs)
		}
	}
	return b.String()
}

// classifiers is the line of GovStack classifiers under a criterion.
func classifiers(cr Criterion) string {
	var parts []string
	for _, p := range []string{cr.Family, cr.Observability, cr.Mutability} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(cr.Previously) > 0 {
		parts = append(parts, "replaces 23Q4 "+strings.Join(cr.Previously, ", "))
	}
	if cr.Maps != "" {
		parts = append(parts, fmt.Sprintf("replaced by [`%s`](#%s), which dpgcheck decides the same way", cr.Maps, anchor(cr.Maps)))
	}
	return strings.Join(parts, " · ")
}

func anchor(id string) string {
	return anchorPunctuation.Replace(strings.ToLower(id))
}

func automationText(a Automation) string {
	switch a {
	case Full:
		return "the repository"
	case Partial:
		return "the repository, with review"
	}
	return "a person (attestation)"
}

// anchorPunctuation is left out of a criterion id in a Markdown anchor.
var anchorPunctuation = strings.NewReplacer("#", "", ".", "")
