package license

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// Detector finds licence texts and notices with google/licensecheck.
//
// licensecheck compiles every pattern it is given before it scans: all 423
// built-in patterns cost about a second per process (reference go-libraries.md
// §3). A licence can only match a text that contains the words its pattern
// requires, so the Detector first keeps the patterns whose required words
// mostly occur in the texts at hand (a cheap word-set test), builds a scanner
// over those alone, and caches it by pattern set. Texts of the same licences
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
}

type pattern struct {
	lic   licensecheck.License
	words []int32 // ids (in Detector.dict) of the distinct words outside optional and alternative groups
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

// minShare is the share of a pattern's required words that must occur in a
// text for the pattern to be scanned at all. licensecheck tolerates one-letter
// misspellings and a few rewrites, so the test is loose: over the 3,813 matches
// the full scanner finds in the 727 SPDX texts and 731 real licence files, the
// lowest share of a true match was 0.94.
const minShare = 0.8

// Detect scans each text and returns one Result per text, in order.
func (d *Detector) Detect(texts ...[]byte) []Result {
	d.prep.Do(d.prepare)
	var want []int
	seen := make([]bool, len(d.lres))
	present := make([]bool, len(d.dict))
	for _, t := range texts {
		clear(present)
		d.markWords(t, present)
		for j, p := range d.lres {
			if !seen[j] && (d.noPrescreen || covers(present, p.words)) {
				seen[j] = true
				want = append(want, j)
			}
		}
	}
	out := make([]Result, len(texts))
	if len(want) == 0 && !hasURL(texts) {
		return out
	}
	s := d.scanner(want)
	for i, t := range texts {
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
		out[i] = r
	}
	return out
}

func hasURL(texts [][]byte) bool {
	for _, t := range texts {
		if bytes.Contains(t, []byte("http")) {
			return true
		}
	}
	return false
}

// covers reports whether at least minShare of words are present, stopping as
// soon as too many are missing.
func covers(present []bool, words []int32) bool {
	allowed := len(words) - int(minShare*float64(len(words))+0.999999)
	missing := 0
	for _, w := range words {
		if !present[w] {
			missing++
			if missing > allowed {
				return false
			}
		}
	}
	return true
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

func (d *Detector) prepare() {
	d.dict = map[string]int32{}
	for _, l := range licensecheck.BuiltinLicenses() {
		switch {
		case l.LRE != "":
			var ids []int32
			for _, w := range requiredWords(l.LRE) {
				id, ok := d.dict[w]
				if !ok {
					id = int32(len(d.dict))
					d.dict[w] = id
				}
				ids = append(ids, id)
			}
			d.lres = append(d.lres, pattern{lic: l, words: ids})
		case l.URL != "":
			d.urls = append(d.urls, l)
		}
	}
}

// requiredWords returns the distinct words (of three letters or more) that
// every text matching a licensecheck pattern must contain: words outside any
// group, plus, for a non-optional (( a || b )) group, the words every
// alternative requires. Optional ((...))?? groups and //** comments **//
// contribute nothing.
func requiredWords(lre string) []string {
	l := &lreLexer{src: lre}
	set := l.seq()
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

type lreLexer struct {
	src string
	i   int
}

// seq reads a sequence up to an unmatched "||", "))" or the end.
func (l *lreLexer) seq() map[string]bool {
	req := map[string]bool{}
	for l.i < len(l.src) {
		rest := l.src[l.i:]
		switch {
		case strings.HasPrefix(rest, "//**"):
			end := strings.Index(rest[4:], "**//")
			if end < 0 {
				l.i = len(l.src)
				return req
			}
			l.i += 4 + end + 4
		case strings.HasPrefix(rest, "||"), strings.HasPrefix(rest, "))"):
			return req
		case strings.HasPrefix(rest, "(("):
			l.i += 2
			alt := l.seq()
			for strings.HasPrefix(l.src[l.i:], "||") {
				l.i += 2
				next := l.seq()
				for w := range alt {
					if !next[w] {
						delete(alt, w)
					}
				}
			}
			if strings.HasPrefix(l.src[l.i:], "))") {
				l.i += 2
			}
			if strings.HasPrefix(l.src[l.i:], "??") {
				l.i += 2
				continue // optional: requires nothing
			}
			for w := range alt {
				req[w] = true
			}
		case strings.HasPrefix(rest, "__"):
			l.i += 2
			for l.i < len(l.src) && l.src[l.i] != '_' {
				l.i++
			}
			l.i += 2
		default:
			r, size := utf8.DecodeRuneInString(rest)
			if !isWordRune(r) {
				l.i += size
				continue
			}
			j := l.i
			for j < len(l.src) {
				r, s := utf8.DecodeRuneInString(l.src[j:])
				if !isWordRune(r) {
					break
				}
				j += s
			}
			if w := canonWord(l.src[l.i:j]); len(w) >= 3 {
				req[w] = true
			}
			l.i = j
		}
	}
	return req
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// canonWord folds a word the way licensecheck does for the words that matter
// here: lower case, https as http, and its canonical rewrites.
func canonWord(w string) string {
	w = strings.ToLower(w)
	switch w {
	case "https":
		return "http"
	case "are":
		return "is"
	case "them", "they":
		return "it"
	case "these", "this", "those":
		return "the"
	case "copies":
		return "copy"
	}
	return w
}

// markWords sets present[id] for every pattern word that occurs in text.
func (d *Detector) markWords(text []byte, present []bool) {
	var buf []byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, s := utf8.DecodeRune(text[j:])
			if !isWordRune(r) {
				break
			}
			j += s
		}
		if j-i >= 3 {
			buf = lowerWord(buf[:0], text[i:j])
			var id int32
			var ok bool
			switch string(buf) {
			case "https", "are", "them", "they", "these", "this", "those", "copies":
				id, ok = d.dict[canonWord(string(buf))]
			default:
				id, ok = d.dict[string(buf)] // no allocation for the lookup
			}
			if ok {
				present[id] = true
			}
		}
		i = j
	}
}

// lowerWord appends w lower-cased to dst, cheaply for ASCII.
func lowerWord(dst, w []byte) []byte {
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return append(dst[:0], bytes.ToLower(w)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
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
