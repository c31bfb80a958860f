package manifest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// hostileInputs are shapes that once made a parser recurse without bound or
// run in quadratic time (go-toml's decoder did both, for dotted keys and
// for tables with many keys), scaled down to keep the test fast. Each is fed
// to every parser; the test asserts only the error contract, but a
// pathological parser shows up as a slow test.
func hostileInputs(n int) map[string]string {
	var tables strings.Builder
	for i := 0; tables.Len() < n; i++ {
		fmt.Fprintf(&tables, "[t%d]\nk = %d\n", i, i)
	}
	return map[string]string{
		"open braces":        strings.Repeat("{", n),
		"open brackets":      strings.Repeat("[", n),
		"open parentheses":   strings.Repeat("(", n),
		"double quotes":      strings.Repeat(`"`, n),
		"single quotes":      strings.Repeat("'", n),
		"continuations":      strings.Repeat("\\\n", n/2),
		"block comments":     strings.Repeat("/*", n/2),
		"unclosed arrays":    strings.Repeat("s.authors = [\n", n/14),
		"unclosed lists":     strings.Repeat("install_requires=[", n/18),
		"unclosed tuples":    "defp deps do\n" + strings.Repeat("{:a, \"1\", only: [", n/20),
		"unclosed persons":   "Authors@R: " + strings.Repeat("person(", n/7),
		"nested groups":      strings.Repeat("group :test do\n", n/15),
		"xml nesting":        strings.Repeat("<a>", n/3),
		"dotted key":         strings.Repeat("a.", n/2) + "b = 1\n",
		"dotted header":      "[" + strings.Repeat("a.", n/2) + "b]\n",
		"many tables":        tables.String(),
		"many array tables":  strings.Repeat("[[package]]\nname = \"a\"\n", n/24),
		"json nesting":       strings.Repeat("[", 9000) + strings.Repeat("]", 9000),
		"yaml nesting":       strings.Repeat("- ", 9000) + "a\n",
		"yaml flow nesting":  strings.Repeat("[", 9000) + strings.Repeat("]", 9000),
		"yaml aliases":       "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
		"long dcf list":      "Imports: " + strings.Repeat("a (>= 1), ", n/10),
		"long gradle line":   "implementation " + strings.Repeat("'a:b:1', ", n/9),
		"long gemfile lines": strings.Repeat("gem 'a', '1'\n", n/13),
	}
}

func TestHostileInputs(t *testing.T) {
	t.Parallel()
	size := 64 << 10
	if testing.Short() {
		size = 4 << 10
	}
	for name, input := range hostileInputs(size) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, path := range fuzzNames {
				_, err := Parse(path, []byte(input))
				var se *SyntaxError
				if err != nil && !errors.As(err, &se) {
					t.Errorf("Parse(%s) error %v, want *SyntaxError", path, err)
				}
				if se != nil && strings.Contains(se.Msg, "internal parser error") {
					t.Errorf("Parse(%s) panicked: %v", path, err)
				}
			}
		})
	}
}
