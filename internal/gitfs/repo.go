package gitfs

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Repo is a git repository's object store and refs, opened read-only. It is
// safe for concurrent use.
type Repo struct {
	gitDir    string // HEAD and other per-worktree refs
	commonDir string // objects, refs, packed-refs, shallow; gitDir unless a worktree
	reftable  bool   // extensions.refStorage = reftable: refs cannot be read

	stores []*objectDir // the repository's objects directory, then its alternates
	cache  *objectCache
	closed atomic.Bool
}

// Open finds the object store of a checkout: dir/.git when it is a directory;
// the directory a ".git" file names with "gitdir: <path>" (worktrees and
// submodules; a relative path is resolved against dir); or dir itself when it
// is a bare repository (it has HEAD and an objects directory). A worktree's
// "commondir" file is followed for objects and shared refs.
//
// Open reads the repository's config and refuses repositories whose objects
// are not named by SHA-1. Pack files are opened when first needed; Close
// closes them.
func Open(dir string) (*Repo, error) {
	gitDir, err := findGitDir(dir)
	if err != nil {
		return nil, err
	}
	commonDir := gitDir
	if data, err := readSmallFile(filepath.Join(gitDir, "commondir"), maxSmallFile); err == nil {
		p := strings.TrimSpace(string(data))
		if p == "" {
			return nil, fmt.Errorf("gitfs: %s: empty commondir file", gitDir)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(gitDir, p)
		}
		commonDir = p
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("gitfs: %w", err)
	}

	r := &Repo{gitDir: gitDir, commonDir: commonDir, cache: newObjectCache(cacheBytes, cacheItemMax)}
	if data, err := readSmallFile(filepath.Join(commonDir, "config"), maxConfigSize); err == nil {
		ext := parseExtensions(data)
		if ext.objectFormat != "" && !strings.EqualFold(ext.objectFormat, "sha1") {
			return nil, fmt.Errorf("gitfs: %s: object format %s: only SHA-1 repositories are supported: %w",
				commonDir, strconvQuote(ext.objectFormat), errors.ErrUnsupported)
		}
		r.reftable = strings.EqualFold(ext.refStorage, "reftable")
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("gitfs: %w", err)
	}

	objects := filepath.Join(commonDir, "objects")
	if st, err := os.Stat(objects); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("gitfs: %s: not a git repository: no objects directory", gitDir)
	}
	r.stores = append(r.stores, newObjectDir(objects))
	for _, alt := range readAlternates(objects) {
		r.stores = append(r.stores, newObjectDir(alt))
	}
	return r, nil
}

// findGitDir returns the git directory of the checkout or bare repository dir.
func findGitDir(dir string) (string, error) {
	dotGit := filepath.Join(dir, ".git")
	st, err := os.Stat(dotGit)
	switch {
	case err == nil && st.IsDir():
		return dotGit, nil
	case err == nil && st.Mode().IsRegular():
		data, err := readSmallFile(dotGit, maxSmallFile)
		if err != nil {
			return "", fmt.Errorf("gitfs: %w", err)
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		p := strings.TrimSpace(rest)
		if !ok || p == "" || strings.ContainsAny(p, "\n\x00") {
			return "", fmt.Errorf("gitfs: %s: not a \"gitdir: <path>\" file", dotGit)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			return "", fmt.Errorf("gitfs: %s names %s, which is not a directory", dotGit, p)
		}
		return p, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("gitfs: %w", err)
	}
	head, herr := os.Stat(filepath.Join(dir, "HEAD"))
	objects, oerr := os.Stat(filepath.Join(dir, "objects"))
	if herr == nil && head.Mode().IsRegular() && oerr == nil && objects.IsDir() {
		return dir, nil
	}
	return "", fmt.Errorf("gitfs: %s: not a git checkout or bare repository", dir)
}

// Close closes the pack files the Repo opened. Reads after Close fail.
func (r *Repo) Close() error {
	r.closed.Store(true)
	var first error
	for _, d := range r.stores {
		if err := d.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Shallow returns the commits listed in the shallow file: the boundary of a
// shallow clone, whose parents the checkout does not have. It returns nil for
// a complete clone; lines that are not object names are ignored.
func (r *Repo) Shallow() []Hash {
	f, err := os.Open(filepath.Join(r.commonDir, "shallow"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []Hash
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), maxRefLine)
	for sc.Scan() {
		if h, err := ParseHash(strings.TrimSpace(sc.Text())); err == nil {
			out = append(out, h)
		}
	}
	return out
}

// readSmallFile reads a file that must not be larger than limit bytes.
func readSmallFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}
