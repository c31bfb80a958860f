package publiccode

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// checkBounded fails the test if f breaks the limits Parse promises.
func checkBounded(t testing.TB, f *File) {
	t.Helper()
	lists := map[string]int{
		"DependsOn": len(f.DependsOn), "Documentation": len(f.Documentation),
		"APIDocumentation": len(f.APIDocumentation), "Features": len(f.Features),
		"Contacts": len(f.Contacts), "IsBasedOn": len(f.IsBasedOn), "UsedBy": len(f.UsedBy),
		"Languages": len(f.Languages), "Scope": len(f.Scope), "Countries": len(f.Countries),
		"Supports": len(f.Supports), "Categories": len(f.Categories), "Problems": len(f.Problems),
	}
	for name, n := range lists {
		if n > MaxItems {
			t.Errorf("%s has %d items, more than %d", name, n, MaxItems)
		}
	}
	var texts []string
	texts = append(texts, f.Version, f.Name, f.URL, f.LandingURL, f.License, f.MainCopyrightOwner,
		f.RepoOwner, f.Organisation.Name, f.Organisation.URI, f.ShortDescription, f.LongDescription,
		f.MaintenanceType, f.DevelopmentStatus, f.SoftwareType)
	texts = append(texts, f.Features...)
	texts = append(texts, f.IsBasedOn...)
	texts = append(texts, f.UsedBy...)
	texts = append(texts, f.Languages...)
	texts = append(texts, f.Scope...)
	texts = append(texts, f.Countries...)
	texts = append(texts, f.Supports...)
	texts = append(texts, f.Categories...)
	lines := []int{f.LicenseLine, f.MainCopyrightOwnerLine, f.RepoOwnerLine, f.Organisation.Line, f.MaintenanceLine}
	for _, d := range f.DependsOn {
		texts = append(texts, d.Name, d.Version)
		lines = append(lines, d.Line)
	}
	for _, r := range append(append([]Ref{}, f.Documentation...), f.APIDocumentation...) {
		texts = append(texts, r.URL, r.Lang)
		lines = append(lines, r.Line)
	}
	for _, c := range f.Contacts {
		texts = append(texts, c.Name, c.Email)
	}
	for _, p := range f.Problems {
		texts = append(texts, p.Msg)
		lines = append(lines, p.Line)
	}
	for _, s := range texts {
		if len(s) > MaxText {
			t.Errorf("a string has %d bytes, more than %d", len(s), MaxText)
		}
	}
	for _, l := range lines {
		if l < 0 {
			t.Errorf("negative line %d", l)
		}
	}
}

func TestParseAliasBombs(t *testing.T) {
	t.Parallel()
	// The classic "billion laughs": nine levels of nine aliases.
	var laughs strings.Builder
	laughs.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&laughs, "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	laughs.WriteString("categories: *i\nusedBy: *i\nisBasedOn: *i\ndescription: {en: *i, it: *i}\n")

	// A bomb aimed at the description walk: 300 languages sharing one
	// 100-feature description.
	var features strings.Builder
	features.WriteString("feat: &feat [")
	for i := range 100 {
		if i > 0 {
			features.WriteString(", ")
		}
		fmt.Fprintf(&features, "f%d", i)
	}
	features.WriteString("]\nlang: &lang {shortDescription: x, features: *feat}\ndescription:\n")
	for i := range 300 {
		fmt.Fprintf(&features, "  l%d: *lang\n", i)
	}

	for name, in := range map[string]string{"billion laughs": laughs.String(), "description": features.String()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			f, err := Parse([]byte(in))
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("Parse took %v", elapsed)
			}
			var pe *ParseError
			switch {
			case err == nil:
				checkBounded(t, f)
			case !errors.As(err, &pe):
				t.Errorf("error %T %v, want *ParseError", err, err)
			}
		})
	}

	// The description bomb must hit the node budget.
	_, err := Parse([]byte(features.String()))
	want := &ParseError{Msg: "the document has more than 20000 nodes (counting aliases); it is too large or too deeply aliased to read"}
	var pe *ParseError
	if !errors.As(err, &pe) || *pe != *want {
		t.Errorf("description bomb: err = %v, want %v", err, want)
	}
}

func TestParseCaps(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(minimal)
	fmt.Fprintf(&b, "legal: {license: %s}\n", strings.Repeat("é", MaxText)) // 2 bytes per rune
	b.WriteString("categories:\n")
	for i := range MaxItems + 5 {
		fmt.Fprintf(&b, "  - c%d\n", i)
	}
	f, err := Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	checkBounded(t, f)
	if len(f.License) != MaxText || !strings.HasSuffix(f.License, "é") {
		t.Errorf("license clipped to %d bytes, want %d on a rune boundary", len(f.License), MaxText)
	}
	if len(f.Categories) != MaxItems {
		t.Errorf("%d categories, want %d", len(f.Categories), MaxItems)
	}
	want := Problem{Line: 9, Msg: "categories has more than 1000 items; the rest are ignored"}
	found := false
	for _, p := range f.Problems {
		found = found || p == want
	}
	if !found {
		t.Errorf("Problems = %v, want one %v", f.Problems, want)
	}
}

func FuzzParse(f *testing.F) {
	// Seeds are kept small: the fuzzer minimises every new input before
	// reporting it, which takes most of a short run on kilobyte-sized seeds.
	for _, s := range []string{
		"publiccodeYmlVersion: '0.2'\nname: a\nurl: u\nlegal: {license: MIT, repoOwner: o}\nit: {conforme: {gdpr: true}, riuso: {codiceIPA: c}}\n",
		"description: {en: {shortDescription: s, longDescription: l, documentation: d, apiDocumentation: a, features: [f], genericName: g}}\n",
		"maintenance: {type: internal, contacts: [{name: n, email: e}]}\ndevelopmentStatus: stable\nsoftwareType: addon\n",
		"dependsOn: {open: [{name: p, versionMin: '1', versionMax: '2', optional: true}], hardware: [{version: x}]}\n",
		"organisation: {name: n, uri: u}\nintendedAudience: {scope: [s], countries: [c]}\nlocalisation: {availableLanguages: [en]}\nsupports: [x, {id: y}]\nisBasedOn: z\n",
		"", "~", "[]", "a: &a [*a]", "a: &a {b: *a}", "description: {en: [1]}",
		"dependsOn: {open: [{name: x, optional: maybe}]}", "legal: !!binary aGVsbG8=",
		"a: &a [x]\ncategories: [*a, *a]\nsupports: [{id: *a}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *ParseError", err, err)
			}
			if pe.Line < 0 || len(pe.Msg) > MaxText+len("invalid YAML: ") {
				t.Fatalf("bad ParseError %+v", pe)
			}
			return
		}
		checkBounded(t, file)
	})
}
