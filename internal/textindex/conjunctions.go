package textindex

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// A pattern's needles say that a match holds one of them. Most patterns the
// rules search with say more: `\bexport\b[^\n]{0,80}?\bcsv\b` matches only
// a line holding both "export" and "csv", and a documentation set has many
// lines holding one and few holding both. The conjunctions of a pattern are
// its top-level alternatives, each with the sets of strings a match of it
// holds one string of each; a text, or a line, that satisfies none of them
// is ruled out before the regular expression runs.

// minClause is the length of the shortest string a set beyond the needles
// must have to be worth its place in the automaton: a one- or two-letter
// string occurs nearly everywhere and would only slow every scan.
const minClause = 3

// conjunctionsOf returns, for each top-level alternative of re, the sets of
// lower-case strings one string of each of which every match of that
// alternative holds; nil when some alternative promises nothing (the
// needles alone then decide).
func conjunctionsOf(re *syntax.Regexp) [][][]string {
	re = uncaptured(re)
	alts := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		alts = re.Sub
	}
	var out [][][]string
	sharper := false // than the needles: some alternative has two sets
	for _, a := range alts {
		clauses := clausesOf(a)
		if len(clauses) == 0 {
			return nil
		}
		sharper = sharper || len(clauses) > 1
		out = append(out, clauses)
	}
	if !sharper {
		return nil
	}
	return out
}

// clausesOf returns sets of strings every match of re holds one of each:
// the one analyse finds for re as a whole, and, when re is a sequence, the
// one of each of its parts.
func clausesOf(re *syntax.Regexp) [][]string {
	re = uncaptured(re)
	var out [][]string
	add := func(set []string) {
		if useful(set) && score(set) >= minClause && !slices.ContainsFunc(out, func(s []string) bool { return slices.Equal(s, set) }) {
			out = append(out, set)
		}
	}
	add(requiredOf(analyse(re)))
	if re.Op == syntax.OpConcat {
		for _, s := range re.Sub {
			if s = uncaptured(s); s.Op == syntax.OpConcat {
				for _, c := range clausesOf(s) {
					add(c)
				}
				continue
			}
			add(requiredOf(analyse(s)))
		}
	}
	// A set is implied by another when each string of the other holds one
	// of its strings ("re(store|vert)" gives "restore", "revert" and the
	// parts "store", "vert"): it rules nothing more out.
	// Of two sets that imply each other the smaller is kept (the first of
	// two of a size).
	var kept [][]string
	for i, set := range out {
		redundant := false
		for j, other := range out {
			if j != i && implies(other, set) && (!implies(set, other) || len(other) < len(set) || len(other) == len(set) && j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			kept = append(kept, set)
		}
	}
	return kept
}

// implies reports whether a text holding a string of a holds one of b.
func implies(a, b []string) bool {
	return !slices.ContainsFunc(a, func(s string) bool {
		return !slices.ContainsFunc(b, func(t string) bool { return strings.Contains(s, t) })
	})
}

func uncaptured(re *syntax.Regexp) *syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	return re
}

// conjunctions are a pattern's conjunctions as needle ids.
type conjunctions [][][]int32

// heldBy reports whether some alternative has one needle of each of its
// sets in the text has reports holding.
func (c conjunctions) heldBy(has func(id int32) bool) bool {
	for _, alt := range c {
		if !slices.ContainsFunc(alt, func(set []int32) bool { return !slices.ContainsFunc(set, has) }) {
			return true
		}
	}
	return false
}

// maxID is the largest needle id of c, -1 when it has none.
func (c conjunctions) maxID() int32 {
	m := int32(-1)
	for _, alt := range c {
		for _, set := range alt {
			for _, id := range set {
				m = max(m, id)
			}
		}
	}
	return m
}
