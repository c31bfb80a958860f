package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

func isGovStackEdition(id string) bool { return id == "govstack-cfr" || id == "govstack-23q4" }

// writeGovStack writes GovStack's compliance levels, then the requirements
// with their levels: first what fails, needs review or is waived, REQUIRED
// first, then, folded outside the full view, what passes or does not apply.
// A reviewer of a candidate's 78 requirements reads what is open first.
func writeGovStack(b *strings.Builder, r *report.Report, fs []report.Finding, o Options, v view) {
	if form, err := complianceFormOf(r, o); err == nil {
		estimate := func(d bbDetail, api string) {
			fmt.Fprintf(b, "**GovStack compliance estimate:** requirement specification %s · API %s · deployment %s\n\n",
				levelText(d.RequirementSpecificationCompliance.Level), api, levelText(d.DeploymentCompliance.Level))
			fmt.Fprintf(b, "<sub>%s</sub>\n\n", escape(d.RequirementSpecificationCompliance.Notes))
		}
		if form.Unassigned != nil {
			estimate(*form.Unassigned, "not compared (use --building-block and --reference-spec)")
		}
		for _, ed := range form.Compliance {
			for _, d := range ed.BBDetails {
				estimate(d, levelText(d.InterfaceCompliance.Level))
			}
		}
	}
	var open, done []report.Finding
	for _, f := range fs {
		if settled(f) {
			done = append(done, f)
		} else {
			open = append(open, f)
		}
	}
	slices.SortStableFunc(open, func(a, b report.Finding) int {
		return cmp.Or(cmp.Compare(openRank(a), openRank(b)), cmp.Compare(levelRank(a.Level), levelRank(b.Level)))
	})
	slices.SortStableFunc(done, func(a, b report.Finding) int { return cmp.Compare(levelRank(a.Level), levelRank(b.Level)) })
	writeTable(b, open, o, v, true)
	if len(done) == 0 {
		return
	}
	counts := icon[report.Pass] + " " + tally(report.Count(done, report.FailOnRequired))
	switch {
	case v.full:
		fmt.Fprintf(b, "\n**%s**\n\n", counts)
		writeTable(b, done, o, v, true)
	case v.passRows:
		fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", counts)
		writeTable(b, done, o, v, true)
		b.WriteString("\n</details>\n")
	default:
		writeRowsLeftOut(b, done, v)
	}
}

// openRank orders what is open: failures, then review items, unknowns and
// waived ones.
func openRank(f report.Finding) int {
	switch {
	case f.Waived != nil:
		return 3
	case f.Outcome == report.Fail:
		return 0
	case f.Outcome == report.NeedsReview:
		return 1
	}
	return 2
}

func levelRank(l criteria.Level) int {
	switch l {
	case criteria.Required:
		return 0
	case criteria.Recommended:
		return 1
	}
	return 2
}

func levelText(l int) string {
	if l <= 0 {
		return "below Level 1"
	}
	return fmt.Sprintf("Level %d", l)
}
