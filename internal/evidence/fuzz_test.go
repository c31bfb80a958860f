package evidence

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// interesting names make the fuzzer's files land in every kind of evidence.
var interesting = []string{"LICENSE", "README.md", "package.json", "go.mod", "Dockerfile", "docker-compose.yml",
	"publiccode.yml", "openapi.yaml", "dpg.json", "SECURITY.md", "CODE_OF_CONDUCT.md", "Chart.yaml", "values.yaml",
	"main.go", "a.md", "node_modules", "vendor", "docs", ".git", "HEAD", "config",
	"pom.xml", "a.feature", "test", "ApiTest.java", "application.properties", ".nycrc", "templates", "_helpers.tpl", "entrypoint.sh"}

// linkTargets are where the fuzzer's symlinks point: outside the root,
// absolute paths, loops, parents.
var linkTargets = []string{"../outside/LICENSE", "/etc/passwd", "..", ".", "../..", "loop", "docs", "../outside", "/dev/zero", "/proc/self/fd/0"}

// FuzzBuild turns bytes into a directory tree of files, folders and
// symlinks, then walks it: the walk must not fail, hang or read anything
// outside the root.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 10, 11, 12})
	f.Add([]byte("\x02\x00\x02\x05\x03\x01\x01\x07\x00\x00hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256 {
			return
		}
		base := t.TempDir()
		outside := filepath.Join(base, "outside")
		repo := filepath.Join(base, "repo")
		if err := os.MkdirAll(repo, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, outside, "LICENSE", "TOPSECRET-MARKER\n"+mitText)
		dir := repo
		for i := 0; i+1 < len(data); i += 2 {
			name := interesting[int(data[i+1])%len(interesting)]
			p := filepath.Join(dir, name)
			switch data[i] % 4 {
			case 0:
				content := string(data[i:min(len(data), i+40)])
				_ = os.WriteFile(p, []byte(content), 0o644)
			case 1:
				if os.MkdirAll(p, 0o755) == nil && strings.Count(dir, string(filepath.Separator)) < 30 {
					dir = p
				}
			case 2:
				_ = os.Symlink(linkTargets[int(data[i+1])%len(linkTargets)], p)
			case 3:
				_ = os.WriteFile(p, []byte(mitText), 0o644)
				dir = repo
			}
		}
		root, err := os.OpenRoot(repo)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		r, err := Build(ctx, root.FS(), Options{Detector: detector, GovStack: true})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		for _, l := range r.Licenses {
			if strings.Contains(l.Text, "TOPSECRET") {
				t.Fatalf("read %s from outside the root", l.Path)
			}
		}
		for _, d := range r.Docs {
			if strings.Contains(d.Text, "TOPSECRET") {
				t.Fatalf("read %s from outside the root", d.Path)
			}
		}
		for _, c := range r.DevConfigs {
			if strings.Contains(c.Text, "TOPSECRET") {
				t.Fatalf("read %s from outside the root", c.Path)
			}
		}
	})
}
