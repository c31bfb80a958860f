package config

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"
)

// TestCheckFile proves only regular files of at most MaxSize bytes may be
// read: a FIFO, a device, a socket or a directory is an *Error naming the
// file and saying what it is.
func TestCheckFile(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"ok.yml":    {Data: []byte("version: 1\n")},
		"fifo.yml":  {Mode: fs.ModeNamedPipe},
		"dev.yml":   {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"sock.yml":  {Mode: fs.ModeSocket},
		"dir.yml":   {Mode: fs.ModeDir},
		"large.yml": {Data: make([]byte, MaxSize+1)},
	}
	for name, want := range map[string]string{
		"ok.yml":    "",
		"fifo.yml":  "fifo.yml: is a named pipe (FIFO), not a regular file",
		"dev.yml":   "dev.yml: is a device, not a regular file",
		"sock.yml":  "sock.yml: is a socket, not a regular file",
		"dir.yml":   "dir.yml: is a directory, not a regular file",
		"large.yml": "large.yml: configuration is 262145 bytes; the limit is 262144",
	} {
		info, err := fs.Stat(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckFile(name, info)
		var cerr *Error
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case want != "" && (!errors.As(err, &cerr) || !strings.HasPrefix(err.Error(), want)):
			t.Errorf("%s: %v, want a *config.Error %q", name, err, want)
		}
	}
}

// TestRead proves Read stops one byte past MaxSize (a file that grew after
// it was stat'ed) and wraps read errors.
func TestRead(t *testing.T) {
	t.Parallel()
	if data, err := Read("ok.yml", strings.NewReader("version: 1\n")); err != nil || string(data) != "version: 1\n" {
		t.Errorf("Read = %q, %v", data, err)
	}
	_, err := Read("grown.yml", strings.NewReader(strings.Repeat("#", MaxSize+100)))
	var cerr *Error
	if !errors.As(err, &cerr) || err.Error() != "grown.yml: configuration is more than 262144 bytes; the limit is 262144" {
		t.Errorf("Read of a grown file = %v", err)
	}
	boom := errors.New("boom")
	if _, err := Read("x.yml", iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("Read error = %v, want it wrapped", err)
	}
}
