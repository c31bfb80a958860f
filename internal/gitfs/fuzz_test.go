package gitfs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets run their seeds (from the fixtures and crafted inputs) as
// part of "go test"; "go test -fuzz FuzzX" explores further. They check that
// no input panics or hangs, and properties of what is accepted.

// fixtureDeltas returns (base, delta) pairs of every delta in the packs of
// packed.git and refdelta.git.
func fixtureDeltas(tb testing.TB) [][2][]byte {
	var out [][2][]byte
	for _, fx := range []string{"packed", "refdelta"} {
		r := openFixture(tb, fx)
		p, entries := packEntries(tb, r)
		for _, e := range entries {
			if e.t.isBase() {
				continue
			}
			delta, err := p.inflate(e.dataOff, e.size)
			if err != nil {
				tb.Fatal(err)
			}
			var base []byte
			if e.t == typeOfsDelta {
				_, base, err = p.readAt(r, e.baseOff, &readCtx{})
			} else {
				_, base, err = r.readObject(e.baseHash)
			}
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, [2][]byte{base, delta})
		}
	}
	return out
}

// refApplyDelta is a plain one-pass delta decoder that FuzzDelta compares
// applyDelta with.
func refApplyDelta(base, delta []byte, limit int64) ([]byte, bool) {
	src, dst, i, err := deltaHeader(delta)
	if err != nil || src != int64(len(base)) || dst > limit {
		return nil, false
	}
	var out []byte
	for i < len(delta) {
		cmd := delta[i]
		i++
		switch {
		case cmd&0x80 != 0:
			var off, size uint64
			for bit := 0; bit < 7; bit++ {
				if cmd&(1<<bit) != 0 {
					if i >= len(delta) {
						return nil, false
					}
					if bit < 4 {
						off |= uint64(delta[i]) << (8 * bit)
					} else {
						size |= uint64(delta[i]) << (8 * (bit - 4))
					}
					i++
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || int64(len(out))+int64(size) > dst {
				return nil, false
			}
			out = append(out, base[off:off+size]...)
		case cmd > 0:
			if i+int(cmd) > len(delta) || int64(len(out))+int64(cmd) > dst {
				return nil, false
			}
			out = append(out, delta[i:i+int(cmd)]...)
			i += int(cmd)
		default:
			return nil, false
		}
	}
	return out, int64(len(out)) == dst
}

func FuzzDelta(f *testing.F) {
	for _, d := range fixtureDeltas(f) {
		f.Add(d[0], d[1])
	}
	base := []byte("0123456789abcdef")
	f.Add(base, deltaBytes(16, 7, copyOp(10, 4), insertOp("xyz")))
	f.Add(base, deltaBytes(16, 4, []byte{0x91, 3, 2}, insertOp("ab")))
	f.Add(base, deltaBytes(16, 4, copyOp(14, 4)))
	f.Add(base, deltaBytes(16, 1, []byte{0}))
	f.Add([]byte{}, deltaBytes(0, 0))
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		const limit = 1 << 20
		got, err := applyDelta(base, delta, limit)
		want, ok := refApplyDelta(base, delta, limit)
		if (err == nil) != ok {
			t.Fatalf("applyDelta error %v, reference ok %v", err, ok)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("applyDelta = %q, reference %q", got, want)
		}
	})
}

func FuzzPackIndex(f *testing.F) {
	for _, fx := range []string{"packed", "refdelta", "shallow"} {
		m, _ := filepath.Glob(filepath.Join(fixtureDir(fx), "objects/pack/*.idx"))
		for _, name := range m {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	// Large offsets.
	f.Add(idxBytes([]Hash{{1}, {2}, {0xff}}, []int64{12, 1 << 31, 1 << 40}, Hash{}))
	f.Add(idxBytes(nil, nil, Hash{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := parseIndex(data)
		if err != nil {
			return
		}
		for i := 0; i < x.count; i++ {
			off, ok := x.find(x.name(i))
			if !ok || off != x.offset(i) || off < 0 {
				t.Fatalf("entry %d: find = %d, %v; offset %d", i, off, ok, x.offset(i))
			}
		}
		x.find(Hash{})
		x.find(Hash{0xff, 0xff})
	})
}

// fixtureObjects returns the content of the loose objects of loose.git of
// type t, or all raw object files when raw is set.
func fixtureObjects(tb testing.TB, want objectType, raw bool) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob(filepath.Join(fixtureDir("loose"), "objects", "??", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		if raw {
			out = append(out, data)
			continue
		}
		t, content, err := decodeLoose(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			tb.Fatal(err)
		}
		if t == want {
			out = append(out, content)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no seeds")
	}
	return out
}

func FuzzTree(f *testing.F) {
	for _, data := range fixtureObjects(f, typeTree, false) {
		f.Add(data)
	}
	f.Add(treeBytes(rawTreeEntry{"100644", "b", Hash{1}}, rawTreeEntry{"100644", "a", Hash{2}}, rawTreeEntry{"40000", "a", Hash{3}},
		rawTreeEntry{"100644", "..", Hash{4}}, rawTreeEntry{"1234567", "x", Hash{5}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseTree(data)
		if err != nil {
			return
		}
		for i, e := range entries {
			if !validName([]byte(e.name)) || strings.Contains(e.name, "/") {
				t.Fatalf("entry %d has an invalid name %q", i, e.name)
			}
			if i > 0 && entries[i-1].name >= e.name {
				t.Fatalf("entries not sorted and unique at %d: %q >= %q", i, entries[i-1].name, e.name)
			}
			if got, ok := lookupEntry(entries, e.name); !ok || got.hash != e.hash {
				t.Fatalf("lookup %q failed", e.name)
			}
		}
	})
}

func FuzzCommit(f *testing.F) {
	for _, data := range fixtureObjects(f, typeCommit, false) {
		f.Add(data)
	}
	for _, data := range fixtureObjects(f, typeTag, false) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if c, err := parseCommit(Hash{}, data); err == nil {
			if !bytes.HasPrefix(data, []byte("tree ")) || !bytes.Contains(bytes.ToLower(data), []byte(c.Tree.String())) {
				t.Fatalf("accepted a commit without a leading tree header: %+v", c)
			}
			for _, p := range c.Parents {
				if !bytes.Contains(bytes.ToLower(data), []byte("parent "+p.String())) {
					t.Fatalf("parent %s is not in the commit", p)
				}
			}
		}
		if target, typ, err := parseTag(data); err == nil {
			// Like git, object names may be written in upper case.
			if !typ.isBase() || !bytes.Contains(bytes.ToLower(data), []byte(target.String())) {
				t.Fatalf("parseTag = %s %s", target, typ)
			}
		}
	})
}

func FuzzLooseObject(f *testing.F) {
	for _, data := range fixtureObjects(f, 0, true) {
		f.Add(data)
	}
	f.Add(zlibBytes([]byte("blob 3\x00abc")))
	f.Add(zlibBytes([]byte("blob 99999999999999\x00abc")))
	f.Add(zlibBytes([]byte("commit 2\x00abc")))
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, content, err := decodeLoose(bytes.NewReader(data), int64(len(data)))
		size, serr := decodeLooseSize(bytes.NewReader(data))
		if err != nil {
			return
		}
		if !typ.isBase() || int64(len(content)) > sizeLimit(typ) {
			t.Fatalf("accepted a %s of %d bytes", typ, len(content))
		}
		if serr != nil || size != int64(len(content)) {
			t.Fatalf("header size %d, %v; content %d bytes", size, serr, len(content))
		}
	})
}

// fuzzPackInput encodes entries for FuzzPack: a byte with the entry count
// minus one, the entries' offsets (4 bytes each), then the pack. Entry i is
// named fuzzName(i).
func fuzzPackInput(entries []rawEntry) []byte {
	pack, offs := packBytes(entries)
	out := []byte{byte(len(entries) - 1)}
	for _, o := range offs {
		out = binary.BigEndian.AppendUint32(out, uint32(o))
	}
	return append(out, pack...)
}

func fuzzName(i int) Hash { return Hash{0x10 * byte(i+1)} }

func FuzzPack(f *testing.F) {
	base := "hello, world: the base of the deltas"
	v1 := "hello, world! version 1"
	d1 := deltaBytes(int64(len(base)), int64(len(v1)), copyOp(0, 12), insertOp("! version 1"))
	d2 := deltaBytes(int64(len(v1)), int64(len(v1)+3), copyOp(0, uint32(len(v1))), insertOp("abc"))
	f.Add(fuzzPackInput([]rawEntry{blobEntry(base)}))
	f.Add(fuzzPackInput([]rawEntry{blobEntry(base), {t: typeOfsDelta, size: -1, data: d1, ofsBase: 0}}))
	f.Add(fuzzPackInput([]rawEntry{blobEntry(base), {t: typeOfsDelta, size: -1, data: d1, ofsBase: 0},
		{t: typeRefDelta, size: -1, data: d2, refBase: fuzzName(1)}}))
	f.Add(fuzzPackInput([]rawEntry{{t: typeRefDelta, size: -1, data: d2, refBase: fuzzName(0)}}))
	f.Add(fuzzPackInput([]rawEntry{{t: typeTree, size: 1 << 40, data: nil}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		n := int(data[0]%4) + 1
		if len(data) < 1+4*n {
			return
		}
		names := make([]Hash, n)
		offs := make([]int64, n)
		for i := range n {
			names[i] = fuzzName(i)
			offs[i] = int64(binary.BigEndian.Uint32(data[1+4*i:]))
		}
		pack := data[1+4*n:]
		var sum Hash
		if len(pack) >= 20 {
			copy(sum[:], pack[len(pack)-20:])
		}
		x, err := parseIndex(idxBytes(names, offs, sum))
		if err != nil {
			t.Fatal(err)
		}
		p := &packFile{packPath: "fuzz.pack"}
		p.idxOnce.Do(func() { p.idx = x })
		p.openOnce.Do(func() { p.openErr = p.attach(x, bytes.NewReader(pack), int64(len(pack))) })
		r := &Repo{cache: newObjectCache(1<<20, 1<<18)}
		for i := range n {
			_, obj, err := p.readAt(r, offs[i], &readCtx{})
			size, serr := p.sizeAt(offs[i])
			if err == nil && serr == nil && size != int64(len(obj)) {
				t.Fatalf("entry %d: sizeAt %d, content %d bytes", i, size, len(obj))
			}
			if err != nil && errors.Is(err, ErrNotInCheckout) && !strings.Contains(err.Error(), "delta base") {
				t.Fatalf("entry %d: %v", i, err)
			}
		}
	})
}
