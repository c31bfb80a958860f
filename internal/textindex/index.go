// Package textindex reads each text once for every pattern of a vocabulary.
//
// A Vocabulary holds the regular expressions a package searches documents
// with. From each it derives the literals every match must contain (case
// folded), and compiles all of them into one Aho-Corasick automaton. An
// Index scans a text with that automaton the first time the text is asked
// about, in one pass whatever the number of patterns, and remembers which
// literals occur; a pattern's regular expression then runs only on the texts
// that hold one of its literals. Answers are exactly those of the regular
// expression: the index only skips texts it could not match.
package textindex

import (
	"bytes"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Vocabulary is a set of patterns searched together. Compile patterns
// before the first Index is made (package-level variables are): a pattern
// compiled later is still answered correctly, by its regular expression
// alone.
type Vocabulary struct {
	mu      sync.Mutex
	needles []string
	ids     map[string]int32
	built   *automaton
	size    int // needles in built
}

// NewVocabulary returns an empty vocabulary.
func NewVocabulary() *Vocabulary { return &Vocabulary{ids: map[string]int32{}} }

// Pattern is a regular expression of a vocabulary.
type Pattern struct {
	re    *lazyregexp.Regexp // compiled on first use
	vocab *Vocabulary
	ids   []int32 // needles one of which every match contains; nil: none known
	// local is a byte no match holds, so that the pattern can be searched
	// in the pieces of a text between two of them that hold a needle: a
	// line break (a line-local pattern) or a full stop (one that stays in
	// a sentence); 0 when there is none.
	local byte
	// all, when not nil, rules out more than ids: a match holds one needle
	// of each set of one of its alternatives (see conjunctionsOf). allMax
	// is its largest needle id.
	all    conjunctions
	allMax int32
}

// MustCompile compiles expr (regexp syntax) into a pattern of v, and panics
// if it does not compile, like regexp.MustCompile.
func (v *Vocabulary) MustCompile(expr string) *Pattern {
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic("textindex: Compile(" + strconv.Quote(expr) + "): " + err.Error())
	}
	p := &Pattern{re: lazyregexp.New(expr), vocab: v}
	switch {
	case localTo(parsed, '\n'):
		p.local = '\n'
	case localTo(parsed, '.'):
		p.local = '.'
	}
	needles := needlesOf(parsed)
	var all [][][]string
	if needles != nil {
		all = conjunctionsOf(parsed)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	p.ids = v.idsOf(needles)
	for _, alt := range all {
		var sets [][]int32
		for _, set := range alt {
			sets = append(sets, v.idsOf(set))
		}
		p.all = append(p.all, sets)
	}
	p.allMax = p.all.maxID()
	return p
}

// idsOf returns the ids of needles, adding those v does not have yet.
func (v *Vocabulary) idsOf(needles []string) []int32 {
	var out []int32
	for _, n := range needles {
		id, ok := v.ids[n]
		if !ok {
			id = int32(len(v.needles))
			v.ids[n] = id
			v.needles = append(v.needles, n)
		}
		out = append(out, id)
	}
	return out
}

// mayHold reports whether a text (or a piece of one) whose needles has
// reports can hold a match of p, judged by the first size needles of its
// vocabulary: false only when it holds none of p's needles, or satisfies
// none of its conjunctions.
func (p *Pattern) mayHold(size int, has func(id int32) bool) bool {
	if !slices.ContainsFunc(p.ids, func(id int32) bool { return int(id) >= size || has(id) }) {
		return false
	}
	return p.all == nil || int(p.allMax) >= size || p.all.heldBy(has)
}

// in returns a function reporting whether the bit set holds an id.
func in(set []uint64) func(id int32) bool {
	return func(id int32) bool { return set[id/64]&(1<<(id%64)) != 0 }
}

// Regexp returns the pattern's regular expression.
func (p *Pattern) Regexp() *regexp.Regexp { return p.re.Regexp() }

// String returns the source text of the pattern.
func (p *Pattern) String() string { return p.re.String() }

// automaton returns the automaton of the needles compiled so far.
func (v *Vocabulary) automaton() (*automaton, int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.built == nil || v.size != len(v.needles) {
		v.built, v.size = newAutomaton(v.needles), len(v.needles)
	}
	return v.built, v.size
}

// Index remembers, for each text it was asked about, which needles of a
// vocabulary occur in it. It is safe for concurrent use.
type Index struct {
	vocab *Vocabulary
	auto  *automaton
	size  int

	mu    sync.Mutex
	texts map[textKey]*scanned
	stats Stats
}

// scanned is what an index remembers of one text.
type scanned struct {
	set []uint64 // bit set of the needle ids the text holds
	// ends, for a text searched piece by piece (minLineSearch bytes or
	// more), are the needles' occurrences in order, so that each
	// pattern's pieces are found without reading the text again; nil,
	// with listed false, past maxOccurrences.
	ends   []occurrence
	listed bool
}

// occurrence is a needle found in a text, and the offset just past it.
type occurrence struct {
	id  int32
	end int32
}

// maxOccurrences bounds the occurrences remembered for one text (8 bytes
// each); past it, each search reads the text again.
const maxOccurrences = 1 << 16

// Stats count the work of an index.
type Stats struct {
	Texts int // texts scanned
	Bytes int // bytes scanned
}

// textKey identifies a text by its memory: the same string value asked
// about twice is scanned once. Strings are immutable, so the key is stable.
type textKey struct {
	data *byte
	len  int
}

// NewIndex returns an empty index over v's patterns.
func (v *Vocabulary) NewIndex() *Index {
	a, n := v.automaton()
	return &Index{vocab: v, auto: a, size: n, texts: map[textKey]*scanned{}}
}

// Stats returns how much the index has scanned.
func (ix *Index) Stats() Stats {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.stats
}

// MayMatch reports whether p can match text: false only when text holds
// none of the literals every match of p contains.
func (ix *Index) MayMatch(text string, p *Pattern) bool {
	if p.ids == nil || p.vocab != ix.vocab || text == "" {
		return true
	}
	return p.mayHold(ix.size, in(ix.needlesIn(text)))
}

// FindStringIndex is p.Regexp().FindStringIndex(text), skipping texts the
// index rules out.
func (ix *Index) FindStringIndex(text string, p *Pattern) []int {
	if !ix.MayMatch(text, p) {
		return nil
	}
	var loc []int
	if ix.inPieces(text, p, func(line string, off int) bool {
		loc = p.re.FindStringIndex(line)
		loc = shift(loc, off)
		return loc == nil
	}) {
		return loc
	}
	return p.re.FindStringIndex(text)
}

// FindStringSubmatchIndex is p.Regexp().FindStringSubmatchIndex(text),
// skipping texts the index rules out.
func (ix *Index) FindStringSubmatchIndex(text string, p *Pattern) []int {
	if !ix.MayMatch(text, p) {
		return nil
	}
	var loc []int
	if ix.inPieces(text, p, func(line string, off int) bool {
		loc = shift(p.re.FindStringSubmatchIndex(line), off)
		return loc == nil
	}) {
		return loc
	}
	return p.re.FindStringSubmatchIndex(text)
}

// FindAllStringIndex is p.Regexp().FindAllStringIndex(text, n), skipping
// texts the index rules out.
func (ix *Index) FindAllStringIndex(text string, p *Pattern, n int) [][]int {
	if !ix.MayMatch(text, p) {
		return nil
	}
	var out [][]int
	if ix.inPieces(text, p, func(line string, off int) bool {
		limit := -1
		if n >= 0 {
			limit = n - len(out)
		}
		for _, loc := range p.re.FindAllStringIndex(line, limit) {
			out = append(out, shift(loc, off))
		}
		return n < 0 || len(out) < n
	}) {
		return out
	}
	return p.re.FindAllStringIndex(text, n)
}

// MatchString is p.Regexp().MatchString(text), skipping texts the index
// rules out.
func (ix *Index) MatchString(text string, p *Pattern) bool {
	if !ix.MayMatch(text, p) {
		return false
	}
	found := false
	if ix.inPieces(text, p, func(line string, _ int) bool {
		found = p.re.MatchString(line)
		return !found
	}) {
		return found
	}
	return p.re.MatchString(text)
}

// Found is the set of a vocabulary's literals found in one text, for a
// text searched with several patterns once and not kept (a file read
// during the walk).
type Found struct {
	vocab *Vocabulary
	size  int
	set   []uint64
	lines [][]int // needle id -> starts of the lines it occurs on, nil past maxLines
}

// maxLines bounds the lines remembered for one literal of one text; past
// it, Lines says to search the whole text.
const maxLines = 4096

// Scan reads text once and returns the literals of v it holds, and the
// lines they occur on.
func (v *Vocabulary) Scan(text []byte) Found {
	a, n := v.automaton()
	f := Found{vocab: v, size: n, set: make([]uint64, (n+63)/64), lines: make([][]int, n)}
	over := make([]bool, n)
	a.scan(unsafe.String(unsafe.SliceData(text), len(text)), func(id int32, line, _ int) {
		f.set[id/64] |= 1 << (id % 64)
		l := f.lines[id]
		switch {
		case over[id], len(l) > 0 && l[len(l)-1] == line:
		case len(l) >= maxLines:
			over[id], f.lines[id] = true, nil
		default:
			f.lines[id] = append(l, line)
		}
	})
	for id, o := range over {
		if o {
			f.lines[id] = nil
		}
	}
	return f
}

// Lines returns the starts of the lines of the scanned text that hold one
// of p's literals, in order: a pattern that cannot match across a line
// break matches only there. ok is false when the index cannot say (p has
// no literals, one occurs on too many lines, or p can match across a line
// break); search the whole text.
func (f Found) Lines(p *Pattern) (starts []int, ok bool) {
	if p.ids == nil || p.vocab != f.vocab || p.local != '\n' {
		return nil, false
	}
	for _, id := range p.ids {
		if int(id) >= f.size {
			return nil, false
		}
		if f.set[id/64]&(1<<(id%64)) == 0 {
			continue
		}
		if f.lines[id] == nil {
			return nil, false
		}
		starts = append(starts, f.lines[id]...)
	}
	slices.Sort(starts)
	return slices.Compact(starts), true
}

// FindAllInLines is re.FindAllSubmatchIndex(text, n), searching only the
// lines f found p's literals on when p's matches never cross a line break
// and it anchors nothing to the start or end of the text (only to lines:
// (?m)^), and the whole text otherwise. Offsets are in text.
func (f Found) FindAllInLines(p *Pattern, text []byte, n int) [][]int {
	starts, ok := f.Lines(p)
	if !ok {
		return p.re.FindAllSubmatchIndex(text, n)
	}
	var out [][]int
	for _, start := range starts {
		if n >= 0 && len(out) >= n {
			break
		}
		end := len(text)
		if i := bytes.IndexByte(text[start:], '\n'); i >= 0 {
			end = start + i
		}
		limit := -1
		if n >= 0 {
			limit = n - len(out)
		}
		for _, m := range p.re.FindAllSubmatchIndex(text[start:end], limit) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += start
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// MayMatch reports whether p can match the scanned text: false only when
// the text holds none of the literals every match of p contains.
func (f Found) MayMatch(p *Pattern) bool {
	if p.ids == nil || p.vocab != f.vocab {
		return true
	}
	return p.mayHold(f.size, in(f.set))
}

// needlesIn returns the bit set of needles in text, scanning it the first
// time.
func (ix *Index) needlesIn(text string) []uint64 { return ix.scan(text).set }

// scan returns what the index knows of text, scanning it the first time.
// The scan runs outside the lock: rules search side by side, and two that
// ask about one new text at once both scan it, the first answer kept.
func (ix *Index) scan(text string) *scanned {
	key := textKey{unsafe.StringData(text), len(text)}
	ix.mu.Lock()
	sc, ok := ix.texts[key]
	ix.mu.Unlock()
	if ok {
		return sc
	}
	sc = &scanned{set: make([]uint64, (ix.size+63)/64)}
	list := len(text) >= minLineSearch && len(text) <= math.MaxInt32
	sc.listed = list
	ix.auto.scan(text, func(id int32, _, end int) {
		sc.set[id/64] |= 1 << (id % 64)
		if !sc.listed {
			return
		}
		if len(sc.ends) == maxOccurrences {
			sc.ends, sc.listed = nil, false
			return
		}
		sc.ends = append(sc.ends, occurrence{id, int32(end)})
	})
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if first, ok := ix.texts[key]; ok {
		return first
	}
	ix.texts[key] = sc
	ix.stats.Texts++
	ix.stats.Bytes += len(text)
	return sc
}
