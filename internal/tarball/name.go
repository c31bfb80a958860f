package tarball

import (
	"io/fs"
	"path/filepath"
	"strings"
)

// Bounds on names, so a hostile archive cannot make Extract build absurdly
// deep trees; real repositories stay far below them.
const (
	maxNameBytes    = 4096 // PATH_MAX on Linux
	maxNameElems    = 256
	maxElementBytes = 255 // NAME_MAX on common file systems
)

// cleanName checks an entry name as it appears in the archive. It returns the
// name without its trailing slash, or the reason to skip the entry.
func cleanName(raw string) (name, skip string) {
	if strings.ContainsAny(raw, "\\\x00") {
		return "", SkipUnsafePath
	}
	name = strings.TrimSuffix(raw, "/")
	if name == "." || !fs.ValidPath(name) || !filepath.IsLocal(filepath.FromSlash(name)) {
		return "", SkipUnsafePath
	}
	if len(name) > maxNameBytes || strings.Count(name, "/") >= maxNameElems {
		return "", SkipLongPath
	}
	for elem := range strings.SplitSeq(name, "/") {
		if len(elem) > maxElementBytes {
			return "", SkipLongPath
		}
	}
	return name, ""
}

// isObjectID reports whether s is a full Git object id: 40 (SHA-1) or 64
// (SHA-256) hexadecimal digits.
func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
