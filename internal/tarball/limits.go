package tarball

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Default limits, used for a Limits field that is zero or negative.
const (
	DefaultMaxFileBytes  = 32 << 20 // 32 MiB
	DefaultMaxTotalBytes = 1 << 30  // 1 GiB
	DefaultMaxEntries    = 200_000
)

// ErrLimit is wrapped by errors reporting that an archive exceeds a limit.
var ErrLimit = errors.New("limit exceeded")

// Limits bounds what Extract reads and writes. A zero or negative field means
// its default.
type Limits struct {
	// MaxFileBytes is the largest file written; a larger file is skipped
	// (reason SkipTooLarge) and its content is discarded as it is read,
	// never held in memory.
	MaxFileBytes int64
	// MaxTotalBytes bounds the uncompressed archive: every byte gzip yields,
	// headers and skipped content included, and so also the bytes written.
	// This is what bounds a gzip bomb. Going over it stops Extract.
	MaxTotalBytes int64
	// MaxEntries bounds the number of tar entries, skipped ones included.
	// Going over it stops Extract.
	MaxEntries int
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	return l
}

// boundedReader passes on at most limit bytes of r and fails once ctx is done.
// It sits between gzip and tar, so it bounds decompression work even inside a
// single tar.Reader.Next call, which may read any number of metadata headers.
type boundedReader struct {
	ctx   context.Context
	r     io.Reader
	limit int64
	left  int64
}

func newBoundedReader(ctx context.Context, r io.Reader, limit int64) *boundedReader {
	return &boundedReader{ctx: ctx, r: r, limit: limit, left: limit}
}

func (b *boundedReader) Read(p []byte) (int, error) {
	select {
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	default:
	}
	if len(p) == 0 {
		return 0, nil
	}
	if b.left <= 0 {
		// Exactly at the limit: fine if the stream ends here.
		var one [1]byte
		if n, err := io.ReadFull(b.r, one[:]); n == 0 && err == io.EOF {
			return 0, io.EOF
		}
		return 0, b.overLimit()
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// fits reports whether n more bytes may still be read.
func (b *boundedReader) fits(n int64) bool { return n <= b.left }

func (b *boundedReader) overLimit() error {
	return fmt.Errorf("%w: MaxTotalBytes (%d bytes uncompressed)", ErrLimit, b.limit)
}
