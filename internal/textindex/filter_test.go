package textindex

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// pathExprs are path expressions of the kind the rules run over file lists.
var pathExprs = []string{
	`(?i)(^|/)[^/]*back[-_]?up[^/]*\.(ya?ml|sh)$`, `(?i)(^|/)(cypress|playwright|e2e)/`, `\.cy\.[jt]sx?$`,
	`(?i)wiremock|(^|/)mocks?/|mock[-_]?server`, `(^|/)Dockerfile$`, `(?i)^readme`, `.*`, `(?i)kelvin`,
}

func TestFilterNeverHidesAMatch(t *testing.T) {
	t.Parallel()
	parts := []string{"a", "/", "Back", "up", "_", "-", ".yml", ".sh", "CYPRESS", "e2e", "mock", "Server", "wire", "Mock",
		"Dockerfile", "README", ".cy.ts", "\u212Aelvin", "KELVIN", "x", ".cy.", "jsx"}
	rng := rand.New(rand.NewPCG(9, 10))
	for _, e := range append(pathExprs, corpus...) {
		re := regexp.MustCompile(e)
		f := FilterOf(re.String())
		for i := 0; i < 2000; i++ {
			var b strings.Builder
			for n := rng.IntN(6); n >= 0; n-- {
				b.WriteString(parts[rng.IntN(len(parts))])
			}
			if s := b.String(); re.MatchString(s) && !f.May(s) {
				t.Fatalf("%s matches %q, but its filter rules it out", e, s)
			}
		}
	}
	if f := FilterOf(`(?i)(^|/)[^/]*back[-_]?up[^/]*\.(ya?ml|sh)$`); f.May("src/main/java/App.java") {
		t.Error("the backup-file filter passes a path without its literals")
	}
}

func FuzzFilter(f *testing.F) {
	f.Add(`(?i)back[-_]?up\.ya?ml$`, "deploy/Backup.YML")
	f.Add(`(^|/)mocks?/`, "a/mock/b")
	f.Add(`(?i)(^|/)(jest|karma|vitest|pytest|nyc|coverage)\.(config\.)?[a-z]+$`, "web/Karma.Conf.JS")
	f.Add(`(?i)readme\.md$`, strings.Repeat("Src/", 150)+"README.MD") // past the folding buffer
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		f := FilterOf(re.String())
		if re.MatchString(s) && !f.May(s) {
			t.Fatalf("%q matches %q, but its filter rules it out", expr, s)
		}
		if byNeedle := (Filter{needles: f.needles}); f.May(s) != byNeedle.May(s) {
			t.Fatalf("%q on %q: the automaton says %v, the needles one by one %v", expr, s, f.May(s), byNeedle.May(s))
		}
	})
}
