package rules

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// addressToken is the regular expression withoutAddresses replaces.
var addressToken = regexp.MustCompile(`\S*://\S*|\S+@\S+\.\S+`)

func TestWithoutAddressesAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	parts := []string{"see", "https://example.org/x", "a@b.c", "@b.c", "a@b", "a@.c", "a@bc.", "x@y.z.", "mail", "://",
		" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "é", ".", "@", "ab", "docs"}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := b.String()
		if got, want := withoutAddresses(text), addressToken.ReplaceAllString(text, " "); got != want {
			t.Fatalf("withoutAddresses(%q) = %q, want %q", text, got, want)
		}
	}
}

func FuzzWithoutAddresses(f *testing.F) {
	for _, s := range []string{"Read https://x.org/a or mail a@b.co.", "a@b.c\v@x.y", "x://", "@@a.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := withoutAddresses(text), addressToken.ReplaceAllString(text, " "); got != want {
			t.Fatalf("withoutAddresses(%q) = %q, want %q", text, got, want)
		}
	})
}
