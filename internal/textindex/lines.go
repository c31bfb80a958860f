package textindex

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// localTo reports whether no match of re can hold the byte sep and re
// anchors nothing that a piece of text between two seps would change: each
// match then lies between two seps, and searching that piece on its own
// finds what searching it inside the text finds there.
//
// With sep a line break, line anchors ((?m)^ and $) are such: a piece is a
// line. With a full stop they are not (a piece starts after the stop, not
// at a line), and neither is the dot, which matches a full stop. Anchors to
// the whole text (\A, \z, ^ and $ without (?m)) never are. Word boundaries
// agree for both: neither a line break nor a full stop is a word
// character, and neither is the edge of a text.
func localTo(re *syntax.Regexp, sep rune) bool {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpAnyCharNotNL:
		return sep == '\n'
	case syntax.OpLiteral:
		return !slices.Contains(re.Rune, sep)
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= sep && sep <= re.Rune[i+1] {
				return false
			}
		}
		return true
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat,
		syntax.OpConcat, syntax.OpAlternate:
		for _, s := range re.Sub {
			if !localTo(s, sep) {
				return false
			}
		}
		return true
	}
	return false // OpAnyChar, OpBeginText, OpEndText, anything new
}

// pieces returns, in order and once each, the bounds [start, end) of the
// pieces of text between two of p's separators that can hold a match: they
// hold one of p's needles and satisfy one of its conjunctions.
func (ix *Index) pieces(text string, p *Pattern) [][2]int {
	want := make([]bool, ix.size)
	for _, id := range p.ids {
		want[id] = true
	}
	for _, alt := range p.all {
		for _, set := range alt {
			for _, id := range set {
				want[id] = true
			}
		}
	}
	var out [][2]int
	var piece [2]int
	var found []int32 // the wanted needles of piece
	held := make([]uint64, (ix.size+63)/64)
	flush := func() {
		if len(found) > 0 && p.mayHold(ix.size, in(held)) {
			out = append(out, piece)
		}
		for _, id := range found {
			held[id/64] = 0
		}
		found = found[:0]
	}
	each := func(id int32, end int) {
		if !want[id] {
			return
		}
		if len(found) == 0 || end > piece[1] {
			flush()
			// A needle holds no separator (p is local to it), so the
			// piece holding its last byte holds all of it.
			start := strings.LastIndexByte(text[:end], p.local) + 1
			stop := len(text)
			if i := strings.IndexByte(text[end:], p.local); i >= 0 {
				stop = end + i
			}
			piece = [2]int{start, stop}
		}
		held[id/64] |= 1 << (id % 64)
		found = append(found, id)
	}
	if sc := ix.scan(text); sc.listed {
		for _, o := range sc.ends {
			each(o.id, int(o.end))
		}
	} else {
		ix.auto.scan(text, func(id int32, _, end int) { each(id, end) })
	}
	flush()
	return out
}

// inPieces calls find on each piece of text between two of p's separators
// (a line, a sentence) that holds one of p's needles, in order, with its
// offset in text, until find returns false. ok is false when p is local to
// no separator or its needles are not all in the index; search the whole
// text then.
func (ix *Index) inPieces(text string, p *Pattern, find func(piece string, off int) bool) (ok bool) {
	if p.local == 0 || p.ids == nil || p.vocab != ix.vocab || len(text) < minLineSearch {
		return false
	}
	if slices.ContainsFunc(p.ids, func(id int32) bool { return int(id) >= ix.size }) || int(p.allMax) >= ix.size {
		return false
	}
	for _, b := range ix.pieces(text, p) {
		if !find(text[b[0]:b[1]], b[0]) {
			break
		}
	}
	return true
}

// minLineSearch is the length from which a text is searched piece by
// piece: below it one run of the regular expression costs less than a
// second scan for the pieces.
const minLineSearch = 4096

func shift(loc []int, off int) []int {
	for i := range loc {
		if loc[i] >= 0 {
			loc[i] += off
		}
	}
	return loc
}
