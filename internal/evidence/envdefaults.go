package evidence

import (
	"bytes"
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// envDefaultAt is envDefault anchored at the start of its input: the same
// alternatives and groups.
var envDefaultAt = lazyregexp.New(`^(?:` + envDefaultCall + `|` + envPlaceholder + `)`)

// envDefaultStarts are the texts a match of envDefault starts with: a call
// ("getenv("), process.env., or a ${X:...} placeholder.
var envDefaultStarts = [][]byte{
	[]byte("os.environ.get("), []byte("os.getenv("), []byte("environ.get("), []byte("getenv("),
	[]byte("env.str("), []byte("env("), []byte("config("), []byte("ENV.fetch("),
	[]byte("os.environ.setdefault("), []byte("process.env."), []byte("${"),
}

// envDefaultsIn is envDefault.FindAllSubmatchIndex(text, max). envDefault
// has no literal to start from, so Go's regexp tries it at every byte of a
// file that holds "getenv(" once (half of a secret scan on SORMAS); here
// it is tried, anchored, only where one of envDefaultStarts occurs, in
// order, as the leftmost-first search would meet them.
func envDefaultsIn(text []byte, max int) [][]int {
	var starts []int
	for _, lit := range envDefaultStarts {
		for at := 0; ; {
			i := bytes.Index(text[at:], lit)
			if i < 0 {
				break
			}
			starts = append(starts, at+i)
			at += i + 1
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	var out [][]int
	end := 0
	for _, s := range starts {
		if len(out) == max {
			break
		}
		if s < end {
			continue
		}
		m := envDefaultAt.FindSubmatchIndex(text[s:])
		if m == nil {
			continue
		}
		// The calls follow \b: a word character before the name (the
		// "env(" of "getenv(") makes no match there.
		if m[2] >= 0 && s > 0 && isWordByte(text[s-1]) {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += s
			}
		}
		out = append(out, m)
		end = m[1]
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
