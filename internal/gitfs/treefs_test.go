package gitfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// treeCase is a commit of the fixtures and its "git ls-tree -r -t -l".
type treeCase struct {
	rev    string
	lsTree string
}

var treeCases = []treeCase{{"main", "testdata/main.ls-tree"}, {"v1.0", "testdata/v1.0.ls-tree"}}

// TestTreeFSMatchesLsTree proves that, for every fixture (pack with
// OFS_DELTA, pack with REF_DELTA, loose objects, shallow clone), TreeFS of a
// commit lists exactly the paths of ls-tree, with their types, modes and
// sizes, that every file's content hashes (as a git blob) to ls-tree's object
// name, that every tree entry names ls-tree's object, and that the FS passes
// testing/fstest.TestFS.
func TestTreeFSMatchesLsTree(t *testing.T) {
	for _, fx := range append(fixtures, "shallow") {
		for _, tc := range treeCases {
			if fx == "shallow" && tc.rev != "main" {
				continue // the shallow clone has only main's commit
			}
			t.Run(fx+"/"+tc.rev, func(t *testing.T) {
				r := openFixture(t, fx)
				commit, err := r.Resolve(tc.rev)
				if err != nil {
					t.Fatal(err)
				}
				fsys, err := r.TreeFS(commit)
				if err != nil {
					t.Fatal(err)
				}
				checkTreeFS(t, fsys, readLsTree(t, tc.lsTree))
			})
		}
	}
}

func checkTreeFS(t *testing.T, fsys fs.FS, want []lsEntry) {
	t.Helper()
	got := map[string]fs.DirEntry{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." {
			got[p] = d
		}
		return nil
	})
	if err != nil {
		t.Fatalf("WalkDir: %v", err)
	}
	tfs := fsys.(*treeFS)
	var files []string
	for _, w := range want {
		d, ok := got[w.path]
		if !ok {
			t.Errorf("%s: missing", w.path)
			continue
		}
		delete(got, w.path)
		e, err := tfs.lookup("test", w.path)
		if err != nil {
			t.Errorf("%s: lookup: %v", w.path, err)
			continue
		}
		if e.hash != w.oid {
			t.Errorf("%s: entry names %s, ls-tree %s", w.path, e.hash, w.oid)
		}
		info, err := d.Info()
		if err != nil {
			t.Errorf("%s: Info: %v", w.path, err)
			continue
		}
		st, err := fs.Stat(fsys, w.path)
		if err != nil || fs.FormatFileInfo(st) != fs.FormatFileInfo(info) {
			t.Errorf("%s: Stat = %v, %v; Info = %v", w.path, st, err, info)
		}
		switch w.mode {
		case "040000", "160000":
			if !d.IsDir() || info.Mode() != fs.ModeDir|0o755 {
				t.Errorf("%s: mode %v, want a directory", w.path, info.Mode())
			}
			if w.mode == "160000" {
				if es, err := fs.ReadDir(fsys, w.path); err != nil || len(es) != 0 {
					t.Errorf("%s: submodule lists %d entries, %v; want none", w.path, len(es), err)
				}
			}
		case "100644", "100755":
			files = append(files, w.path)
			wantMode := fs.FileMode(0o644)
			if w.mode == "100755" {
				wantMode = 0o755
			}
			if d.Type() != 0 || info.Mode() != wantMode || info.Size() != w.size {
				t.Errorf("%s: type %v mode %v size %d; want mode %v size %d", w.path, d.Type(), info.Mode(), info.Size(), wantMode, w.size)
			}
			data, err := fs.ReadFile(fsys, w.path)
			if err != nil || gitHash("blob", data) != w.oid {
				t.Errorf("%s: ReadFile: %d bytes, %v; content does not hash to %s", w.path, len(data), err, w.oid)
			}
			// Through Open and Read too (ReadFile is the FS's own method).
			f, err := fsys.Open(w.path)
			if err == nil {
				data, err = io.ReadAll(f)
				f.Close()
			}
			if err != nil || gitHash("blob", data) != w.oid {
				t.Errorf("%s: Open+Read: %v", w.path, err)
			}
		case "120000":
			if d.Type() != fs.ModeSymlink || info.Mode() != fs.ModeSymlink|0o777 || info.Size() != w.size {
				t.Errorf("%s: type %v mode %v size %d; want a link of %d bytes", w.path, d.Type(), info.Mode(), info.Size(), w.size)
			}
			target, err := fs.ReadLink(fsys, w.path)
			if err != nil || gitHash("blob", []byte(target)) != w.oid {
				t.Errorf("%s: ReadLink = %q, %v", w.path, target, err)
			}
			if _, err := fs.ReadFile(fsys, w.path); !errors.Is(err, errSymlink) {
				t.Errorf("%s: ReadFile of a link = %v, want errSymlink", w.path, err)
			}
			f, err := fsys.Open(w.path)
			if err != nil {
				t.Errorf("%s: Open: %v", w.path, err)
				continue
			}
			if _, err := f.Read(make([]byte, 10)); !errors.Is(err, errSymlink) {
				t.Errorf("%s: Read of a link = %v, want errSymlink", w.path, err)
			}
			f.Close()
		default:
			t.Errorf("%s: unexpected ls-tree mode %s", w.path, w.mode)
		}
	}
	for p := range got {
		t.Errorf("%s: listed but not in ls-tree", p)
	}
	if err := fstest.TestFS(fsys, files...); err != nil {
		t.Errorf("fstest.TestFS: %v", err)
	}
}

// TestTreeFSErrors covers paths that do not exist or are invalid, and what
// directories and files refuse.
func TestTreeFSErrors(t *testing.T) {
	r := openFixture(t, "packed")
	head, _ := r.Resolve("HEAD")
	fsys, err := r.TreeFS(head)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nope", "README.md/x", "src/nope", "vendor/sub/x", "link/x"} {
		if _, err := fsys.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want ErrNotExist", name, err)
		}
	}
	for _, name := range []string{"/README.md", "./README.md", "src/../README.md", "src/", ""} {
		if _, err := fsys.Open(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := fs.ReadDir(fsys, "README.md"); err == nil {
		t.Error("ReadDir of a file succeeded")
	}
	if _, err := fs.ReadFile(fsys, "src"); err == nil {
		t.Error("ReadFile of a directory succeeded")
	}
	if _, err := fs.ReadLink(fsys, "README.md"); err == nil {
		t.Error("ReadLink of a file succeeded")
	}
	if _, err := r.TreeFS(mustHash(t, "f80180a68ad75470c3bb5d2efa6ed90948066f3b")); err == nil {
		t.Error("TreeFS of a blob succeeded")
	}
	f, _ := fsys.Open("README.md")
	f.Close()
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Read after Close = %v", err)
	}
}

// TestShallow proves a depth-1 clone reads its head commit and tree, lists
// the shallow boundary, and reports its missing parents as ErrNotInCheckout
// from HasObject, Commit, Resolve and TreeFS.
func TestShallow(t *testing.T) {
	refs := readRefsTxt(t)
	r := openFixture(t, "shallow")
	head, err := r.Resolve("HEAD")
	if err != nil || head != refs["HEAD"] {
		t.Fatalf("HEAD = %s, %v", head, err)
	}
	if got, err := r.Resolve("v2.0"); err != nil || got != head {
		t.Errorf("v2.0 = %s, %v", got, err)
	}
	if sh := r.Shallow(); len(sh) != 1 || sh[0] != head {
		t.Errorf("Shallow() = %v, want [%s]", sh, head)
	}
	c, err := r.Commit(head)
	if err != nil {
		t.Fatal(err)
	}
	full, err := openFixture(t, "packed").Commit(head)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tree != full.Tree || len(c.Parents) == 0 || !slices.Equal(c.Parents, full.Parents) {
		t.Fatalf("Commit = %+v, want %+v", c, full)
	}
	for _, p := range c.Parents {
		if r.HasObject(p) {
			t.Errorf("HasObject(parent %s) = true", p)
		}
		if _, err := r.Commit(p); !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Commit(parent %s) = %v, want ErrNotInCheckout", p, err)
		}
		if _, err := r.Resolve(p.String()); !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Resolve(parent) = %v, want ErrNotInCheckout", err)
		}
		if _, err := r.TreeFS(p); !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("TreeFS(parent) = %v, want ErrNotInCheckout", err)
		}
	}
	if !r.HasObject(head) || !r.HasObject(c.Tree) {
		t.Error("HasObject(head or its tree) = false")
	}
	if (&Repo{}).Shallow() != nil || openFixture(t, "packed").Shallow() != nil {
		t.Error("Shallow() of a complete clone is not nil")
	}
}

// TestPartialClone proves that objects missing from the store (a partial
// clone's blobs or trees) are listed but fail with ErrNotInCheckout when
// read, opened or stat'ed, and that the rest of the tree stays readable.
func TestPartialClone(t *testing.T) {
	dir := copyFixture(t, "loose")
	lost := map[string]string{
		"README.md": "dd7003983886606593148f5a5188a7d942633556",
		"src":       "98ca94f14819bd4fce27363499d0f395c3f9f5fd",
	}
	for _, h := range lost {
		if err := os.Remove(filepath.Join(dir, "objects", h[:2], h[2:])); err != nil {
			t.Fatal(err)
		}
	}
	r := mustOpen(t, dir)
	head, _ := r.Resolve("main")
	fsys, err := r.TreeFS(head)
	if err != nil {
		t.Fatal(err)
	}
	es, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range es {
		names = append(names, e.Name())
		if e.Name() == "README.md" {
			if _, err := e.Info(); !errors.Is(err, ErrNotInCheckout) {
				t.Errorf("Info of a missing blob = %v", err)
			}
		}
	}
	if !strings.Contains(strings.Join(names, " "), "README.md") {
		t.Errorf("listing %v lacks README.md", names)
	}
	for _, name := range []string{"README.md", "src", "src/main.go"} {
		if _, err := fsys.Open(name); !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Open(%s) = %v, want ErrNotInCheckout", name, err)
		}
		if _, err := fs.Stat(fsys, name); name != "src" && !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Stat(%s) = %v, want ErrNotInCheckout", name, err)
		}
	}
	if _, err := fs.ReadFile(fsys, "LICENSE"); err != nil {
		t.Errorf("LICENSE: %v", err)
	}
}

// TestConcurrentWalk reads every file of a tree from many goroutines while
// listing directories, for the race detector, on one Repo and one FS.
func TestConcurrentWalk(t *testing.T) {
	want := readLsTree(t, "testdata/main.ls-tree")
	for _, fx := range fixtures {
		r := openFixture(t, fx)
		head, _ := r.Resolve("main")
		fsys, err := r.TreeFS(head)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
					if err != nil || !d.Type().IsRegular() {
						return err
					}
					_, err = fs.ReadFile(fsys, p)
					return err
				})
				if err != nil {
					t.Error(err)
				}
				for _, w := range want {
					if w.typ != "blob" || w.mode == "120000" {
						continue
					}
					data, err := fs.ReadFile(fsys, w.path)
					if err != nil || gitHash("blob", data) != w.oid {
						t.Errorf("%s: %v", w.path, err)
					}
				}
			}()
		}
		wg.Wait()
	}
}

// TestFixturesCoverDeltas proves the fixtures exercise what they claim:
// packed.git has OFS_DELTA entries and chains, refdelta.git REF_DELTA ones.
func TestFixturesCoverDeltas(t *testing.T) {
	count := func(fx string) map[objectType]int {
		_, es := packEntries(t, openFixture(t, fx))
		n := map[objectType]int{}
		for _, e := range es {
			n[e.t]++
		}
		return n
	}
	if n := count("packed"); n[typeOfsDelta] == 0 || n[typeRefDelta] != 0 {
		t.Errorf("packed.git entry types %v: want OFS_DELTA entries only", n)
	}
	if n := count("refdelta"); n[typeRefDelta] == 0 || n[typeOfsDelta] != 0 {
		t.Errorf("refdelta.git entry types %v: want REF_DELTA entries only", n)
	}
}

// TestReadFileOwned proves ReadFile's result is the caller's: scribbling on
// it does not change later reads, also for blobs that were cached as delta
// bases by earlier reads.
func TestReadFileOwned(t *testing.T) {
	for _, fx := range []string{"packed", "refdelta"} {
		r := openFixture(t, fx)
		for round := 0; round < 3; round++ {
			for _, tc := range treeCases {
				head, _ := r.Resolve(tc.rev)
				fsys, err := r.TreeFS(head)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range readLsTree(t, tc.lsTree) {
					if w.typ != "blob" || w.mode == "120000" {
						continue
					}
					data, err := fs.ReadFile(fsys, w.path)
					if err != nil || gitHash("blob", data) != w.oid {
						t.Fatalf("%s round %d %s: %v", fx, round, w.path, err)
					}
					for i := range data {
						data[i] = '!'
					}
				}
			}
		}
	}
}
