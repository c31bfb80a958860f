package evidence

import (
	"bytes"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Epoch times in an API description: a description that says a value is a
// UNIX timestamp, or an example whose date or time field holds a number of
// seconds or milliseconds since 1970. A spec that says so beside
// "format: date-time" (a generator's default mapping of a Date type) does
// not show ISO 8601 on the wire.

// specWords are the patterns an API description is searched with whole: it
// is scanned once for their literals, and a pattern runs only on the lines
// holding one.
var specWords = textindex.NewVocabulary()

// epochText says in words that times are epoch values.
var epochText = specWords.MustCompile(`(?i)\bunix[ -]?(epoch[ -]?)?time[ -]?stamps?\b|\bepoch (milli)?seconds\b|\b(milli)?seconds since (the )?(unix )?epoch\b|\bepoch time\b`)

// epochExample is a date or time field whose example is an epoch number
// (10 digits for seconds, 13 for milliseconds).
var epochExample = lazyregexp.New(`(?i)["']?\b\w*(date|time|timestamp|at|since|until)["']?\s*[:=]\s*1\d{9}(\d{3})?\b`)

// maxEpochLines bounds the lines kept per description.
const maxEpochLines = 10

// epochTimeLines returns the lines of an API description that show epoch
// times.
func epochTimeLines(data []byte) []int {
	var out []int
	lineOf := func(off int) int { return bytes.Count(data[:off], []byte{'\n'}) + 1 }
	for _, loc := range specWords.Scan(data).FindAllInLines(epochText, data, maxEpochLines) {
		out = append(out, lineOf(loc[0]))
	}
	if hasEpochNumber(data) { // the expression is slow, and most descriptions hold no such number
		for _, loc := range epochExample.FindAllIndex(data, maxEpochLines) {
			out = append(out, lineOf(loc[0]))
		}
	}
	return out
}

// hasEpochNumber reports whether data holds a number epochExample can
// take: a 1 and nine or twelve more digits, a word of its own.
func hasEpochNumber(data []byte) bool {
	for i := 0; i < len(data); i++ {
		if data[i] != '1' || i > 0 && textindex.WordByte(data[i-1]) {
			continue
		}
		j := i
		for j < len(data) && '0' <= data[j] && data[j] <= '9' {
			j++
		}
		if n := j - i; (n == 10 || n == 13) && (j == len(data) || !textindex.WordByte(data[j])) {
			return true
		}
		i = j
	}
	return false
}
