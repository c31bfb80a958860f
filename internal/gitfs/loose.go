package gitfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// This file reads loose objects: objects/xx/yyyy... files holding the zlib
// stream of "<type> <decimal size>\x00<content>".

// maxLooseHeader bounds the header of a loose object: "commit", a space, 19
// digits and the NUL fit.
const maxLooseHeader = 32

// readLoose reads the loose object file name. A missing file is an error that
// wraps os.ErrNotExist. The caller verifies the content against the name.
func readLoose(name string) (objectType, []byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, nil, err
	}
	return decodeLoose(f, st.Size())
}

// decodeLoose inflates a loose object from src, which has avail bytes, and
// returns its type and content. It checks the header, the size limit of the type, that the content
// has exactly the declared size and that the zlib stream is intact.
func decodeLoose(src io.Reader, avail int64) (objectType, []byte, error) {
	z, err := newInflater(src)
	if err != nil {
		return 0, nil, fmt.Errorf("loose object: %w", err)
	}
	defer z.release()
	t, size, rest, err := looseHeader(z)
	if err != nil {
		return 0, nil, err
	}
	if size > sizeLimit(t) {
		return 0, nil, fmt.Errorf("loose %s of %d bytes exceeds the limit of %d bytes", t, size, sizeLimit(t))
	}
	data, err := readExactly(io.MultiReader(bytes.NewReader(rest), z), size, avail)
	if err != nil {
		return 0, nil, fmt.Errorf("loose %s: %w", t, err)
	}
	return t, data, nil
}

// looseSize returns the declared size of the loose object file name, reading
// only its header. The size may exceed the read limit of its type.
func looseSize(name string) (int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return decodeLooseSize(f)
}

// decodeLooseSize returns the declared size of the loose object in src.
func decodeLooseSize(src io.Reader) (int64, error) {
	z, err := newInflater(src)
	if err != nil {
		return 0, fmt.Errorf("loose object: %w", err)
	}
	defer z.release()
	_, size, _, err := looseHeader(z)
	return size, err
}

// looseHeader reads and checks the header of an inflated loose object. It
// returns the content bytes that were read with the header.
func looseHeader(z io.Reader) (t objectType, size int64, rest []byte, err error) {
	buf := make([]byte, maxLooseHeader)
	n, err := io.ReadFull(z, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		if err == io.EOF {
			err = errors.New("empty")
		}
		return 0, 0, nil, fmt.Errorf("loose object header: %w", err)
	}
	buf = buf[:n]
	nul := bytes.IndexByte(buf, 0)
	if nul < 0 {
		return 0, 0, nil, errors.New("loose object header: no NUL in the first 32 bytes")
	}
	name, num, ok := bytes.Cut(buf[:nul], []byte{' '})
	if !ok {
		return 0, 0, nil, fmt.Errorf("loose object header %s: no size", strconv.QuoteToASCII(string(buf[:nul])))
	}
	t, ok = parseObjectType(name)
	if !ok {
		return 0, 0, nil, fmt.Errorf("loose object: unknown type %s", strconv.QuoteToASCII(string(name)))
	}
	size, err = parseDecimalSize(num)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("loose %s: %w", t, err)
	}
	return t, size, buf[nul+1:], nil
}

// parseDecimalSize parses the size of a loose object header: decimal digits
// only, at most 18 of them (no sign, no spaces, no overflow).
func parseDecimalSize(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 18 {
		return 0, fmt.Errorf("bad size %s in the header", strconv.QuoteToASCII(string(b)))
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad size %s in the header", strconv.QuoteToASCII(string(b)))
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}
