package evidence

import (
	"strings"
	"testing"
)

// policyNameByConcat is isPolicyName as it was first written, building the
// strings it looks for.
func policyNameByConcat(s string) bool {
	for _, w := range policyWords {
		if s == w || strings.HasPrefix(s, w+"_") || strings.HasPrefix(s, w+"-") || strings.HasPrefix(s, w+".") ||
			strings.HasSuffix(s, "_"+w) || strings.HasSuffix(s, "-"+w) {
			return true
		}
	}
	return strings.Contains(s, "PRIVACY") || strings.Contains(s, "DATA_PROTECTION") || strings.Contains(s, "DATA-PROTECTION")
}

func FuzzPolicyName(f *testing.F) {
	for _, w := range policyWords {
		for _, s := range []string{w, w + "_V2", w + "-EN", w + ".MD", "OUR_" + w, "OUR-" + w, "X" + w, w + "X", w + "_", "_" + w} {
			f.Add(s)
		}
	}
	f.Add("IDEASIS PRIVACY POLICY")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isPolicyName(s), policyNameByConcat(s); got != want {
			t.Fatalf("isPolicyName(%q) = %v, want %v", s, got, want)
		}
	})
}
