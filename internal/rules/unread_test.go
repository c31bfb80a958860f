package rules

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// TestUnreadFilesAreNeverAbsent: a file that is there but could not be read
// (over its cap) or understood (a malformed manifest) makes the criteria
// that needed it unknown, naming the file; it never reads as "missing".
func TestUnreadFilesAreNeverAbsent(t *testing.T) {
	t.Parallel()
	big := func(n int, head string) []byte { return []byte(head + strings.Repeat("x", n)) }
	mit := mustRead(t, "../license/testdata/corpus/mit-plain.txt")
	cases := []struct {
		name   string
		files  fstest.MapFS
		config string
		want   map[string]report.Outcome
		names  string // the file every unknown finding must name
	}{
		{"licence over its cap", fstest.MapFS{
			"LICENSE": {Data: big(1<<20+1, "GNU GENERAL PUBLIC LICENSE\n")}, "README.md": {Data: []byte("# x\n")}},
			"", map[string]report.Outcome{"dpg-2": report.Unknown}, "LICENSE"},
		{"README over its cap", fstest.MapFS{
			"README.md": {Data: big(1<<20+1, "# Tool\n")}},
			"", map[string]report.Outcome{"dpg-5": report.Unknown}, "README.md"},
		{"API description over its cap", fstest.MapFS{
			"README.md":    {Data: []byte("# x\n")},
			"api/api.yaml": {Data: big(8<<20+1, "openapi: 3.0.3\ninfo:\n  title: Records\n  version: 1.0.0\npaths: {}\n# ")}},
			"", map[string]report.Outcome{"dpg-6": report.Unknown}, "api/api.yaml"},
		{"code of conduct over its cap", fstest.MapFS{
			"README.md":          {Data: []byte("# x\n")},
			"CODE_OF_CONDUCT.md": {Data: big(1<<20+1, "# Code of conduct\n")}},
			"", map[string]report.Outcome{"dpg-9c": report.Unknown}, "CODE_OF_CONDUCT.md"},
		{"malformed package.json declaring SSPL and mongodb", fstest.MapFS{
			"LICENSE":      {Data: mit},
			"package.json": {Data: []byte("{\n  \"name\": \"app\",\n  \"license\": \"SSPL-1.0\",\n  \"dependencies\": {\"mongodb\": \"^6.0.0\"},\n}\n")}},
			"version: 1\nattestations:\n  dpg-4:\n    evidence: [\"https://example.org/deps\"]\n    note: every dependency is open\n",
			map[string]report.Outcome{"dpg-2": report.Unknown, "dpg-4": report.Unknown}, "package.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cat := criteria.Builtin()
			cfg := &config.Config{}
			var read []string
			if c.config != "" {
				var err error
				cfg, err = config.Parse(".github/dpgcheck.yml", []byte(c.config), func(id string) bool { _, ok := cat.Lookup(id); return ok })
				if err != nil {
					t.Fatal(err)
				}
				c.files[".github/dpgcheck.yml"] = &fstest.MapFile{Data: []byte(c.config)}
				read = []string{".github/dpgcheck.yml"}
			}
			repo, err := evidence.Build(context.Background(), c.files, evidence.Options{Detector: detector, AlreadyRead: read})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(&Input{Repo: repo, Config: cfg, Catalog: cat, Now: now}, []string{"dpg"})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range ev.Findings {
				want, ok := c.want[f.ID]
				if !ok {
					continue
				}
				if f.Outcome != want {
					t.Errorf("%s = %s (%s), want %s", f.ID, f.Outcome, f.Message, want)
				}
				if !strings.Contains(f.Message, c.names) || !strings.Contains(strings.Join(f.Details, "\n"), c.names+" was not read: ") {
					t.Errorf("%s does not say %s was not read and why: %q %q", f.ID, c.names, f.Message, f.Details)
				}
			}
		})
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
