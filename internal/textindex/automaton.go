package textindex

// automaton is an Aho-Corasick automaton over lower-case ASCII needles,
// compiled to a DFA over byte classes: one table lookup per input byte, and
// a text is scanned once whatever the number of needles.
type automaton struct {
	class   [256]uint8 // input byte (after folding) -> byte class; 0 is "in no needle"
	classes int
	next    []int32   // state*classes + class -> state
	out     [][]int32 // state -> needles that end here (following failure links)
}

func newAutomaton(needles []string) *automaton {
	a := &automaton{classes: 1}
	for _, n := range needles {
		for i := 0; i < len(n); i++ {
			if a.class[n[i]] == 0 {
				a.class[n[i]] = uint8(a.classes)
				a.classes++
			}
		}
	}
	// The trie, with -1 for missing edges.
	trie := [][]int32{a.row()}
	a.out = [][]int32{nil}
	for id, n := range needles {
		s := int32(0)
		for i := 0; i < len(n); i++ {
			c := a.class[n[i]]
			if trie[s][c] < 0 {
				trie[s][c] = int32(len(trie))
				trie = append(trie, a.row())
				a.out = append(a.out, nil)
			}
			s = trie[s][c]
		}
		a.out[s] = append(a.out[s], int32(id))
	}
	// Breadth first: failure links, and missing edges become the failure
	// state's edges.
	fail := make([]int32, len(trie))
	queue := []int32{}
	for c := range a.classes {
		if t := trie[0][c]; t > 0 {
			queue = append(queue, t)
		} else {
			trie[0][c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := range a.classes {
			t := trie[s][c]
			if t < 0 {
				trie[s][c] = trie[fail[s]][c]
				continue
			}
			fail[t] = trie[fail[s]][c]
			a.out[t] = append(a.out[t], a.out[fail[t]]...)
			queue = append(queue, t)
		}
	}
	a.next = make([]int32, 0, len(trie)*a.classes)
	for _, row := range trie {
		a.next = append(a.next, row...)
	}
	return a
}

// anyIn reports whether one of the needles occurs in the ASCII text s, its
// letters folded to lower case.
func (a *automaton) anyIn(s string) bool {
	st := int32(0)
	n := int32(a.classes)
	for i := 0; i < len(s); i++ {
		st = a.next[st*n+int32(a.class[lower(s[i])])]
		if a.out[st] != nil {
			return true
		}
	}
	return false
}

func (a *automaton) row() []int32 {
	r := make([]int32, a.classes)
	for i := range r {
		r[i] = -1
	}
	return r
}

// scan calls found for every needle occurring in text, ASCII letters folded
// to lower case, and the two non-ASCII letters Go's case-insensitive
// matching folds to ASCII (KELVIN SIGN to k, LONG S to s) read as those.
// found gets the start of the needle's line and the offset just past the
// needle.
func (a *automaton) scan(text string, found func(id int32, lineStart, end int)) {
	s := int32(0)
	line := 0
	n := int32(a.classes)
	for i := 0; i < len(text); i++ {
		b := text[i]
		switch {
		case b >= 'A' && b <= 'Z':
			b += 'a' - 'A'
		case b == 0xE2 && i+2 < len(text) && text[i+1] == 0x84 && text[i+2] == 0xAA: // U+212A KELVIN SIGN
			b = 'k'
			i += 2
		case b == 0xC5 && i+1 < len(text) && text[i+1] == 0xBF: // U+017F LATIN SMALL LETTER LONG S
			b = 's'
			i++
		}
		s = a.next[s*n+int32(a.class[b])]
		if b == '\n' {
			line = i + 1
		}
		if out := a.out[s]; out != nil {
			for _, id := range out {
				found(id, line, i+1)
			}
		}
	}
}
