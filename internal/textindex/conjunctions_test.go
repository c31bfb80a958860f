package textindex

import (
	"regexp/syntax"
	"strings"
	"testing"
)

func TestConjunctionsOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		expr string
		want string
	}{
		// Two words a match holds both of.
		{`(?i)\bexport\b[^\n]{0,80}?\bcsv\b`, `[[[export] [csv]]]`},
		// Each alternative keeps its own sets; the verbs' inflections are
		// implied by their stems, and the smaller set is kept.
		{`(?i)\b(export|dump)(s|ed)?\b[^\n]{0,80}?\b(csv|json)\b|\bsaved (to|as)\b[^\n]{0,40}?\bxlsx\b`,
			`[[[dump export] [csv json]] [[saved as saved to] [xlsx]]]`},
		// "re(store|vert)": the parts are implied by the whole.
		{`(?i)\b(restore|revert)\b[^.]{0,40}?\bbackup\b`, `[[[restore revert] [backup]]]`},
		// Alternatives of one set each: the needles already say it all.
		{`(?i)privacy|personal data|\bPII\b`, `[]`},
		// An alternative with nothing to require: no conjunctions.
		{`(?i)\bexport\b.*\bcsv\b|\w+\d`, `[]`},
		{`(?i)\bexport\b.*\bcsv\b|\w+ing`, `[[[export] [csv]] [[ing]]]`},
		// Sets of short strings are left to the regular expression.
		{`(?i)\bexport\b.{0,9}\bto\b`, `[]`},
	} {
		re, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("[")
		for i, alt := range conjunctionsOf(re) {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString("[")
			for j, set := range alt {
				if j > 0 {
					b.WriteString(" ")
				}
				b.WriteString("[" + strings.Join(set, " ") + "]")
			}
			b.WriteString("]")
		}
		b.WriteString("]")
		if got := b.String(); got != c.want {
			t.Errorf("conjunctions of %s = %s, want %s", c.expr, got, c.want)
		}
	}
}

// TestConjunctionsRuleLinesOut: a line holding one of two words a match
// needs both of is not searched; the line holding both is.
func TestConjunctionsRuleLinesOut(t *testing.T) {
	t.Parallel()
	v := NewVocabulary()
	p := v.MustCompile(`(?i)\bexport\b[^\n]{0,80}?\bcsv\b`)
	var b strings.Builder
	for i := 0; b.Len() < 2*minLineSearch; i++ {
		b.WriteString("export the records\nread a CSV file\n")
	}
	b.WriteString("Export the records as CSV\n")
	text := b.String()
	ix := v.NewIndex()
	pieces := ix.pieces(text, p)
	if len(pieces) != 1 || text[pieces[0][0]:pieces[0][1]] != "Export the records as CSV" {
		t.Errorf("pieces searched: %d, want only the line holding both words", len(pieces))
	}
	if got, want := ix.FindStringIndex(text, p), p.Regexp().FindStringIndex(text); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("FindStringIndex = %v, want %v", got, want)
	}
	if ix.MayMatch(strings.Repeat("export the records\n", 10), p) {
		t.Error("a text holding export but never csv may match")
	}
}

// TestManyOccurrences: a text with more needle occurrences than the index
// remembers is read again for each search, with the same answers.
func TestManyOccurrences(t *testing.T) {
	t.Parallel()
	v := NewVocabulary()
	p := v.MustCompile(`(?i)\bexport\b[^\n]{0,80}?\bcsv\b`)
	text := strings.Repeat("csv export\n", maxOccurrences) + "export as CSV\n"
	ix := v.NewIndex()
	if got, want := ix.FindAllStringIndex(text, p, -1), p.Regexp().FindAllStringIndex(text, -1); len(got) != len(want) || got[len(got)-1][0] != want[len(want)-1][0] {
		t.Errorf("found %d matches, want %d", len(got), len(want))
	}
	if sc := ix.scan(text); sc.listed || sc.ends != nil {
		t.Errorf("%d occurrences remembered, want none past %d", len(sc.ends), maxOccurrences)
	}
}
