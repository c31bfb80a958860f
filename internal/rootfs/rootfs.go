// Package rootfs is the fs.FS of an os.Root that opens each file through a
// handle on its directory. os.Root resolves a path one element at a time
// (an openat and a close per element), so a walk of a deep tree through
// Root.FS opens every directory of a path again for every file and
// directory under it; here the walk keeps the handles of the directories
// it is in, and a file costs one openat. ReadDirAhead lists directories
// on other goroutines before the walk asks for them.
//
// On Linux a handle is a descriptor opened with O_NOFOLLOW|O_DIRECTORY
// from its parent's, and regular files are opened and read with system
// calls (handle_linux.go); elsewhere a handle is an os.Root. Either way no
// symlink leaves the root, and whatever the short way cannot answer (an
// error of any kind, a symlink, anything but a regular file or a
// directory) is asked of Root.FS again, so answers are those of Root.FS.
package rootfs

import (
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// FS is the fs.FS of an os.Root. Close it to release the directory
// handles it holds; the root itself stays open.
type FS struct {
	root *os.Root
	slow fs.FS // root.FS(): the answer whenever the short way fails

	mu     sync.Mutex
	top    handle // the root's own handle, when hasTop
	hasTop bool
	dirs   []dirHandle // handles of the elements of the directory used last, outermost first
	ahead  *ahead      // directories listed ahead of the walk, or nil
}

type dirHandle struct {
	name string // one path element
	h    handle
}

// New returns the FS of root.
func New(root *os.Root) *FS {
	f := &FS{root: root, slow: root.FS()}
	f.top, f.hasTop = topHandle(root)
	return f
}

// Close releases the directory handles. The FS still answers afterwards,
// the slow way.
func (f *FS) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keep(0)
	if f.hasTop {
		f.top.close()
		f.hasTop = false
	}
	return nil
}

// keep closes the handles past the first n.
func (f *FS) keep(n int) {
	for _, d := range f.dirs[n:] {
		d.h.close()
	}
	f.dirs = f.dirs[:n]
}

// dir returns a handle on the directory dir (a valid path); f.mu is held,
// and the handle is valid until it is released.
func (f *FS) dir(dir string) (handle, bool) {
	if !f.hasTop {
		return handle{}, false
	}
	if dir == "." {
		return f.top, true
	}
	elems := strings.Split(dir, "/")
	n := 0
	for n < len(f.dirs) && n < len(elems) && f.dirs[n].name == elems[n] {
		n++
	}
	f.keep(n)
	for ; n < len(elems); n++ {
		parent := f.top
		if n > 0 {
			parent = f.dirs[n-1].h
		}
		h, ok := parent.openDir(elems[n])
		if !ok {
			return handle{}, false
		}
		f.dirs = append(f.dirs, dirHandle{elems[n], h})
	}
	return f.dirs[len(elems)-1].h, true
}

// inDir runs do with a handle on name's directory and name's last
// element, and reports whether it could.
func (f *FS) inDir(name string, do func(dir handle, base string) bool) bool {
	if name == "." || !fs.ValidPath(name) {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.dir(path.Dir(name))
	return ok && do(d, path.Base(name))
}

// Open opens name, as Root.FS does.
func (f *FS) Open(name string) (fs.File, error) {
	var file fs.File
	if f.inDir(name, func(d handle, base string) (ok bool) {
		file, ok = d.open(base)
		return ok
	}) {
		return file, nil
	}
	return f.slow.Open(name)
}

// ReadDir reads the directory name, sorted by name, as Root.FS does.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	f.mu.Lock()
	a := f.ahead
	f.mu.Unlock()
	if a != nil {
		if entries, ok := a.take(name); ok {
			return entries, nil
		}
	}
	entries, err := f.readDir(name)
	if a != nil && err == nil {
		a.push(name, entries)
	}
	return entries, err
}

func (f *FS) readDir(name string) ([]fs.DirEntry, error) {
	var entries []fs.DirEntry
	ok := fs.ValidPath(name) && func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		d, ok := f.dir(name)
		if !ok {
			return false
		}
		entries, ok = d.readDir(f, name)
		return ok
	}()
	if !ok {
		return fs.ReadDir(f.slow, name)
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// ReadFile reads the file name, as Root.FS does.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return fs.ReadFile(f.slow, name)
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return fs.ReadFile(f.slow, name)
	}
	return data, nil
}

// Stat returns name's FileInfo, following a final symlink inside the
// root, as Root.FS does.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	var info fs.FileInfo
	if f.inDir(name, func(d handle, base string) (ok bool) {
		info, ok = d.stat(base)
		return ok
	}) {
		return info, nil
	}
	return fs.Stat(f.slow, name)
}

// Lstat returns name's FileInfo without following a final symlink.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	var info fs.FileInfo
	if f.inDir(name, func(d handle, base string) (ok bool) {
		info, ok = d.lstat(base)
		return ok
	}) {
		return info, nil
	}
	return fs.Lstat(f.slow, name)
}

// ReadLink returns the target of the symlink name.
func (f *FS) ReadLink(name string) (string, error) { return fs.ReadLink(f.slow, name) }
