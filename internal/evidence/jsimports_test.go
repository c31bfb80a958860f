package evidence

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// jsImportRef is the regular expression jsModuleRefs answers like.
var jsImportRef = regexp.MustCompile(`(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)["']([^"'\s]+)["']`)

func jsRefsBoth(text string) (got, want []string) {
	jsModuleRefs([]byte(text), func(name []byte) { got = append(got, string(name)) })
	for _, m := range jsImportRef.FindAllStringSubmatch(text, -1) {
		want = append(want, m[1])
	}
	return got, want
}

func TestJSModuleRefsAgreeWithRegexp(t *testing.T) {
	t.Parallel()
	parts := []string{"import", "require", "from", "export", " ", "\n", "\t", "\v", "(", ")", `"`, "'", "lodash", "./a",
		"@s/p", "x", "_", ".", "{ a }", ";", "é", "re", "quire", "fromage", "=", "`"}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := rng.IntN(16); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if got, want := jsRefsBoth(b.String()); !slices.Equal(got, want) {
			t.Fatalf("jsModuleRefs(%q) = %q, want %q", b.String(), got, want)
		}
	}
	got, _ := jsRefsBoth("import a from 'lodash/fp';\nconst b = require( \"./b\" );\nexport * from '@s/p'\nimport('x')\nimport \"side\"\nrequire 'no'\n")
	if want := []string{"lodash/fp", "./b", "@s/p", "x", "side"}; !slices.Equal(got, want) {
		t.Errorf("jsModuleRefs = %q, want %q", got, want)
	}
}

func FuzzJSModuleRefs(f *testing.F) {
	for _, s := range []string{"import a from 'b'", "require(\n'x')", "from'x'", "import(\"a'", "xrequire('a')"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := jsRefsBoth(text); !slices.Equal(got, want) {
			t.Fatalf("jsModuleRefs(%q) = %q, want %q", text, got, want)
		}
	})
}
