package evidence

import (
	"slices"
	"testing"
)

func TestEpochTimeLines(t *testing.T) {
	data := []byte("{\n\"description\": \"interpreted as a UNIX timestamp.\",\n\"example\": {\"createdAt\": 1599602400000, \"count\": 1599602400000},\n\"birthDate\": \"1977-04-28\"\n}\n")
	if got := epochTimeLines(data); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("epochTimeLines = %v, want [2 3]", got)
	}
	if got := epochTimeLines([]byte(`{"id": 1599602400000, "version": "1.0.0"}`)); len(got) != 0 {
		t.Errorf("a number in a field that is not a time: %v", got)
	}
}

// FuzzEpochTimeLines: any bytes; every line is inside the text, at most
// maxEpochLines per pattern.
func FuzzEpochTimeLines(f *testing.F) {
	f.Add([]byte("a UNIX timestamp\n\"updatedAt\": 1593727200\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := epochTimeLines(data)
		if len(got) > 2*maxEpochLines {
			t.Fatalf("%d lines", len(got))
		}
		for _, l := range got {
			if l < 1 || l > len(data)+1 {
				t.Fatalf("line %d out of range", l)
			}
		}
		// The prefilter never hides an example the expression finds.
		if epochExample.Match(data) && !hasEpochNumber(data) {
			t.Fatalf("hasEpochNumber(%q) = false, but epochExample matches", data)
		}
	})
}

func TestHasEpochNumber(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		`"createdAt": 1593727200`: true, `at=1593727200123,`: true, `id: 15937272001`: false, `x1593727200`: false,
		`v: 1593727200a`: false, `2593727200`: false, ``: false, `1593727200`: true,
	} {
		if got := hasEpochNumber([]byte(text)); got != want {
			t.Errorf("hasEpochNumber(%q) = %v, want %v", text, got, want)
		}
	}
}
