package evidence

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// lyingFile says it is smaller (or larger) than it is, as a file that grows
// or shrinks between Stat and Read does.
type lyingFile struct {
	r    *strings.Reader
	size int64
}

func (l *lyingFile) Read(p []byte) (int, error) { return l.r.Read(p) }
func (l *lyingFile) Close() error               { return nil }
func (l *lyingFile) Stat() (fs.FileInfo, error) { return lyingInfo(l.size), nil }

type lyingInfo int64

func (s lyingInfo) Name() string       { return "f" }
func (s lyingInfo) Size() int64        { return int64(s) }
func (s lyingInfo) Mode() fs.FileMode  { return 0o644 }
func (s lyingInfo) ModTime() time.Time { return time.Time{} }
func (s lyingInfo) IsDir() bool        { return false }
func (s lyingInfo) Sys() any           { return nil }

func TestReadUpToReadsWhatIsThere(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("0123456789", 300) // 3000 bytes
	for _, size := range []int64{0, 3, 2999, 3000, 3001, 1 << 20} {
		got, err := readUpTo(&lyingFile{strings.NewReader(text), size}, nil, 1<<20)
		if err != nil || string(got) != text {
			t.Errorf("Stat says %d bytes: read %d bytes, %v; want all 3000", size, len(got), err)
		}
	}
	got, _ := readUpTo(&lyingFile{strings.NewReader(text), 3000}, nil, 100)
	if len(got) != 100 {
		t.Errorf("read %d bytes with a maximum of 100", len(got))
	}
	head := []byte(text[:10])
	r := strings.NewReader(text)
	r.Seek(10, io.SeekStart)
	if got, _ := readUpTo(&lyingFile{r, 3000}, head, 1<<20); string(got) != text {
		t.Errorf("the rest after a head: %d bytes, want the whole 3000", len(got))
	}
}

func TestReadCappedCaps(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"small": {Data: bytes.Repeat([]byte("a"), 100)}, "exact": {Data: bytes.Repeat([]byte("b"), 200)}, "over": {Data: bytes.Repeat([]byte("c"), 201)}, "empty": {}}
	for name, want := range map[string]int{"small": 100, "exact": 200, "empty": 0} {
		if got, err := readCapped(fsys, name, 200); err != nil || len(got) != want {
			t.Errorf("%s: %d bytes, %v; want %d", name, len(got), err, want)
		}
	}
	if _, err := readCapped(fsys, "over", 200); !errors.Is(err, errTooLarge) {
		t.Errorf("a file one byte over its cap: %v, want errTooLarge", err)
	}
}
