package textindex

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestLineSearchAgrees compares the index's answers, searched line by line
// for line-local patterns, with the regular expressions' on texts long
// enough to be searched so.
func TestLineSearchAgrees(t *testing.T) {
	t.Parallel()
	ps, v := piecePatterns()
	words := []string{"install", "Install", "# Install", "export", "to", "CSV", "csv", "json", "if", "the", "upgrade",
		"fails", ".", "backup", "back", "up", "restore", "FHIR", "fhir", "oauth2", "ISO-8601", "Kelvin", "\u212Aelvin",
		"skip", "running", "a", "b", "ab", "axb", "no", "\n", "\n", "\n\n", "readme", "ICD-10", "xlsform", " ", "privacy", "revert", "Restore", ".",
		"Imported", "saved", "as", "output", "formats", "XLSX", "dumps", "sql"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 30; i++ {
		var b strings.Builder
		for b.Len() < minLineSearch+rng.IntN(minLineSearch) {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		searchAgrees(t, v.NewIndex(), ps, b.String())
	}
}

// piecePatterns are corpus and patterns searched piece by piece: within a
// line or a sentence, some with words a match needs all of.
func piecePatterns() ([]*Pattern, *Vocabulary) {
	exprs := append(corpus[:len(corpus):len(corpus)],
		`(?im)^#+ *install`, `(?i)\bexport\b[^\n]{0,20}?\bcsv\b`, `(?i)\bif\b[^.]{0,30}\bfails\b`,
		`(?i)^readme`, `(?i)install$`, `(?s)back.up`, `(?i)no\s+backup`,
		`(?i)\b(restore|revert)\b[^.]{0,40}?\bbackup\b`, `(?i)\bif\b[^.]*\bupgrade\b[^.]*?\bfails\b`, `(?i)\bno\b[^.]{0,10}\bback\s*up\b`,
		`(?i)\b(export|import|dump)(s|ed|ing)?\b[^\n]{0,30}?\b(csv|json|xlsx|sql)\b|\b(csv|json)\b[^\n]{0,20}?\b(export|import)\w*|\boutput (file )?formats?\b[^\n]{0,30}?\b(csv|json)\b|\b(saved|exported) (to|as)\b[^\n]{0,20}?\b(csv|xlsx)\b`)
	v := NewVocabulary()
	var ps []*Pattern
	for _, e := range exprs {
		ps = append(ps, v.MustCompile(e))
	}
	return ps, v
}

// searchAgrees fails t unless every search of ix finds in text what the
// patterns' regular expressions find.
func searchAgrees(t *testing.T, ix *Index, ps []*Pattern, text string) {
	t.Helper()
	for _, p := range ps {
		re := p.Regexp()
		if got, want := ix.FindStringIndex(text, p), re.FindStringIndex(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: FindStringIndex = %v, want %v", re, got, want)
		}
		if got, want := ix.FindStringSubmatchIndex(text, p), re.FindStringSubmatchIndex(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: FindStringSubmatchIndex = %v, want %v", re, got, want)
		}
		for _, n := range []int{-1, 0, 1, 5} {
			if got, want := ix.FindAllStringIndex(text, p, n), re.FindAllStringIndex(text, n); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: FindAllStringIndex(%d) = %v, want %v", re, n, got, want)
			}
		}
		if got, want := ix.MatchString(text, p), re.MatchString(text); got != want {
			t.Fatalf("%s: MatchString = %v, want %v", re, got, want)
		}
	}
}

// FuzzLineSearchAgrees searches texts long enough to be searched piece by
// piece: the fuzzer's text, repeated, between two others.
func FuzzLineSearchAgrees(f *testing.F) {
	for _, s := range []string{"Export the records as CSV\n", "export\ncsv.", "If the upgrade fails. restore the backup", "saved to xlsx", "JSON import"} {
		f.Add("read me\n", s)
	}
	all, v := piecePatterns()
	var ps []*Pattern // those searched piece by piece: the others run whole
	for _, p := range all {
		if p.local != 0 {
			ps = append(ps, p)
		}
	}
	f.Fuzz(func(t *testing.T, around, text string) {
		if text == "" {
			return
		}
		long := around + strings.Repeat(text, minLineSearch/len(text)+1) + around
		ix := v.NewIndex()
		for _, p := range ps {
			if got, want := ix.FindAllStringIndex(long, p, -1), p.Regexp().FindAllStringIndex(long, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: FindAllStringIndex = %v, want %v", p, got, want)
			}
		}
	})
}

func TestLocalTo(t *testing.T) {
	t.Parallel()
	v := NewVocabulary()
	for expr, want := range map[string]byte{
		`(?i)\bexport\b[^\n]{0,80}?\bcsv\b`: '\n',
		`(?im)^#+ install$`:                 '\n',
		`foo.bar`:                           '\n',
		`(?s)foo.bar`:                       0,
		`foo\s+bar`:                         '.',
		`foo[^.]*bar`:                       '.',
		`(?i)\bif\b[^.]{0,60}?\bfails\b`:    '.',
		`foo\.bar`:                          '\n',
		`foo[a-z.]bar`:                      '\n',
		`foo[^x]bar`:                        0,
		`(?m)^foo\s+bar`:                    0,
		`^foo`:                              0,
		`foo$`:                              0,
		`\Afoo`:                             0,
		"foo\nbar":                          '.',
	} {
		if got := v.MustCompile(expr).local; got != want {
			t.Errorf("local(%q) = %q, want %q", expr, got, want)
		}
	}
}
