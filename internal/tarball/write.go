package tarball

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

const copyBufferSize = 256 << 10

// extractor holds the state of one Extract call.
type extractor struct {
	root    *os.Root
	lim     Limits
	src     *boundedReader
	buf     []byte // copy buffer, reused for every file
	res     Result
	name    string // current entry name as in the archive, for errors
	top     string // the top folder, set by the first entry with a safe name
	lastDir string // last folder made, to skip repeated MkdirAll calls
}

func (x *extractor) errorf(format string, args ...any) error {
	return fmt.Errorf("tarball: entry %q: %w", x.name, fmt.Errorf(format, args...))
}

// entry handles one tar entry; body reads its content.
func (x *extractor) entry(hdr *tar.Header, body io.Reader) error {
	if hdr.Typeflag == tar.TypeXGlobalHeader {
		if c := hdr.PAXRecords["comment"]; x.res.Commit == "" && isObjectID(c) {
			x.res.Commit = c
		}
		return nil
	}
	name, skip := cleanName(hdr.Name)
	if skip != "" {
		x.res.skip(skip)
		return nil
	}
	top, rest, _ := strings.Cut(name, "/")
	if x.top == "" {
		x.top = top
	}
	if top != x.top {
		return x.errorf("%w: outside the top folder %q", ErrNotRepoTarball, x.top)
	}
	if rest == "" {
		if hdr.Typeflag == tar.TypeDir {
			return nil // the top folder itself
		}
		return x.errorf("%w: not inside a top folder", ErrNotRepoTarball)
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		_, err := x.mkdir(rest)
		return err
	case tar.TypeReg:
		return x.file(hdr, rest, body)
	case tar.TypeSymlink:
		x.res.skip(SkipSymlink)
	case tar.TypeLink:
		x.res.skip(SkipHardlink)
	case tar.TypeChar, tar.TypeBlock:
		x.res.skip(SkipDevice)
	case tar.TypeFifo:
		x.res.skip(SkipFIFO)
	default:
		x.res.skip(SkipOtherType)
	}
	return nil
}

// mkdir makes the folder name (slash-separated, below the top folder) and its
// parents, and reports whether it exists now. When name or a folder above it
// already exists as something else, it counts the entry as a duplicate and
// makes nothing: folders are never made through a symbolic link.
func (x *extractor) mkdir(name string) (bool, error) {
	if name == "." || name == x.lastDir {
		return true, nil
	}
	if x.taken(name) {
		x.res.skip(SkipDuplicate)
		return false, nil
	}
	if err := x.root.MkdirAll(filepath.FromSlash(name), 0o755); err != nil {
		return false, x.errorf("%w", err)
	}
	x.lastDir = name
	return true, nil
}

// taken reports whether name or a folder above it exists as something other
// than a folder: a file written by an earlier entry, or a symbolic link that
// was already in dir. The os.Root would keep writes through such a link
// inside dir, but would still follow it. taken walks down one folder at a
// time, so its cost is linear in the depth of name.
func (x *extractor) taken(name string) bool {
	r := x.root
	defer func() {
		if r != x.root {
			r.Close()
		}
	}()
	for {
		elem, rest, more := strings.Cut(name, "/")
		fi, err := r.Lstat(elem)
		if err != nil {
			return false // missing: so is everything below it
		}
		if !fi.IsDir() {
			return true
		}
		if !more {
			return false
		}
		sub, err := r.OpenRoot(elem)
		if err != nil {
			return false
		}
		if r != x.root {
			r.Close()
		}
		r, name = sub, rest
	}
}

// file writes the regular file name (slash-separated, below the top folder).
func (x *extractor) file(hdr *tar.Header, name string, body io.Reader) error {
	// The content is decompressed whether it is written or skipped: refuse
	// now rather than after decompressing up to the limit.
	if !x.src.fits(hdr.Size) {
		return x.errorf("%w", x.src.overLimit())
	}
	if hdr.Size > x.lim.MaxFileBytes {
		x.res.skip(SkipTooLarge)
		return nil
	}
	// Sparse files write more than they read; bound the writing too.
	if hdr.Size > x.lim.MaxTotalBytes-x.res.Bytes { // no overflow, whatever the limits
		return x.errorf("%w: MaxTotalBytes (%d bytes written)", ErrLimit, x.lim.MaxTotalBytes)
	}
	if ok, err := x.mkdir(path.Dir(name)); !ok {
		return err
	}
	perm := os.FileMode(0o644)
	if hdr.Mode&0o111 != 0 {
		perm = 0o755
	}
	// O_EXCL: never write over anything, and never through a symbolic link.
	f, err := x.root.OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		x.res.skip(SkipDuplicate)
		return nil
	}
	if err != nil {
		return x.errorf("%w", err)
	}
	// Counted as soon as it exists, so that Result matches dir even when the
	// archive ends in the middle of the content.
	x.res.Files++
	n, err := io.CopyBuffer(writerOnly{f}, body, x.buf)
	x.res.Bytes += n
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return x.errorf("%w", err)
	}
	return nil
}

// writerOnly hides os.File's ReadFrom so that io.CopyBuffer uses the shared
// buffer instead of allocating one per file.
type writerOnly struct{ io.Writer }
