package gitfs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
)

// This file reads pack files: a 12-byte header ("PACK", version 2 or 3, object
// count), entries, and the pack's SHA-1 as a 20-byte trailer. An entry is a
// varint of its type and inflated size, for OFS_DELTA the distance back to
// its base, for REF_DELTA its base's name, then a zlib stream. Packs are read
// with ReadAt, never loaded whole.

const (
	packHeaderLen  = 12
	packTrailerLen = 20
	// maxEntryHeader bounds an entry header: a 10-byte type and size varint
	// and a 10-byte offset or a 20-byte name.
	maxEntryHeader = 32
)

// packFile is one pack and its index, both opened when first needed.
type packFile struct {
	idxPath, packPath string

	idxOnce sync.Once
	idx     *packIndex
	idxErr  error

	openOnce sync.Once
	mu       sync.Mutex // guards f and closed against close
	f        *os.File
	closed   bool
	ra       io.ReaderAt
	size     int64
	openErr  error
}

func newPackFile(idxPath, packPath string) *packFile {
	return &packFile{idxPath: idxPath, packPath: packPath}
}

// index loads the pack's index.
func (p *packFile) index() (*packIndex, error) {
	p.idxOnce.Do(func() {
		data, err := readIndexFile(p.idxPath)
		if err == nil {
			p.idx, err = parseIndex(data)
		}
		if err != nil {
			p.idxErr = fmt.Errorf("%s: %w", p.idxPath, err)
		}
	})
	return p.idx, p.idxErr
}

// readIndexFile reads an .idx file of at most maxIndexSize bytes.
func readIndexFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxIndexSize {
		return nil, fmt.Errorf("pack index of %d bytes exceeds the limit of %d bytes", st.Size(), int64(maxIndexSize))
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return data, nil
}

// find returns the offset of object h in the pack.
func (p *packFile) find(h Hash) (int64, bool, error) {
	x, err := p.index()
	if err != nil {
		return 0, false, err
	}
	off, ok := x.find(h)
	return off, ok, nil
}

// reader opens the pack file and returns it and its size.
func (p *packFile) reader() (io.ReaderAt, int64, error) {
	p.openOnce.Do(func() {
		x, err := p.index()
		if err != nil {
			p.openErr = err
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.closed {
			p.openErr = errClosed
			return
		}
		f, err := os.Open(p.packPath)
		if err != nil {
			p.openErr = err
			return
		}
		st, err := f.Stat()
		if err == nil {
			err = p.attach(x, f, st.Size())
		}
		if err != nil {
			f.Close()
			p.openErr = fmt.Errorf("%s: %w", p.packPath, err)
			return
		}
		p.f = f
	})
	return p.ra, p.size, p.openErr
}

// attach checks the header and trailer of the pack data ra of size bytes
// against its index x and makes it the pack's data.
func (p *packFile) attach(x *packIndex, ra io.ReaderAt, size int64) error {
	if size < packHeaderLen+packTrailerLen {
		return fmt.Errorf("pack of %d bytes is truncated", size)
	}
	var hdr [packHeaderLen]byte
	if _, err := ra.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("pack header: %w", err)
	}
	if !bytes.Equal(hdr[:4], []byte("PACK")) {
		return errors.New("not a pack file")
	}
	if v := binary.BigEndian.Uint32(hdr[4:8]); v != 2 && v != 3 {
		return fmt.Errorf("pack version %d is not supported", v)
	}
	if n := binary.BigEndian.Uint32(hdr[8:12]); int64(n) != int64(x.count) {
		return fmt.Errorf("pack has %d objects, its index %d", n, x.count)
	}
	var trailer Hash
	if _, err := ra.ReadAt(trailer[:], size-packTrailerLen); err != nil {
		return fmt.Errorf("pack trailer: %w", err)
	}
	if trailer != x.packHash {
		return errors.New("pack checksum differs from the one its index names: truncated or replaced")
	}
	p.ra, p.size = ra, size
	return nil
}

// close closes the pack file if it was opened; later reads fail.
func (p *packFile) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.f == nil {
		return nil
	}
	err := p.f.Close()
	p.f = nil
	return err
}

// packEntry is the decoded header of one pack entry.
type packEntry struct {
	t        objectType
	size     int64 // inflated size of the entry's data (for a delta: of the delta)
	dataOff  int64 // where the zlib stream starts
	baseOff  int64 // typeOfsDelta: the base's offset
	baseHash Hash  // typeRefDelta: the base's name
}

// entry decodes the header of the entry at off.
func (p *packFile) entry(off int64) (packEntry, error) {
	var e packEntry
	ra, size, err := p.reader()
	if err != nil {
		return e, err
	}
	end := size - packTrailerLen
	if off < packHeaderLen || off >= end {
		return e, fmt.Errorf("entry offset %d is outside the pack's %d bytes", off, size)
	}
	var buf [maxEntryHeader]byte
	b := buf[:min(int64(len(buf)), end-off)]
	if _, err := ra.ReadAt(b, off); err != nil {
		return e, fmt.Errorf("entry at offset %d: %w", off, err)
	}
	truncated := func() (packEntry, error) {
		return e, fmt.Errorf("entry at offset %d: header is truncated", off)
	}

	c := b[0]
	e.t = objectType(c >> 4 & 7)
	sz := uint64(c & 15)
	i, shift := 1, 4
	for c&0x80 != 0 {
		if i >= len(b) {
			return truncated()
		}
		if shift > 56 {
			return e, fmt.Errorf("entry at offset %d: size is too large", off)
		}
		c = b[i]
		i++
		sz |= uint64(c&0x7f) << shift
		shift += 7
	}
	if sz > math.MaxInt64 {
		return e, fmt.Errorf("entry at offset %d: size is too large", off)
	}
	e.size = int64(sz)

	switch e.t {
	case typeCommit, typeTree, typeBlob, typeTag:
	case typeOfsDelta:
		// Git's encoding: each continuation adds one before shifting, so
		// that every distance has exactly one encoding.
		if i >= len(b) {
			return truncated()
		}
		c = b[i]
		i++
		rel := uint64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) {
				return truncated()
			}
			if rel >= 1<<56 {
				return e, fmt.Errorf("entry at offset %d: base distance is too large", off)
			}
			c = b[i]
			i++
			rel = (rel+1)<<7 | uint64(c&0x7f)
		}
		if rel == 0 || rel > uint64(off-packHeaderLen) {
			return e, fmt.Errorf("entry at offset %d: base distance %d is outside the pack", off, rel)
		}
		e.baseOff = off - int64(rel)
	case typeRefDelta:
		if len(b)-i < len(Hash{}) {
			return truncated()
		}
		copy(e.baseHash[:], b[i:])
		i += len(Hash{})
	default:
		return e, fmt.Errorf("entry at offset %d: unknown type %d", off, e.t)
	}
	e.dataOff = off + int64(i)
	return e, nil
}

// inflate reads the size bytes of the zlib stream at dataOff.
func (p *packFile) inflate(dataOff, size int64) ([]byte, error) {
	z, err := p.stream(dataOff)
	if err != nil {
		return nil, err
	}
	defer z.release()
	data, err := readExactly(z, size, p.size-packTrailerLen-dataOff)
	if err != nil {
		return nil, fmt.Errorf("entry data at offset %d: %w", dataOff, err)
	}
	return data, nil
}

// stream returns a zlib reader of the stream at dataOff; call release.
func (p *packFile) stream(dataOff int64) (*inflater, error) {
	ra, size, err := p.reader()
	if err != nil {
		return nil, err
	}
	end := size - packTrailerLen
	if dataOff >= end {
		return nil, fmt.Errorf("entry data at offset %d: outside the pack", dataOff)
	}
	z, err := newInflater(io.NewSectionReader(ra, dataOff, end-dataOff))
	if err != nil {
		return nil, fmt.Errorf("entry data at offset %d: %w", dataOff, err)
	}
	return z, nil
}

// sizeAt returns the inflated size of the object at off: from its header, or
// for a delta from the first bytes of the delta.
func (p *packFile) sizeAt(off int64) (int64, error) {
	e, err := p.entry(off)
	if err != nil {
		return 0, err
	}
	if e.t.isBase() {
		return e.size, nil
	}
	z, err := p.stream(e.dataOff)
	if err != nil {
		return 0, err
	}
	defer z.release()
	var buf [20]byte
	b := buf[:min(e.size, int64(len(buf)))]
	if _, err := io.ReadFull(z, b); err != nil {
		return 0, fmt.Errorf("delta at offset %d: %w", off, shortData(err, e.size))
	}
	_, dst, _, err := deltaHeader(b)
	if err != nil {
		return 0, fmt.Errorf("delta at offset %d: %w", off, err)
	}
	return dst, nil
}

// readAt resolves the object at off: it follows the delta chain down to a
// base (or a cached intermediate result), then applies the deltas back up.
// A REF_DELTA base is looked for in this pack first, then read by name from
// r. Resolved bases are cached, and never returned: the result is a new
// slice.
func (p *packFile) readAt(r *Repo, off int64, ctx *readCtx) (objectType, []byte, error) {
	type link struct{ off, dataOff, size int64 }
	var (
		chain    []link
		seen     map[int64]bool // offsets on the chain, once a REF_DELTA can loop
		baseType objectType
		base     []byte
	)
	cur := off
	for {
		if v, ok := r.cache.get(cacheKey{pack: p, off: cur, kind: kindPackEntry}); ok {
			o := v.(*cachedObject)
			baseType, base = o.t, o.data
			if len(chain) == 0 {
				base = cloneBytes(base) // the object itself: the caller's to keep
			}
			break
		}
		e, err := p.entry(cur)
		if err != nil {
			return 0, nil, err
		}
		if e.t.isBase() {
			if e.size > sizeLimit(e.t) {
				return 0, nil, fmt.Errorf("entry at offset %d: %s of %d bytes exceeds the limit of %d bytes", cur, e.t, e.size, sizeLimit(e.t))
			}
			if err := ctx.addWork(e.size); err != nil {
				return 0, nil, err
			}
			if base, err = p.inflate(e.dataOff, e.size); err != nil {
				return 0, nil, err
			}
			baseType = e.t
			if len(chain) > 0 {
				r.cache.add(cacheKey{pack: p, off: cur, kind: kindPackEntry}, &cachedObject{baseType, base}, int64(len(base)))
			}
			break
		}
		if e.size > deltaSizeLimit(maxBlobSize) {
			return 0, nil, fmt.Errorf("entry at offset %d: delta of %d bytes is too large", cur, e.size)
		}
		if err := ctx.addLink(); err != nil {
			return 0, nil, err
		}
		chain = append(chain, link{cur, e.dataOff, e.size})
		next := e.baseOff
		if e.t == typeRefDelta {
			bo, ok := p.idx.find(e.baseHash)
			if !ok {
				// The base is in another pack or loose.
				t, data, err := r.readObjectCtx(e.baseHash, ctx)
				if err != nil {
					return 0, nil, fmt.Errorf("entry at offset %d: delta base: %w", cur, err)
				}
				baseType, base = t, data
				break
			}
			next = bo
			if seen == nil {
				seen = make(map[int64]bool, len(chain))
				for _, l := range chain {
					seen[l.off] = true
				}
			}
		}
		if seen != nil {
			if seen[next] {
				return 0, nil, fmt.Errorf("entry at offset %d: delta cycle through offset %d", cur, next)
			}
			seen[next] = true
		}
		cur = next
	}

	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		delta, err := p.inflate(l.dataOff, l.size)
		if err != nil {
			return 0, nil, err
		}
		out, err := applyDelta(base, delta, sizeLimit(baseType))
		if err != nil {
			return 0, nil, fmt.Errorf("delta at offset %d: %w", l.off, err)
		}
		if err := ctx.addWork(int64(len(out))); err != nil {
			return 0, nil, err
		}
		base = out
		if i > 0 {
			r.cache.add(cacheKey{pack: p, off: l.off, kind: kindPackEntry}, &cachedObject{baseType, base}, int64(len(base)))
		}
	}
	return baseType, base, nil
}
