// Package rootfs is the fs.FS of an os.Root that opens each file through a
// handle on its directory. os.Root resolves a path one element at a time
// (an openat and a close per element), so a walk of a deep tree through
// Root.FS opens every directory of a path again for every file and
// directory under it; here the walk keeps the handles of the directories
// it is in, and a file costs one openat.
//
// Answers are those of Root.FS: a handle on a directory is itself an
// os.Root, so no symlink leaves the root, and whatever the short way
// cannot answer (an error of any kind, a symlink that leaves its
// directory but not the root) is asked of Root.FS again.
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

	mu    sync.Mutex
	dirs  []dirHandle // handles of the elements of the directory used last, outermost first
	ahead *ahead      // directories listed ahead of the walk, or nil
}

type dirHandle struct {
	name string // one path element
	root *os.Root
}

// New returns the FS of root.
func New(root *os.Root) *FS { return &FS{root: root, slow: root.FS()} }

// Close releases the directory handles.
func (f *FS) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keep(0)
	return nil
}

// keep closes the handles past the first n.
func (f *FS) keep(n int) {
	for _, d := range f.dirs[n:] {
		d.root.Close()
	}
	f.dirs = f.dirs[:n]
}

// dir returns a handle on the directory dir (a valid path), or nil; f.mu
// is held, and the handle is valid until it is released.
func (f *FS) dir(dir string) *os.Root {
	if dir == "." {
		return f.root
	}
	elems := strings.Split(dir, "/")
	n := 0
	for n < len(f.dirs) && n < len(elems) && f.dirs[n].name == elems[n] {
		n++
	}
	f.keep(n)
	for ; n < len(elems); n++ {
		parent := f.root
		if n > 0 {
			parent = f.dirs[n-1].root
		}
		r, err := parent.OpenRoot(elems[n])
		if err != nil {
			return nil
		}
		f.dirs = append(f.dirs, dirHandle{elems[n], r})
	}
	return f.dirs[len(elems)-1].root
}

// inDir runs do with a handle on name's directory and name's last
// element, and reports whether it could.
func (f *FS) inDir(name string, do func(dir *os.Root, base string) error) bool {
	if name == "." || !fs.ValidPath(name) {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.dir(path.Dir(name))
	return d != nil && do(d, path.Base(name)) == nil
}

// Open opens name, as Root.FS does.
func (f *FS) Open(name string) (fs.File, error) {
	var file *os.File
	if f.inDir(name, func(d *os.Root, base string) (err error) {
		file, err = d.Open(base)
		return err
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
		d := f.dir(name)
		if d == nil {
			return false
		}
		file, err := d.Open(".")
		if err != nil {
			return false
		}
		defer file.Close()
		entries, err = file.ReadDir(-1)
		return err == nil
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
	if f.inDir(name, func(d *os.Root, base string) (err error) {
		info, err = d.Stat(base)
		return err
	}) {
		return info, nil
	}
	return fs.Stat(f.slow, name)
}

// Lstat returns name's FileInfo without following a final symlink.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	var info fs.FileInfo
	if f.inDir(name, func(d *os.Root, base string) (err error) {
		info, err = d.Lstat(base)
		return err
	}) {
		return info, nil
	}
	return fs.Lstat(f.slow, name)
}

// ReadLink returns the target of the symlink name.
func (f *FS) ReadLink(name string) (string, error) { return fs.ReadLink(f.slow, name) }
