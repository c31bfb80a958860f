// Package tarball extracts a GitHub repository tarball (the gzip-compressed tar
// served by GET /repos/{owner}/{repo}/tarball/{ref}) into a directory. It owns
// the rules for that untrusted input: which entries are written, where, with
// which permissions, and how much work a hostile archive can cause.
//
// The rules, in the order they are applied to each entry:
//
//   - The pax global header is not extracted; its "comment" record, when it is a
//     full hexadecimal commit id, becomes Result.Commit.
//   - A name that is not fs.ValidPath (absolute, with "..", "." or empty
//     elements, not UTF-8) or holds a backslash or NUL is skipped as unsafe;
//     one over 4096 bytes, 256 elements or with a 255-byte element is skipped
//     as too long.
//   - Every other name must sit under one top folder, GitHub's
//     "owner-repo-sha/"; the folder is stripped. A second top folder, or a
//     non-folder entry at the top, means the input is not a GitHub repository
//     tarball and Extract stops with ErrNotRepoTarball.
//   - Only folders and regular files are written. Symbolic links, hard links,
//     devices, FIFOs and other types are skipped, so no link is ever created.
//   - Files are created exclusively: a name that already exists (a duplicate
//     entry, or a file already in dir) is skipped and the first one wins.
//     So is a name below something that is not a folder: a file written
//     earlier, or a symbolic link already in dir, which is never followed.
//   - All writes go through an os.Root on dir, so nothing is written outside
//     dir, even if a symbolic link that was already there were followed.
//
// Skipped entries are counted by reason in Result.Skipped. Limits bound the
// work: see Limits.
package tarball

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotRepoTarball is wrapped by errors reporting that the archive's layout is
// not the single top folder of a GitHub repository tarball.
var ErrNotRepoTarball = errors.New("not a GitHub repository tarball")

// Extract reads the gzip-compressed tar from r and writes its files into dir,
// an existing directory that should be empty, following the package rules.
//
// On error the returned Result counts the work done so far and dir may hold
// part of the tree; the caller should remove it. Errors name the entry they
// concern; limit errors wrap ErrLimit, layout errors ErrNotRepoTarball, and
// cancellation ctx.Err().
func Extract(ctx context.Context, r io.Reader, dir string, lim Limits) (Result, error) {
	lim = lim.withDefaults()
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("tarball: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Result{}, fmt.Errorf("tarball: %w", err)
	}
	defer root.Close()

	zr, err := gzip.NewReader(r)
	if err != nil {
		return Result{}, fmt.Errorf("tarball: not a gzip stream: %w", err)
	}
	src := newBoundedReader(ctx, zr, lim.MaxTotalBytes)
	x := &extractor{root: root, lim: lim, src: src, buf: make([]byte, copyBufferSize)}
	tr := tar.NewReader(src)
	for entries := 0; ; entries++ {
		if err := ctx.Err(); err != nil {
			return x.res, fmt.Errorf("tarball: %w", err)
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if x.name == "" {
				return x.res, fmt.Errorf("tarball: reading the archive: %w", err)
			}
			return x.res, fmt.Errorf("tarball: after entry %q: %w", x.name, err)
		}
		x.name = shorten(hdr.Name)
		if entries >= lim.MaxEntries {
			return x.res, x.errorf("%w: MaxEntries (%d entries)", ErrLimit, lim.MaxEntries)
		}
		if err := x.entry(hdr, tr); err != nil {
			return x.res, err
		}
	}
	if x.top == "" {
		return x.res, fmt.Errorf("tarball: %w: no top folder", ErrNotRepoTarball)
	}
	// Read the rest of the gzip stream (git archive pads the tar with zero
	// blocks) so that gzip verifies its checksum; src still bounds the work.
	if _, err := io.Copy(io.Discard, src); err != nil {
		return x.res, fmt.Errorf("tarball: after the archive: %w", err)
	}
	return x.res, nil
}

// shorten cuts a name used in error messages to a readable length; names come
// from the archive and may be up to a megabyte long.
func shorten(name string) string {
	const max = 256
	if len(name) <= max {
		return name
	}
	return name[:max] + "..."
}
