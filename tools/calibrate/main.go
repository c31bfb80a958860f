// Command calibrate runs dpgcheck over a folder of checkouts of certified
// digital public goods and prints how its verdicts and licences compare with
// the DPGA registry: the verdict distribution, each failing criterion with its
// message, and every licence that disagrees with the registry's record.
//
//	go build -o /tmp/dpgcheck ./cmd/dpgcheck
//	go run ./tools/calibrate -dpgcheck /tmp/dpgcheck -registry ../shared/data/dpg/registry-calibration.tsv -checkouts DIR
//
// DIR holds one checkout per repository, named owner+name (as the registry's
// owner/name with the slash replaced). It reads no network and commits nothing:
// the checkouts are the caller's.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

func main() {
	bin := flag.String("dpgcheck", "dpgcheck", "the dpgcheck binary to run")
	registry := flag.String("registry", "../shared/data/dpg/registry-calibration.tsv", "the registry's records (repo, licences, type, name)")
	dir := flag.String("checkouts", "", "folder of checkouts named owner+name")
	args := flag.String("args", "", "more arguments for dpgcheck check, space-separated (e.g. --standard dpg,govstack)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "calibrate: -checkouts DIR is required")
		os.Exit(2)
	}
	records, err := readRegistry(*registry)
	if err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(2)
	}
	if err := run(os.Stdout, *bin, *dir, strings.Fields(*args), records); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

// record is one registry entry.
type record struct {
	repo     string   // owner/name
	licences []string // the registry's ids, pre-SPDX-3 style
}

func readRegistry(name string) ([]record, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("%s: %q has no licence column", name, line)
		}
		out = append(out, record{repo: cols[0], licences: strings.Split(cols[1], ";")})
	}
	return out, sc.Err()
}

func run(w io.Writer, bin, dir string, extra []string, records []record) error {
	verdicts := map[report.Verdict]int{}
	fails := map[string][]string{}
	var disagree []string
	evaluated := 0
	for _, rec := range records {
		path := filepath.Join(dir, strings.ReplaceAll(rec.repo, "/", "+"))
		if _, err := os.Stat(path); err != nil {
			continue
		}
		r, err := evaluate(bin, path, extra)
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", rec.repo, err)
			continue
		}
		evaluated++
		verdicts[r.Verdict]++
		for _, f := range r.Findings {
			if f.Outcome == report.Fail {
				fails[f.ID] = append(fails[f.ID], fmt.Sprintf("%s: %s", rec.repo, f.Message))
			}
		}
		if d := licenceDisagreement(rec, r); d != "" {
			disagree = append(disagree, d)
		}
	}
	fmt.Fprintf(w, "evaluated %d of %d registry entries\n", evaluated, len(records))
	for _, v := range []report.Verdict{report.VerdictPass, report.VerdictNeedsReview, report.VerdictFail} {
		fmt.Fprintf(w, "verdict %-13s %d\n", v, verdicts[v])
	}
	ids := make([]string, 0, len(fails))
	for id := range fails {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(w, "\n%s fails on %d:\n", id, len(fails[id]))
		for _, m := range fails[id] {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
	fmt.Fprintf(w, "\nlicences that disagree with the registry: %d\n", len(disagree))
	for _, d := range disagree {
		fmt.Fprintf(w, "  %s\n", d)
	}
	return nil
}

func evaluate(bin, path string, extra []string) (*report.Report, error) {
	args := append([]string{"check", "--format", "json", "--fail-on", "never"}, extra...)
	out, err := exec.Command(bin, append(args, path)...).Output()
	if err != nil {
		return nil, fmt.Errorf("dpgcheck: %w", err)
	}
	var r report.Report
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("read the report: %w", err)
	}
	return &r, nil
}

// licenceDisagreement compares the registry's licences with those the
// repository's root licence files (or, without them, its metadata) declare,
// by licence family ("GPL-3.0" in the registry is GPL-3.0-only or -or-later).
func licenceDisagreement(rec record, r *report.Report) string {
	found := families(r, true)
	if len(found) == 0 {
		found = families(r, false) // no root declaration: the packages' licences
	}
	var missing []string
	for _, id := range rec.licences {
		e, ok := license.FromName(id)
		if !ok {
			missing = append(missing, id+" (not an SPDX id)")
			continue
		}
		for _, leaf := range e.Leaves() {
			if !slices.Contains(found, license.Family(leaf.ID)) {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: registry %s, repository %s (missing %s)", rec.repo, strings.Join(rec.licences, ";"),
		orNone(strings.Join(found, ";")), strings.Join(missing, ", "))
}

// families lists the licence families the report's declarations name: at the
// root (and licenses/) only, or everywhere.
func families(r *report.Report, rootOnly bool) []string {
	var found []string
	for _, l := range r.Licenses {
		if rootOnly && strings.Contains(l.Path, "/") && !strings.HasPrefix(strings.ToLower(l.Path), "licenses/") {
			continue // a sub-package's licence
		}
		if e, ok := license.FromName(l.SPDX); ok {
			for _, leaf := range e.Leaves() {
				found = append(found, license.Family(leaf.ID))
			}
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
