package license

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"github.com/google/licensecheck"
)

// Detector finds licence texts and notices with google/licensecheck.
//
// licensecheck compiles every pattern it is given before it scans: all 423
// built-in patterns cost about a second per process (reference go-libraries.md
// §3). A licence can only match a text that contains the words its pattern
// requires, in order, so the Detector first keeps the patterns whose words and
// word pairs mostly occur in the texts at hand (prescreen.go), builds a
// scanner over those alone, and caches it by pattern set. Texts of the same licences
// reuse one scanner; the result is the same as the full scanner's (see
// TestPrescreenAgreesWithFullScanner).
//
// A Detector is safe for concurrent use; share one per process.
type Detector struct {
	prep sync.Once
	lres []pattern
	urls []licensecheck.License
	dict map[string]int32 // every word some pattern requires

	mu    sync.Mutex
	cache map[string]*licensecheck.Scanner
	// builds counts scanner builds, for tests and benchmarks.
	builds int
	// noPrescreen makes every scanner use all patterns (for tests).
	noPrescreen bool
	// noTable makes prepare lex the patterns, not read prescreen_table.bin
	// (for tests).
	noTable bool
}

// NewDetector returns a Detector. It is cheap; work happens on first use.
func NewDetector() *Detector { return &Detector{cache: map[string]*licensecheck.Scanner{}} }

// Match is one licence found in a text.
type Match struct {
	ID      string // SPDX id or expression (licensecheck's private names are mapped)
	Start   int    // byte offsets of the match in the text
	End     int
	Line    int // 1-based line of Start
	EndLine int
	URL     bool // the match is a licence URL, not licence text
}

// Result is what Detect found in one text.
type Result struct {
	Matches []Match
	// Percent is the share of the text's words covered by matches. It is
	// informational: a licence text with a preamble or appended notices is still
	// identified by its main match.
	Percent float64
}

// Prepare reads the built-in patterns, which Detect otherwise does on first
// use: call it early on another goroutine to take that off the critical path.
func (d *Detector) Prepare() { d.prep.Do(d.prepare) }

// Detect scans each text and returns one Result per text, in order. One
// scanner serves all of them: it holds the patterns each text may match.
func (d *Detector) Detect(texts ...[]byte) []Result {
	d.Prepare()
	out := make([]Result, len(texts))
	words := make([]bool, len(d.dict))
	seen := make([]bool, len(d.lres))
	var want []int
	http := false
	for _, t := range texts {
		clear(words)
		pairs := d.markText(t, words)
		for j, p := range d.lres {
			if !seen[j] && (d.noPrescreen || admits(p, words, pairs)) {
				seen[j] = true
				want = append(want, j)
			}
		}
		http = http || bytes.Contains(t, []byte("http"))
	}
	if len(want) == 0 && !http {
		return out
	}
	s := d.scanner(want)
	for i, t := range texts {
		out[i] = scan(s, t)
	}
	return out
}

func scan(s *licensecheck.Scanner, t []byte) Result {
	cov := s.Scan(t)
	r := Result{Percent: cov.Percent}
	for _, m := range cov.Match {
		id, keep := mapID(m.ID)
		if !keep {
			continue
		}
		r.Matches = append(r.Matches, Match{
			ID: id, Start: m.Start, End: m.End, URL: m.IsURL,
			Line: lineOf(t, m.Start), EndLine: lineOf(t, max(m.Start, m.End-1)),
		})
	}
	return r
}

func (d *Detector) scanner(want []int) *licensecheck.Scanner {
	slices.Sort(want)
	var key strings.Builder
	for _, j := range want {
		key.WriteString(d.lres[j].lic.ID)
		key.WriteByte(0)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.cache[key.String()]; ok {
		return s
	}
	list := make([]licensecheck.License, 0, len(want)+len(d.urls))
	for _, j := range want {
		list = append(list, d.lres[j].lic)
	}
	list = append(list, d.urls...)
	if len(want) == 0 {
		// licensecheck refuses a set without patterns; give it one that cannot
		// match ordinary text so URL matching still works.
		list = append(list, licensecheck.License{ID: "dpgcheck-none", LRE: "dpgcheck placeholder pattern never written in a licence"})
	}
	s, err := licensecheck.NewScanner(list)
	if err != nil {
		// The built-in patterns compile (tested); a failure is a library defect.
		panic("license: building licensecheck scanner: " + err.Error())
	}
	d.builds++
	d.cache[key.String()] = s
	return s
}

// Builds returns how many scanners the Detector has built.
func (d *Detector) Builds() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.builds
}

// mapID turns licensecheck's private ids into SPDX or LicenseRef ids and drops
// matches that are not licences (patent grant files).
func mapID(id string) (string, bool) {
	switch id {
	case "CommonsClause":
		return "LicenseRef-Commons-Clause", true
	case "Anti996":
		return "LicenseRef-Anti-996", true
	case "Prosperity-3.0.0":
		return "LicenseRef-Prosperity-3.0.0", true
	case "GPL-2.0-or-3.0":
		return "GPL-2.0-only OR GPL-3.0-only", true
	case "GooglePatentClause", "GooglePatentsFile", "dpgcheck-none":
		return "", false
	}
	if strings.Contains(id, "-") || id == "MIT" || id == "ISC" || id == "JSON" || id == "Zlib" {
		return id, true
	}
	if c, ok := Canonical(id); ok {
		return c, true
	}
	return "LicenseRef-" + id, true
}

func lineOf(text []byte, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return bytes.Count(text[:off], []byte{'\n'}) + 1
}
