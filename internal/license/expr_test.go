package license

import (
	"testing"
)

func TestParseExpr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"MIT", "MIT"},
		{"MIT OR Apache-2.0", "MIT OR Apache-2.0"},
		{"(MIT or Apache-2.0)", "MIT OR Apache-2.0"},
		{"MIT/Apache-2.0", "MIT OR Apache-2.0"},
		{"GPL-2.0+", "GPL-2.0+"},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"LGPL-2.1-only OR BSD-3-Clause AND MIT", "LGPL-2.1-only OR (BSD-3-Clause AND MIT)"},
		{"(LGPL-2.1-only OR BSD-3-Clause) AND MIT", "(LGPL-2.1-only OR BSD-3-Clause) AND MIT"},
		{"A OR (B OR C)", "A OR B OR C"},
		{"LicenseRef-Foo AND DocumentRef-x:LicenseRef-y", "LicenseRef-Foo AND DocumentRef-x:LicenseRef-y"},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("ParseExpr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "MIT OR", "(MIT", "MIT)", "AND MIT", "MIT WITH", "(MIT OR X) WITH Y", "MIT; rm -rf", "M I T"} {
		if e, err := ParseExpr(in); err == nil {
			t.Errorf("ParseExpr(%q) = %v, want an error", in, e)
		}
	}
}

func TestParseExprDepthBounded(t *testing.T) {
	t.Parallel()
	in := ""
	for range 200 {
		in += "("
	}
	in += "MIT"
	for range 200 {
		in += ")"
	}
	if _, err := ParseExpr(in); err == nil {
		t.Fatal("200 nested parentheses parsed; want a depth error")
	}
}

func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"MIT", "MIT OR Apache-2.0", "(A AND B) OR C WITH D", "GPL-2.0+", "((((", "a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err != nil {
			return
		}
		// What was parsed prints in a form that parses to the same thing.
		again, err := ParseExpr(e.String())
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", e.String(), s, err)
		}
		if again.String() != e.String() {
			t.Fatalf("round trip %q -> %q", e.String(), again.String())
		}
	})
}
