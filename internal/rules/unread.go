package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A file that can be evidence but was not read (over its size cap,
// unreadable) or not understood (a manifest that does not parse) must never
// count as absent: the criterion that needed it is unknown, with the file,
// why, and what to do.

// unreadFiles returns the unread files of a kind that match keep.
func unreadFiles(r *evidence.Repo, kind string, keep func(p string) bool) []evidence.Unread {
	var out []evidence.Unread
	for _, u := range r.UnreadOf(kind) {
		if keep == nil || keep(u.Path) {
			out = append(out, u)
		}
	}
	return out
}

// unknownBecause is the result of a criterion that could not be decided
// because files were not read; before says what the tool would have
// concluded without them.
func unknownBecause(unread []evidence.Unread, before Result) Result {
	var names, details []string
	var ev []report.Evidence
	for _, u := range unread {
		names = append(names, u.Path)
		ev = append(ev, report.At(u.Path, u.Line))
		details = append(details, fmt.Sprintf("%s was not read: %s", u.Path, u.Reason))
	}
	if before.Message != "" {
		details = append(details, "without it: "+before.Message)
	}
	details = append(details, before.Details...)
	return Result{Outcome: report.Unknown, Evidence: append(ev, before.Evidence...), Details: details, Concerns: before.Concerns,
		Message: fmt.Sprintf("%s could not be read, so this cannot be decided", listUpTo(names, 3)),
		Remediation: "Fix or shrink " + listUpTo(names, 3) + " (the details say what is wrong), or leave it out with `ignore:` " +
			"in .github/dpgcheck.yml if it is not part of the project."}
}

// atRoot reports whether a path declares something for the whole project:
// a file at the root, or in .github/ or licenses/.
func atRoot(p string) bool {
	dir := path.Dir(p)
	return dir == "." || dir == ".github" || strings.EqualFold(dir, "LICENSES") || strings.EqualFold(dir, "LICENCES")
}

// setAsideDetails says which parts of the tree that held files of the given
// kinds were left out of the product, and why, so a user can see what was
// not judged (and declare it the product with `product:` in the
// configuration if it is).
func setAsideDetails(r *evidence.Repo, kinds ...string) []string {
	var out []string
	for _, sa := range r.SetAsideOf(kinds...) {
		var what []string
		for _, k := range kinds {
			if n := sa.Kinds[k]; n > 0 {
				what = append(what, fmt.Sprintf("%d %s", n, k))
			}
		}
		out = append(out, fmt.Sprintf("set aside as not the product: %s (%s: %s)", sa.Path, sa.Why, strings.Join(what, ", ")))
		if len(out) == 5 {
			break
		}
	}
	return out
}
