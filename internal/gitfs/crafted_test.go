package gitfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// blobEntry is a pack entry of a well-formed blob.
func blobEntry(content string) rawEntry {
	return rawEntry{name: gitHash("blob", []byte(content)), t: typeBlob, size: -1, data: []byte(content)}
}

// TestCraftedPackDeltas resolves OFS_DELTA and REF_DELTA entries written by
// the test's own pack writer (a chain, a REF_DELTA base in another pack and a
// loose base), then refuses hostile entries: copies out of range, the
// reserved instruction, a self-referencing or cyclic REF_DELTA, huge declared
// sizes, bad base distances, unknown types, truncated streams.
func TestCraftedPackDeltas(t *testing.T) {
	base := "hello, world: the base of the deltas"
	v1 := "hello, world! version 1"
	v2 := "hello, world! version 1 and 2"
	d1 := deltaBytes(int64(len(base)), int64(len(v1)), copyOp(0, 12), insertOp("! version 1"))
	d2 := deltaBytes(int64(len(v1)), int64(len(v2)), copyOp(0, uint32(len(v1))), insertOp(" and 2"))
	h1, h2 := gitHash("blob", []byte(v1)), gitHash("blob", []byte(v2))

	t.Run("good", func(t *testing.T) {
		repo := newBareRepo(t)
		writePack(t, repo, []rawEntry{
			blobEntry(base),
			{name: h1, t: typeOfsDelta, size: -1, data: d1, ofsBase: 0},
			{name: h2, t: typeRefDelta, size: -1, data: d2, refBase: h1},
		})
		// A REF_DELTA whose base is in the other pack, and one whose base
		// is a loose object.
		v3, v4 := v2+" and 3", "loose base, then a delta"
		h3 := gitHash("blob", []byte(v3))
		d3 := deltaBytes(int64(len(v2)), int64(len(v3)), copyOp(0, uint32(len(v2))), insertOp(" and 3"))
		looseBase := writeLoose(t, repo, "blob", []byte("loose base"))
		d4 := deltaBytes(10, int64(len(v4)), copyOp(0, 10), insertOp(", then a delta"))
		h4 := gitHash("blob", []byte(v4))
		writePack(t, repo, []rawEntry{
			{name: h3, t: typeRefDelta, size: -1, data: d3, refBase: h2},
			{name: h4, t: typeRefDelta, size: -1, data: d4, refBase: looseBase},
		})
		r := mustOpen(t, repo)
		for h, want := range map[Hash]string{h1: v1, h2: v2, h3: v3, h4: v4} {
			typ, data, err := r.readObject(h)
			if err != nil || typ != typeBlob || string(data) != want {
				t.Errorf("%s: %s %q, %v; want %q", h, typ, data, err, want)
			}
			if n, err := r.objectSize(h); err != nil || n != int64(len(want)) {
				t.Errorf("%s: objectSize %d, %v", h, n, err)
			}
		}
		// Twice: the second read starts from cached bases.
		if _, data, err := r.readObject(h3); err != nil || string(data) != v3 {
			t.Errorf("cached: %q, %v", data, err)
		}
	})

	target := gitHash("blob", []byte("target"))
	other := gitHash("blob", []byte("other"))
	for _, tc := range []struct {
		name    string
		entries []rawEntry
		want    string
	}{
		{"copy out of range", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(int64(len(base)), 10, copyOp(30, 10)), ofsBase: 0}},
			"copies bytes 30 to 40"},
		{"copy offset overflow", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(int64(len(base)), 16, copyOp(0xffffffff, 16)), ofsBase: 0}},
			"copies bytes"},
		{"reserved instruction", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(int64(len(base)), 1, []byte{0}), ofsBase: 0}},
			"reserved instruction"},
		{"result size mismatch", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(int64(len(base)), 9, insertOp("abc")), ofsBase: 0}},
			"produces 3 bytes"},
		{"wrong base size", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(5, 3, insertOp("abc")), ofsBase: 0}},
			"base of 5 bytes"},
		{"huge delta result", []rawEntry{blobEntry(base),
			{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(int64(len(base)), 1<<40, insertOp("abc")), ofsBase: 0}},
			"exceeds the limit"},
		{"self REF_DELTA", []rawEntry{
			{name: target, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: target}},
			"delta cycle"},
		{"REF_DELTA cycle", []rawEntry{
			{name: target, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: other},
			{name: other, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: target}},
			"delta cycle"},
		{"REF_DELTA base missing", []rawEntry{
			{name: target, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: other}},
			"not in the checkout"},
		{"huge blob", []rawEntry{{name: target, t: typeBlob, size: 1 << 40, data: []byte("x")}}, "exceeds the limit"},
		{"huge delta", []rawEntry{blobEntry(base), {name: target, t: typeOfsDelta, size: 1 << 40, data: []byte("x"), ofsBase: 0}}, "too large"},
		{"size shorter than stream", []rawEntry{{name: target, t: typeBlob, size: 3, data: []byte("target")}}, "past its declared size"},
		{"size longer than stream", []rawEntry{{name: target, t: typeBlob, size: 30, data: []byte("target")}}, "before its declared size"},
		{"not zlib", []rawEntry{{name: target, t: typeBlob, size: 6, stream: []byte("target")}}, "zlib"},
		{"truncated stream", []rawEntry{{name: target, t: typeBlob, size: 6, stream: zlibBytes([]byte("target"))[:6]}}, "entry data"},
		{"unknown type 5", []rawEntry{{name: target, t: 5, size: -1, data: []byte("target")}}, "unknown type 5"},
		{"type 0", []rawEntry{{name: target, t: 0, size: -1, data: []byte("target")}}, "unknown type 0"},
		{"wrong content", []rawEntry{{name: target, t: typeBlob, size: -1, data: []byte("TARGET")}}, "does not match"},
		{"tree mislabelled", []rawEntry{{name: target, t: typeTree, size: -1, data: []byte("target")}}, "does not match"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := newBareRepo(t)
			writePack(t, repo, tc.entries)
			r := mustOpen(t, repo)
			if !r.HasObject(target) {
				t.Fatal("HasObject = false")
			}
			_, _, err := r.readObject(target)
			if tc.name == "REF_DELTA base missing" {
				if !errors.Is(err, ErrNotInCheckout) || !strings.Contains(err.Error(), other.String()) {
					t.Errorf("err = %v, want ErrNotInCheckout naming the base", err)
				}
				return
			}
			wantDamage(t, tc.name, err, tc.want)
			if err != nil && !strings.Contains(err.Error(), target.String()) {
				t.Errorf("error %q does not name the object", err)
			}
			r.objectSize(target) // must not panic
		})
	}

	t.Run("cycle across packs", func(t *testing.T) {
		repo := newBareRepo(t)
		writePack(t, repo, []rawEntry{{name: target, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: other}})
		writePack(t, repo, []rawEntry{{name: other, t: typeRefDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), refBase: target}})
		_, _, err := mustOpen(t, repo).readObject(target)
		wantDamage(t, "cycle across packs", err, "delta cycle")
	})

	t.Run("bad OFS_DELTA distance", func(t *testing.T) {
		repo := newBareRepo(t)
		pack, offs := packBytes([]rawEntry{{name: target, t: typeOfsDelta, size: -1, data: deltaBytes(3, 3, insertOp("abc")), ofsBase: 0}})
		// Distance 0 (itself): packBytes wrote ofsEncode(0) = 0x00.
		writeRawPack(t, repo, pack, []Hash{target}, offs)
		_, _, err := mustOpen(t, repo).readObject(target)
		wantDamage(t, "distance 0", err, "base distance 0")
	})

	t.Run("index offset outside pack", func(t *testing.T) {
		repo := newBareRepo(t)
		pack, _ := packBytes([]rawEntry{blobEntry("x")})
		writeRawPack(t, repo, pack, []Hash{target}, []int64{1 << 33})
		_, _, err := mustOpen(t, repo).readObject(target)
		wantDamage(t, "offset outside", err, "outside the pack")
	})

	t.Run("pack header", func(t *testing.T) {
		good, offs := packBytes([]rawEntry{blobEntry("x")})
		for name, mutate := range map[string]func([]byte){
			"magic":   func(b []byte) { b[0] = 'Q' },
			"version": func(b []byte) { b[7] = 4 },
			"count":   func(b []byte) { b[11] = 2 },
		} {
			repo := newBareRepo(t)
			pack := append([]byte{}, good...)
			mutate(pack)
			writeRawPack(t, repo, pack, []Hash{gitHash("blob", []byte("x"))}, offs)
			_, _, err := mustOpen(t, repo).readObject(gitHash("blob", []byte("x")))
			wantDamage(t, "header "+name, err, "pack")
		}
	})
}

// writeRawPack stores pack bytes with an index of the given names and
// offsets whose checksum matches the pack's trailer.
func writeRawPack(t *testing.T, repo string, pack []byte, names []Hash, offs []int64) {
	t.Helper()
	var sum Hash
	copy(sum[:], pack[len(pack)-20:])
	base := repo + "/objects/pack/pack-" + sum.String()
	writeFile(t, base+".pack", string(pack))
	writeFile(t, base+".idx", string(idxBytes(names, offs, sum)))
}

// TestDeltaChainCap proves a chain of maxDeltaChain deltas resolves and one
// more link is refused, without recursion or a hang.
func TestDeltaChainCap(t *testing.T) {
	build := func(links int) (string, Hash) {
		entries := []rawEntry{blobEntry("x")}
		content := "x"
		for i := 1; i <= links; i++ {
			next := content + "y"
			if len(next) > 100 {
				next = "x"
			}
			entries = append(entries, rawEntry{
				name: gitHash("blob", []byte(next)) /* names repeat: make them unique below */, t: typeOfsDelta, size: -1,
				data:    deltaBytes(int64(len(content)), int64(len(next)), insertOp(next)),
				ofsBase: i - 1,
			})
			content = next
		}
		// Names must be unique: give each link the name of its content
		// with its index, except the last, which is named by its content.
		for i := 1; i < len(entries)-1; i++ {
			entries[i].name = gitHash("blob", []byte(fmt.Sprint("link", i)))
		}
		repo := newBareRepo(t)
		writePack(t, repo, entries)
		return repo, entries[len(entries)-1].name
	}
	repo, h := build(maxDeltaChain)
	if _, _, err := mustOpen(t, repo).readObject(h); err != nil {
		t.Errorf("chain of %d: %v", maxDeltaChain, err)
	}
	repo, h = build(maxDeltaChain + 1)
	_, _, err := mustOpen(t, repo).readObject(h)
	wantDamage(t, "chain too deep", err, "delta chain deeper")
}

// TestApplyDelta covers the delta decoder directly.
func TestApplyDelta(t *testing.T) {
	base := []byte("0123456789abcdef")
	big := bytes.Repeat([]byte("z"), 0x10000)
	for _, tc := range []struct {
		name  string
		base  []byte
		delta []byte
		want  string // "" with err
		err   string
	}{
		{"insert", base, deltaBytes(16, 3, insertOp("xyz")), "xyz", ""},
		{"copy", base, deltaBytes(16, 4, copyOp(10, 4)), "abcd", ""},
		{"copy short form", base, deltaBytes(16, 2, []byte{0x91, 3, 2}), "34", ""},
		{"copy size 0 is 64 KiB", big, deltaBytes(0x10000, 0x10000, []byte{0x80}), string(big), ""},
		{"empty result", base, deltaBytes(16, 0), "", ""},
		{"copy out of range", base, deltaBytes(16, 4, copyOp(14, 4)), "", "copies bytes 14 to 18"},
		{"copy truncated", base, deltaBytes(16, 4, []byte{0x91, 3}), "", "truncated"},
		{"insert truncated", base, deltaBytes(16, 4, []byte{4, 'a'}), "", "truncated"},
		{"opcode 0", base, deltaBytes(16, 4, []byte{0}), "", "reserved"},
		{"too long", base, deltaBytes(16, 2, insertOp("abc")), "", "more than its declared"},
		{"too short", base, deltaBytes(16, 4, insertOp("abc")), "", "produces 3 bytes"},
		{"base size", base, deltaBytes(15, 3, insertOp("abc")), "", "base of 15 bytes"},
		{"header truncated", base, []byte{0x90}, "", "truncated"},
		{"header empty", base, nil, "", "truncated"},
		{"header too large", base, bytes.Repeat([]byte{0xff}, 12), "", "too large"},
		{"over limit", base, deltaBytes(16, 1<<30, insertOp("abc")), "", "exceeds the limit"},
	} {
		got, err := applyDelta(tc.base, tc.delta, maxBlobSize)
		switch {
		case tc.err == "" && (err != nil || string(got) != tc.want):
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: %q, %v; want an error with %q", tc.name, got, err, tc.err)
		}
	}
}

// TestCraftedTrees builds trees git would not write (invalid names, names
// with "/", duplicates, unsorted entries, unknown modes, old 100664 modes,
// a file entry naming a tree, a blob over the read limit, a path deeper than
// maxTreeDepth) and checks what the FS shows.
func TestCraftedTrees(t *testing.T) {
	repo := newBareRepo(t)
	a := writeLoose(t, repo, "blob", []byte("a"))
	b := writeLoose(t, repo, "blob", []byte("bb"))
	sub := writeLoose(t, repo, "tree", treeBytes(rawTreeEntry{"100644", "in.txt", a}))
	// A blob declaring more than maxBlobSize: its header is enough for
	// Stat, reading it fails.
	huge := gitHash("blob", []byte("huge"))
	writeLooseRaw(t, repo, huge, []byte(fmt.Sprintf("blob %d\x00not really", maxBlobSize+1)))
	root := writeLoose(t, repo, "tree", treeBytes(
		rawTreeEntry{"100644", "z.txt", a},
		rawTreeEntry{"100644", "a.txt", b},
		rawTreeEntry{"100644", "a.txt", a}, // a repeated name: the first wins
		rawTreeEntry{"100644", "..", a},
		rawTreeEntry{"100644", ".", a},
		rawTreeEntry{"100644", "", a},
		rawTreeEntry{"100644", "x/y", a},
		rawTreeEntry{"100664", "old-mode.txt", a},
		rawTreeEntry{"100755", "exec", a},
		rawTreeEntry{"140000", "socket", a},
		rawTreeEntry{"40000", "dir", sub},
		rawTreeEntry{"100644", "notablob", sub},
		rawTreeEntry{"040000", "notatree", a},
		rawTreeEntry{"100644", "huge", huge},
		rawTreeEntry{"160000", "module", Hash{1}},
	))
	commit := writeLoose(t, repo, "commit", commitBytes(root))
	r := mustOpen(t, repo)
	fsys, err := r.TreeFS(commit)
	if err != nil {
		t.Fatal(err)
	}
	es, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	want := "a.txt dir exec huge module notablob notatree old-mode.txt z.txt"
	if strings.Join(names, " ") != want {
		t.Errorf("ReadDir = %v, want %s", names, want)
	}
	if data, err := fs.ReadFile(fsys, "a.txt"); err != nil || string(data) != "bb" {
		t.Errorf("a.txt = %q, %v; want the first entry's content", data, err)
	}
	if fi, err := fs.Stat(fsys, "old-mode.txt"); err != nil || fi.Mode() != 0o644 {
		t.Errorf("old-mode.txt: %v, %v", fi, err)
	}
	if fi, err := fs.Stat(fsys, "exec"); err != nil || fi.Mode() != 0o755 {
		t.Errorf("exec: %v, %v", fi, err)
	}
	if fi, err := fs.Stat(fsys, "huge"); err != nil || fi.Size() != maxBlobSize+1 {
		t.Errorf("Stat(huge) = %v, %v; want its header size", fi, err)
	}
	if _, err := fs.ReadFile(fsys, "huge"); err == nil || !strings.Contains(err.Error(), "exceeds the limit") {
		t.Errorf("ReadFile(huge) = %v", err)
	}
	if _, err := fs.ReadFile(fsys, "notablob"); err == nil || !strings.Contains(err.Error(), "not a blob") {
		t.Errorf("ReadFile(notablob) = %v", err)
	}
	if _, err := fs.ReadDir(fsys, "notatree"); err == nil || !strings.Contains(err.Error(), "not a tree") {
		t.Errorf("ReadDir(notatree) = %v", err)
	}
	f, err := fsys.Open("notablob")
	if err == nil {
		_, err = io.ReadAll(f)
	}
	if err == nil {
		t.Error("reading notablob succeeded")
	}
	if es, err := fs.ReadDir(fsys, "module"); err != nil || len(es) != 0 {
		t.Errorf("module: %v, %v", es, err)
	}
	if err := fstest.TestFS(&subsetFS{fsys, []string{"a.txt", "dir", "exec", "module", "old-mode.txt", "z.txt"}}, "dir/in.txt", "a.txt"); err != nil {
		t.Errorf("fstest: %v", err)
	}

	// A chain of maxTreeDepth+1 nested trees: the deepest path is refused.
	leaf := writeLoose(t, repo, "tree", treeBytes(rawTreeEntry{"100644", "f", a}))
	h := leaf
	for range maxTreeDepth {
		h = writeLoose(t, repo, "tree", treeBytes(rawTreeEntry{"40000", "d", h}))
	}
	deep, err := r.TreeFS(writeLoose(t, repo, "commit", commitBytes(h)))
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Repeat("d/", maxTreeDepth-1) + "d"
	if _, err := fs.Stat(deep, p); err != nil {
		t.Errorf("a path of %d elements: %v", maxTreeDepth, err)
	}
	if _, err := fs.Stat(deep, p+"/f"); !errors.Is(err, errTooDeep) {
		t.Errorf("a path of %d elements: %v, want errTooDeep", maxTreeDepth+1, err)
	}
}

// subsetFS shows only some top-level entries of an FS, so that fstest.TestFS
// can check the well-formed part of a crafted tree.
type subsetFS struct {
	fs.FS
	top []string
}

func (s *subsetFS) Open(name string) (fs.File, error) {
	top, _, _ := strings.Cut(name, "/")
	if name != "." && fs.ValidPath(name) && !containsString(s.top, top) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := s.FS.Open(name)
	if err != nil || name != "." {
		return f, err
	}
	return &subsetDir{f.(fs.ReadDirFile), s.top}, nil
}

type subsetDir struct {
	fs.ReadDirFile
	top []string
}

func (d *subsetDir) ReadDir(n int) ([]fs.DirEntry, error) {
	for {
		es, err := d.ReadDirFile.ReadDir(n)
		var out []fs.DirEntry
		for _, e := range es {
			if containsString(d.top, e.Name()) {
				out = append(out, e)
			}
		}
		if len(out) > 0 || err != nil || n <= 0 {
			if out == nil && n <= 0 {
				out = []fs.DirEntry{}
			}
			return out, err
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
