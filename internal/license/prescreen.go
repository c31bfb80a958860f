package license

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// The pre-screen: which of licensecheck's patterns can possibly match a text.
//
// A pattern can only match a text that contains the words it requires, in its
// order. Two cheap tests stand in for that: the share of the pattern's required
// words the text contains (wordSlack), and how many of its required word pairs
// (two required words with nothing but punctuation and short words between)
// stand next to each other in the text (pairSlack). Words alone let
// through nearly every short pattern for a long licence text: an AGPL text
// holds all the words of sixty-four patterns, and compiling them together cost
// 170 ms; pairs keep the few whose phrases it holds.

// A text may lack wordSlack(n) of a pattern's n required words and pairSlack(n)
// of its n pairs. licensecheck forgives misspelt words (one-letter edits) and
// words run together, so both are loose: a fifth of the words and at least
// one; a fifth of the pairs and at least four, since one misspelt word breaks
// two pairs. FuzzPrescreen checks that a one-letter edit to a licence text
// keeps the patterns it matches. Over the 3,813 matches the full scanner finds in the 727
// SPDX texts and 731 real licence files, the lowest share of a true match's
// words was 0.94; the lowest share of its pairs in the test corpus was 0.94
// too. Near relatives of a licence hold far fewer pairs: the BSD and Apache 1
// patterns, which together cost licensecheck 200 ms to compile, hold about
// 70 % of each other's.
func wordSlack(n int) int { return max(1, n/5) }

func pairSlack(n int) int { return max(4, n/5) }

// pattern is one licensecheck pattern and what a text needs to match it.
type pattern struct {
	lic   licensecheck.License
	words []int32  // ids (in Detector.dict) of the distinct words outside optional and alternative groups
	pairs []uint64 // up to maxPairs pairs (pairKey) of those words that stand next to each other, spread over the pattern
}

// maxPairs caps the pairs kept per pattern: sixty-four pairs spread over a
// licence tell it from another as well as its thousand do.
const maxPairs = 64

// prepare reads every built-in pattern once: from the table made of them
// (prescreen_table.go) when it was made of these patterns, else by lexing
// them.
func (d *Detector) prepare() {
	ls := licensecheck.BuiltinLicenses()
	if !d.noTable && d.load(ls, prescreenTable) {
		return
	}
	d.lex(ls)
}

// lex reads the words and pairs of every pattern of ls.
func (d *Detector) lex(ls []licensecheck.License) {
	d.dict = make(map[string]int32, 8192)
	d.lres, d.urls = nil, nil
	lx := &lreLexer{dict: d.dict}
	var stamp []int // stamp[id] is 1 + the index of the last pattern that listed word id
	for _, l := range ls {
		switch {
		case l.LRE != "":
			lx.src, lx.i = l.LRE, 0
			words, pairs := lx.seq(true)
			p := pattern{lic: l}
			n := len(d.lres) + 1
			for _, id := range words {
				if int(id) >= len(stamp) {
					stamp = append(stamp, make([]int, int(id)+1-len(stamp))...)
				}
				if stamp[id] != n {
					stamp[id] = n
					p.words = append(p.words, id)
				}
			}
			step := (len(pairs) + maxPairs - 1) / maxPairs
			for i := 0; i < len(pairs); i += step {
				p.pairs = append(p.pairs, pairs[i])
			}
			d.lres = append(d.lres, p)
		case l.URL != "":
			d.urls = append(d.urls, l)
		}
	}
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// lreLexer reads licensecheck's pattern syntax for the words a pattern
// requires, numbering each distinct word in dict.
type lreLexer struct {
	src   string
	i     int
	dict  map[string]int32
	top   []int32 // the top-level sequence's words and pairs, reused across patterns
	pairs []uint64
	buf   []byte
}

// seq reads a sequence up to an unmatched "||", "))" or the end and returns
// the ids of the words it requires, with repeats: words outside any group,
// plus, for a non-optional (( a || b )) group, the words every alternative
// requires. Optional ((...))?? groups and //** comments **// contribute
// nothing, nor do words shorter than three letters.
//
// It also returns the pairs of required words that stand next to each other:
// within the sequence, and those every alternative of a non-optional group
// holds. A group, a wildcard or a comment between two words breaks their pair.
func (l *lreLexer) seq(top bool) (req []int32, pairs []uint64) {
	if top {
		req, pairs = l.top[:0], l.pairs[:0]
		defer func() { l.top, l.pairs = req[:0], pairs[:0] }()
	}
	prev := int32(-1)
	for l.i < len(l.src) {
		c := l.src[l.i]
		rest := l.src[l.i:]
		switch {
		case c == '/' && strings.HasPrefix(rest, "//**"):
			prev = -1
			end := strings.Index(rest[4:], "**//")
			if end < 0 {
				l.i = len(l.src)
				return req, pairs
			}
			l.i += 4 + end + 4
		case c == '|' && strings.HasPrefix(rest, "||"), c == ')' && strings.HasPrefix(rest, "))"):
			return req, pairs
		case c == '(' && strings.HasPrefix(rest, "(("):
			prev = -1
			l.i += 2
			alt, altPairs := l.seq(false)
			for strings.HasPrefix(l.src[l.i:], "||") {
				l.i += 2
				next, nextPairs := l.seq(false)
				alt, altPairs = intersect(alt, next), intersect(altPairs, nextPairs)
			}
			if strings.HasPrefix(l.src[l.i:], "))") {
				l.i += 2
			}
			if strings.HasPrefix(l.src[l.i:], "??") {
				l.i += 2
				continue // optional: requires nothing
			}
			req = append(req, alt...)
			pairs = append(pairs, altPairs...)
		case c == '_' && strings.HasPrefix(rest, "__"):
			prev = -1
			l.i += 2
			for l.i < len(l.src) && l.src[l.i] != '_' {
				l.i++
			}
			l.i += 2
		default:
			j := wordEnd(l.src, l.i)
			if j == l.i {
				_, size := utf8.DecodeRuneInString(rest)
				l.i += size
				continue
			}
			l.buf = canon(lowerWord(l.buf[:0], l.src[l.i:j]))
			if len(l.buf) >= 3 {
				id, ok := l.dict[string(l.buf)] // no allocation for the lookup
				if !ok {
					id = int32(len(l.dict))
					l.dict[string(l.buf)] = id
				}
				req = append(req, id)
				if prev >= 0 {
					pairs = append(pairs, pairKey(prev, id))
				}
				prev = id
			}
			l.i = j
		}
	}
	return req, pairs
}

// intersect returns the elements of a that b holds too.
func intersect[T comparable](a, b []T) []T {
	in := make(map[T]bool, len(b))
	for _, w := range b {
		in[w] = true
	}
	out := a[:0]
	for _, w := range a {
		if in[w] {
			out = append(out, w)
		}
	}
	return out
}

// wordEnd returns the end of the word (letters and digits) that starts at i,
// or i when none does.
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isWordRune(r) {
			break
		}
		j += size
	}
	return j
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// canon applies licensecheck's rewrites to a lower-case word, in place:
// https as http, and its canonical rewrites.
func canon(w []byte) []byte {
	switch string(w) {
	case "https":
		return w[:4]
	case "are":
		return append(w[:0], "is"...)
	case "them", "they":
		return append(w[:0], "it"...)
	case "these", "this", "those":
		return append(w[:0], "the"...)
	case "copies":
		return append(w[:0], "copy"...)
	}
	return w
}

// markText sets words[id] for every pattern word that occurs in text and
// returns the pairs (pairKey) of pattern words that stand next to each other.
// A word it does not know that is two words it knows run together ("andor",
// "inno") counts as those two, as licensecheck reads it.
func (d *Detector) markText(text []byte, words []bool) map[uint64]bool {
	m := textMarker{d: d, words: words, pairs: map[uint64]bool{}, prev: -1}
	s := string(text)
	for i := 0; i < len(s); {
		j := wordEnd(s, i)
		if j == i {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		m.word(s[i:j])
		i = j
	}
	return m.pairs
}

type textMarker struct {
	d        *Detector
	words    []bool
	pairs    map[uint64]bool
	prev     int32
	buf, alt []byte
}

func (m *textMarker) word(w string) {
	if len(w) < 3 {
		return // short words are in no pattern's requirements, and break no pair
	}
	m.buf = canon(lowerWord(m.buf[:0], w))
	if id, ok := m.d.dict[string(m.buf)]; ok { // no allocation for the lookup
		m.mark(id)
		return
	}
	for k := 1; k < len(w); k++ {
		left, lok := m.lookup(w[:k])
		right, rok := m.lookup(w[k:])
		if lok && rok && (left >= 0 || right >= 0) {
			m.mark(left)
			m.mark(right)
			return
		}
	}
	m.prev = -1
}

// lookup returns the id of w, -1 for a short word, and false for a word of
// three letters or more that no pattern requires.
func (m *textMarker) lookup(w string) (int32, bool) {
	if len(w) < 3 {
		return -1, true
	}
	m.alt = canon(lowerWord(m.alt[:0], w))
	id, ok := m.d.dict[string(m.alt)]
	return id, ok
}

func (m *textMarker) mark(id int32) {
	if id < 0 {
		return
	}
	m.words[id] = true
	if m.prev >= 0 {
		m.pairs[pairKey(m.prev, id)] = true
	}
	m.prev = id
}

// lowerWord appends w lower-cased to dst, cheaply for ASCII.
func lowerWord[T string | []byte](dst []byte, w T) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(dst[:0], strings.ToLower(string(w))...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// admits reports whether a text marked by markText may match p.
func admits(p pattern, words []bool, pairs map[uint64]bool) bool {
	return fewMissing(p.words, wordSlack(len(p.words)), func(id int32) bool { return words[id] }) &&
		fewMissing(p.pairs, pairSlack(len(p.pairs)), func(k uint64) bool { return pairs[k] })
}

// fewMissing reports whether at most allowed of ids are not present, stopping
// as soon as more are.
func fewMissing[T any](ids []T, allowed int, present func(T) bool) bool {
	missing := 0
	for _, id := range ids {
		if !present(id) {
			missing++
			if missing > allowed {
				return false
			}
		}
	}
	return true
}
