package gitfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// This file resolves revisions: full object names and ref names, through
// loose ref files (which may be symbolic: "ref: <name>") and packed-refs.

// Resolve returns the commit that rev names. rev is a full 40-digit object
// name or a ref name, looked up as git does: rev itself (when it starts with
// "refs/" or is an all-caps name like HEAD), then refs/<rev>,
// refs/tags/<rev>, refs/heads/<rev>, refs/remotes/<rev> and
// refs/remotes/<rev>/HEAD. Symbolic refs are followed and annotated tags
// peeled to the commit they tag. A ref or object that does not exist is an
// error that wraps ErrNotInCheckout; revision operators ("~", "^", "@{",
// ":") and abbreviated names are not supported.
func (r *Repo) Resolve(rev string) (Hash, error) {
	if r.closed.Load() {
		return Hash{}, errClosed
	}
	h, err := r.resolveRef(rev)
	if err != nil {
		return Hash{}, err
	}
	return r.peel(rev, h)
}

// resolveRef returns the object rev names, without peeling tags.
func (r *Repo) resolveRef(rev string) (Hash, error) {
	if isHashHex(rev) {
		return ParseHash(strings.ToLower(rev))
	}
	if strings.ContainsAny(rev, "~^:") || strings.Contains(rev, "@{") {
		return Hash{}, fmt.Errorf("gitfs: revision %s: only full object names and ref names are supported: %w",
			strconvQuote(rev), errors.ErrUnsupported)
	}
	if !validRefName(rev) {
		return Hash{}, fmt.Errorf("gitfs: revision %s is not a valid ref name", strconvQuote(rev))
	}
	if r.reftable {
		return Hash{}, fmt.Errorf("gitfs: %s: refs are stored in a reftable: %w", r.commonDir, errors.ErrUnsupported)
	}
	var candidates []string
	if strings.HasPrefix(rev, "refs/") || isPseudoRef(rev) {
		candidates = append(candidates, rev)
	}
	candidates = append(candidates, "refs/"+rev, "refs/tags/"+rev, "refs/heads/"+rev,
		"refs/remotes/"+rev, "refs/remotes/"+rev+"/HEAD")
	for _, name := range candidates {
		if !validRefName(name) {
			continue
		}
		h, ok, err := r.readRef(name)
		if err != nil {
			return Hash{}, fmt.Errorf("gitfs: revision %s: %w", strconvQuote(rev), err)
		}
		if ok {
			return h, nil
		}
	}
	msg := "no such ref"
	if len(rev) < hashHexLen && isHexString(rev) {
		msg = "no such ref (abbreviated object names are not supported)"
	}
	return Hash{}, fmt.Errorf("gitfs: revision %s: %s: %w", strconvQuote(rev), msg, ErrNotInCheckout)
}

// peel follows annotated tags from h to the commit they tag.
func (r *Repo) peel(rev string, h Hash) (Hash, error) {
	for range maxTagDepth {
		t, data, err := r.readObject(h)
		if err != nil {
			return Hash{}, fmt.Errorf("gitfs: revision %s: %w", strconvQuote(rev), err)
		}
		switch t {
		case typeCommit:
			return h, nil
		case typeTag:
			target, _, err := parseTag(data)
			if err != nil {
				return Hash{}, fmt.Errorf("gitfs: revision %s: %w", strconvQuote(rev), objectError(h, err))
			}
			h = target
		default:
			return Hash{}, fmt.Errorf("gitfs: revision %s names a %s, not a commit", strconvQuote(rev), t)
		}
	}
	return Hash{}, fmt.Errorf("gitfs: revision %s: more than %d nested tags", strconvQuote(rev), maxTagDepth)
}

// readRef returns the object the ref name points at, following symbolic
// refs; ok is false when there is no such ref. name must be valid.
func (r *Repo) readRef(name string) (h Hash, ok bool, err error) {
	for range maxSymrefDepth + 1 {
		path := r.refPath(name)
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			// No loose ref: a missing file, or a directory where refs/x
			// is missing but refs/x/y exists, or a file where refs/x/y is
			// missing but refs/x exists.
			if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				return Hash{}, false, fmt.Errorf("ref %s: %w", name, err)
			}
			return r.packedRef(name)
		}
		data, err := readSmallFile(path, maxSmallFile)
		if err != nil {
			return Hash{}, false, fmt.Errorf("ref %s: %w", name, err)
		}
		s := strings.TrimRight(string(data), " \t\r\n")
		if target, isSym := strings.CutPrefix(s, "ref:"); isSym {
			target = strings.TrimSpace(target)
			if !validRefName(target) || !(strings.HasPrefix(target, "refs/") || isPseudoRef(target)) {
				return Hash{}, false, fmt.Errorf("ref %s: bad symbolic ref target %s", name, strconvQuote(target))
			}
			name = target
			continue
		}
		if !isHashHex(s) {
			return Hash{}, false, fmt.Errorf("ref %s: file %s holds no object name", name, path)
		}
		h, err := ParseHash(strings.ToLower(s))
		return h, err == nil, err
	}
	return Hash{}, false, fmt.Errorf("ref %s: more than %d symbolic ref indirections", name, maxSymrefDepth)
}

// refPath returns the file of the loose ref name. In a worktree, HEAD, the
// other all-caps pseudo refs and refs/bisect, refs/worktree and refs/rewritten
// are the worktree's own; the other refs are shared.
func (r *Repo) refPath(name string) string {
	dir := r.commonDir
	if isPseudoRef(name) || strings.HasPrefix(name, "refs/bisect/") ||
		strings.HasPrefix(name, "refs/worktree/") || strings.HasPrefix(name, "refs/rewritten/") {
		dir = r.gitDir
	}
	return filepath.Join(dir, filepath.FromSlash(name))
}

// isPseudoRef reports whether name is a top-level ref like HEAD or
// FETCH_HEAD: upper-case letters and underscores.
func isPseudoRef(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// validRefName applies git's rules for ref names (check-ref-format), which
// also keep a ref name from leaving the git directory: no empty, "." or
// ".."-containing components, no component starting with "." or ending with
// ".lock", no control characters, space, "~^:?*[\", no "@{", not "@", not
// ending with "." or "/".
func validRefName(name string) bool {
	if name == "" || name == "@" || len(name) > 1024 || strings.HasSuffix(name, ".") ||
		strings.Contains(name, "..") || strings.Contains(name, "@{") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 0x20 || c == 0x7f || strings.IndexByte(" ~^:?*[\\", c) >= 0 {
			return false
		}
	}
	for _, comp := range strings.Split(name, "/") {
		if comp == "" || comp[0] == '.' || strings.HasSuffix(comp, ".lock") {
			return false
		}
	}
	return true
}

// isHexString reports whether s is non-empty and hexadecimal.
func isHexString(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
