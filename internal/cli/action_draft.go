package cli

import (
	"path/filepath"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/action"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// jobSummaryWithDraft is the job summary, followed, with the dpga-draft
// input, by the drafted DPGA application. The draft keeps at most half of
// the summary's size limit; the report gets the rest.
func jobSummaryWithDraft(r *report.Report, opts render.Options, draft bool) string {
	if !draft {
		return jobSummary(r, opts)
	}
	var b strings.Builder
	if err := render.DPGAMarkdown(&b, r, opts); err != nil {
		return jobSummary(r, opts)
	}
	section := "\n\n---\n\n" + b.String()
	if len(section) > action.MaxSummary/2 {
		section = "\n\n---\n\n*The DPGA application draft is too large for the job summary; run `dpgcheck --format dpga-markdown` to read it.*\n"
	}
	return render.JobSummary(r, opts, action.MaxSummary-len(section)) + section
}

// inWorkspace resolves an input naming a file in the workspace or a URL (the
// registry record): a relative path is joined to the workspace.
func inWorkspace(ws, src string) string {
	if src == "" || strings.Contains(src, "://") {
		return src
	}
	return filepath.Join(ws, filepath.FromSlash(src))
}
