package gitfs

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Fixture repositories (see testdata/make.sh) and what the tests know of them.
var fixtures = []string{"packed", "refdelta", "loose"}

func fixtureDir(name string) string { return filepath.Join("testdata", name+".git") }

func openFixture(t testing.TB, name string) *Repo {
	t.Helper()
	r, err := Open(fixtureDir(name))
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func mustHash(t testing.TB, s string) Hash {
	t.Helper()
	h, err := ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// readRefsTxt parses testdata/refs.txt ("git show-ref --head -d").
func readRefsTxt(t testing.TB) map[string]Hash {
	t.Helper()
	data, err := os.ReadFile("testdata/refs.txt")
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]Hash{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		hex, name, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("refs.txt: bad line %q", line)
		}
		refs[name] = mustHash(t, hex)
	}
	return refs
}

// lsEntry is a line of "git ls-tree -r -t -l".
type lsEntry struct {
	mode string
	typ  string
	oid  Hash
	size int64 // -1 for trees and commits
	path string
}

func readLsTree(t testing.TB, file string) []lsEntry {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []lsEntry
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		meta, p, ok := strings.Cut(line, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 {
			t.Fatalf("%s: bad line %q", file, line)
		}
		e := lsEntry{mode: f[0], typ: f[1], oid: mustHash(t, f[2]), size: -1, path: p}
		if f[3] != "-" {
			if e.size, err = strconv.ParseInt(f[3], 10, 64); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, e)
	}
	return out
}

// gitHash is git's object name of content data, computed independently of
// the package's hashObject.
func gitHash(typ string, data []byte) Hash {
	d := sha1.New()
	fmt.Fprintf(d, "%s %d\x00", typ, len(data))
	d.Write(data)
	var h Hash
	d.Sum(h[:0])
	return h
}

// copyDir copies the directory tree src to dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyFixture copies a fixture repository into a new temporary directory.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name+".git")
	copyDir(t, fixtureDir(name), dst)
	return dst
}

// zlibWriter is reused: creating a flate writer costs about a megabyte.
var zlibWriter struct {
	sync.Mutex
	w *zlib.Writer
}

func zlibBytes(data []byte) []byte {
	zlibWriter.Lock()
	defer zlibWriter.Unlock()
	var b bytes.Buffer
	if zlibWriter.w == nil {
		zlibWriter.w = zlib.NewWriter(&b)
	} else {
		zlibWriter.w.Reset(&b)
	}
	zlibWriter.w.Write(data)
	zlibWriter.w.Close()
	return b.Bytes()
}

// newBareRepo makes an empty bare repository whose HEAD is refs/heads/main.
func newBareRepo(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo.git")
	for _, d := range []string{"objects/pack", "refs/heads", "refs/tags"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "HEAD"), "ref: refs/heads/main\n")
	return dir
}

func writeFile(t testing.TB, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeLooseRaw stores raw (the uncompressed "<type> <size>\x00content"
// bytes) as the loose object h of repo.
func writeLooseRaw(t testing.TB, repo string, h Hash, raw []byte) string {
	t.Helper()
	s := h.String()
	name := filepath.Join(repo, "objects", s[:2], s[2:])
	writeFile(t, name, string(zlibBytes(raw)))
	return name
}

// writeLoose stores a well-formed loose object and returns its name.
func writeLoose(t testing.TB, repo, typ string, content []byte) Hash {
	t.Helper()
	h := gitHash(typ, content)
	writeLooseRaw(t, repo, h, append([]byte(fmt.Sprintf("%s %d\x00", typ, len(content))), content...))
	return h
}

// treeBytes encodes tree entries given as "mode name" -> hash, in order.
type rawTreeEntry struct {
	mode string
	name string
	hash Hash
}

func treeBytes(entries ...rawTreeEntry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString(e.mode + " " + e.name + "\x00")
		b.Write(e.hash[:])
	}
	return b.Bytes()
}

func commitBytes(tree Hash, parents ...Hash) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	b.WriteString("author A <a@example.org> 1700000000 +0000\ncommitter A <a@example.org> 1700000000 +0000\n\nmessage\n")
	return []byte(b.String())
}

// rawEntry is an entry for writePack.
type rawEntry struct {
	name    Hash       // the name the index gives it
	t       objectType // entry type
	size    int64      // declared size; -1: len(data)
	data    []byte     // inflated data (for deltas, the delta)
	ofsBase int        // typeOfsDelta: index of the base entry (earlier)
	refBase Hash       // typeRefDelta: the base's name
	stream  []byte     // if not nil, the zlib stream written verbatim
}

// packBytes encodes a pack of the entries and returns it with their offsets.
func packBytes(entries []rawEntry) ([]byte, []int64) {
	var b bytes.Buffer
	b.WriteString("PACK")
	binary.Write(&b, binary.BigEndian, uint32(2))
	binary.Write(&b, binary.BigEndian, uint32(len(entries)))
	offs := make([]int64, len(entries))
	for i, e := range entries {
		offs[i] = int64(b.Len())
		size := e.size
		if size < 0 {
			size = int64(len(e.data))
		}
		c := byte(e.t)<<4 | byte(size&15)
		size >>= 4
		for size > 0 {
			b.WriteByte(c | 0x80)
			c = byte(size & 0x7f)
			size >>= 7
		}
		b.WriteByte(c)
		switch e.t {
		case typeOfsDelta:
			b.Write(ofsEncode(offs[i] - offs[e.ofsBase]))
		case typeRefDelta:
			b.Write(e.refBase[:])
		}
		if e.stream != nil {
			b.Write(e.stream)
		} else {
			b.Write(zlibBytes(e.data))
		}
	}
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes(), offs
}

// ofsEncode writes an OFS_DELTA base distance as git does.
func ofsEncode(rel int64) []byte {
	var buf [16]byte
	pos := len(buf) - 1
	buf[pos] = byte(rel & 0x7f)
	for rel >>= 7; rel != 0; rel >>= 7 {
		rel--
		pos--
		buf[pos] = 0x80 | byte(rel&0x7f)
	}
	return buf[pos:]
}

// idxBytes encodes a version 2 index of the named offsets for a pack whose
// checksum is packSum.
func idxBytes(names []Hash, offs []int64, packSum Hash) []byte {
	type ent struct {
		h   Hash
		off int64
	}
	es := make([]ent, len(names))
	for i := range names {
		es[i] = ent{names[i], offs[i]}
	}
	slices.SortFunc(es, func(a, b ent) int { return bytes.Compare(a.h[:], b.h[:]) })
	var b bytes.Buffer
	b.Write(idxMagic)
	binary.Write(&b, binary.BigEndian, uint32(2))
	var fan [256]uint32
	for _, e := range es {
		for i := int(e.h[0]); i < 256; i++ {
			fan[i]++
		}
	}
	binary.Write(&b, binary.BigEndian, fan)
	for _, e := range es {
		b.Write(e.h[:])
	}
	b.Write(make([]byte, 4*len(es)))
	var large []uint64
	for _, e := range es {
		if e.off >= 1<<31 {
			binary.Write(&b, binary.BigEndian, uint32(0x80000000|len(large)))
			large = append(large, uint64(e.off))
		} else {
			binary.Write(&b, binary.BigEndian, uint32(e.off))
		}
	}
	for _, l := range large {
		binary.Write(&b, binary.BigEndian, l)
	}
	b.Write(packSum[:])
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// writePack stores the entries as a pack of repo and returns the pack path.
func writePack(t testing.TB, repo string, entries []rawEntry) string {
	t.Helper()
	pack, offs := packBytes(entries)
	var sum Hash
	copy(sum[:], pack[len(pack)-20:])
	names := make([]Hash, len(entries))
	for i, e := range entries {
		names[i] = e.name
	}
	base := filepath.Join(repo, "objects", "pack", "pack-"+sum.String())
	writeFile(t, base+".pack", string(pack))
	writeFile(t, base+".idx", string(idxBytes(names, offs, sum)))
	return base + ".pack"
}

// deltaBytes encodes a delta header and instructions.
func deltaBytes(src, dst int64, ins ...[]byte) []byte {
	b := appendVarint(nil, src)
	b = appendVarint(b, dst)
	for _, i := range ins {
		b = append(b, i...)
	}
	return b
}

func appendVarint(b []byte, v int64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// copyOp encodes a copy instruction with all offset and size bytes.
func copyOp(off, size uint32) []byte {
	return []byte{0x80 | 0x0f | 0x70, byte(off), byte(off >> 8), byte(off >> 16), byte(off >> 24),
		byte(size), byte(size >> 8), byte(size >> 16)}
}

func insertOp(data string) []byte { return append([]byte{byte(len(data))}, data...) }

// packEntries lists the decoded entry headers of every object of a fixture's
// single pack.
func packEntries(t testing.TB, r *Repo) (*packFile, map[Hash]packEntry) {
	t.Helper()
	packs, err := r.stores[0].packList()
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs: %d, %v", len(packs), err)
	}
	p := packs[0]
	x, err := p.index()
	if err != nil {
		t.Fatal(err)
	}
	out := map[Hash]packEntry{}
	for i := 0; i < x.count; i++ {
		e, err := p.entry(x.offset(i))
		if err != nil {
			t.Fatal(err)
		}
		out[x.name(i)] = e
	}
	return p, out
}
