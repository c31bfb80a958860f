// Package download fetches a repository's tree at a commit through the
// GitHub API: the tarball, capped as it is read, extracted by
// internal/tarball (no links, no path outside the folder, caps on size and
// entries) into a folder. check github.com/OWNER/REPO, the Action's pull
// request base and the App server all download through it.
package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/tarball"
)

// Defaults of Limits. The compressed size is what the network carries;
// tarball's limits cap what is extracted (1 GiB, 200,000 entries).
const (
	DefaultArchiveBytes = 512 << 20
	DefaultTimeout      = 5 * time.Minute
)

// Limits bound a download; a zero field means its default.
type Limits struct {
	ArchiveBytes int64          // compressed bytes read; DefaultArchiveBytes
	Extract      tarball.Limits // what is extracted; tarball's defaults, every file extracted whole
	Timeout      time.Duration  // the whole download; DefaultTimeout
}

// WithDefaults fills in the zero fields.
func (l Limits) WithDefaults() Limits {
	if l.ArchiveBytes <= 0 {
		l.ArchiveBytes = DefaultArchiveBytes
	}
	if l.Extract.MaxTotalBytes <= 0 {
		l.Extract.MaxTotalBytes = tarball.DefaultMaxTotalBytes
	}
	if l.Extract.MaxFileBytes <= 0 {
		// Every file is extracted, so that the evidence walk applies its own
		// caps as in a checkout: a file over its cap is there but unread (its
		// criteria unknown), never absent.
		l.Extract.MaxFileBytes = l.Extract.MaxTotalBytes
	}
	if l.Extract.MaxEntries <= 0 {
		l.Extract.MaxEntries = tarball.DefaultMaxEntries
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultTimeout
	}
	return l
}

// RequestError is GitHub's refusal of the tarball request (the repository
// or ref is not there, access denied, rate limit); Err is the API error.
type RequestError struct{ Err error }

func (e *RequestError) Error() string { return "download the tarball: " + github.Describe(e.Err) }
func (e *RequestError) Unwrap() error { return e.Err }

// TooLargeError is an archive over a cap: the compressed download, or what
// extraction would write.
type TooLargeError struct {
	Compressed bool
	Limits     Limits
	Err        error
}

func (e *TooLargeError) Error() string {
	if e.Compressed {
		return fmt.Sprintf("the archive is larger than %d bytes compressed, dpgcheck's cap for a download", e.Limits.ArchiveBytes)
	}
	return fmt.Sprintf("the archive is over dpgcheck's caps for a repository (%d bytes extracted, %d files and folders): %v",
		e.Limits.Extract.MaxTotalBytes, e.Limits.Extract.MaxEntries, e.Err)
}
func (e *TooLargeError) Unwrap() error { return e.Err }

// ErrTimeout is a download that did not finish within Limits.Timeout.
var ErrTimeout = errors.New("the download did not finish in time")

// Into extracts the tarball of repo at ref into dir, which exists. Errors
// are a *RequestError, a *TooLargeError, ErrTimeout (wrapped), the
// context's error when ctx ends, or an extraction error.
func Into(ctx context.Context, client *github.Client, repo github.Repo, ref, dir string, lim Limits) (tarball.Result, error) {
	lim = lim.WithDefaults()
	dctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	body, err := client.Tarball(dctx, repo, ref)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return tarball.Result{}, ctx.Err()
		case dctx.Err() != nil:
			return tarball.Result{}, fmt.Errorf("%w (%s)", ErrTimeout, lim.Timeout)
		}
		return tarball.Result{}, &RequestError{Err: err}
	}
	defer body.Close()
	capped := &cappedReader{r: body, left: lim.ArchiveBytes}
	res, err := tarball.Extract(dctx, capped, dir, lim.Extract)
	switch {
	case err == nil:
		return res, nil
	case capped.over:
		return res, &TooLargeError{Compressed: true, Limits: lim, Err: err}
	case errors.Is(err, tarball.ErrLimit):
		return res, &TooLargeError{Limits: lim, Err: err}
	case ctx.Err() != nil:
		return res, ctx.Err()
	case dctx.Err() != nil:
		return res, fmt.Errorf("%w (%s)", ErrTimeout, lim.Timeout)
	}
	return res, fmt.Errorf("extract the tarball: %w", err)
}

// Tree is a commit's tree extracted into a temporary folder.
type Tree struct {
	Dir    string
	Commit string // the commit the archive's pax header names ("" when it names none)
	Result tarball.Result
}

// Remove deletes the folder.
func (t *Tree) Remove() {
	if t != nil && t.Dir != "" {
		os.RemoveAll(t.Dir)
	}
}

// Temp extracts the tarball of repo at ref into a new folder under
// tempRoot ("" for the system's), named with prefix; the folder is removed
// when Temp fails, and by Remove otherwise.
func Temp(ctx context.Context, client *github.Client, repo github.Repo, ref, tempRoot, prefix string, lim Limits) (*Tree, error) {
	dir, err := os.MkdirTemp(tempRoot, prefix)
	if err != nil {
		return nil, fmt.Errorf("make a temporary folder: %w", err)
	}
	t := &Tree{Dir: dir}
	res, err := Into(ctx, client, repo, ref, dir, lim)
	if err != nil {
		t.Remove()
		return nil, err
	}
	t.Commit, t.Result = res.Commit, res
	return t, nil
}

// cappedReader passes on at most left bytes and fails after, so a download
// over the cap is an error, not a quietly truncated archive.
type cappedReader struct {
	r    io.Reader
	left int64
	over bool
}

var errArchiveTooLarge = errors.New("the archive is over the download cap")

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Exactly at the cap: fine if the stream ends here.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n == 0 {
			return 0, err
		}
		c.over = true
		return 0, errArchiveTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
