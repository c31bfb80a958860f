package textindex

import (
	"regexp/syntax"
	"strings"
	"unsafe"
)

// Filter is the quick test a short text (a file path) must pass before a
// regular expression is run on it: it holds one of the expression's
// needles, after ASCII case folding. It is for texts too many and too short
// to index one by one.
type Filter struct {
	needles []string   // nil: every text passes
	auto    *automaton // the needles', when there are many
}

// filterAutomaton is the number of needles from which a filter reads a
// text once with an automaton rather than once per needle.
const filterAutomaton = 4

// FilterOf returns the filter of the regular expression expr; building one
// costs about as much as compiling expr, so build it once for a loop over
// many texts.
func FilterOf(expr string) Filter {
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return Filter{}
	}
	f := Filter{needles: needlesOf(parsed)}
	if len(f.needles) >= filterAutomaton {
		f.auto = newAutomaton(f.needles)
	}
	return f
}

// May reports whether re can match s: false only when s holds none of the
// needles. A text with bytes outside ASCII always passes (case folding
// there, K to the Kelvin sign, is left to the expression).
func (f Filter) May(s string) bool {
	if f.needles == nil {
		return true
	}
	upper := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return true
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	if f.auto != nil {
		return f.auto.anyIn(s) // folds case as it reads
	}
	if upper {
		// Fold once, then search with strings.Contains (vectorised):
		// paths fit the buffer, which stays on the stack.
		var buf [512]byte
		if len(s) <= len(buf) {
			b := buf[:len(s)]
			for i := range len(s) {
				b[i] = lower(s[i])
			}
			s = unsafe.String(&b[0], len(b))
		} else {
			s = strings.ToLower(s)
		}
	}
	for _, n := range f.needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
