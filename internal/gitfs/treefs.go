package gitfs

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// This file presents one commit's tree as a read-only fs.FS.

// TreeFS returns the tree of commit as a read-only file system, which is safe
// for concurrent use. It implements fs.ReadDirFS, fs.StatFS, fs.ReadFileFS
// and fs.ReadLinkFS.
//
//   - Trees are directories (mode fs.ModeDir|0755, size 0).
//   - Regular files are blobs (mode 0644, or 0755 when git records the
//     executable bit). Their size comes from the object's header, so Stat
//     does not inflate the blob; Open reads that header too (a blob the
//     checkout does not have fails at Open), and the first Read inflates and
//     verifies the whole blob (at most 64 MiB: larger files can be listed
//     and stat'ed but not read).
//   - Symbolic links (mode 120000) are never followed: they are listed with
//     mode fs.ModeSymlink|0777 and the length of their target as size; Stat
//     and Lstat both describe the link itself; ReadLink returns the target.
//     Open succeeds (testing/fstest.TestFS requires it) but returns a file
//     whose Read fails, and ReadFile fails, so a link's content can never be
//     mistaken for a file's.
//   - Submodules (gitlinks, mode 160000) are listed as empty directories, as
//     in a checkout whose submodules are not initialized.
//   - Tree entries whose name is not a valid path element ("", ".", "..",
//     or containing "/") or whose mode is of an unknown type are left out;
//     when a tree names an entry twice, the first is kept.
//   - Modification times are zero; paths deeper than 256 elements are
//     refused.
//
// Reading an object the checkout does not have (a partial or shallow clone)
// returns an error that wraps ErrNotInCheckout.
func (r *Repo) TreeFS(commit Hash) (fs.FS, error) {
	c, err := r.Commit(commit)
	if err != nil {
		return nil, err
	}
	if _, err := r.tree(c.Tree); err != nil {
		return nil, fmt.Errorf("gitfs: tree of commit %s: %w", commit, err)
	}
	return &treeFS{r: r, root: c.Tree}, nil
}

// treeFS is the file system of the tree root.
type treeFS struct {
	r    *Repo
	root Hash
}

var (
	_ fs.ReadDirFS  = (*treeFS)(nil)
	_ fs.StatFS     = (*treeFS)(nil)
	_ fs.ReadFileFS = (*treeFS)(nil)
	_ fs.ReadLinkFS = (*treeFS)(nil)
)

var (
	errIsDir   = errors.New("is a directory")
	errSymlink = errors.New("is a symbolic link, which gitfs does not follow")
	errTooDeep = fmt.Errorf("path has more than %d elements", maxTreeDepth)
)

// lookup finds the tree entry of name. The root is an entry named ".".
func (t *treeFS) lookup(op, name string) (treeEntry, error) {
	if !fs.ValidPath(name) {
		return treeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if !validPathDepth(name) {
		return treeEntry{}, &fs.PathError{Op: op, Path: name, Err: errTooDeep}
	}
	e := treeEntry{name: ".", mode: modeTree, hash: t.root}
	if name == "." {
		return e, nil
	}
	for rest := name; rest != ""; {
		var elem string
		elem, rest, _ = strings.Cut(rest, "/")
		if !e.isDir() {
			return treeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		entries, err := t.r.tree(e.hash)
		if err != nil {
			return treeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		p, ok := lookupEntry(entries, elem)
		if !ok {
			return treeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		e = *p
	}
	return e, nil
}

// info describes the entry e, whose base name is name. For files and links it
// reads the object's header for the size.
func (t *treeFS) info(e *treeEntry, name string) (*fileInfo, error) {
	fi := &fileInfo{name: name}
	switch {
	case e.isDir(), e.isGitlink():
		fi.mode = fs.ModeDir | 0o755
		return fi, nil
	case e.isSymlink():
		fi.mode = fs.ModeSymlink | 0o777
	default:
		fi.mode = 0o644
		if e.mode&0o111 != 0 {
			fi.mode = 0o755
		}
	}
	size, err := t.r.objectSize(e.hash)
	if err != nil {
		return nil, err
	}
	fi.size = size
	return fi, nil
}

// Open opens the file, directory or symbolic link name.
func (t *treeFS) Open(name string) (fs.File, error) {
	e, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	fi, err := t.info(&e, path.Base(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	switch {
	case e.isDir():
		entries, err := t.r.tree(e.hash)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &dirFile{fsys: t, path: name, info: fi, entries: entries}, nil
	case e.isGitlink():
		return &dirFile{fsys: t, path: name, info: fi}, nil
	}
	return &blobFile{fsys: t, path: name, entry: e, info: fi}, nil
}

// Stat describes name without following a symbolic link.
func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	return t.stat("stat", name)
}

// Lstat describes name; it is Stat, which never follows links.
func (t *treeFS) Lstat(name string) (fs.FileInfo, error) {
	return t.stat("lstat", name)
}

func (t *treeFS) stat(op, name string) (fs.FileInfo, error) {
	e, err := t.lookup(op, name)
	if err != nil {
		return nil, err
	}
	fi, err := t.info(&e, path.Base(name))
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return fi, nil
}

// ReadDir lists the directory name, sorted by name.
func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, err := t.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	switch {
	case e.isGitlink():
		return []fs.DirEntry{}, nil
	case !e.isDir():
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	entries, err := t.r.tree(e.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return t.dirEntries(entries), nil
}

// dirEntries returns the fs.DirEntry values of tree entries.
func (t *treeFS) dirEntries(entries []treeEntry) []fs.DirEntry {
	out := make([]fs.DirEntry, len(entries))
	des := make([]dirEntry, len(entries))
	for i := range entries {
		des[i] = dirEntry{fsys: t, e: &entries[i]}
		out[i] = &des[i]
	}
	return out
}

// ReadFile returns the content of the regular file name in a new slice.
func (t *treeFS) ReadFile(name string) ([]byte, error) {
	e, err := t.lookup("read", name)
	if err != nil {
		return nil, err
	}
	switch {
	case e.isDir(), e.isGitlink():
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	case e.isSymlink():
		return nil, &fs.PathError{Op: "read", Path: name, Err: errSymlink}
	}
	data, err := t.r.readTyped(e.hash, typeBlob)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil // readObject's result is the caller's
}

// ReadLink returns the target of the symbolic link name.
func (t *treeFS) ReadLink(name string) (string, error) {
	e, err := t.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if !e.isSymlink() {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	data, err := t.r.readTyped(e.hash, typeBlob)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(data), nil
}
