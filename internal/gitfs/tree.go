package gitfs

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// This file parses tree objects: a sequence of "<octal mode> <name>\x00"
// followed by the entry's 20-byte object name.

// Tree entry modes, as git writes them.
const (
	modeTypeMask = 0o170000
	modeTree     = 0o040000
	modeFile     = 0o100000 // with permission bits: 100644 or 100755
	modeSymlink  = 0o120000
	modeGitlink  = 0o160000 // a submodule's commit
)

// treeEntry is one entry of a tree object.
type treeEntry struct {
	name string
	mode uint32
	hash Hash
}

func (e *treeEntry) isDir() bool     { return e.mode&modeTypeMask == modeTree }
func (e *treeEntry) isSymlink() bool { return e.mode&modeTypeMask == modeSymlink }
func (e *treeEntry) isGitlink() bool { return e.mode&modeTypeMask == modeGitlink }

// parseTree parses a tree object and returns its entries sorted by name, as
// fs.ReadDirFS wants (git sorts a directory as if its name ended with "/").
// Entries whose name is not a valid path element ("", ".", "..", or with a
// "/"), entries of unknown mode types and every repetition of a name after
// its first entry are left out. A malformed tree is an error.
func parseTree(data []byte) ([]treeEntry, error) {
	var out []treeEntry
	sorted := true
	for len(data) > 0 {
		sp := bytes.IndexByte(data[:min(len(data), 8)], ' ')
		if sp <= 0 || sp > 7 {
			return nil, fmt.Errorf("tree entry %d: bad mode", len(out))
		}
		var mode uint32
		for _, c := range data[:sp] {
			if c < '0' || c > '7' {
				return nil, fmt.Errorf("tree entry %d: mode %s is not octal", len(out), strconv.QuoteToASCII(string(data[:sp])))
			}
			mode = mode<<3 | uint32(c-'0')
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul < 0 || len(data)-nul-1 < len(Hash{}) {
			return nil, fmt.Errorf("tree entry %d is truncated", len(out))
		}
		name := data[:nul]
		var h Hash
		copy(h[:], data[nul+1:])
		data = data[nul+1+len(h):]

		if !validName(name) {
			continue
		}
		switch mode & modeTypeMask {
		case modeTree, modeFile, modeSymlink, modeGitlink:
		default:
			continue
		}
		e := treeEntry{name: string(name), mode: mode, hash: h}
		if n := len(out); n > 0 && out[n-1].name >= e.name {
			sorted = false
		}
		out = append(out, e)
	}
	if !sorted {
		slices.SortStableFunc(out, func(a, b treeEntry) int { return cmp.Compare(a.name, b.name) })
		out = slices.CompactFunc(out, func(a, b treeEntry) bool { return a.name == b.name })
	}
	return out, nil
}

// validName reports whether a tree entry's name is a valid fs path element.
func validName(name []byte) bool {
	switch string(name) {
	case "", ".", "..":
		return false
	}
	return bytes.IndexByte(name, '/') < 0 && bytes.IndexByte(name, 0) < 0
}

// tree returns the parsed entries of tree h. They are cached and shared: no
// one may modify them.
func (r *Repo) tree(h Hash) ([]treeEntry, error) {
	key := cacheKey{hash: h, kind: kindTree}
	if v, ok := r.cache.get(key); ok {
		return v.([]treeEntry), nil
	}
	data, err := r.readTyped(h, typeTree)
	if err != nil {
		return nil, err
	}
	entries, err := parseTree(data)
	if err != nil {
		return nil, objectError(h, err)
	}
	size := int64(len(data)) + int64(len(entries))*48
	r.cache.add(key, entries, size)
	return entries, nil
}

// lookupEntry finds name in entries sorted by parseTree.
func lookupEntry(entries []treeEntry, name string) (*treeEntry, bool) {
	i, ok := slices.BinarySearchFunc(entries, name, func(e treeEntry, name string) int {
		return strings.Compare(e.name, name)
	})
	if !ok {
		return nil, false
	}
	return &entries[i], true
}

// errNotDir is the error for a path that goes through a file.
var errNotDir = errors.New("not a directory")

// validPathDepth reports whether name (a valid fs path) has at most
// maxTreeDepth elements.
func validPathDepth(name string) bool {
	return name == "." || strings.Count(name, "/") < maxTreeDepth
}
