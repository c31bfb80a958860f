package config

import (
	"fmt"
	"io"
	"io/fs"
)

// This file decides whether a file may be read as the configuration, and
// reads it within MaxSize. The file comes from the repository (or --config)
// and is untrusted: it must be a regular file, since opening a FIFO blocks
// until a writer appears and a device can be endless. The caller opens it
// (this package does no I/O of its own): stat it, CheckFile, open it,
// CheckFile the opened file's Stat again, then Read.

// CheckFile refuses anything but a regular file of at most MaxSize bytes,
// with an *Error naming the file.
func CheckFile(name string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &Error{File: name, Msg: fmt.Sprintf("is %s, not a regular file; the configuration must be a regular YAML file", describeType(info.Mode()))}
	}
	if info.Size() > MaxSize {
		return tooLarge(name, info.Size())
	}
	return nil
}

// Read reads the configuration name from r, at most MaxSize bytes: a longer
// file is an *Error (a file can grow after it was stat'ed).
func Read(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if len(data) > MaxSize {
		return nil, tooLarge(name, -1)
	}
	return data, nil
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
