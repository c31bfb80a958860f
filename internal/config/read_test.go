package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// TestReadFile proves only regular files of at most MaxSize bytes are read:
// a FIFO, a device, a socket or a directory is an *Error naming the file,
// and a missing file wraps fs.ErrNotExist.
func TestReadFile(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"ok.yml":    {Data: []byte("version: 1\n")},
		"fifo.yml":  {Mode: fs.ModeNamedPipe},
		"dev.yml":   {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"sock.yml":  {Mode: fs.ModeSocket},
		"dir.yml":   {Mode: fs.ModeDir},
		"large.yml": {Data: make([]byte, MaxSize+1)},
	}
	if data, err := ReadFile(fsys, "ok.yml"); err != nil || string(data) != "version: 1\n" {
		t.Errorf("ok.yml = %q, %v", data, err)
	}
	for name, want := range map[string]string{
		"fifo.yml":  "is a named pipe (FIFO), not a regular file",
		"dev.yml":   "is a device, not a regular file",
		"sock.yml":  "is a socket, not a regular file",
		"dir.yml":   "is a directory, not a regular file",
		"large.yml": "the limit is 262144",
	} {
		_, err := ReadFile(fsys, name)
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.File != name || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a *config.Error naming it: %q", name, err, want)
		}
	}
	if _, err := ReadFile(fsys, "missing.yml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing.yml: %v, want fs.ErrNotExist", err)
	}
}

// TestReadPathFIFO proves --config naming a FIFO is refused at once instead
// of blocking until a writer appears.
func TestReadPathFIFO(t *testing.T) {
	t.Parallel()
	name := filepath.Join(t.TempDir(), "dpgcheck.yml")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() { // release a reader stuck on it, if any
		if f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	done := make(chan error, 1)
	go func() { _, err := ReadPath(name); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), name+": is a named pipe (FIFO), not a regular file") {
			t.Errorf("ReadPath(FIFO) = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadPath blocked on a FIFO")
	}
	if _, err := ReadPath(filepath.Join(filepath.Dir(name), "missing.yml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}
