package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"unicode/utf16"
	"unicode/utf8"
)

// Size caps per kind of file. A file over its cap is skipped and counted, never
// read in part (a truncated licence or manifest would mislead).
const (
	capText       = 1 << 20 // licences, READMEs, community files, policies
	capDoc        = 512 << 10
	capSmall      = 1 << 20 // Dockerfiles, compose, Helm, CI, publiccode.yml
	capManifest   = 4 << 20
	capLockfile   = 32 << 20
	capSpec       = 8 << 20  // OpenAPI/AsyncAPI documents
	capSniff      = 16 << 10 // head read to recognise a structured file
	capHeader     = 2 << 10  // head of a source file sampled for copyright headers
	docBudget     = 64 << 20 // documentation text kept in memory, in all
	maxSampled    = 100      // source files sampled for headers
	maxDepth      = 64
	maxEntries    = 1_000_000
	maxUnread     = 1000 // unread files recorded
	progressEvery = 5000
)

var errTooLarge = errors.New("file exceeds its size cap")

// readCapped reads a whole file of at most limit bytes.
func readCapped(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readUpTo(f, nil, limit+1)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// readUpTo appends to buf what is left of f, stopping once buf holds max
// bytes. The buffer is sized from Stat, as os.ReadFile does, so that a
// file is read in one or two calls rather than grown from 512 bytes (a
// third of the read calls of a walk).
func readUpTo(f fs.File, buf []byte, max int64) ([]byte, error) {
	want := int64(len(buf)) + 512
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		want = info.Size() + 1 // the file, and one byte to see its end
	}
	want = min(want, max)
	if int64(cap(buf)) < want {
		buf = append(make([]byte, 0, want), buf...)
	}
	for int64(len(buf)) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew: let append choose
		}
		n, err := f.Read(buf[len(buf):min(int64(cap(buf)), max)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// headReader reads the head of a file to recognise it, and then, only if it
// is wanted, the rest from the same open file: a recognised file is still read
// once.
type headReader struct {
	f     fs.File
	buf   []byte // everything read so far
	head  int
	limit int64
}

func openHead(fsys fs.FS, name string, head int, limit int64) (*headReader, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	buf, err := readUpTo(f, nil, int64(head)+1)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return &headReader{f: f, buf: buf, head: head, limit: limit}, nil
}

// Head returns at most the first head bytes.
func (h *headReader) Head() []byte { return h.buf[:min(len(h.buf), h.head)] }

// All returns the whole file, reading the remainder; errTooLarge past limit.
func (h *headReader) All() ([]byte, error) {
	if len(h.buf) > h.head {
		all, err := readUpTo(h.f, h.buf, h.limit+1)
		if err != nil {
			return nil, err
		}
		h.buf = all
		h.head = len(h.buf)
	}
	if int64(len(h.buf)) > h.limit {
		return nil, errTooLarge
	}
	return h.buf, nil
}

func (h *headReader) Close() { h.f.Close() }

// decodeText turns file bytes into text: a UTF-8 BOM is dropped, UTF-16 with a
// BOM is decoded, and anything else must be valid UTF-8 without NUL bytes.
func decodeText(b []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF):
		return decodeUTF16(b[2:], b[0] == 0xFE)
	}
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return "", false
	}
	return string(b), true
}

func decodeUTF16(b []byte, bigEndian bool) (string, bool) {
	if len(b)%2 != 0 {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	s := string(utf16.Decode(u))
	return s, utf8.ValidString(s) && !bytes.ContainsRune([]byte(s), 0)
}

// ReadText reads a regular text file of fsys for comparing two versions of
// it (a pull request's base and head): at most 1 MiB, never in part. ok is
// false for a missing, non-regular or larger file.
func ReadText(fsys fs.FS, name string) (data []byte, ok bool) {
	fi, err := fs.Stat(fsys, name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > capText {
		return nil, false
	}
	data, err = readCapped(fsys, name, capText)
	return data, err == nil
}
