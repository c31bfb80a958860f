package textindex

import (
	"regexp/syntax"
	"slices"
)

// lineLocal reports whether no match of re can hold a line break and re
// anchors nothing to the start or end of the whole text (only to lines,
// (?m)^ and $): each match then lies inside one line, and searching a line
// on its own finds what searching it inside the text finds there. Word
// boundaries agree too: a line break is not a word character, and neither
// is the edge of a text.
func lineLocal(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return !slices.Contains(re.Rune, '\n')
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return false
			}
		}
		return true
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat,
		syntax.OpConcat, syntax.OpAlternate:
		for _, s := range re.Sub {
			if !lineLocal(s) {
				return false
			}
		}
		return true
	}
	return false // OpAnyChar, OpBeginText, OpEndText, anything new
}

// lineStarts returns, in order and once each, the starts of the lines of
// text holding one of p's needles.
func (ix *Index) lineStarts(text string, p *Pattern) []int {
	want := make([]bool, ix.size)
	for _, id := range p.ids {
		want[id] = true
	}
	var starts []int
	ix.auto.scan(text, nil, 0, func(id int32, line int) {
		if want[id] && (len(starts) == 0 || starts[len(starts)-1] != line) {
			starts = append(starts, line)
		}
	})
	return starts
}

// inLines calls find on each line of text that holds one of p's needles,
// in order, with the line and its offset in text, until find returns
// false. ok is false when p is not line-local or its needles are not all
// in the index; search the whole text then.
func (ix *Index) inLines(text string, p *Pattern, find func(line string, off int) bool) (ok bool) {
	if !p.lineLocal || p.ids == nil || p.vocab != ix.vocab || len(text) < minLineSearch {
		return false
	}
	for _, id := range p.ids {
		if int(id) >= ix.size {
			return false
		}
	}
	for _, start := range ix.lineStarts(text, p) {
		end := len(text)
		for i := start; i < len(text); i++ {
			if text[i] == '\n' {
				end = i
				break
			}
		}
		if !find(text[start:end], start) {
			break
		}
	}
	return true
}

// minLineSearch is the length from which a text is searched line by line:
// below it one run of the regular expression costs less than a second
// scan for the lines.
const minLineSearch = 4096

func shift(loc []int, off int) []int {
	for i := range loc {
		if loc[i] >= 0 {
			loc[i] += off
		}
	}
	return loc
}
