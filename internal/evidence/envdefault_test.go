package evidence

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// envPairs lists the name and value of each match, whichever pair of groups
// holds them.
func envPairs(text []byte, matches [][]int) []string {
	var out []string
	for _, m := range matches {
		for g := 2; g+3 < len(m); g += 4 {
			if m[g] >= 0 {
				out = append(out, string(text[m[g]:m[g+1]])+"="+string(text[m[g+2]:m[g+3]]))
			}
		}
	}
	return out
}

func TestEnvDefaultMatchesAgreeWithRegexp(t *testing.T) {
	t.Parallel()
	parts := []string{"${", "DB_PASS", ":", "s3cret", "}", "getenv(", "process.env.", "X", " || ", "'dflt'", `"v"`, ", ",
		"\n", " ", "config(", "`", "os.environ.get(", "${a}", "x", "env(", "(", ")"}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := rng.IntN(20); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := []byte(b.String())
		got := envPairs(text, envDefaultMatches(text, fileWords.Scan(text)))
		want := envPairs(text, envDefault.Regexp().FindAllSubmatchIndex(text, 500))
		if !slices.Equal(got, want) {
			t.Fatalf("envDefaultMatches(%q) = %q, want %q", text, got, want)
		}
	}
}

func FuzzEnvDefaultMatches(f *testing.F) {
	for _, s := range []string{"url: ${DB_URL:jdbc:x}\n", "os.getenv('A', 'b') ${C:d}", "process.env.T || `x`", "`${a}` config( 'k' , \"v\")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		got := envPairs(text, envDefaultMatches(text, fileWords.Scan(text)))
		if want := envPairs(text, envDefault.Regexp().FindAllSubmatchIndex(text, 500)); !slices.Equal(got, want) {
			t.Fatalf("envDefaultMatches(%q) = %q, want %q", text, got, want)
		}
	})
}
