package gitfs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPackedRefsLongLine proves that a packed-refs line longer than the cap
// is an error that names the file, the line and the cap, not bufio's "token
// too long", and that the refs before it still resolve. The line is twice the
// cap: enough to cross it, small enough to keep the test fast.
func TestPackedRefsLongLine(t *testing.T) {
	refs := readRefsTxt(t)
	dir := copyFixture(t, "packed")
	file := filepath.Join(dir, "packed-refs")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	long := append(bytes.Repeat([]byte{'a'}, 2*maxRefLine), " refs/heads/long\n"...)
	if err := os.WriteFile(file, append(data, long...), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustOpen(t, dir)
	_, err = r.Resolve("refs/heads/no-such-branch")
	if err == nil {
		t.Fatal("Resolve through an over-long packed-refs line succeeded")
	}
	msg := err.Error()
	for _, want := range []string{file, "line", "65536 bytes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not name %q", msg, want)
		}
	}
	if strings.Contains(msg, "token too long") {
		t.Errorf("error %q is bufio's, not one a user can act on", msg)
	}
	if errors.Is(err, ErrNotInCheckout) {
		t.Errorf("error %q wraps ErrNotInCheckout: a damaged packed-refs is not a missing ref", msg)
	}
	// A ref listed before the long line resolves: the file is read in order.
	if got, err := r.Resolve("refs/heads/feature"); err != nil || got != refs["refs/heads/feature"] {
		t.Errorf("Resolve(refs/heads/feature) = %s, %v", got, err)
	}
}

// TestPackedRefsNotRegular proves a packed-refs that is not a regular file (a
// FIFO, which would block the open forever) is refused with an error naming it.
func TestPackedRefsNotRegular(t *testing.T) {
	dir := copyFixture(t, "packed")
	file := filepath.Join(dir, "packed-refs")
	os.Remove(file)
	if err := syscall.Mkfifo(file, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	r := mustOpen(t, dir)
	done := make(chan error, 1)
	go func() { _, err := r.Resolve("refs/heads/main"); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Resolve = %v, want an error naming %s as not a regular file", err, file)
		}
	case <-time.After(5 * time.Second):
		// Unblock the open so the goroutine ends.
		if f, err := os.OpenFile(file, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("Resolve blocked on a FIFO packed-refs")
	}
}

// FuzzPackedRefs checks that no packed-refs content panics, that a found
// ref's line really names it, and that lines within the cap never fail on
// length.
func FuzzPackedRefs(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(fixtureDir("packed"), "packed-refs")); err == nil {
		f.Add(data, "refs/heads/main")
		f.Add(data, "refs/tags/v1.0")
	}
	f.Add([]byte("# pack-refs with: peeled fully-peeled sorted \n0123456789012345678901234567890123456789 refs/heads/x\r\n^0123456789012345678901234567890123456789\n"), "refs/heads/x")
	f.Add([]byte("zz refs/heads/x"), "refs/heads/x")
	f.Add([]byte("\n\n\n"), "refs/heads/x")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		h, ok, err := lookupPackedRef(bytes.NewReader(data), name)
		if err != nil {
			if errors.Is(err, errLineTooLong) && len(data) <= maxRefLine {
				t.Fatalf("%d bytes of input: %v", len(data), err)
			}
			return
		}
		if ok && !lineSays(data, h.String(), name) {
			t.Fatalf("found %s for %q, which no line says", h, name)
		}
	})
}

// lineSays reports whether a line of data is "<hash> <name>", the hash in
// any letter case. It compares bytes, not runes: ref names need not be UTF-8.
func lineSays(data []byte, hash, name string) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == len(hash)+1+len(name) &&
			strings.EqualFold(string(line[:len(hash)]), hash) &&
			string(line[len(hash)+1:]) == name {
			return true
		}
	}
	return false
}
