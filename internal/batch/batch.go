// Package batch owns what evaluating many repositories adds to evaluating
// one: the names of what to evaluate (a repository by name, with its ref, or
// a folder), lists of them, the split of a list into shards, the names of
// the files a batch writes (one JSON report per item, an error record per
// item that could not be evaluated), and merging those files into one
// summary (JSON, CSV, a Markdown table and an HTML dashboard).
//
// It is pure: it reads an output folder through fs.FS and writes to
// io.Writers; the command line (internal/cli) opens files, downloads
// repositories and runs the engine. Everything it reads is untrusted (a
// list, reports from other machines): every read is capped, a file that is
// not what it should be is listed as such rather than dropped, and every
// string from a report is made inert for the format it is written in.
package batch

import "github.com/dpgcheck/dpgcheck/internal/report"

// RecordVersion is the version of the error record and summary formats.
const RecordVersion = 1

// Kinds of failure, the "kind" of an error record: what a reader of the
// summary does about it.
const (
	KindNotFound     = "not-found"     // no such repository, or private and out of the token's reach
	KindRefNotFound  = "ref-not-found" // the repository has no such branch, tag or commit
	KindAccessDenied = "access-denied" // GitHub refused the token, or the repository is blocked
	KindRateLimited  = "rate-limited"  // GitHub's rate limit is used up
	KindTooLarge     = "too-large"     // the archive is over dpgcheck's size caps
	KindUsage        = "usage"         // the item cannot be evaluated as written (not a folder, a bad configuration)
	KindError        = "error"         // anything else: network, I/O
	KindUnreadable   = "unreadable"    // merge: a file of the folder is not a report or error record it can read
)

// ErrorRecord is what a batch writes for an item it could not evaluate, in
// place of its report.
type ErrorRecord struct {
	Version  int    `json:"version"`
	Target   string `json:"target"`
	Kind     string `json:"kind"`
	Error    string `json:"error"`
	ExitCode int    `json:"exit_code"` // what dpgcheck check would exit with: 2 usage, 3 runtime
}

// Summary is a batch merged: one row per evaluated item, the counts per
// criterion and verdict, and the items that failed to evaluate with why.
type Summary struct {
	Version int `json:"version"`
	// Verdicts counts the evaluated items by verdict (pass, fail,
	// needs-review).
	Verdicts map[string]int `json:"verdicts"`
	// Criteria are the criteria of the reports, each with its outcome
	// counts, in the order the reports list them.
	Criteria  []Criterion `json:"criteria"`
	Evaluated []Row       `json:"evaluated"`
	Failed    []Failure   `json:"failed"`
}

// Criterion is one criterion across the batch.
type Criterion struct {
	ID       string         `json:"id"`
	Standard string         `json:"standard"`
	Title    string         `json:"title"`
	Level    string         `json:"level"`
	Counts   report.Summary `json:"counts"`
}

// Row is one evaluated item.
type Row struct {
	Target     string `json:"target"` // as the list names it
	Repository string `json:"repository,omitempty"`
	Ref        string `json:"ref,omitempty"`
	Commit     string `json:"commit,omitempty"`
	// URL is the repository's tree at the evaluated commit, for a
	// repository named by its host.
	URL      string            `json:"url,omitempty"`
	Verdict  string            `json:"verdict"`
	Licenses []string          `json:"licenses"` // distinct SPDX ids, in the report's order
	Outcomes map[string]string `json:"outcomes"` // criterion id -> outcome
	Waived   []string          `json:"waived,omitempty"`
	Summary  report.Summary    `json:"summary"`
	Report   string            `json:"report"` // the report's file name in the folder

	criteria []Criterion // the report's criteria in its order, without counts
}

// Failure is an item that failed to evaluate, or a file of the folder
// merge could not read.
type Failure struct {
	Target string `json:"target"`
	Kind   string `json:"kind"`
	Error  string `json:"error"`
	File   string `json:"file"`
}
