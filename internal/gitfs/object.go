package gitfs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
)

// This file finds objects by name in the repository's stores (packs first,
// then loose files, the repository's own objects directory before its
// alternates) and verifies what it reads.

// objectType is the type of a git object, numbered as in pack files.
type objectType int8

const (
	typeCommit   objectType = 1
	typeTree     objectType = 2
	typeBlob     objectType = 3
	typeTag      objectType = 4
	typeOfsDelta objectType = 6 // pack entries only: a delta on an earlier entry
	typeRefDelta objectType = 7 // pack entries only: a delta on an object named by hash
)

// String returns the name git uses for the type in object headers.
func (t objectType) String() string {
	switch t {
	case typeCommit:
		return "commit"
	case typeTree:
		return "tree"
	case typeBlob:
		return "blob"
	case typeTag:
		return "tag"
	case typeOfsDelta:
		return "ofs-delta"
	case typeRefDelta:
		return "ref-delta"
	}
	return "type" + strconv.Itoa(int(t))
}

// isBase reports whether t is one of the four object types (not a delta).
func (t objectType) isBase() bool { return typeCommit <= t && t <= typeTag }

// parseObjectType parses a type name of a loose object header.
func parseObjectType(name []byte) (objectType, bool) {
	switch string(name) {
	case "commit":
		return typeCommit, true
	case "tree":
		return typeTree, true
	case "blob":
		return typeBlob, true
	case "tag":
		return typeTag, true
	}
	return 0, false
}

// readCtx is the state of one read by hash, shared by the reads of the delta
// bases it needs in other packs or loose files: it bounds the total delta
// depth and work and detects REF_DELTA cycles across stores.
type readCtx struct {
	depth    int    // delta links followed so far
	work     int64  // bytes produced so far
	visiting []Hash // objects whose reads are in progress, outermost first
}

// addWork counts n more bytes produced for the object being read.
func (c *readCtx) addWork(n int64) error {
	c.work += n
	if c.work > maxDeltaWork {
		return fmt.Errorf("resolving its deltas produces more than %d bytes", int64(maxDeltaWork))
	}
	return nil
}

// addLink counts one more delta link.
func (c *readCtx) addLink() error {
	c.depth++
	if c.depth > maxDeltaChain {
		return fmt.Errorf("delta chain deeper than %d", maxDeltaChain)
	}
	return nil
}

// readObject returns the type and content of object h, whose SHA-1 it has
// verified. The content is a new slice, which the caller may keep or modify.
func (r *Repo) readObject(h Hash) (objectType, []byte, error) {
	return r.readObjectCtx(h, &readCtx{})
}

// readTyped reads object h and checks that it has type want.
func (r *Repo) readTyped(h Hash, want objectType) ([]byte, error) {
	t, data, err := r.readObject(h)
	if err != nil {
		return nil, err
	}
	if t != want {
		return nil, objectError(h, fmt.Errorf("is a %s, not a %s", t, want))
	}
	return data, nil
}

// readObjectCtx reads object h as part of the read ctx. A copy that fails to
// read (a damaged pack or loose file) does not hide another copy of h; when
// all copies fail, the first error is returned, and when there is none, an
// error wrapping ErrNotInCheckout, unless a pack index could not be read (the
// object may be in that pack).
func (r *Repo) readObjectCtx(h Hash, ctx *readCtx) (objectType, []byte, error) {
	if r.closed.Load() {
		return 0, nil, errClosed
	}
	if slices.Contains(ctx.visiting, h) {
		return 0, nil, objectError(h, errors.New("delta cycle: the object is its own delta base"))
	}
	ctx.visiting = append(ctx.visiting, h)
	defer func() { ctx.visiting = ctx.visiting[:len(ctx.visiting)-1] }()

	var first error
	note := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, d := range r.stores {
		packs, err := d.packList()
		if err != nil {
			note(err)
		}
		for _, p := range packs {
			off, ok, err := p.find(h)
			if err != nil {
				note(err)
				continue
			}
			if !ok {
				continue
			}
			t, data, err := p.readAt(r, off, ctx)
			if err == nil {
				err = verify(h, t, data)
			}
			if err == nil {
				return t, data, nil
			}
			note(fmt.Errorf("%s: %w", p.packPath, err))
		}
		t, data, err := readLoose(d.loosePath(h))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil {
			err = verify(h, t, data)
		}
		if err == nil {
			return t, data, nil
		}
		note(fmt.Errorf("%s: %w", d.loosePath(h), err))
	}
	if first != nil {
		return 0, nil, objectError(h, first)
	}
	return 0, nil, notFound(h)
}

// verify checks that h is the name of an object of type t with content data.
func verify(h Hash, t objectType, data []byte) error {
	if got := hashObject(t, data); got != h {
		return fmt.Errorf("content does not match the object name: it hashes to %s", got)
	}
	return nil
}

// objectSize returns the inflated size of object h from its headers, without
// inflating the object (a delta's header is inflated, not the delta). The size
// is not verified: reading the object is.
func (r *Repo) objectSize(h Hash) (int64, error) {
	if r.closed.Load() {
		return 0, errClosed
	}
	var first error
	for _, d := range r.stores {
		packs, err := d.packList()
		if err != nil && first == nil {
			first = err
		}
		for _, p := range packs {
			off, ok, err := p.find(h)
			if err != nil {
				if first == nil {
					first = err
				}
				continue
			}
			if !ok {
				continue
			}
			n, err := p.sizeAt(off)
			if err == nil {
				return n, nil
			}
			if first == nil {
				first = fmt.Errorf("%s: %w", p.packPath, err)
			}
		}
		n, err := looseSize(d.loosePath(h))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil {
			return n, nil
		}
		if first == nil {
			first = fmt.Errorf("%s: %w", d.loosePath(h), err)
		}
	}
	if first != nil {
		return 0, objectError(h, first)
	}
	return 0, notFound(h)
}

// HasObject reports whether the checkout has object h: a loose file or an
// entry of a pack index. It does not read or verify the object.
func (r *Repo) HasObject(h Hash) bool {
	if r.closed.Load() {
		return false
	}
	for _, d := range r.stores {
		packs, _ := d.packList()
		for _, p := range packs {
			if _, ok, _ := p.find(h); ok {
				return true
			}
		}
		if st, err := os.Stat(d.loosePath(h)); err == nil && st.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// readExactly reads exactly size bytes from rd, then checks that rd has
// nothing more (for a zlib stream, reading to its end also checks its
// checksum). avail is how many compressed bytes the stream can have at most.
// Deflate inflates at most 1032 times, so a declared size that avail cannot
// produce is read into a buffer that grows with the data actually read: a
// huge declared size alone does not allocate.
func readExactly(rd io.Reader, size, avail int64) ([]byte, error) {
	const chunk = 1 << 20
	var buf []byte
	if size <= chunk || size/1032 <= avail {
		buf = make([]byte, size)
		if _, err := io.ReadFull(rd, buf); err != nil {
			return nil, shortData(err, size)
		}
	} else {
		buf = make([]byte, 0, chunk)
		for int64(len(buf)) < size {
			if len(buf) == cap(buf) {
				buf = slices.Grow(buf, int(min(size-int64(len(buf)), int64(len(buf)))))
			}
			want := min(int64(cap(buf)), size)
			n, err := io.ReadFull(rd, buf[len(buf):want])
			buf = buf[:len(buf)+n]
			if err != nil {
				return nil, shortData(err, size)
			}
		}
	}
	var one [1]byte
	switch n, err := io.ReadFull(rd, one[:]); {
	case n > 0:
		return nil, fmt.Errorf("data continues past its declared size of %d bytes", size)
	case err != io.EOF:
		return nil, fmt.Errorf("after %d bytes: %w", size, err)
	}
	return buf, nil
}

// shortData describes a stream that ended before its declared size.
func shortData(err error, size int64) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("data ends before its declared size of %d bytes", size)
	}
	return err
}

// cloneBytes returns a copy of data that the caller may modify.
func cloneBytes(data []byte) []byte { return append([]byte{}, data...) }
