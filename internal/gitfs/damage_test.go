package gitfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readMainTree reads every file of the main tree through the public
// API and returns the first error.
func readMainTree(r *Repo) error {
	head, err := r.Resolve("main")
	if err != nil {
		return err
	}
	fsys, err := r.TreeFS(head)
	if err != nil {
		return err
	}
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		_, err = fs.ReadFile(fsys, p)
		return err
	})
}

// wantDamage checks that err is a damage error: not nil, not
// ErrNotInCheckout (the object is there but broken) and mentioning want.
func wantDamage(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: no error", what)
	case errors.Is(err, ErrNotInCheckout):
		t.Errorf("%s: %v: a damaged object is reported as missing", what, err)
	case !strings.Contains(err.Error(), want):
		t.Errorf("%s: %v: want an error mentioning %q", what, err, want)
	}
}

func packPath(t *testing.T, repo string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(repo, "objects", "pack", "*.pack"))
	if len(m) != 1 {
		t.Fatalf("%s: %d packs", repo, len(m))
	}
	return m[0]
}

// TestTruncatedPack truncates the pack (and, separately, its index) at many
// lengths: reads fail with an error, never a panic.
func TestTruncatedPack(t *testing.T) {
	for _, fx := range []string{"packed", "refdelta"} {
		orig, err := os.ReadFile(packPath(t, fixtureDir(fx)))
		if err != nil {
			t.Fatal(err)
		}
		dir := copyFixture(t, fx)
		pack := packPath(t, dir)
		for _, n := range []int{0, 5, 12, 31, 100, len(orig) / 2, len(orig) - 21, len(orig) - 1} {
			if err := os.WriteFile(pack, orig[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			r := mustOpen(t, dir)
			_, err := r.Resolve("main")
			wantDamage(t, fx+" pack truncated", err, "pack")
		}
		// Truncated with a trailer that matches the index again: the
		// entries themselves are cut off.
		cut := append(append([]byte{}, orig[:len(orig)/2]...), orig[len(orig)-20:]...)
		if err := os.WriteFile(pack, cut, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := readMainTree(mustOpen(t, dir)); err == nil || errors.Is(err, ErrNotInCheckout) {
			t.Errorf("%s: entries cut off: %v", fx, err)
		}
		os.WriteFile(pack, orig, 0o644)

		idx := strings.TrimSuffix(pack, ".pack") + ".idx"
		origIdx, _ := os.ReadFile(idx)
		for _, n := range []int{0, 8, 1000, len(origIdx) - 1} {
			os.WriteFile(idx, origIdx[:n], 0o644)
			r := mustOpen(t, dir)
			_, err := r.Resolve("main")
			wantDamage(t, fx+" index truncated", err, ".idx")
			if r.HasObject(mustHash(t, "f60f580b287d4d4fdffa653d2d0e0d6d3386fad2")) {
				t.Error("HasObject with an unreadable index")
			}
		}
		os.WriteFile(idx, origIdx, 0o644)
	}
}

// TestCorruptPackData flips bytes inside every entry's zlib stream of the
// packs: reading the object fails (zlib error, checksum, size or SHA-1
// mismatch) without a panic, and other objects still read.
func TestCorruptPackData(t *testing.T) {
	for _, fx := range []string{"packed", "refdelta"} {
		dir := copyFixture(t, fx)
		pack := packPath(t, dir)
		orig, _ := os.ReadFile(pack)
		p, entries := packEntries(t, openFixture(t, fx))
		x, _ := p.index()
		// An entry's stream ends where the next entry starts.
		end := func(off int64) int64 {
			next := int64(len(orig)) - 20
			for i := 0; i < x.count; i++ {
				if s := x.offset(i); s > off && s < next {
					next = s
				}
			}
			return next
		}
		for h, e := range entries {
			for _, at := range []int64{e.dataOff + 1, e.dataOff + 3, e.dataOff + 8} {
				data := append([]byte{}, orig...)
				if at >= end(e.dataOff) {
					continue
				}
				data[at] ^= 0x55
				os.WriteFile(pack, data, 0o644)
				r := mustOpen(t, dir)
				if _, _, err := r.readObject(h); err == nil {
					// A flipped byte in a stored (uncompressed) deflate
					// block of a delta's base could still inflate; only
					// a verified result may be accepted.
					t.Errorf("%s: object %s read despite a damaged byte at %d", fx, h, at)
				} else if errors.Is(err, ErrNotInCheckout) {
					t.Errorf("%s: %s: damaged object reported missing: %v", fx, h, err)
				}
			}
		}
		os.WriteFile(pack, orig, 0o644)
		if err := readMainTree(mustOpen(t, dir)); err != nil {
			t.Errorf("%s: restored pack: %v", fx, err)
		}
	}
}

// TestLooseDamage covers loose objects that are not zlib, whose zlib stream
// is damaged, whose content does not match their name, whose header is
// malformed or declares a huge size, or that have data past their size.
func TestLooseDamage(t *testing.T) {
	readme := mustHash(t, "dd7003983886606593148f5a5188a7d942633556")
	for name, tc := range map[string]struct {
		write func(t *testing.T, path string)
		want  string
	}{
		"not zlib":      {func(t *testing.T, p string) { writeFile(t, p, "plain text") }, "zlib"},
		"empty file":    {func(t *testing.T, p string) { writeFile(t, p, "") }, "EOF"},
		"wrong content": {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blob 5\x00hello")))) }, "does not match"},
		"trailing data": {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blob 3\x00hello")))) }, "past its declared size"},
		"short data":    {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blob 30\x00hello")))) }, "before its declared size"},
		"huge size":     {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blob 99999999999999\x00x")))) }, "exceeds the limit"},
		"size overflow": {func(t *testing.T, p string) {
			writeFile(t, p, string(zlibBytes([]byte("blob 99999999999999999999\x00x"))))
		}, "bad size"},
		"negative size": {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blob -1\x00x")))) }, "bad size"},
		"unknown type":  {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte("blub 1\x00x")))) }, "unknown type"},
		"no NUL":        {func(t *testing.T, p string) { writeFile(t, p, string(zlibBytes([]byte(strings.Repeat("blob 1", 10))))) }, "no NUL"},
		"damaged zlib": {func(t *testing.T, p string) {
			data, _ := os.ReadFile(p)
			data[len(data)/2] ^= 0xff
			data[len(data)-2] ^= 0xff // the Adler-32 checksum
			os.WriteFile(p, data, 0o644)
		}, ""},
		"truncated zlib": {func(t *testing.T, p string) {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)-6], 0o644)
		}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyFixture(t, "loose")
			s := readme.String()
			tc.write(t, filepath.Join(dir, "objects", s[:2], s[2:]))
			r := mustOpen(t, dir)
			_, _, err := r.readObject(readme)
			wantDamage(t, name, err, tc.want)
			head, _ := r.Resolve("main")
			fsys, err := r.TreeFS(head)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := fs.ReadFile(fsys, "README.md"); err == nil {
				t.Error("ReadFile succeeded")
			}
			if _, err := fs.ReadFile(fsys, "LICENSE"); err != nil {
				t.Errorf("an intact file: %v", err)
			}
		})
	}
}

// TestCommitParsing covers commits with no, one and two parents and
// malformed commit and tag objects.
func TestCommitParsing(t *testing.T) {
	refs := readRefsTxt(t)
	r := openFixture(t, "packed")
	head, _ := r.Commit(refs["HEAD"])
	merge, err := r.Commit(head.Parents[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(merge.Parents) != 2 || merge.Parents[1] != refs["refs/heads/feature"] {
		t.Errorf("merge commit parents %v, want [third feature]", merge.Parents)
	}
	root, err := r.Commit(refs["refs/tags/light"])
	if err != nil || len(root.Parents) != 0 {
		t.Errorf("root commit: %+v, %v", root, err)
	}
	if _, err := r.Commit(refs["refs/tags/v1.0"]); err == nil {
		t.Error("Commit of a tag object succeeded")
	}
	if _, err := r.Commit(head.Tree); err == nil {
		t.Error("Commit of a tree succeeded")
	}

	tree := strings.Repeat("a", 40)
	for _, bad := range []string{"", "tree " + tree, "tree xyz\n", "parent " + tree + "\ntree " + tree + "\n",
		"tree " + tree + "\nparent 123\n", "\ntree " + tree + "\n", "tree " + tree + "0\n"} {
		if c, err := parseCommit(Hash{}, []byte(bad)); err == nil {
			t.Errorf("parseCommit(%q) = %+v", bad, c)
		}
	}
	c, err := parseCommit(Hash{}, []byte("tree "+tree+"\nauthor x\nparent "+tree+"\n\nparent "+tree+"\n"))
	if err != nil || len(c.Parents) != 0 {
		t.Errorf("parent headers after other headers are not parents: %+v, %v", c, err)
	}
	for _, bad := range []string{"", "object " + tree, "object " + tree + "\n", "object " + tree + "\ntype blub\n", "type commit\nobject " + tree + "\n"} {
		if _, _, err := parseTag([]byte(bad)); err == nil {
			t.Errorf("parseTag(%q) succeeded", bad)
		}
	}
}
