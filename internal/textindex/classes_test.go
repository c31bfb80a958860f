package textindex

import (
	"regexp"
	"testing"
)

func TestByteClassesAgreeWithRegexp(t *testing.T) {
	t.Parallel()
	word, space := regexp.MustCompile(`^\w$`), regexp.MustCompile(`^\s$`)
	for c := 0; c < 0x80; c++ { // a lone byte >= 0x80 is not a rune of its own
		s := string(rune(c))
		if got, want := WordByte(byte(c)), word.MatchString(s); got != want {
			t.Errorf("WordByte(%q) = %v, want %v", rune(c), got, want)
		}
		if got, want := SpaceByte(byte(c)), space.MatchString(s); got != want {
			t.Errorf("SpaceByte(%q) = %v, want %v", rune(c), got, want)
		}
	}
	for c := 0x80; c < 0x100; c++ {
		if WordByte(byte(c)) || SpaceByte(byte(c)) {
			t.Errorf("byte %#x counted as a word or space byte", c)
		}
	}
}
