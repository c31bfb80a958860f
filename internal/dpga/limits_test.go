package dpga

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// checkBounded fails the test if a breaks the limits Parse promises.
func checkBounded(t testing.TB, a *Application) {
	t.Helper()
	lists := [][]string{a.Shapes, a.Types, a.OpenAlternatives, a.DocumentationURLs, a.PrivacyLaws,
		a.PrivacyURLs, a.Standards, a.BestPractices, a.Repositories, a.DevelopmentCountries, a.DeploymentCountries}
	texts := []string{a.Name, a.Description, a.Stage, a.OwnershipExplicit, a.CopyrightURL, a.MandatoryDepsRestrict,
		a.PlatformIndependent, a.CollectsNonPII, a.NonPIIAccess, a.PrivacyCompliant, a.CollectsPII,
		a.ContentCollected, a.UserInteraction, a.HarassmentPolicy, a.ContentPolicy}
	for _, l := range lists {
		if len(l) > MaxItems {
			t.Errorf("a list has %d items, more than %d", len(l), MaxItems)
		}
		texts = append(texts, l...)
	}
	for _, n := range []int{len(a.Licenses), len(a.SDGs), len(a.Owners), len(a.Organizations)} {
		if n > MaxItems {
			t.Errorf("a list has %d items, more than %d", n, MaxItems)
		}
	}
	var lines []int
	for _, l := range a.Licenses {
		texts = append(texts, l.SPDX, l.URL)
		lines = append(lines, l.Line)
	}
	for _, s := range a.SDGs {
		texts = append(texts, s.Evidence, s.URL)
		lines = append(lines, s.Line)
		if s.Goal < 1 || s.Goal > 17 {
			t.Errorf("SDG goal %d out of range", s.Goal)
		}
	}
	for _, o := range append(append([]Org{}, a.Owners...), a.Organizations...) {
		texts = append(texts, o.Name, o.Website, o.Type)
		lines = append(lines, o.Line)
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

func TestParseLimits(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"name": "` + strings.Repeat("é", MaxText) + `", "SDGs": [`)
	for i := range MaxItems + 10 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%d", i%17+1)
	}
	b.WriteString(`], "openStandards": [`)
	for i := range 3 * MaxItems {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"s%d"`, i)
	}
	b.WriteString(`], "deep": ` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`)
	a, err := Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	checkBounded(t, a)
	if len(a.Name) != MaxText || !strings.HasSuffix(a.Name, "é") {
		t.Errorf("name clipped to %d bytes, want %d on a rune boundary", len(a.Name), MaxText)
	}
	if len(a.SDGs) != MaxItems || len(a.Standards) != MaxItems {
		t.Errorf("%d SDGs and %d standards, want %d of each", len(a.SDGs), len(a.Standards), MaxItems)
	}

	// Deep nesting of the document itself is read without recursion limits.
	deep := "{\"x\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	if _, err := Parse([]byte(deep)); err != nil {
		t.Errorf("deeply nested document: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","license":[{"spdx":"MIT","licenseURL":"https://x"}],"SDGs":[{"SDGNumber":3,"evidenceText":"t","evidenceURL":"u"}],"organizations":[{"name":"o","org_type":"owner"}],"type":["software"],"stage":"DPG"}`,
		`{"SDGs":[[16,"text"],16,"SDG5"],"repositoryURL":"https://r","repositories":[{"url":"u"},"v"]}`,
		`{"clearOwnership":{"isOwnershipExplicit":"Yes","copyrightURL":"c"},"documentation":{"documentationURL":["https://d"]},"privacy":{"adherenceSteps":["see https://p."]},"doNoHarm":{"protectionFromHarassment":{"harassmentProtectionSteps":["s"]}}}`,
		`{"openlicenses":[{"openLicense":"MIT, Apache-2.0","openLicenseEvidenceURLs":"https://l"}],"sdgs":{"sdg":["SDG16: Peace\u00b8 Justice"],"relevance":"r https://e"},"clearOwnership":[{"clearOwnershipName":"n","clearOwnershipURL":"https://o ;"}]}`,
		`{"platformIndependence":{"openAlternatives":"x"},"NonPII":{"collectsNonPII":"Yes"},"locations":{"developmentCountries":["KE"]}}`,
		"", "{}", "[]", "{\"a\":", "\xef\xbb\xbf{}", `{"SDGs":[1e999]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Recognize(data)
		a, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *ParseError", err, err)
			}
			if pe.Line < 0 || len(pe.Msg) > MaxText+len("invalid JSON: ") {
				t.Fatalf("bad ParseError %+v", pe)
			}
			return
		}
		checkBounded(t, a)
	})
}
