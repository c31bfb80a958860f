package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/application"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// DPGA writes the drafted DPGA application as JSON: the form's questions
// with their answers, status and evidence, and the registry's nominee and
// screening records.
func DPGA(w io.Writer, r *report.Report, _ Options) error {
	return writeJSON(w, application.Build(r), false)
}

// statusIcons mark a question's status for people.
var statusIcons = map[application.Status]string{application.Filled: "✅", application.Partial: "🟡", application.NeedsYourInput: "✍️"}

// DPGAMarkdown writes the drafted application for people: what the
// evidence answers, what to complete, and what only the applicant can say.
func DPGAMarkdown(w io.Writer, r *report.Report, _ Options) error {
	d := application.Build(r)
	var b strings.Builder
	name := r.Target.Repository
	if r.Project != nil && r.Project.Name != "" {
		name = r.Project.Name
	}
	fmt.Fprintf(&b, "## DPGA application draft — %s\n\n", escape(orDash(name)))
	fmt.Fprintf(&b, "%d answered from the repository · %d to complete · %d only you can answer. Check every answer before you submit; "+
		"evidence links point at commit `%s`.\n\n", d.Summary.Filled, d.Summary.Partial, d.Summary.NeedsYourInput, shortCommit(d.Commit))
	indicator := ""
	for _, q := range d.Questions {
		if q.Indicator != indicator {
			indicator = q.Indicator
			fmt.Fprintf(&b, "### %s\n\n", escape(indicatorTitle(indicator)))
		}
		fmt.Fprintf(&b, "%s **%s**\n\n", statusIcons[q.Status], escape(q.Question))
		if q.Answer != "" {
			for _, line := range strings.Split(q.Answer, "\n") {
				fmt.Fprintf(&b, "> %s\n", escape(line))
			}
			b.WriteString("\n")
		}
		for _, e := range q.Evidence {
			fmt.Fprintf(&b, "- %s\n", evidenceURL(e))
		}
		if len(q.Evidence) > 0 {
			b.WriteString("\n")
		}
		if q.Guidance != "" {
			fmt.Fprintf(&b, "<sub>%s</sub>\n\n", escape(q.Guidance))
		}
	}
	if d.Nominee == nil {
		fmt.Fprintf(&b, "The registry record (nominee) needs: %s.\n", escape(strings.Join(d.NomineeMissing, ", ")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indicatorTitle(ind string) string {
	switch ind {
	case "general":
		return "General"
	case "scale":
		return "Scale of the solution"
	}
	return "Indicator " + ind
}

// evidenceURL shows an evidence link: a web link as an autolink, anything
// else as code.
func evidenceURL(e string) string {
	if strings.HasPrefix(e, "https://") && !strings.ContainsAny(e, " <>()[]") {
		return "<" + e + ">"
	}
	return codeSpan(e)
}

func shortCommit(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return orDash(s)
}
