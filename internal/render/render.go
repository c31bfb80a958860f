// Package render owns turning one report.Report into the formats users read:
// terminal text, Markdown (the PR comment and job summary), JSON and SARIF.
// Renderers are pure: they compute nothing about the repository, only present
// the report, and everything that came from the repository is escaped.
package render

import (
	"io"
	"slices"
	"sort"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Options tune the presentation.
type Options struct {
	// Color enables ANSI colours in text output (only on a terminal).
	Color bool
	// Marker is a hidden HTML comment placed first in Markdown output, used to
	// find the sticky PR comment again.
	Marker string
	// BlobURL links evidence to the file at the evaluated commit; nil for no links.
	BlobURL func(path string, line int) string
	// RunURL links the full report (the workflow run).
	RunURL string
	// FailOn is the gating policy, shown in the verdict line.
	FailOn report.FailOn
	// Previous holds the outcomes of the previous run on the pull request
	// (criterion id -> outcome), to show what changed; nil for none.
	Previous map[string]string
	// PreviousSHA is the commit the previous run evaluated.
	PreviousSHA string
	// Notice is a paragraph of dpgcheck's own Markdown shown under the verdict
	// (for example, why the check run could not be created). It is not
	// escaped: never put repository text in it.
	Notice string
}

// Format is an output format.
type Format string

// Formats. The list is the single source for --format validation and help.
var Formats = map[Format]func(io.Writer, *report.Report, Options) error{
	"text":          Text,
	"json":          JSON,
	"markdown":      Markdown,
	"sarif":         SARIF,
	"govstack-json": GovStackJSON,
	"dpga":          DPGA,
	"dpga-markdown": DPGAMarkdown,
}

// FormatNames returns the format names, sorted.
func FormatNames() []string {
	var out []string
	for f := range Formats {
		out = append(out, string(f))
	}
	sort.Strings(out)
	return out
}

func (o Options) failOn() report.FailOn {
	if o.FailOn == "" {
		return report.FailOnRequired
	}
	return o.FailOn
}

// label returns the criterion's short label: "2", "9A", or the id.
func label(_ Options, f report.Finding) string {
	if f.Label != "" {
		return f.Label
	}
	return f.ID
}

// standardName returns the display name of a standard.
func standardName(_ Options, ref report.StandardRef) string {
	if ref.Name != "" {
		return ref.Name
	}
	return ref.ID
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// waivedFindings returns the findings that are waived.
func waivedFindings(r *report.Report) []report.Finding {
	return slices.DeleteFunc(slices.Clone(r.Findings), func(f report.Finding) bool { return f.Waived == nil })
}
