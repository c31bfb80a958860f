package config

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// This file reads the configuration file. It comes from the repository (or
// --config) and is untrusted: it must be a regular file, since opening a FIFO
// blocks until a writer appears and a device can be endless, and it is read
// up to MaxSize bytes only.

// ReadFile reads the configuration name of fsys. A missing file is an error
// wrapping fs.ErrNotExist; a file that is not regular or is larger than
// MaxSize is an *Error naming it; other read errors are wrapped with the
// file's name.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := checkFile(name, info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return readOpened(name, f)
}

// ReadPath reads the configuration file at path (--config), as ReadFile
// does. The file is opened without blocking, so even a FIFO put in place
// after the check cannot stall the read.
func ReadPath(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := checkFile(path, info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return readOpened(path, f)
}

// readOpened checks the opened file again (it may have been replaced since
// it was stat'ed) and reads at most MaxSize bytes of it.
func readOpened(name string, f fs.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := checkFile(name, info); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if len(data) > MaxSize {
		return nil, tooLarge(name, -1)
	}
	return data, nil
}

// checkFile refuses anything but a regular file of at most MaxSize bytes.
func checkFile(name string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &Error{File: name, Msg: fmt.Sprintf("is %s, not a regular file; the configuration must be a regular YAML file", describeType(info.Mode()))}
	}
	if info.Size() > MaxSize {
		return tooLarge(name, info.Size())
	}
	return nil
}

// tooLarge is the error for a configuration of size bytes, or of more than
// MaxSize bytes when size is -1 (found by reading, not by stat).
func tooLarge(name string, size int64) error {
	is := fmt.Sprintf("%d bytes", size)
	if size < 0 {
		is = fmt.Sprintf("more than %d bytes", MaxSize)
	}
	return &Error{File: name, Msg: fmt.Sprintf("configuration is %s; the limit is %d", is, MaxSize)}
}

// describeType names a file type for a message.
func describeType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}
