package license

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func TestRestrictions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want RestrictionKind // "" for none
	}{
		// The phrases seen in DPG candidates' bespoke licences.
		{"No se permite el uso comercial de este software.", NonCommercial},
		{"Es proibido o uso comercial deste programa.", NonCommercial},
		{"Usage commercial interdit.", NonCommercial},
		{"Die Software darf nicht für kommerzielle Zwecke verwendet werden.", NonCommercial},
		{"Uso commerciale non consentito.", NonCommercial},
		{"Perangkat lunak ini tidak untuk tujuan komersial.", NonCommercial},
		{"This licence may be revoked at any time.", Revocable},
		{"You may use it for non-commercial purposes only.", NonCommercial},
		// More ways to say it.
		{"Commercial use is prohibited.", NonCommercial},
		{"Commercial use requires a separate licence from the University.", NonCommercial},
		{"Commercial use without prior written permission is not allowed.", NonCommercial},
		{"The software may not be used for commercial purposes.", NonCommercial},
		{"Not for commercial use.", NonCommercial},
		{"It may not be used commercially.", NonCommercial},
		{"Solo para uso no comercial.", NonCommercial},
		{"Se autoriza su uso sin fines de lucro.", NonCommercial},
		{"Somente para fins não comerciais.", NonCommercial},
		{"O uso comercial não é permitido.", NonCommercial},
		{"Utilisation autorisée à des fins non commerciales uniquement.", NonCommercial},
		{"Toute utilisation commerciale est interdite.", NonCommercial},
		{"Le logiciel ne peut pas être utilisé à des fins commerciales.", NonCommercial},
		{"Nur für nicht-kommerzielle Zwecke.", NonCommercial},
		{"Die kommerzielle Nutzung ist untersagt.", NonCommercial},
		{"Kommerzielle Nutzung ist nicht gestattet.", NonCommercial},
		{"È vietato l'uso commerciale.", NonCommercial},
		{"Solo per scopi non commerciali.", NonCommercial},
		{"Penggunaan komersial dilarang.", NonCommercial},
		{"Hanya untuk penggunaan non-komersial.", NonCommercial},
		{"For personal use only.", LimitedUse},
		{"The data may be used solely for academic research.", LimitedUse},
		{"Uso exclusivo: solo para uso personal.", LimitedUse},
		{"Nur zu Forschungszwecken und nur für die Lehre zu nutzen; Nutzung nur für Forschungszwecke.", LimitedUse},
		{"La licencia puede ser revocada en cualquier momento.", Revocable},
		{"Esta licença pode ser revogada a qualquer momento.", Revocable},
		{"Cette licence peut être révoquée à tout moment.", Revocable},
		{"Diese Lizenz kann jederzeit widerrufen werden.", Revocable},
		{"La licenza può essere revocata in qualsiasi momento.", Revocable},
		{"Lisensi ini dapat dicabut sewaktu-waktu.", Revocable},
		{"The Ministry grants a non-exclusive, revocable licence to use the software.", Revocable},
		{"The Author reserves the right to revoke this licence.", Revocable},
		{"The Licensor may revoke the permissions granted here.", Revocable},
		{"The Foundation may withdraw this permission at any time.", Revocable},

		// Open terms that mention commerce or revocation.
		{"Free for commercial and non-commercial use.", ""},
		{"Permission is granted for any purpose, commercial or non-commercial.", ""},
		{"to use the software for any purpose, commercial or otherwise", ""},
		{"including but not limited to commercial use", ""},
		{"including without limitation commercial, advertising or promotional purposes", ""},
		{"in no event shall the authors be liable for any commercial damages or losses", ""},
		{"Permission is granted to anyone to use this software for any purpose, including commercial applications", ""},
		{"Se permite el uso comercial.", ""},
		{"O uso comercial é permitido.", ""},
		{"L'usage commercial est autorisé.", ""},
		{"Kommerzielle Nutzung ist erlaubt.", ""},
		{"Uso commerciale consentito.", ""},
		{"Boleh digunakan untuk tujuan komersial.", ""},
		{"The licence granted here is perpetual and irrevocable.", ""},
		{"No contributor can revoke this license.", ""},
		{"This license cannot be revoked.", ""},
		{"You may terminate this licence at any time by destroying your copies.", ""},
		{"Your rights will be revoked if you fail to comply with these terms.", ""},
		{"The Licensor may stop distributing the work at any time; doing so will not terminate this licence.", ""},
		{"Example Health is a non-profit organization.", ""},
		{"not only for research but for any purpose", ""},
		{"\"Personal Use\" means use of Covered Code by an individual solely for his or her personal, private and non-commercial purposes.", ""},
		{"This alternative is allowed only for noncommercial distribution.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := Restrictions([]byte(tt.text))
		var kinds []RestrictionKind
		for _, r := range got {
			kinds = append(kinds, r.Kind)
		}
		if tt.want == "" && len(got) > 0 || tt.want != "" && !slices.Contains(kinds, tt.want) {
			t.Errorf("Restrictions(%q) = %+v, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRestrictionsLineAndPhrase(t *testing.T) {
	t.Parallel()
	text := "Licencia de uso\n\nSe concede permiso para usar y copiar.\nNo se permite el uso comercial\nde este software.\n"
	got := Restrictions([]byte(text))
	want := []Restriction{{Kind: NonCommercial, Line: 4, Phrase: "No se permite el uso comercial"}}
	if !slices.Equal(got, want) {
		t.Errorf("Restrictions = %+v, want %+v", got, want)
	}
}

// TestRestrictionsOnCorpus checks Restrictions on every text of the licence
// corpus: a text declares its restrictions with "restrictions:" header lines;
// every other text, open licences included, must produce none. Creative
// Commons NC and PolyForm Noncommercial texts are identified as non-commercial
// by their id; Restrictions may report them too, and must not report another
// kind.
func TestRestrictionsOnCorpus(t *testing.T) {
	t.Parallel()
	var tp, fp, fn int
	for _, c := range loadCorpus(t) {
		got := map[RestrictionKind]bool{}
		for _, r := range Restrictions(c.text) {
			got[r.Kind] = true
		}
		for _, k := range c.restrictions {
			if got[k] {
				tp++
				delete(got, k)
			} else {
				fn++
				t.Errorf("%s: no %s restriction found", c.name, k)
			}
		}
		idIsNC := strings.Contains(c.want, "-NC") || strings.Contains(c.want, "Noncommercial")
		for k := range got {
			if idIsNC && k == NonCommercial {
				continue
			}
			fp++
			t.Errorf("%s: unexpected %s restriction %+v", c.name, k, Restrictions(c.text))
		}
	}
	t.Logf("restrictions on the corpus: tp %d, fp %d, fn %d", tp, fp, fn)
}

// TestRestrictionsOnKnownLicences runs Restrictions over every licence text of
// licensecheck's test data (673 texts of 435 licences, the texts the
// detector's patterns were written from): no open licence (OSI-approved, open
// content or open data, as CategoryOf judges its id) may produce a
// restriction, and the non-commercial Creative Commons 4.0 licences must.
func TestRestrictionsOnKnownLicences(t *testing.T) {
	t.Parallel()
	dir := licensecheckDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "testdata", "*.t*"))
	if len(files) < 600 {
		t.Skipf("licensecheck test data not found in %s", dir)
	}
	open, found := 0, map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ids, body := licensecheckTestCase(data)
		if len(ids) == 0 {
			continue
		}
		rs := Restrictions(body)
		if len(rs) > 0 {
			found[ids[0]] = true
		}
		if !allOpen(ids) {
			continue
		}
		open++
		if len(rs) > 0 {
			t.Errorf("%s (%s, an open licence): %+v", filepath.Base(f), strings.Join(ids, ", "), rs)
		}
	}
	for _, id := range []string{"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0", "PolyForm-Noncommercial-1.0.0"} {
		if !found[id] {
			t.Errorf("%s: no restriction found", id)
		}
	}
	t.Logf("%d texts of open licences, none restricted", open)
}

// allOpen reports whether every id is an open licence.
func allOpen(ids []string) bool {
	for _, id := range ids {
		id, _ = mapID(id)
		switch c := CategoryOf(Lic{ID: id}); {
		case c == OSIApproved, c == OpenData, c == OpenContent && !isNC(id):
		default:
			return false
		}
	}
	return true
}

// licensecheckTestCase reads a file of licensecheck's testdata: a header of
// "# comment" lines, a coverage line and "ID start,end" lines, a blank line,
// then the text.
func licensecheckTestCase(data []byte) (ids []string, body []byte) {
	head, body, _ := bytes.Cut(data, []byte("\n\n"))
	sc := bufio.NewScanner(bytes.NewReader(head))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && !strings.HasPrefix(f[0], "#") && strings.Contains(f[1], ",") {
			ids = append(ids, f[0])
		}
	}
	return ids, body
}

// licensecheckDir returns the module cache directory of the licensecheck
// version this package is built with.
func licensecheckDir(t *testing.T) string {
	version := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/google/licensecheck" {
				version = d.Version
			}
		}
	}
	if version == "" {
		// Test binaries may lack module information: read go.mod.
		data, _ := os.ReadFile(filepath.Join("..", "..", "go.mod"))
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/google/licensecheck" {
				version = f[1]
			}
		}
	}
	if version == "" {
		t.Skip("licensecheck's version is unknown")
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	return filepath.Join(cache, "github.com", "google", "licensecheck@"+version)
}

func FuzzRestrictions(f *testing.F) {
	for _, s := range []string{"No se permite el uso comercial.", "for non-commercial purposes only", "may be revoked at any time",
		"commercial or non-commercial", "Lisensi ini dapat dicabut sewaktu-waktu.", "non", "sin fines de", "at any",
		"\xff\xfe commercial \n\n use", "É vietato l'uso commerciale; ", "revocable revocable revocable"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs := Restrictions(data)
		if len(rs) > maxRestrictions {
			t.Fatalf("%d restrictions", len(rs))
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, r := range rs {
			if r.Kind == "" || r.Line < 1 || r.Line > lines || r.Phrase == "" || len(r.Phrase) > maxPhrase {
				t.Fatalf("bad restriction %+v", r)
			}
		}
	})
}

// BenchmarkRestrictions reads every text of the licence corpus.
func BenchmarkRestrictions(b *testing.B) {
	cases := loadCorpus(b)
	var size int64
	for _, c := range cases {
		size += int64(len(c.text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			Restrictions(c.text)
		}
	}
}
