package gitfs

import (
	"bytes"
	"io"
	"io/fs"
	"sync"
	"time"
)

// This file holds the fs.File, fs.FileInfo and fs.DirEntry values of the
// tree file system.

// fileInfo describes a tree entry.
type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.size }
func (fi *fileInfo) Mode() fs.FileMode  { return fi.mode }
func (fi *fileInfo) ModTime() time.Time { return time.Time{} }
func (fi *fileInfo) IsDir() bool        { return fi.mode.IsDir() }
func (fi *fileInfo) Sys() any           { return nil }
func (fi *fileInfo) String() string     { return fs.FormatFileInfo(fi) }

// dirEntry is an entry of a directory listing; Info reads the object header
// of files and links for their size.
type dirEntry struct {
	fsys *treeFS
	e    *treeEntry
}

func (d *dirEntry) Name() string { return d.e.name }
func (d *dirEntry) IsDir() bool  { return d.e.isDir() || d.e.isGitlink() }
func (d *dirEntry) String() string {
	return fs.FormatDirEntry(d)
}

func (d *dirEntry) Type() fs.FileMode {
	switch {
	case d.IsDir():
		return fs.ModeDir
	case d.e.isSymlink():
		return fs.ModeSymlink
	}
	return 0
}

func (d *dirEntry) Info() (fs.FileInfo, error) {
	fi, err := d.fsys.info(d.e, d.e.name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: d.e.name, Err: err}
	}
	return fi, nil
}

// dirFile is an open directory (or submodule, which has no entries).
type dirFile struct {
	fsys    *treeFS
	path    string
	info    *fileInfo
	entries []treeEntry // shared with the cache: read-only

	mu     sync.Mutex
	off    int
	closed bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.path, Err: errIsDir}
}

func (d *dirFile) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	return nil
}

// ReadDir returns the next n entries (all remaining ones if n <= 0), as
// fs.ReadDirFile specifies.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, &fs.PathError{Op: "readdir", Path: d.path, Err: fs.ErrClosed}
	}
	rest := d.entries[d.off:]
	if n > 0 {
		if len(rest) == 0 {
			return nil, io.EOF
		}
		rest = rest[:min(n, len(rest))]
	}
	d.off += len(rest)
	return d.fsys.dirEntries(rest), nil
}

// blobFile is an open regular file or symbolic link. A file's content is read
// on the first Read, Seek or ReadAt; a link's content is never given out.
type blobFile struct {
	fsys  *treeFS
	path  string
	entry treeEntry
	info  *fileInfo

	mu     sync.Mutex
	rd     *bytes.Reader // nil until loaded
	closed bool
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *blobFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.path, Err: fs.ErrClosed}
	}
	f.closed = true
	f.rd = nil
	return nil
}

// load returns the reader of the content; f.mu must be held.
func (f *blobFile) load(op string) (*bytes.Reader, error) {
	switch {
	case f.closed:
		return nil, &fs.PathError{Op: op, Path: f.path, Err: fs.ErrClosed}
	case f.entry.isSymlink():
		return nil, &fs.PathError{Op: op, Path: f.path, Err: errSymlink}
	case f.rd != nil:
		return f.rd, nil
	}
	data, err := f.fsys.r.readTyped(f.entry.hash, typeBlob)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: f.path, Err: err}
	}
	f.rd = bytes.NewReader(data)
	return f.rd, nil
}

func (f *blobFile) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rd, err := f.load("read")
	if err != nil {
		return 0, err
	}
	return rd.Read(p)
}

func (f *blobFile) ReadAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rd, err := f.load("read")
	if err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, &fs.PathError{Op: "read", Path: f.path, Err: fs.ErrInvalid}
	}
	return rd.ReadAt(p, off)
}

func (f *blobFile) Seek(offset int64, whence int) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rd, err := f.load("seek")
	if err != nil {
		return 0, err
	}
	n, err := rd.Seek(offset, whence)
	if err != nil {
		return n, &fs.PathError{Op: "seek", Path: f.path, Err: err}
	}
	return n, nil
}
