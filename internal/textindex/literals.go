package textindex

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// Limits of literal extraction: past them a part of a pattern is treated as
// matching anything, which only makes the prefilter weaker, never wrong.
const (
	maxExact     = 32 // strings an exact set may hold before it is given up
	maxClassSize = 8  // runes a character class may hold to be spelled out
)

// info is what a part of a regular expression tells about the text it
// matches: exact, when not nil, is every string it can match (lower-cased);
// required, when not nil, is a set of strings one of which every match
// contains. Both nil: it can match anything.
type info struct {
	exact    []string
	required []string
}

// needlesOf returns lower-case strings one of which occurs (after ASCII case
// folding) in every text re matches anywhere, or nil when there is no such
// set (the pattern must then be run on every text). re is analysed as
// parsed: analyse reads counted repetitions itself, and Simplify, which
// spells x{0,60} out as sixty nested options, was three quarters of the
// analysis at start-up (18 ms) for the same needles on every pattern of
// the product.
func needlesOf(re *syntax.Regexp) []string {
	in := analyse(re)
	set := in.required
	if in.exact != nil {
		set = in.exact
	}
	if !useful(set) {
		return nil
	}
	return set
}

// useful reports whether a required set can rule a text out: it is not empty
// and none of its strings is empty.
func useful(set []string) bool {
	return len(set) > 0 && !slices.Contains(set, "")
}

func analyse(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return info{exact: []string{""}}
	case syntax.OpLiteral:
		s := string(re.Rune)
		if !ascii(s) {
			return info{} // Unicode case folding is not modelled
		}
		return info{exact: []string{strings.ToLower(s)}}
	case syntax.OpCharClass:
		return charClass(re)
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpQuest:
		sub := analyse(re.Sub[0])
		if sub.exact != nil && len(sub.exact) < maxExact {
			return info{exact: union(sub.exact, []string{""})}
		}
		return info{}
	case syntax.OpPlus:
		sub := analyse(re.Sub[0])
		return info{required: requiredOf(sub)}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return info{required: requiredOf(analyse(re.Sub[0]))}
		}
		return info{}
	case syntax.OpAlternate:
		return alternate(re.Sub)
	case syntax.OpConcat:
		return concat(re.Sub)
	}
	return info{} // any character, star, and whatever else: no constraint
}

// requiredOf returns the strings one of which a match of in contains.
func requiredOf(in info) []string {
	if in.exact != nil {
		if useful(in.exact) {
			return in.exact
		}
		return nil
	}
	return in.required
}

func alternate(subs []*syntax.Regexp) info {
	var exact, required []string
	allExact, allRequired := true, true
	for _, s := range subs {
		in := analyse(s)
		if in.exact != nil && allExact {
			exact = union(exact, in.exact)
		} else {
			allExact = false
		}
		if r := requiredOf(in); r != nil && allRequired {
			required = union(required, r)
		} else {
			allRequired = false
		}
	}
	if allExact && len(exact) <= maxExact {
		return info{exact: exact}
	}
	if allRequired {
		return info{required: required}
	}
	return info{}
}

// concat multiplies out runs of exact parts and keeps, as the required set,
// the best of the sets found along the way.
func concat(subs []*syntax.Regexp) info {
	var best []string
	consider := func(set []string) {
		if useful(set) && (best == nil || score(set) > score(best)) {
			best = set
		}
	}
	run := []string{""} // the product of the current run of exact parts
	allExact := true
	for _, s := range subs {
		in := analyse(s)
		if in.exact != nil && len(run)*len(in.exact) <= maxExact {
			run = product(run, in.exact)
			continue
		}
		consider(run)
		if in.exact != nil {
			run = in.exact
			allExact = false
			continue
		}
		allExact = false
		consider(in.required)
		run = []string{""}
	}
	if allExact {
		return info{exact: run}
	}
	consider(run)
	return info{required: best}
}

// score ranks required sets: longer shortest strings rule out more texts.
func score(set []string) int {
	m := len(set[0])
	for _, s := range set[1:] {
		m = min(m, len(s))
	}
	return m
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedupe(out)
}

func union(a, b []string) []string {
	return dedupe(append(slices.Clone(a), b...))
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func charClass(re *syntax.Regexp) info {
	var out []string
	n := 0
	for i := 0; i+1 < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		n += int(hi-lo) + 1
		if n > maxClassSize*2 || hi >= 0x80 {
			return info{}
		}
		for r := lo; r <= hi; r++ {
			out = append(out, strings.ToLower(string(r)))
		}
	}
	out = dedupe(out)
	if len(out) == 0 || len(out) > maxClassSize {
		return info{}
	}
	return info{exact: out}
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
