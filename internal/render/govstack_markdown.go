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

// writeGovStack writes GovStack's compliance levels, then the findings
// grouped by family (development, deployment, ...), REQUIRED first.
func writeGovStack(b *strings.Builder, r *report.Report, fs []report.Finding, o Options) {
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
	groups := map[string][]report.Finding{}
	var order []string
	for _, f := range fs {
		fam := f.Family
		if fam == "" {
			fam = "other"
		}
		if _, ok := groups[fam]; !ok {
			order = append(order, fam)
		}
		groups[fam] = append(groups[fam], f)
	}
	for _, fam := range order {
		g := groups[fam]
		slices.SortStableFunc(g, func(a, b report.Finding) int { return cmp.Compare(levelRank(a.Level), levelRank(b.Level)) })
		if len(order) > 1 {
			fmt.Fprintf(b, "**%s** — %s\n\n", escape(titleCase(fam)), familyCounts(g))
		}
		writeTable(b, g, o)
		b.WriteString("\n")
	}
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

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// familyCounts says "2 fail, 5 to review, 3 pass" for a group.
func familyCounts(fs []report.Finding) string {
	n := map[report.Outcome]int{}
	for _, f := range fs {
		n[f.Outcome]++
	}
	var parts []string
	for _, o := range report.Outcomes {
		if n[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[o], o))
		}
	}
	return strings.Join(parts, ", ")
}
