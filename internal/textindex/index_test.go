package textindex

import (
	"slices"
	"strings"
	"testing"
)

// corpus are expressions of the kinds rules search documents with.
var corpus = []string{
	`(?i)privacy|data[-_ ]protection|personal data|encrypt|pseudonymi|anonymi|\bPII\b`,
	`(?i)content moderation|moderat(e|ion|ors?) (content|posts|messages)|report(ing)? (abuse|inappropriate) content|\bCSAM\b`,
	`\bFHIR\b`,
	`(?i)\boauth ?2(\.0)?\b`,
	`(?i)\bISO[- ]?8601\b`,
	`(?i)\bfrictionless data\b|\bdata ?package\b`,
	`\bICD-?1[01]\b`,
	`(?i)\b(xforms?|xlsform)\b`,
	`(?i)back(ing)? ?up|restore`,
	`(?i)\b(export|download)\w* (to |as |in )?(csv|json|xlsx?)\b`,
	`(?i)skip`,
	`\w+ing\b`, // no literal: always run
	`(?i)Kelvin|stuff`,
	`x*`,
	`(?i)a.b`,
}

func TestNeedlesOf(t *testing.T) {
	t.Parallel()
	v := NewVocabulary()
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`\bFHIR\b`, []string{"fhir"}},
		{`(?i)\boauth ?2(\.0)?\b`, []string{"oauth 2", "oauth 2.0", "oauth2", "oauth2.0"}},
		{`(?i)\bISO[- ]?8601\b`, []string{"iso 8601", "iso-8601", "iso8601"}},
		{`(?i)back(ing)? ?up|restore`, []string{"back up", "backingup", "backing up", "backup", "restore"}},
		{`\w+ing\b`, []string{"ing"}},
		{`\w+\d`, nil},
		{`x*`, nil},
		{`(?i)a.b`, []string{"a"}},
	} {
		p := v.MustCompile(c.expr)
		var got []string
		for _, id := range p.ids {
			got = append(got, v.needles[id])
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("needles of %s = %q, want %q", c.expr, got, c.want)
		}
	}
}

// TestIndexAgreesWithRegexp: whatever the text, the index answers exactly
// what the regular expression answers.
func TestIndexAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	texts := []string{
		"", "We protect PERSONAL DATA.", "moderators content", "Implements FHIR R4", "fhir lower case",
		"OAuth2 and OAuth 2.0", "iso8601", "ISO-8601 dates", "Data Package", "datapackage", "ICD-10", "ICD11",
		"XForms", "Backing up", "back up", "export to CSV", "downloads as json", "nothing here at all",
		"\u212Aelvin", "ſtuff", "ſkip", "a\nb", "axb", "running", "x",
	}
	v := NewVocabulary()
	var pats []*Pattern
	for _, e := range corpus {
		pats = append(pats, v.MustCompile(e))
	}
	ix := v.NewIndex()
	for _, text := range texts {
		for _, p := range pats {
			if got, want := ix.MatchString(text, p), p.Regexp().MatchString(text); got != want {
				t.Errorf("%q on %q: index says %v, regexp %v", p, text, got, want)
			}
		}
	}
	if s := ix.Stats(); s.Texts != len(texts)-1 { // the empty text is never scanned
		t.Errorf("scanned %d texts, want each of %d once", s.Texts, len(texts)-1)
	}
}

func TestIndexRulesTextsOut(t *testing.T) {
	t.Parallel()
	v := NewVocabulary()
	fhir := v.MustCompile(`\bFHIR\b`)
	ix := v.NewIndex()
	if ix.MayMatch(strings.Repeat("nothing to see ", 100), fhir) {
		t.Error("a text without fhir may match \\bFHIR\\b")
	}
	if !ix.MayMatch("uses Fhir", fhir) {
		t.Error("a text with Fhir was ruled out (the index folds case; the regexp decides)")
	}
	late := v.MustCompile(`late`) // compiled after the index: answered by the regexp alone
	if !ix.MatchString("too late", late) {
		t.Error("a pattern compiled after the index was not matched")
	}
}

func FuzzIndexAgreesWithRegexp(f *testing.F) {
	for _, s := range []string{"Personal Data", "OAUTH 2", "ISO8601", "\u212Aelvin ſtuff", "Backing up to CSV"} {
		f.Add(s)
	}
	v := NewVocabulary()
	var pats []*Pattern
	for _, e := range corpus {
		pats = append(pats, v.MustCompile(e))
	}
	f.Fuzz(func(t *testing.T, text string) {
		ix := v.NewIndex()
		for _, p := range pats {
			if got, want := ix.MatchString(text, p), p.Regexp().MatchString(text); got != want {
				t.Errorf("%q on %q: index says %v, regexp %v", p, text, got, want)
			}
		}
	})
}

// lineCorpus are patterns whose matches never cross a line break.
var lineCorpus = []string{
	`(?m)^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*(?:SECRET|TOKEN)[A-Z0-9_]*)[ \t]*[:=][ \t]*["']([^"'\n]{4,20})["']`,
	`(?im)^[ \t]*["']?([A-Za-z0-9_.\-]*(?:pass|key)[A-Za-z0-9_.\-]*)["']?[ \t]*[:=][ \t]*["']?([^\s"'#,]+)`,
	`[\w.-]*/[\w./-]*?[\w-]+\.(?:pem|key)\b`,
	`(?i)back(ing)? ?up`,
}

func FuzzFindAllInLines(f *testing.F) {
	for _, s := range []string{"A_TOKEN = 'abcdefgh'\nx\n  B_SECRET: \"12345\"", "password: x\nkey=y\n  - apikey: 'z'", "load certs/a.pem and /b.key\nc/d.pem", "Backup\nback up\n"} {
		f.Add(s, 3)
	}
	v := NewVocabulary()
	var pats []*Pattern
	for _, e := range lineCorpus {
		pats = append(pats, v.MustCompile(e))
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n%5 - 1 // -1 (all) to 3
		found := v.Scan([]byte(text))
		for _, p := range pats {
			got, want := found.FindAllInLines(p, []byte(text), n), p.Regexp().FindAllSubmatchIndex([]byte(text), n)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q on %q (n=%d): lines give %v, the whole text %v", p, text, n, got, want)
			}
		}
	})
}
