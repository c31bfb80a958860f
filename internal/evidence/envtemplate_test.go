package evidence

import (
	"strings"
	"testing"
)

func TestParseEnvTemplate(t *testing.T) {
	t.Parallel()
	commented := "# REQUIRED variables for production\n# Minimum variables needed to run\nSECRET_KEY=\"x\"\n# Optional: error reporting service\n#SENTRY_DSN=\nexport PORT=8080\n"
	got := parseEnvTemplate(commented)
	var names []string
	for _, n := range got {
		names = append(names, n.Name)
	}
	if strings.Join(names, " ") != "SECRET_KEY SENTRY_DSN PORT" {
		t.Errorf("names = %v, want SECRET_KEY SENTRY_DSN PORT", names)
	}
	if got := parseEnvTemplate("A=1\nB=2\n"); got != nil {
		t.Errorf("a bare template documents nothing, got %v", got)
	}
	for base, want := range map[string]bool{".env.example": true, "env.sample": true, ".env.template": true, "example.env": true,
		".env": false, ".env.production": false, "environment.md": false} {
		if isEnvTemplate(base) != want {
			t.Errorf("isEnvTemplate(%q) = %v, want %v", base, !want, want)
		}
	}
}

func FuzzParseEnvTemplate(f *testing.F) {
	f.Add("# a b c\n# d e f\n# g h i\nA=1\n#B=\n")
	f.Add("export X=\n=\n#=\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, n := range parseEnvTemplate(text) {
			if n.Name == "" || n.Line < 1 || n.Line > strings.Count(text, "\n")+1 {
				t.Fatalf("bad name %+v", n)
			}
		}
	})
}
