package license

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// RestrictionKind is a kind of term that makes a licence not open.
type RestrictionKind string

// The restrictions Restrictions finds.
const (
	// NonCommercial forbids commercial use, or grants only non-commercial use.
	NonCommercial RestrictionKind = "non-commercial"
	// Revocable lets the licensor take the licence back.
	Revocable RestrictionKind = "revocable"
	// LimitedUse grants use only for a purpose: personal, educational,
	// academic, research, evaluation or internal use.
	LimitedUse RestrictionKind = "limited-use"
)

// Restriction is a term of a licence text that makes it not open.
type Restriction struct {
	Kind RestrictionKind
	Line int // 1-based line of the term
	// Phrase is the words that state it, as written (whitespace folded, at
	// most maxPhrase bytes): "No se permite el uso comercial".
	Phrase string
}

// maxPhrase bounds Restriction.Phrase.
const maxPhrase = 160

// maxRestrictions bounds the restrictions reported per text.
const maxRestrictions = 20

// Restrictions finds the terms of a licence text that make it not open: it
// forbids commercial use ("No se permite el uso comercial", "for
// non-commercial purposes only"), limits use to a purpose ("for academic
// research only"), or can be revoked ("This licence may be revoked at any
// time"), in English, Spanish, Portuguese, French, German, Italian and
// Indonesian. It is meant for licence texts the tool does not recognise (a
// bespoke licence): the open licences it knows mention commerce in other ways
// ("commercial damages", "commercial or non-commercial"), and produce no
// restriction (see TestRestrictionsOnKnownLicences). A Creative Commons NC
// text does produce one; its id already says so.
//
// The text is read once, word by word, clause by clause; there is no regular
// expression per term.
func Restrictions(text []byte) []Restriction {
	words := splitWords(text)
	var out []Restriction
	seen := map[RestrictionKind]int{} // kind -> last line reported
	for start := 0; start < len(words) && len(out) < maxRestrictions; {
		end := start + 1
		for end < len(words) && !words[end].clause {
			end++
		}
		c := clause{words: words[start:end], text: text}
		for _, r := range c.restrictions() {
			if line, ok := seen[r.Kind]; ok && line == r.Line {
				continue
			}
			seen[r.Kind] = r.Line
			out = append(out, r)
		}
		start = end
	}
	if len(out) > maxRestrictions {
		out = out[:maxRestrictions]
	}
	return out
}

// word is one word of a text, lower-cased.
type word struct {
	w          string
	start, end int // byte offsets in the text
	line       int
	clause     bool // the word opens a clause
}

// splitWords splits text into lower-cased words of letters and digits, marking
// the first word after a full stop, a semicolon, a colon, a question or
// exclamation mark, or a blank line as opening a clause.
func splitWords(text []byte) []word {
	out := make([]word, 0, len(text)/6)
	// Words are substrings of one lower-cased copy of the text, unless
	// lower-casing changes its length (rare letters such as 'İ').
	lower := strings.ToLower(string(text))
	sameOffsets := len(lower) == len(text)
	line, newlines := 1, 0
	brk := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch r {
			case '\n':
				line++
				newlines++
				if newlines >= 2 {
					brk = true
				}
			case '.', ';', ':', '!', '?':
				next, _ := utf8.DecodeRune(text[min(i+size, len(text)):])
				if i+size >= len(text) || unicode.IsSpace(next) {
					brk = true
				}
			case ' ', '\t', '\r':
			default:
				newlines = 0
			}
			i += size
			continue
		}
		newlines = 0
		j := i
		for j < len(text) {
			r, s := utf8.DecodeRune(text[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += s
		}
		w := ""
		if sameOffsets {
			w = lower[i:j]
		} else {
			w = strings.ToLower(string(text[i:j]))
		}
		out = append(out, word{w: w, start: i, end: j, line: line, clause: brk})
		brk = false
		i = j
	}
	return out
}

// clause is a run of words between clause breaks.
type clause struct {
	words []word
	text  []byte
}

func (c clause) at(i int) string {
	if i < 0 || i >= len(c.words) {
		return ""
	}
	return c.words[i].w
}

// restrictions returns the restrictions of the clause, at most one per kind.
func (c clause) restrictions() []Restriction {
	var out []Restriction
	if c.has(definitionWords) || c.has(vetoWords) {
		return nil
	}
	if i, j, ok := c.nonCommercial(); ok {
		out = append(out, c.restriction(NonCommercial, i, j))
	}
	if i, j, ok := c.limitedUse(); ok {
		out = append(out, c.restriction(LimitedUse, i, j))
	}
	if i, j, ok := c.revocable(); ok {
		out = append(out, c.restriction(Revocable, i, j))
	}
	return out
}

// has reports whether one of the clause's words is in the set.
func (c clause) has(set map[string]bool) bool {
	for _, w := range c.words {
		if set[w.w] {
			return true
		}
	}
	return false
}

// restriction reports the words i..j of the clause.
func (c clause) restriction(k RestrictionKind, i, j int) Restriction {
	i, j = max(0, min(i, j)), min(len(c.words)-1, max(i, j))
	phrase := strings.Join(strings.Fields(string(c.text[c.words[i].start:c.words[j].end])), " ")
	if len(phrase) > maxPhrase {
		phrase = strings.ToValidUTF8(phrase[:maxPhrase], "")
	}
	return Restriction{Kind: k, Line: c.words[i].line, Phrase: phrase}
}

func isCommerce(w string) bool {
	for _, s := range commerceStems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// ncTermAt reports whether word i opens a non-commercial term, and the index
// of its last word.
func (c clause) ncTermAt(i int) (int, bool) {
	w := c.at(i)
	switch {
	case ncWords[w]:
		return i, true
	case ncPrefixes[w] && isCommerce(c.at(i+1)):
		return i + 1, true
	case w == "non" && c.at(i+1) == "profit":
		return i + 1, true
	case w == "not" && c.at(i+1) == "for" && c.at(i+2) == "profit":
		return i + 2, true
	case nonProfitOpeners[w]:
		for k := i + 1; k <= i+3; k++ {
			if strings.HasPrefix(c.at(k), "lucr") {
				return k, true
			}
		}
	}
	for _, s := range ncWordStems {
		if strings.HasPrefix(w, s) {
			return i, true
		}
	}
	return 0, false
}

// nonCommercial finds a non-commercial term, or a prohibition of commercial
// use, and returns the words that state it.
func (c clause) nonCommercial() (int, int, bool) {
	ncStart, ncEnd, hasNC := -1, -1, false
	positive := false // a commerce word outside a non-commercial term
	for i := 0; i < len(c.words); i++ {
		if end, ok := c.ncTermAt(i); ok {
			if !hasNC && !articles[c.at(i-1)] && c.aboutUse(i, end) {
				ncStart, ncEnd, hasNC = i, end, true
			}
			i = end
			continue
		}
		if !isCommerce(c.at(i)) {
			continue
		}
		if c.bothWays(i) {
			return 0, 0, false // "commercial or non-commercial": both allowed
		}
		positive = true
		if from, to, ok := c.forbidsCommerce(i); ok {
			return from, to, true
		}
	}
	if hasNC && !positive {
		return ncStart, ncEnd, true
	}
	return 0, 0, false
}

// aboutUse reports whether the non-commercial term at i..end qualifies a use:
// "non-commercial purposes", "uso no comercial", "sin fines de lucro".
func (c clause) aboutUse(i, end int) bool {
	return nonProfitOpeners[c.at(i)] || useWords[c.at(i-1)] || useWords[c.at(end+1)]
}

// bothWays reports whether the commerce word at i is one side of "commercial
// or non-commercial", "non-commercial or commercial", "commercial or
// otherwise", "commercial or not".
func (c clause) bothWays(i int) bool {
	if alternatives[c.at(i-1)] {
		for k := i - 4; k < i-1; k++ {
			if end, nc := c.ncTermAt(k); nc && end == i-2 {
				return true
			}
		}
	}
	if !alternatives[c.at(i+1)] {
		return false
	}
	next := c.at(i + 2)
	if next == "otherwise" || next == "not" || next == "non" && c.at(i+3) == "" {
		return true
	}
	_, nc := c.ncTermAt(i + 2)
	return nc
}

// maxProhibitionGap is how many words a prohibition may come before the
// commerce word: "ne peut pas être utilisé à des fins commerciales".
const maxProhibitionGap = 7

// forbidsCommerce reports whether the commerce word at i is forbidden: it is
// next to a use word (or is "for profit") and a prohibition comes shortly
// before it, or a verdict shortly after.
func (c clause) forbidsCommerce(i int) (int, int, bool) {
	w := c.at(i)
	if strings.HasPrefix(w, "lucr") {
		// "lucro" is itself the use ("con fines de lucro").
	} else if !c.nearUseWord(i) {
		return 0, 0, false
	}
	for k := i - 1; k >= max(0, i-maxProhibitionGap); k-- {
		if !prohibitions[c.at(k)] || notProhibitions[c.at(k+1)] || c.at(k) == "not" && c.at(k-1) == "or" {
			continue // "not limited to", "whether or not"
		}
		if _, nc := c.ncTermAt(k); nc {
			continue // "non-commercial use is free, commercial use ..."
		}
		return k, c.useEnd(i), true
	}
	for k := i + 1; k <= i+5 && k < len(c.words); k++ {
		switch {
		case verdicts[c.at(k)]:
			return i, k, true
		case negations[c.at(k)]:
			for m := k + 1; m <= k+3; m++ {
				if permissions[c.at(m)] {
					return i, m, true
				}
			}
		case withoutWords[c.at(k)]:
			for m := k + 1; m <= k+4; m++ {
				if consentWords[c.at(m)] {
					return i, m, true
				}
			}
		}
	}
	return 0, 0, false
}

// nearUseWord reports whether a use word is next to i: "commercial use",
// "uso comercial", "used commercially". "Commercial Recipient use" (APL-1.0)
// is not a commercial use.
func (c clause) nearUseWord(i int) bool {
	return useWords[c.at(i-1)] || useWords[c.at(i+1)] || c.at(i) == "profit" && c.at(i-1) == "for"
}

// useEnd returns the index of the use word after i, or i.
func (c clause) useEnd(i int) int {
	if useWords[c.at(i+1)] {
		return i + 1
	}
	return i
}

// limitedUse finds "only" next to a purpose: "for personal use only",
// "solely for academic research", "nur für Forschungszwecke".
func (c clause) limitedUse() (int, int, bool) {
	hasUse := -1 // unknown
	for i := range c.words {
		if !onlyWords[c.at(i)] || negations[c.at(i-1)] || c.at(i-1) == "not" {
			continue // "not only for research"
		}
		for k := i - 4; k <= i+4; k++ {
			if k == i || !purposeWords[c.at(k)] || c.at(k) == "research" && c.at(k+1) == "and" && c.at(k+2) == "development" {
				continue // "research and development" is a business, not a purpose
			}
			if hasUse < 0 {
				hasUse = 0
				if c.hasUseWord() {
					hasUse = 1
				}
			}
			if hasUse == 1 {
				return min(i, k), max(i, k), true
			}
		}
	}
	return 0, 0, false
}

func (c clause) hasUseWord() bool {
	for i := range c.words {
		if useWords[c.at(i)] || purposeWords[c.at(i)] && strings.HasSuffix(c.at(i), "zwecke") {
			return true
		}
	}
	return false
}

// revocable finds a licence that can be revoked: "revocable", "may be
// revoked", "may revoke", "revoke ... at any time", "the right to revoke".
func (c clause) revocable() (int, int, bool) {
	anyTimeAt := c.anyTime()
	if anyTimeAt < 0 && c.has(conditionWords) {
		return 0, 0, false // termination on breach, as in open licences
	}
	for i := range c.words {
		w := c.at(i)
		switch {
		case revocableWords[w]:
			if !negations[c.at(i-1)] { // "not revocable", "non-revocable"
				return i, i, true
			}
		case modals[w]:
			if negations[c.at(i-1)] || negations[c.at(i-2)] || c.at(i+1) == "not" || c.at(i+1) == "no" {
				continue // "No contributor can revoke this license" (Blue Oak)
			}
			k := i + 1
			if beWords[c.at(k)] {
				k++
			}
			if revokedWord[c.at(k)] && (k > i+1 || w == "dapat" || w == "bisa" || w == "boleh") {
				if c.at(k) == "terminated" && anyTimeAt < 0 {
					continue
				}
				return i, k, true
			}
			if (c.at(k) == "revoke" || c.at(k) == "withdraw" || c.at(k) == "rescind") && !c.licenseeBefore(i) {
				return i, k, true // "the Licensor may revoke"
			}
		case rightWords[w] && (c.at(i+1) == "to" || c.at(i+1) == "a" || c.at(i+1) == "de" || c.at(i+1) == "di" || c.at(i+1) == "untuk"):
			if revokeVerbs[c.at(i+2)] {
				return i, i + 2, true
			}
		case revokeVerbs[w] && anyTimeAt >= 0:
			if c.licenseeBefore(i) || negations[c.at(i-1)] || negations[c.at(i-2)] || negations[c.at(i-3)] {
				continue // "Recipient may choose to terminate this License at any time"; "will not terminate"
			}
			return min(i, anyTimeAt), max(i, anyTimeAt), true
		}
	}
	return 0, 0, false
}

// licenseeBefore reports whether the licensee is named before word i.
func (c clause) licenseeBefore(i int) bool {
	for k := 0; k < i; k++ {
		if licenseeWords[c.at(k)] {
			return true
		}
	}
	return false
}

// anyTime returns the index of the first word of an "at any time" phrase in
// the clause, or -1.
func (c clause) anyTime() int {
	for i := range c.words {
		for _, p := range anyTime {
			match := true
			for k, w := range p {
				if c.at(i+k) != w {
					match = false
					break
				}
			}
			if match {
				return i
			}
		}
	}
	return -1
}
