package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/dpgcheck/dpgcheck/internal/download"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/gitfs"
	"github.com/dpgcheck/dpgcheck/internal/github"
)

// baseTree is a pull request's base, ready to evaluate; fsys is nil when no
// base could be had, and reason says why.
type baseTree struct {
	fsys    fs.FS
	commit  string
	source  string // "git" or "api"
	reason  string
	closeFn func()
	// missing is set when an object of the local history could not be read
	// while the base was read (a partial clone, a damaged or oversized
	// object): the evaluation is then incomplete, and engine() reports the
	// first such error (unreadableIn), which names the file.
	missing *atomic.Bool
}

// localBase finds the base in the checkout's own history, without network:
// the first parent of HEAD when HEAD is GitHub's merge commit of the pull
// request (its second parent is the pull request's head), else the base
// commit the event names. sub is the evaluated folder inside the repository.
func localBase(workspace, sub, headSHA, baseSHA string) (*baseTree, error) {
	return openLocalBase(workspace, sub, func(repo *gitfs.Repo) (gitfs.Hash, error) { return pickBaseCommit(repo, headSHA, baseSHA) })
}

// openLocalBase opens the tree of the commit pick chooses in the history of
// the checkout at root; sub is the evaluated folder inside it.
func openLocalBase(root, sub string, pick func(*gitfs.Repo) (gitfs.Hash, error)) (*baseTree, error) {
	repo, err := gitfs.Open(root)
	if err != nil {
		return nil, err
	}
	commit, err := pick(repo)
	if err != nil {
		repo.Close()
		return nil, err
	}
	fsys, err := repo.TreeFS(commit)
	if err != nil {
		repo.Close()
		return nil, err
	}
	if sub != "" && sub != "." {
		if fsys, err = fs.Sub(fsys, sub); err != nil {
			repo.Close()
			return nil, err
		}
	}
	missing := &atomic.Bool{}
	return &baseTree{fsys: &watchFS{fsys: fsys, missing: missing}, commit: commit.String(), source: "git",
		closeFn: func() { repo.Close() }, missing: missing}, nil
}

// pickBaseCommit chooses the base commit in the local history.
func pickBaseCommit(repo *gitfs.Repo, headSHA, baseSHA string) (gitfs.Hash, error) {
	if h, err := repo.Resolve("HEAD"); err == nil {
		if c, err := repo.Commit(h); err == nil && len(c.Parents) == 2 && c.Parents[1].String() == headSHA && repo.HasObject(c.Parents[0]) {
			return c.Parents[0], nil
		}
	}
	if baseSHA == "" {
		return gitfs.Hash{}, errors.New("the event names no base commit")
	}
	h, err := gitfs.ParseHash(baseSHA)
	if err != nil {
		return h, err
	}
	if !repo.HasObject(h) {
		return h, fmt.Errorf("base commit %s: %w", shortSHA(baseSHA), gitfs.ErrNotInCheckout)
	}
	return h, nil
}

// apiBase downloads the base tarball through the API and extracts it into a
// temporary folder.
func apiBase(ctx context.Context, client *github.Client, repo github.Repo, sub, baseSHA string) (*baseTree, error) {
	if baseSHA == "" {
		return nil, errors.New("the event names no base commit")
	}
	tree, err := download.Temp(ctx, client, repo, baseSHA, "", "dpgcheck-base-", download.Limits{})
	if err != nil {
		return nil, fmt.Errorf("the base %s: %w", shortSHA(baseSHA), err)
	}
	root, err := os.OpenRoot(tree.Dir)
	if err != nil {
		tree.Remove()
		return nil, err
	}
	fsys := root.FS()
	if sub != "" && sub != "." {
		if fsys, err = fs.Sub(fsys, path.Clean(sub)); err != nil {
			root.Close()
			tree.Remove()
			return nil, err
		}
	}
	return &baseTree{fsys: fsys, commit: baseSHA, source: "api", missing: &atomic.Bool{},
		closeFn: func() { root.Close(); tree.Remove() }}, nil
}

// watchFS records the reads of the local history that met an object that
// could not be read (gitfs.ErrUnreadableObject): one the checkout lacks (a
// partial or shallow clone), one over its size cap, a damaged one, or a
// delta that lies about its size. The evidence walk skips a file it cannot
// read, which is right for a working tree but would evaluate the base as if
// the file were absent (and credit a pull request with adding it), so
// the engine asks the tree afterwards (unreadableIn) and gives up on a base
// that was not read whole. Every way the walk reads goes through here:
// Open and Read, ReadDir of the tree and of an open directory, Stat, and the
// Info of directory entries.
type watchFS struct {
	fsys    fs.FS
	missing *atomic.Bool

	mu    sync.Mutex
	first *unreadableError
}

// unreadableError names the file of the base that could not be read.
type unreadableError struct {
	path string
	err  error // the gitfs error, without the fs.PathError around it
}

func (e *unreadableError) Error() string {
	if errors.Is(e.err, gitfs.ErrNotInCheckout) {
		return fmt.Sprintf("the local history lacks objects of the base (a partial or shallow clone): %s: %v", e.path, e.err)
	}
	return fmt.Sprintf("%s cannot be read from the local history: %v", e.path, e.err)
}

func (e *unreadableError) Unwrap() error { return e.err }

// note records err, met reading name, if it is about an unreadable object.
func (w *watchFS) note(name string, err error) error {
	if !errors.Is(err, gitfs.ErrUnreadableObject) {
		return err
	}
	w.missing.Store(true)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first == nil {
		cause := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			cause = pe.Err
		}
		w.first = &unreadableError{path: name, err: cause}
	}
	return err
}

// unreadable returns the first unreadable-object error met, or nil.
func (w *watchFS) unreadable() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first == nil {
		return nil
	}
	return w.first
}

// unreadableIn returns why fsys, if it is a base read from the local
// history, was not read whole; nil for any other tree.
func unreadableIn(fsys fs.FS) error {
	if w, ok := fsys.(*watchFS); ok {
		return w.unreadable()
	}
	return nil
}

func (w *watchFS) Open(name string) (fs.File, error) {
	f, err := w.fsys.Open(name)
	if err != nil {
		return nil, w.note(name, err)
	}
	return &watchFile{File: f, w: w, name: name}, nil
}

func (w *watchFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(w.fsys, name)
	return w.entries(name, es), w.note(name, err)
}

func (w *watchFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(w.fsys, name)
	return fi, w.note(name, err)
}

// entries wraps the entries of directory dir, whose Info reads object
// headers.
func (w *watchFS) entries(dir string, es []fs.DirEntry) []fs.DirEntry {
	for i, e := range es {
		es[i] = &watchEntry{DirEntry: e, w: w, path: path.Join(dir, e.Name())}
	}
	return es
}

type watchEntry struct {
	fs.DirEntry
	w    *watchFS
	path string
}

func (e *watchEntry) Info() (fs.FileInfo, error) {
	fi, err := e.DirEntry.Info()
	return fi, e.w.note(e.path, err)
}

type watchFile struct {
	fs.File
	w    *watchFS
	name string
}

func (f *watchFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	if err != nil && err != io.EOF {
		f.w.note(f.name, err)
	}
	return n, err
}

func (f *watchFile) ReadDir(n int) ([]fs.DirEntry, error) {
	d, ok := f.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: errors.New("not a directory")}
	}
	es, err := d.ReadDir(n)
	if err != nil && err != io.EOF {
		f.w.note(f.name, err)
	}
	return f.w.entries(f.name, es), err
}

func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// close releases the base's history or temporary folder.
func (b *baseTree) close() {
	if b != nil && b.closeFn != nil {
		b.closeFn()
	}
}

// engine is the base as the engine takes it: a base read from the local
// history is unreadable (and so unknown) when any of its objects could not
// be read, as a partial clone's.
func (b *baseTree) engine() *engine.Base {
	eb := &engine.Base{Commit: b.commit, Source: b.source, Reason: b.reason}
	if b.fsys == nil {
		return eb
	}
	eb.FS = b.fsys
	eb.Unreadable = func() error {
		if err := unreadableIn(b.fsys); err != nil {
			return err
		}
		if b.missing != nil && b.missing.Load() {
			return errors.New("the local history lacks objects of the base (a partial clone)")
		}
		return nil
	}
	return eb
}

// revisionBase opens a revision of the local git history of the folder at
// dir (check --base REV); the checkout's root is found by looking for .git
// upwards from the folder.
func revisionBase(dir, rev string) (*baseTree, error) {
	root, sub, err := findCheckout(dir)
	if err != nil {
		return nil, usagef("--base: %v", err)
	}
	base, err := openLocalBase(root, sub, func(repo *gitfs.Repo) (gitfs.Hash, error) { return repo.Resolve(rev) })
	if err != nil {
		return nil, usagef("--base %s: %v", rev, err)
	}
	return base, nil
}

// findCheckout returns the nearest folder at or above dir that holds .git,
// and dir's path inside it.
func findCheckout(dir string) (root, sub string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			rel, err := filepath.Rel(d, abs)
			return d, filepath.ToSlash(rel), err
		}
		if filepath.Dir(d) == d {
			return "", "", fmt.Errorf("%s is not inside a git checkout", dir)
		}
	}
}
