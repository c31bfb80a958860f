package textindex

import (
	"regexp/syntax"
	"strings"
)

// Filter is the quick test a short text (a file path) must pass before a
// regular expression is run on it: it holds one of the expression's
// needles, after ASCII case folding. It is for texts too many and too short
// to index one by one.
type Filter struct {
	needles []string // nil: every text passes
}

// FilterOf returns the filter of the regular expression expr; building one
// costs about as much as compiling expr, so build it once for a loop over
// many texts.
func FilterOf(expr string) Filter {
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return Filter{}
	}
	return Filter{needles: needlesOf(parsed)}
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
	for _, n := range f.needles {
		if !upper && strings.Contains(s, n) || upper && containsFold(s, n) {
			return true
		}
	}
	return false
}

// containsFold reports whether s holds the lower-case ASCII needle n, with
// s's ASCII letters folded to lower case.
func containsFold(s, n string) bool {
	if n == "" {
		return true
	}
	first := n[0]
	for i := 0; i+len(n) <= len(s); i++ {
		if lower(s[i]) != first {
			continue
		}
		j := 1
		for j < len(n) && lower(s[i+j]) == n[j] {
			j++
		}
		if j == len(n) {
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
