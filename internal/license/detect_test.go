package license

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
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
	var files []string
	files = append(files, filepath.Join(runtime.GOROOT(), "LICENSE"), "testdata/mit.txt")
	if mod := os.Getenv("GOMODCACHE"); mod != "" {
		more, _ := filepath.Glob(filepath.Join(mod, "*", "*", "*", "LICENSE*"))
		files = append(files, more...)
	} else if home, err := os.UserHomeDir(); err == nil {
		more, _ := filepath.Glob(filepath.Join(home, "go", "pkg", "mod", "*", "*", "*", "LICENSE*"))
		files = append(files, more...)
	}
	full := NewDetector()
	full.noPrescreen = true
	pre := NewDetector()
	n := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n++
		a, b := full.Detect(text)[0], pre.Detect(text)[0]
		if fmt.Sprint(a.Matches) != fmt.Sprint(b.Matches) {
			t.Errorf("%s: full scanner %v, pre-screened %v", f, a.Matches, b.Matches)
		}
	}
	t.Logf("compared %d licence files", n)
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
