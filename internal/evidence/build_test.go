package evidence

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/license"
)

var detector = license.NewDetector()

const mitText = `MIT License

Copyright (c) 2024 Example Foundation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`

func write(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func buildDir(t *testing.T, dir string) *Repo {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return buildFS(t, root.FS(), Options{Detector: detector})
}

// buildFS builds the evidence of a tree, failing the test on an error or
// after 30 s.
func buildFS(t *testing.T, fsys fs.FS, o Options) *Repo {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := Build(ctx, fsys, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestHostileTree builds a repository that tries every trick a pull request
// could play on the walker and checks that each is skipped and counted, and
// that nothing outside the root is ever read.
func TestHostileTree(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	repo := filepath.Join(base, "repo")
	write(t, outside, "LICENSE", "TOPSECRET-MARKER "+mitText)
	write(t, outside, "docs/guide.md", "# TOPSECRET-MARKER guide\n")
	write(t, repo, "README.md", "# Project\n\nSee the docs.\n")
	links := map[string]string{
		"LICENSE":         "../outside/LICENSE", // escapes the root
		"COPYING":         "/etc/passwd",        // absolute, escapes
		"docs":            "../outside/docs",    // a directory outside
		"loop-a.md":       "loop-b.md",
		"loop-b.md":       "loop-a.md",
		"broken.md":       "nowhere.md",
		"inside-dir":      "sub",
		"CONTRIBUTING.md": "sub/contributing.md", // inside the root: followed
	}
	write(t, repo, "sub/contributing.md", "# Contributing\n\nSend pull requests.\n")
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(repo, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(repo, "SECURITY.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, repo, "NOTICE", strings.Repeat("x", capText+1))
	write(t, repo, "CODE_OF_CONDUCT.md", "# Conduct\n\xff\xfe\xfd invalid\n")
	deep := strings.Repeat("d/", maxDepth+2) + "README.md"
	write(t, repo, deep, "# deep\n")

	r := buildDir(t, repo)

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
	if c := r.Community[Contributing]; c == nil || !strings.Contains(c.Text, "Send pull requests") {
		t.Errorf("the in-root symlink CONTRIBUTING.md was not followed: %+v", c)
	}
	want := map[string]int{
		SkipSymlinkEscapes: 2, // LICENSE, COPYING
		SkipSymlinkLoop:    2,
		SkipSymlinkBroken:  1,
		SkipSymlinkDir:     1, // inside-dir
		SkipSpecial:        1, // the FIFO
		SkipTooLarge:       1,
		SkipInvalidUTF8:    1,
		SkipTooDeep:        1,
	}
	// "docs" points at a directory outside the root: it cannot be opened, so it
	// counts as escaping too.
	want[SkipSymlinkEscapes]++
	for reason, n := range want {
		if got := r.Stats.Skipped[reason]; got != n {
			t.Errorf("skipped[%s] = %d, want %d (all: %v)", reason, got, n, r.Stats.Skipped)
		}
	}
	if len(r.Licenses) != 0 {
		t.Errorf("licences = %v, want none", r.Licenses)
	}
	if !strings.Contains(strings.Join(r.Notices, "\n"), "NOTICE skipped") {
		t.Errorf("no notice for the oversized NOTICE: %q", r.Notices)
	}
}

func TestUTF16Licence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	u := []byte{0xFF, 0xFE}
	for _, r := range mitText {
		u = append(u, byte(r), byte(r>>8))
	}
	if err := os.WriteFile(filepath.Join(dir, "LICENSE.txt"), u, 0o644); err != nil {
		t.Fatal(err)
	}
	r := buildDir(t, dir)
	if len(r.Licenses) != 1 || len(r.Licenses[0].Matches) != 1 || r.Licenses[0].Matches[0].ID != "MIT" {
		t.Fatalf("UTF-16 MIT licence not detected: %+v", r.Licenses)
	}
}

// countingFS counts how often each file is opened.
type countingFS struct {
	fs.FS
	mu     sync.Mutex
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if info, serr := f.Stat(); serr == nil && !info.IsDir() {
			c.mu.Lock()
			c.opened[name]++
			c.mu.Unlock()
		}
	}
	return f, err
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

func TestEachFileReadAtMostOnce(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"LICENSE":                  {Data: []byte(mitText)},
		"README.md":                {Data: []byte("# x\n\n## Install\n\n```sh\nmake\n```\n")},
		"CONTRIBUTING.md":          {Data: []byte("# c\n")},
		"docs/guide.md":            {Data: []byte("# g\n")},
		"api/openapi.yaml":         {Data: []byte("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n" + strings.Repeat("# pad\n", 5000))},
		"data/big.json":            {Data: []byte("[" + strings.Repeat("1,", 20000) + "1]")},
		"dpg.json":                 {Data: []byte(`{"name":"x","license":[{"spdx":"MIT","licenseURL":"u"}],"SDGs":[{"SDGNumber":3}]}`)},
		"package.json":             {Data: []byte(`{"name":"x","dependencies":{"a":"1"}}`)},
		"go.mod":                   {Data: []byte("module x\n")},
		"Dockerfile":               {Data: []byte("FROM scratch\n")},
		"docker-compose.yml":       {Data: []byte("services: {a: {image: x}}\n")},
		"charts/app/Chart.yaml":    {Data: []byte("name: app\n")},
		"charts/app/values.yaml":   {Data: []byte("image: x:1\n")},
		".github/workflows/ci.yml": {Data: []byte("on: push\n")},
		"publiccode.yml":           {Data: []byte("publiccodeYmlVersion: '0.4'\n")},
		"src/a.go":                 {Data: []byte("// Copyright 2024 Example Org\npackage a\n")},
		"src/b.go":                 {Data: []byte("package a\n")},
		"vendor/x/LICENSE":         {Data: []byte(mitText)},
		"node_modules/y/index.js":  {Data: []byte("x")},
	}
	c := &countingFS{FS: fsys, opened: map[string]int{}}
	r, err := Build(context.Background(), c, Options{Detector: detector})
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range c.opened {
		if n > 1 {
			t.Errorf("%s opened %d times", name, n)
		}
	}
	for _, never := range []string{"vendor/x/LICENSE", "node_modules/y/index.js", "src/b.go"} {
		if c.opened[never] > 0 {
			t.Errorf("%s was read; it cannot be evidence", never)
		}
	}
	if len(r.APISpecs) != 1 || len(r.DPGApplications) != 1 || len(r.Manifests) != 2 || len(r.HelmCharts) != 1 ||
		len(r.HelmCharts[0].Images) != 1 || r.PublicCode == nil || len(r.Compose) != 1 || len(r.CI) != 1 {
		t.Errorf("inventory incomplete: specs %d, dpga %d, manifests %d, helm %+v, publiccode %v, compose %d, ci %d",
			len(r.APISpecs), len(r.DPGApplications), len(r.Manifests), r.HelmCharts, r.PublicCode != nil, len(r.Compose), len(r.CI))
	}
	if len(r.Vendored) != 2 || r.Vendored[0].Path != "node_modules" || r.Vendored[0].Walked {
		t.Errorf("vendored = %+v", r.Vendored)
	}
	if len(r.SourceCopyrights) != 1 || r.SourceCopyrights[0].Value.Holder != "Example Org" {
		t.Errorf("source copyrights = %+v", r.SourceCopyrights)
	}
}

func TestIgnore(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"README.md":          {Data: []byte("# x\n")},
		"examples/README.md": {Data: []byte("# e\n")},
		"examples/LICENSE":   {Data: []byte(mitText)},
	}
	r := buildFS(t, fsys, Options{Detector: detector, Ignore: func(p string) bool { return p == "examples" }})
	if len(r.Docs) != 1 || r.Stats.Skipped[SkipIgnored] != 1 {
		t.Errorf("ignore not honoured: docs %d, skipped %v", len(r.Docs), r.Stats.Skipped)
	}
}

func TestGitInfo(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("a1", 20)
	fsys := fstest.MapFS{
		".git/HEAD":        {Data: []byte("ref: refs/heads/main\n")},
		".git/packed-refs": {Data: []byte("# pack-refs\n" + sha + " refs/heads/main\n")},
		".git/config":      {Data: []byte("[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://x:tok@github.com/dpgcheck/dpgcheck.git\n")},
	}
	g := readGit(fsys)
	if g.Commit != sha || g.Ref != "refs/heads/main" || g.Repository != "dpgcheck/dpgcheck" || strings.Contains(g.Remote, "tok") {
		t.Errorf("readGit = %+v", g)
	}
}

func TestBuildCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, fstest.MapFS{"a": {}}, Options{}); err == nil {
		t.Fatal("Build with a cancelled context succeeded")
	}
}

// TestBuildFolders checks that a build/ folder is build output for source
// counting, while the Dockerfiles, compose files and pipelines committed in
// it are read, and that a build/ inside src/ (a Java package, project
// scripts) is source.
func TestBuildFolders(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"README.md":                                  {Data: []byte("# x\n")},
		"build/package/Dockerfile":                   {Data: []byte("FROM alpine:3.20\nCOPY app /app\nCMD [\"/app\"]\n")},
		"build/ci/Jenkinsfile":                       {Data: []byte("pipeline { stages { } }\n")},
		"build/generated/Gen.java":                   {Data: []byte("class Gen {}\n")},
		"src/build/docker/docker-compose.yml":        {Data: []byte("services:\n  app:\n    build: .\n")},
		"src/main/java/com/example/build/Patch.java": {Data: []byte("class Patch {}\n")},
	}
	r := buildFS(t, fsys, Options{Detector: detector})
	if len(r.Dockerfiles) != 1 || r.Dockerfiles[0].Path != "build/package/Dockerfile" {
		t.Errorf("Dockerfiles = %v, want build/package/Dockerfile", r.Dockerfiles)
	}
	if len(r.CI) != 1 || r.CI[0].System != "Jenkins" {
		t.Errorf("CI = %v, want build/ci/Jenkinsfile (Jenkins)", r.CI)
	}
	if len(r.Compose) != 1 {
		t.Errorf("compose files = %d, want src/build/docker/docker-compose.yml", len(r.Compose))
	}
	if r.Languages["Java"] != 1 {
		t.Errorf("Java files = %d, want 1 (the package under src/, not build/generated)", r.Languages["Java"])
	}
}
