//go:build !linux

package rootfs

import (
	"io/fs"
	"os"
)

// handle is an os.Root on a directory: where the system calls of the
// Linux handle are not written, the FS still opens each file in one step
// from its directory's handle.
type handle struct {
	r   *os.Root
	own bool // opened here, closed here; not the caller's root
}

func topHandle(root *os.Root) (handle, bool) { return handle{r: root}, true }

func (h handle) close() {
	if h.own {
		h.r.Close()
	}
}

func (h handle) openDir(elem string) (handle, bool) {
	r, err := h.r.OpenRoot(elem)
	return handle{r: r, own: true}, err == nil
}

func (h handle) open(base string) (fs.File, bool) {
	f, err := h.r.Open(base)
	return f, err == nil
}

func (h handle) readDir(_ *FS, _ string) ([]fs.DirEntry, bool) {
	f, err := h.r.Open(".")
	if err != nil {
		return nil, false
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	return entries, err == nil
}

func (h handle) stat(base string) (fs.FileInfo, bool) {
	info, err := h.r.Stat(base)
	return info, err == nil
}

func (h handle) lstat(base string) (fs.FileInfo, bool) {
	info, err := h.r.Lstat(base)
	return info, err == nil
}
