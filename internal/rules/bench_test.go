package rules

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
)

// synthetic is a 20,000-file repository shared by the benchmarks of one run:
// deep nesting, source files, sub-package manifests, docs, a few large files
// and a node_modules tree.
var syntheticMade bool

var synthetic = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dpgcheck-bench-")
	if err != nil {
		return "", err
	}
	syntheticMade = true
	w := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
	}
	mit, _ := os.ReadFile("../license/testdata/mit.txt")
	w("LICENSE", mit)
	w("README.md", []byte("# Big\n\nA large monorepo for health information exchange.\n\n## Installation\n\n```sh\nmake\n```\n"))
	w("package.json", []byte(`{"name":"big","license":"MIT","dependencies":{"express":"^4"}}`))
	w("go.mod", []byte("module example.org/big\n\ngo 1.26\n\nrequire github.com/lib/pq v1.10.9\n"))
	w("Dockerfile", []byte("FROM golang:1.26 AS build\nFROM scratch\n"))
	w("api/openapi.yaml", []byte("openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths: {}\n"))
	files := 6
	src := []byte(strings.Repeat("// some code that does things\nfunc f() int { return 1 }\n", 40)) // ~2 KB
	for pkg := 0; files < 16800; pkg++ {
		depth := pkg % 12
		base := "services/svc" + fmt.Sprint(pkg%40)
		for d := 0; d < depth; d++ {
			base += fmt.Sprintf("/level%d", d)
		}
		if pkg%25 == 0 {
			w(base+"/package.json", []byte(fmt.Sprintf(`{"name":"p%d","license":"MIT","dependencies":{"lodash":"^4"},"devDependencies":{"jest":"^29"}}`, pkg)))
			w(base+"/README.md", []byte("# package\n\nDocs for this package, with an example of how to export CSV.\n"))
			files += 2
		}
		for i := 0; i < 20 && files < 16800; i++ {
			ext := []string{".go", ".py", ".ts", ".java"}[i%4]
			w(fmt.Sprintf("%s/file%d%s", base, i, ext), src)
			files++
		}
	}
	for i := 0; i < 200; i++ {
		w(fmt.Sprintf("docs/section%d/page%d.md", i%10, i), []byte("# Page\n\nSome documentation about FHIR and OpenID Connect.\n\n```sh\nrun it\n```\n"))
		files++
	}
	big := make([]byte, 10<<20)
	for i := 0; i < 3; i++ {
		w(fmt.Sprintf("assets/blob%d.bin", i), big)
		files++
	}
	for files < 20000 {
		w(fmt.Sprintf("node_modules/pkg%d/index.js", files), []byte("module.exports = 1\n"))
		files++
	}
	return dir, err
})

func TestMain(m *testing.M) {
	code := m.Run()
	if syntheticMade {
		if dir, err := synthetic(); err == nil {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

func treeSize(b *testing.B, dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

// BenchmarkEvaluate20000Files measures a full evaluation (walk, parse,
// licence detection, rules) of the synthetic repository, warm.
func BenchmarkEvaluate20000Files(b *testing.B) {
	dir, err := synthetic()
	if err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	cat := criteria.Builtin()
	b.SetBytes(treeSize(b, dir))
	b.ReportAllocs()
	var repo *evidence.Repo
	for b.Loop() {
		repo, err = evidence.Build(context.Background(), root.FS(), evidence.Options{Detector: detector})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Evaluate(&Input{Repo: repo, Config: &config.Config{}, Catalog: cat, Now: now}, []string{"dpg"}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/1e6, "live-heap-MB")
	b.ReportMetric(float64(repo.Stats.FilesRead), "files-read")
	b.ReportMetric(float64(repo.Stats.BytesRead)/1e6, "MB-read")
	runtime.KeepAlive(repo)
}

// BenchmarkReadAll20000Files is the baseline: open and read every regular
// file of the synthetic repository outside node_modules, as a naive walker would.
func BenchmarkReadAll20000Files(b *testing.B) {
	dir, err := synthetic()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(treeSize(b, dir))
	for b.Loop() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return fs.SkipDir
			}
			if d.Type().IsRegular() {
				f, err := os.Open(p)
				if err == nil {
					io.Copy(io.Discard, f)
					f.Close()
				}
			}
			return nil
		})
	}
}
