package license

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/licensecheck"
)

func TestDetectMIT(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("testdata/mit.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := NewDetector()
	r := d.Detect(text)[0]
	if len(r.Matches) != 1 || r.Matches[0].ID != "MIT" {
		t.Fatalf("Detect(MIT text) = %+v, want one MIT match", r.Matches)
	}
	if r.Matches[0].Line != 5 && r.Matches[0].Line != 3 {
		t.Errorf("MIT match starts at line %d, want the copyright line or the grant", r.Matches[0].Line)
	}
	// A second text of the same licence reuses the cached scanner.
	d.Detect(text)
	if d.Builds() != 1 {
		t.Errorf("two scans of the same licence built %d scanners, want 1", d.Builds())
	}
}

func TestDetectNothing(t *testing.T) {
	t.Parallel()
	r := NewDetector().Detect([]byte("# My project\n\nThis is a readme with no licence at all.\n"))
	if len(r[0].Matches) != 0 {
		t.Fatalf("Detect(readme) = %+v, want no match", r[0].Matches)
	}
}

func TestDetectModifiedMITIsNotMIT(t *testing.T) {
	t.Parallel()
	text, _ := os.ReadFile("testdata/mit.txt")
	// Remove the condition: it is no longer the MIT licence.
	cut := []byte(string(text[:len("MIT License\n\nCopyright (c) 2024 Example Foundation\n\n")]) + "Permission is hereby granted to nobody.\n")
	if r := NewDetector().Detect(cut)[0]; len(r.Matches) != 0 {
		t.Fatalf("a gutted MIT text matched %+v", r.Matches)
	}
}

// TestPrescreenAgreesWithFullScanner compares the pre-screened Detector with
// one that compiles every built-in pattern, on every licence file the machine
// has at hand (Go's own LICENSE and those of the module cache).
func TestPrescreenAgreesWithFullScanner(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full licensecheck scanner (about a second)")
	}
	t.Parallel()
	var files []string
	files = append(files, filepath.Join(runtime.GOROOT(), "LICENSE"), "testdata/mit.txt")
	if mod := os.Getenv("GOMODCACHE"); mod != "" {
		more, _ := filepath.Glob(filepath.Join(mod, "*", "*", "*", "LICENSE*"))
		files = append(files, more...)
	} else if home, err := os.UserHomeDir(); err == nil {
		more, _ := filepath.Glob(filepath.Join(home, "go", "pkg", "mod", "*", "*", "*", "LICENSE*"))
		files = append(files, more...)
	}
	// DPGCHECK_LICENSE_FILES names a file that lists more licence files, one
	// path per line: the licence files of checked-out repositories, say.
	if list := os.Getenv("DPGCHECK_LICENSE_FILES"); list != "" {
		b, err := os.ReadFile(list)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, strings.Fields(string(b))...)
	}
	full := fullDetector()
	pre := NewDetector()
	n := 0
	// The corpus holds its own variants (reflowed, with headers, cut).
	corpus, _ := filepath.Glob("testdata/corpus/*.txt")
	for _, f := range append(corpus, files...) {
		text, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		variants := [][]byte{text}
		if !slices.Contains(corpus, f) {
			// Each file as it is, its first half, and reflowed onto long
			// lines as Markdown renderers and copy-paste leave it.
			variants = append(variants, text[:len(text)/2], bytes.Join(bytes.Fields(text), []byte(" ")))
		}
		for _, v := range variants {
			n++
			a, b := full.Detect(v)[0], pre.Detect(v)[0]
			if fmt.Sprint(a.Matches) != fmt.Sprint(b.Matches) {
				t.Errorf("%s (%d bytes): full scanner %v, pre-screened %v", f, len(v), a.Matches, b.Matches)
			}
		}
	}
	t.Logf("compared %d licence texts; the pre-screened detector built %d scanners", n, pre.Builds())
}

func BenchmarkDetectCold(b *testing.B) {
	text, _ := os.ReadFile("testdata/mit.txt")
	for b.Loop() {
		NewDetector().Detect(text)
	}
}

func BenchmarkDetectWarm(b *testing.B) {
	text, _ := os.ReadFile("testdata/mit.txt")
	d := NewDetector()
	d.Detect(text)
	for b.Loop() {
		d.Detect(text)
	}
}

func TestFileExpr(t *testing.T) {
	t.Parallel()
	m := func(ids ...string) []Match {
		var out []Match
		for _, id := range ids {
			out = append(out, Match{ID: id})
		}
		return out
	}
	tests := []struct {
		name    string
		text    string
		matches []Match
		want    string
	}{
		{"gpl3 full text and its appendix", "", m("GPL-3.0", "GPL-3.0-or-later"), "GPL-3.0"},
		{"lgpl3 with appended gpl3", "", m("LGPL-3.0", "GPL-3.0", "GPL-3.0-or-later"), "LGPL-3.0"},
		{"two licences, parts", "This product includes X under MIT.", m("Apache-2.0", "MIT"), "Apache-2.0 AND MIT"},
		{"dual licence", "Licensed under either of Apache or MIT at your option.\n", []Match{{ID: "Apache-2.0", Start: 60}, {ID: "MIT", Start: 70}}, "Apache-2.0 OR MIT"},
		{"commons clause rider", "", m("Apache-2.0", "LicenseRef-Commons-Clause"), "Apache-2.0 AND LicenseRef-Commons-Clause"},
		{"url only", "", []Match{{ID: "MIT", URL: true}}, "MIT"},
		{"text beats url", "", []Match{{ID: "Apache-2.0", URL: true}, {ID: "MIT"}}, "MIT"},
	}
	for _, tt := range tests {
		got := FileExpr([]byte(tt.text), tt.matches)
		if got == nil || got.String() != tt.want {
			t.Errorf("%s: FileExpr = %v, want %s", tt.name, got, tt.want)
		}
	}
	if FileExpr(nil, nil) != nil {
		t.Error("FileExpr(no matches) != nil")
	}
}

func TestMarkerNeedles(t *testing.T) {
	t.Parallel()
	for _, m := range markers {
		if m.needle == "" {
			t.Errorf("marker %s has no needle", m.id)
		}
	}
}

func TestPatternPairs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lre   string
		words string
		pairs string
	}{
		{"Permission is hereby granted", "permission hereby granted", "permission-hereby hereby-granted"},
		// Short words fall out and do not break a pair.
		{"free of charge to any person", "free charge any person", "free-charge charge-any any-person"},
		// A group, a wildcard or a comment breaks a pair.
		{"copyright __5__ holders and ((the)) contributors //** note **// may not", "copyright holders and the contributors may not", "holders-and may-not"},
		// An optional group requires nothing.
		{"software ((provided with it))?? without warranty", "software without warranty", "without-warranty"},
		// Alternatives require what they share, pairs included.
		{"(( the software is provided || this software is provided as is ))", "the software provided", "the-software software-provided"},
		// A group of one alternative is required as written.
		{"(( redistribution and use ))", "redistribution and use", "redistribution-and and-use"},
	}
	for _, tt := range tests {
		dict := map[string]int32{}
		lx := &lreLexer{src: tt.lre, dict: dict}
		ids, pairs := lx.seq(true)
		name := map[int32]string{}
		for w, id := range dict {
			name[id] = w
		}
		var gotWords, gotPairs []string
		for _, id := range ids {
			gotWords = append(gotWords, name[id])
		}
		for _, k := range pairs {
			gotPairs = append(gotPairs, name[int32(k>>32)]+"-"+name[int32(uint32(k))])
		}
		if got := strings.Join(gotWords, " "); got != tt.words {
			t.Errorf("%q: words %q, want %q", tt.lre, got, tt.words)
		}
		if got := strings.Join(gotPairs, " "); got != tt.pairs {
			t.Errorf("%q: pairs %q, want %q", tt.lre, got, tt.pairs)
		}
	}
}

// fullDetector is a Detector that scans with every pattern, shared by the
// tests that compare the pre-screen with it (building it takes a second).
var fullDetector = sync.OnceValue(func() *Detector {
	d := NewDetector()
	d.noPrescreen = true
	return d
})

// FuzzPrescreen checks that the pre-screened detector finds what the full
// scanner finds in a licence text with a typo: one one-letter edit to a
// corpus text. The full scanner forgives more (a text misspelt in nearly
// every word can still match it); several typos in one short notice can
// fall through the pre-screen, as they did through the word test alone.
//
// licensecheck's answer is not monotonic in its patterns: with all 551, a
// BSD-2-Clause text with one typo ("distribution0") matched nothing, while
// the BSD patterns alone matched it (the word test alone did the same). So
// the check is that the pre-screen loses no licence the full scanner finds,
// and finds the same matches when it finds the same licences.
func FuzzPrescreen(f *testing.F) {
	var texts [][]byte
	corpus, _ := filepath.Glob("testdata/corpus/*.txt")
	for _, c := range corpus {
		if b, err := os.ReadFile(c); err == nil {
			texts = append(texts, b)
		}
	}
	if len(texts) == 0 {
		f.Fatal("no corpus")
	}
	for i := 0; i < len(texts); i += 16 {
		f.Add(uint8(i), []byte{})
		f.Add(uint8(i+1), []byte{0, 40, 'x'})
	}
	full := fullDetector()
	pre := NewDetector()
	f.Fuzz(func(t *testing.T, which uint8, edits []byte) {
		text := slices.Clone(texts[int(which)%len(texts)])
		// The edit is three bytes: where (two bytes, scaled to the text) and
		// what: 0 deletes the letter, 1 doubles it, anything else replaces it.
		for e := 0; e+2 < len(edits) && e < 3; e += 3 {
			at := (int(edits[e])<<8 | int(edits[e+1])) * len(text) / (1 << 16)
			switch edits[e+2] {
			case 0:
				text = slices.Delete(text, at, at+1)
			case 1:
				text = slices.Insert(text, at, text[at])
			default:
				text[at] = edits[e+2]
			}
		}
		a, b := full.Detect(text)[0], pre.Detect(text)[0]
		if lost := missing(a.Matches, b.Matches); len(lost) > 0 {
			t.Errorf("full scanner %v, pre-screened %v: lost %v", a.Matches, b.Matches, lost)
		} else if len(missing(b.Matches, a.Matches)) == 0 && fmt.Sprint(a.Matches) != fmt.Sprint(b.Matches) {
			t.Errorf("full scanner %v, pre-screened %v", a.Matches, b.Matches)
		}
	})
}

// missing returns the licences of want that got does not find.
func missing(want, got []Match) []string {
	var out []string
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g Match) bool { return g.ID == w.ID }) {
			out = append(out, w.ID)
		}
	}
	return out
}

var update = flag.Bool("update", false, "remake prescreen_table.bin from licensecheck's patterns")

// TestPrescreenTable checks that the table prepare reads is what lexing
// licensecheck's patterns gives; -update remakes it.
func TestPrescreenTable(t *testing.T) {
	t.Parallel()
	ls := licensecheck.BuiltinLicenses()
	lexed := &Detector{noTable: true}
	lexed.lex(ls)
	want := lexed.encodeTable(ls)
	if *update {
		if err := os.WriteFile("prescreen_table.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(prescreenTable, want) && !*update {
		t.Fatalf("prescreen_table.bin was not made of these licensecheck patterns; run go test ./internal/license -run TestPrescreenTable -update")
	}
	loaded := &Detector{}
	if !loaded.load(ls, want) {
		t.Fatal("the table does not read back")
	}
	if !maps.Equal(loaded.dict, lexed.dict) || len(loaded.lres) != len(lexed.lres) || len(loaded.urls) != len(lexed.urls) {
		t.Fatalf("read back %d words, %d patterns, %d URLs; lexed %d, %d, %d",
			len(loaded.dict), len(loaded.lres), len(loaded.urls), len(lexed.dict), len(lexed.lres), len(lexed.urls))
	}
	for i, p := range lexed.lres {
		q := loaded.lres[i]
		if q.lic.ID != p.lic.ID || !slices.Equal(q.words, p.words) || !slices.Equal(q.pairs, p.pairs) {
			t.Fatalf("pattern %d (%s) read back differently", i, p.lic.ID)
		}
	}
	// A table of other patterns, or a damaged one, is not used.
	if (&Detector{}).load(ls[1:], want) {
		t.Error("a table made of other patterns was used")
	}
	for _, n := range []int{0, 10, len(tableMagic) + 8, len(want) / 2, len(want) - 1} {
		if (&Detector{}).load(ls, want[:n]) {
			t.Errorf("a table cut to %d bytes was used", n)
		}
	}
}

// FuzzPrescreenTable checks that no table, however damaged, panics or is
// half read.
func FuzzPrescreenTable(f *testing.F) {
	ls := licensecheck.BuiltinLicenses()
	f.Add(prescreenTable[:min(len(prescreenTable), 4096)])
	f.Add([]byte(tableMagic))
	f.Fuzz(func(t *testing.T, table []byte) {
		d := &Detector{}
		if d.load(ls, table) && (len(d.lres) == 0 || d.dict == nil) {
			t.Error("a table was used that fills nothing")
		}
	})
}
