package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Limits of merge: a report of a real repository is well under a megabyte
// (the largest of the 62 certified DPGs dpgcheck was calibrated on is
// 60 KB); a folder of a batch holds two files per item at most.
const (
	MaxReportBytes = 16 << 20
	MaxFiles       = 2*MaxItems + 16
	maxErrorText   = 4096 // characters of an error record's message kept
)

// The files merge writes into the folder; merge never reads them back as
// reports.
var summaryFiles = []string{"summary.json", "summary.csv", "summary.md", "summary.html"}

// IsSummaryFile reports whether name is one of the files merge writes.
func IsSummaryFile(name string) bool { return slices.Contains(summaryFiles, name) }

// Merge reads the reports and error records of a batch's output folder
// (its top level only) and summarises them. A report and an error record of
// the same item mean the report is newer (a rerun succeeded): the record is
// ignored. A file merge cannot read as either (too large, not JSON, another
// format version, not a regular file) is a Failure of kind "unreadable", so
// nothing in the folder is silently left out. Hidden files (a batch's
// temporary files) and merge's own outputs are skipped.
func Merge(fsys fs.FS) (*Summary, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	if len(entries) > MaxFiles {
		return nil, fmt.Errorf("the folder holds %d files, more than a batch of %d items writes", len(entries), MaxItems)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	s := &Summary{Version: RecordVersion, Verdicts: map[string]int{}, Evaluated: []Row{}, Failed: []Failure{}, Criteria: []Criterion{}}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || IsSummaryFile(name) || !strings.HasSuffix(name, ReportSuffix) {
			continue
		}
		if e.IsDir() {
			continue
		}
		isRecord := strings.HasSuffix(name, ErrorSuffix)
		if isRecord && names[strings.TrimSuffix(name, ErrorSuffix)+ReportSuffix] {
			continue // the item was evaluated after the error was recorded
		}
		if !e.Type().IsRegular() {
			s.Failed = append(s.Failed, Failure{Target: name, Kind: KindUnreadable, Error: "not a regular file", File: name})
			continue
		}
		data, err := readCapped(fsys, name)
		if err != nil {
			s.Failed = append(s.Failed, Failure{Target: name, Kind: KindUnreadable, Error: err.Error(), File: name})
			continue
		}
		if isRecord {
			rec, err := ParseErrorRecord(data)
			if err != nil {
				s.Failed = append(s.Failed, Failure{Target: name, Kind: KindUnreadable, Error: err.Error(), File: name})
				continue
			}
			s.Failed = append(s.Failed, Failure{Target: rec.Target, Kind: rec.Kind, Error: rec.Error, File: name})
			continue
		}
		r, err := ParseReport(data)
		if err != nil {
			s.Failed = append(s.Failed, Failure{Target: name, Kind: KindUnreadable, Error: err.Error(), File: name})
			continue
		}
		s.Evaluated = append(s.Evaluated, row(r, name))
	}
	slices.SortStableFunc(s.Evaluated, func(a, b Row) int { return compareTargets(a.Target, a.Report, b.Target, b.Report) })
	slices.SortStableFunc(s.Failed, func(a, b Failure) int { return compareTargets(a.Target, a.File, b.Target, b.File) })
	s.count()
	return s, nil
}

func compareTargets(ta, fa, tb, fb string) int {
	if c := strings.Compare(strings.ToLower(ta), strings.ToLower(tb)); c != 0 {
		return c
	}
	return strings.Compare(fa, fb)
}

func readCapped(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxReportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxReportBytes {
		return nil, fmt.Errorf("larger than %d MiB, merge's cap for a report", MaxReportBytes>>20)
	}
	return data, nil
}

// ParseErrorRecord reads an error record a batch wrote.
func ParseErrorRecord(data []byte) (*ErrorRecord, error) {
	var rec ErrorRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("not a dpgcheck error record: %v", err)
	}
	if rec.Version != RecordVersion {
		return nil, fmt.Errorf("an error record of version %d; this dpgcheck reads version %d", rec.Version, RecordVersion)
	}
	if rec.Target == "" {
		return nil, errors.New("an error record without a target")
	}
	if rec.Kind == "" {
		rec.Kind = KindError
	}
	rec.Error = cut(rec.Error, maxErrorText)
	return &rec, nil
}

// ParseReport reads a JSON report (format version 1) and checks what the
// summary relies on: a target, a verdict and findings with an id and one of
// the outcomes.
func ParseReport(data []byte) (*report.Report, error) {
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("not a dpgcheck JSON report: %v", err)
	}
	if probe.Version == nil {
		return nil, errors.New("not a dpgcheck JSON report: no version")
	}
	if *probe.Version != report.FormatVersion {
		return nil, fmt.Errorf("a JSON report of format version %d; this dpgcheck reads version %d", *probe.Version, report.FormatVersion)
	}
	var r report.Report
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a dpgcheck JSON report: %v", err)
	}
	switch r.Verdict {
	case report.VerdictPass, report.VerdictFail, report.VerdictNeedsReview:
	default:
		return nil, fmt.Errorf("the report's verdict %q is not pass, fail or needs-review", cut(string(r.Verdict), 40))
	}
	if r.Target.Path == "" && r.Target.Repository == "" {
		return nil, errors.New("the report names no target")
	}
	for _, f := range r.Findings {
		if f.ID == "" {
			return nil, errors.New("a finding of the report has no id")
		}
		if !f.Outcome.Valid() {
			return nil, fmt.Errorf("finding %s: outcome %q is not one of pass, fail, needs-review, not-applicable, unknown", cut(f.ID, 80), cut(string(f.Outcome), 40))
		}
	}
	return &r, nil
}

// row is the summary's row of a report.
func row(r *report.Report, file string) Row {
	target := r.Target.Path
	if target == "" {
		target = r.Target.Repository
	}
	out := Row{Target: target, Repository: r.Target.Repository, Ref: r.Target.Ref, Commit: r.Target.Commit,
		Verdict: string(r.Verdict), Licenses: []string{}, Outcomes: map[string]string{}, Report: file}
	for _, l := range r.Licenses {
		if l.SPDX != "" && !slices.Contains(out.Licenses, l.SPDX) {
			out.Licenses = append(out.Licenses, l.SPDX)
		}
	}
	for _, f := range r.Findings {
		if _, dup := out.Outcomes[f.ID]; dup {
			continue
		}
		out.Outcomes[f.ID] = string(f.Outcome)
		out.criteria = append(out.criteria, Criterion{ID: f.ID, Standard: f.Standard, Title: f.Title, Level: string(f.Level)})
		if f.Waived != nil {
			out.Waived = append(out.Waived, f.ID)
		}
		out.Summary = addOutcome(out.Summary, f.Outcome)
	}
	out.URL = treeURL(target, r.Target.Commit)
	return out
}

// treeURL is the repository's page at commit, when the target names a
// repository by its host and the commit is a commit id.
func treeURL(target, commit string) string {
	if !IsRemote(target) || !isHex(commit) {
		return ""
	}
	rem, err := ParseRemote(target)
	if err != nil {
		return ""
	}
	return "https://" + rem.Host + "/" + url.PathEscape(rem.Owner) + "/" + url.PathEscape(rem.Name) + "/tree/" + commit
}

func isHex(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func addOutcome(s report.Summary, o report.Outcome) report.Summary {
	switch o {
	case report.Pass:
		s.Pass++
	case report.Fail:
		s.Fail++
	case report.NeedsReview:
		s.NeedsReview++
	case report.NotApplicable:
		s.NotApplicable++
	case report.Unknown:
		s.Unknown++
	}
	return s
}

// count fills the verdict and criterion counts from the rows; criteria are
// taken in the order the reports list them.
func (s *Summary) count() {
	index := map[string]int{}
	for _, r := range s.Evaluated {
		s.Verdicts[r.Verdict]++
		// Titles and levels come from the reports themselves: the first
		// report that has a criterion names it.
		for _, c := range r.criteria {
			i, ok := index[c.ID]
			if !ok {
				i = len(s.Criteria)
				index[c.ID] = i
				s.Criteria = append(s.Criteria, c)
			}
			s.Criteria[i].Counts = addOutcome(s.Criteria[i].Counts, report.Outcome(r.Outcomes[c.ID]))
		}
	}
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
