package lazyregexp

import (
	"regexp"
	"slices"
	"sync"
	"testing"
)

func TestAnswersAsRegexp(t *testing.T) {
	const expr = `(?i)\b(licen[cs]ed?) under (\w+)`
	lazy, eager := New(expr), regexp.MustCompile(expr)
	text := "Licensed under MIT; the docs are licenced under CC"
	if got, want := lazy.FindAllStringSubmatch(text, -1), eager.FindAllStringSubmatch(text, -1); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("FindAllStringSubmatch = %q, want %q", got, want)
	}
	if got, want := lazy.ReplaceAllString(text, "<$2>"), eager.ReplaceAllString(text, "<$2>"); got != want {
		t.Errorf("ReplaceAllString = %q, want %q", got, want)
	}
	if lazy.String() != expr {
		t.Errorf("String = %q, want the source %q", lazy.String(), expr)
	}
}

func TestTestBinariesCompileAtOnce(t *testing.T) {
	if !inTest {
		t.Fatalf("os.Args[0] is not recognised as a test binary; invalid expressions would go unnoticed by tests")
	}
	defer func() {
		if recover() == nil {
			t.Error("New of an invalid expression did not panic in a test binary")
		}
	}()
	New(`(unclosed`)
}

func TestCompilesOnFirstUseOnce(t *testing.T) {
	inTest = false
	defer func() { inTest = true }()
	r := New(`(unclosed`) // must not panic yet: a run that never asks it pays nothing
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the first use of an invalid expression did not panic")
			}
		}()
		r.MatchString("x")
	}()

	ok := New(`a+b`)
	var wg sync.WaitGroup
	found := make([]*regexp.Regexp, 8)
	for i := range found {
		wg.Go(func() { found[i] = ok.Regexp() })
	}
	wg.Wait()
	for _, re := range found[1:] {
		if re != found[0] {
			t.Fatal("concurrent first uses compiled the expression more than once")
		}
	}
}
