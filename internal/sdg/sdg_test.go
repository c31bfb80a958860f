package sdg

import "testing"

func TestTargetsTotal169(t *testing.T) {
	t.Parallel()
	n := 0
	for i, g := range Goals {
		if g.Number != i+1 {
			t.Fatalf("Goals[%d].Number = %d", i, g.Number)
		}
		n += len(g.Targets())
	}
	if n != 169 {
		t.Fatalf("%d targets, want the 169 of A/RES/70/1", n)
	}
}

func TestValidTarget(t *testing.T) {
	t.Parallel()
	g3, _ := Lookup(3)
	for target, want := range map[string]bool{"3.8": true, "3.d": true, "3.D": true, "3.10": false, "3.e": false, "4.1": false, "8": false, "": false} {
		if ok, msg := g3.ValidTarget(target); ok != want {
			t.Errorf("SDG 3 ValidTarget(%q) = %v (%s), want %v", target, ok, msg, want)
		}
	}
	g17, _ := Lookup(17)
	if ok, _ := g17.ValidTarget("17.19"); !ok {
		t.Error("17.19 rejected")
	}
	if _, ok := Lookup(18); ok {
		t.Error("SDG 18 exists")
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	got := Suggest("An open-source electronic health record for clinics and hospitals; FHIR API.", 3)
	if len(got) == 0 || got[0].Goal != 3 {
		t.Fatalf("Suggest(health text) = %+v, want SDG 3 first", got)
	}
	if got := Suggest("A JSON parser.", 3); len(got) != 0 {
		t.Fatalf("Suggest(JSON parser) = %+v, want nothing", got)
	}
}
