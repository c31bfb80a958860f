package compare

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/linediff"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// maxCompared caps the evidence files compared for one finding.
const maxCompared = 8

// changedLines finds where the pull request's edits broke a criterion that
// failed newly: the head line at an edit of a file the base cited (where the
// cited line was removed or replaced, else the file's first edit), and head lines the head cites that
// the pull request changed or added. A file the pull request deleted cannot
// carry an annotation; it becomes a detail of the finding instead.
func changedLines(in Input, base, head *report.Finding) []report.Evidence {
	if in.ReadBase == nil || in.ReadHead == nil {
		return nil
	}
	var out []report.Evidence
	seen := map[string]bool{}
	compared := 0
	for _, e := range base.Evidence {
		if !isFile(e) || seen[e.Path] || compared >= maxCompared {
			continue
		}
		seen[e.Path] = true
		compared++
		old, ok := in.ReadBase(e.Path)
		if !ok {
			continue
		}
		cur, ok := in.ReadHead(e.Path)
		if !ok {
			head.Details = append(head.Details, fmt.Sprintf("%s, cited on the base, was deleted by this pull request", e.Path))
			continue
		}
		hunks := linediff.Diff(old, cur)
		var line int
		var changed bool
		if e.Line > 0 {
			line, changed = linediff.HeadLine(hunks, e.Line)
		}
		if !changed {
			// The cited line survived (a copyright line kept above a new
			// licence text): the file's first edit is what changed it.
			line, changed = linediff.FirstChange(hunks)
		}
		if changed {
			out = append(out, report.At(e.Path, max(line, 1)))
		}
	}
	return append(out, changedHeadLines(in, head)...)
}

// changedHeadLines returns the lines the head cites that the pull request
// added or changed (the compose line of a new closed database).
func changedHeadLines(in Input, head *report.Finding) []report.Evidence {
	if in.ReadBase == nil || in.ReadHead == nil {
		return nil
	}
	var out []report.Evidence
	for i, e := range head.Evidence {
		if !isFile(e) || e.Line == 0 || i >= maxCompared {
			continue
		}
		cur, ok := in.ReadHead(e.Path)
		if !ok {
			continue
		}
		old, ok := in.ReadBase(e.Path)
		if !ok || headLineChanged(linediff.Diff(old, cur), e.Line) {
			out = append(out, e)
		}
	}
	return out
}

// headLineChanged reports whether head line n lies in a hunk: the pull
// request added or replaced it.
func headLineChanged(hunks []linediff.Hunk, n int) bool {
	for _, h := range hunks {
		if h.HeadLines > 0 && n >= h.HeadStart && n < h.HeadStart+h.HeadLines {
			return true
		}
	}
	return false
}

func isFile(e report.Evidence) bool {
	return e.Path != "" && e.URL == "" && !strings.HasSuffix(e.Path, "/")
}
