//go:build linux

package rootfs

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// dirents encodes names as getdents64 records, padded to 8 bytes as the
// kernel pads them.
func dirents(names ...string) []byte {
	var buf []byte
	for i, n := range names {
		reclen := (19 + len(n) + 1 + 7) &^ 7
		rec := make([]byte, reclen)
		binary.NativeEndian.PutUint64(rec[0:], uint64(i+1))
		binary.NativeEndian.PutUint16(rec[16:], uint16(reclen))
		rec[18] = byte(i % 16)
		copy(rec[19:], n)
		buf = append(buf, rec...)
	}
	return buf
}

func TestParseDirents(t *testing.T) {
	t.Parallel()
	want := []string{".", "..", "README.md", "a-name-of-exactly-twenty-four", "ü"}
	var got []string
	if !parseDirents(dirents(want...), func(name []byte, _ byte) bool { got = append(got, string(name)); return true }) {
		t.Fatal("whole records reported as broken")
	}
	if !slices.Equal(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
	broken := dirents("a", "b")
	if parseDirents(broken[:len(broken)-3], func([]byte, byte) bool { return true }) {
		t.Error("a cut record was reported whole")
	}
}

// FuzzParseDirents feeds records the kernel would never write: the parser
// must refuse them without reading past the buffer, and read back names it
// encoded itself.
func FuzzParseDirents(f *testing.F) {
	f.Add(dirents("a", "bb"), "x")
	f.Add([]byte{0: 1, 16: 3, 18: 8}, "")
	f.Fuzz(func(t *testing.T, buf []byte, name string) {
		parseDirents(buf, func(n []byte, _ byte) bool {
			if len(n) > len(buf) {
				t.Fatalf("a name of %d bytes from %d bytes", len(n), len(buf))
			}
			return true
		})
		if len(name) > 200 || bytes.IndexByte([]byte(name), 0) >= 0 {
			return
		}
		var got []string
		if !parseDirents(dirents(name, name), func(n []byte, _ byte) bool { got = append(got, string(n)); return true }) || !slices.Equal(got, []string{name, name}) {
			t.Fatalf("encoded %q twice, read back %q", name, got)
		}
	})
}
