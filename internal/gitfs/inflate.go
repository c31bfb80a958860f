package gitfs

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"io"
	"sync"
)

// This file pools zlib readers: a flate decompressor holds tens of kilobytes
// of tables and window, and a walk inflates every object it reads.

// inflater is a reusable zlib reader with its input buffer.
type inflater struct {
	br *bufio.Reader
	zr io.ReadCloser // also a zlib.Resetter
}

// emptyZlib is a complete zlib stream of no bytes, used to create readers
// before they are reset onto real input.
var emptyZlib = []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}

var inflaters = sync.Pool{New: func() any {
	zr, err := zlib.NewReader(bytes.NewReader(emptyZlib))
	if err != nil {
		panic("gitfs: cannot create a zlib reader: " + err.Error()) // a constant stream: unreachable
	}
	return &inflater{br: bufio.NewReaderSize(nil, 16<<10), zr: zr}
}}

// newInflater returns a zlib reader of src. It reads the zlib header, so a
// stream that is not zlib fails here. Call release when done.
func newInflater(src io.Reader) (*inflater, error) {
	z := inflaters.Get().(*inflater)
	z.br.Reset(src)
	if err := z.zr.(zlib.Resetter).Reset(z.br, nil); err != nil {
		z.release()
		return nil, err
	}
	return z, nil
}

// Read reads inflated bytes.
func (z *inflater) Read(p []byte) (int, error) { return z.zr.Read(p) }

// release returns z to the pool; z must not be used afterwards.
func (z *inflater) release() {
	z.br.Reset(nil)
	inflaters.Put(z)
}
