package gitfs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// This file reads packed-refs: a "# pack-refs with: ..." header, then lines
// "<hex> <ref name>", each annotated tag followed by "^<hex>" (its peeled
// object). The file is untrusted: it is read line by line, a line longer
// than maxRefLine is an error naming the file and the line, and a file that
// is not regular (a FIFO would block the read forever) is refused.

// errLineTooLong is wrapped by the error for an over-long line.
var errLineTooLong = fmt.Errorf("longer than %d bytes", maxRefLine)

// packedRef looks name up in the packed-refs file of the repository; ok is
// false when the file does not exist or does not list name.
func (r *Repo) packedRef(name string) (h Hash, ok bool, err error) {
	file := filepath.Join(r.commonDir, "packed-refs")
	f, err := openRegular(file)
	if errors.Is(err, fs.ErrNotExist) {
		return Hash{}, false, nil
	}
	if err != nil {
		return Hash{}, false, err
	}
	defer f.Close()
	h, ok, err = lookupPackedRef(f, name)
	if err != nil {
		return Hash{}, false, fmt.Errorf("%s: %w", file, err)
	}
	return h, ok, nil
}

// lookupPackedRef finds the line of the ref name in packed-refs content and
// returns its object name. Errors say which line was wrong.
func lookupPackedRef(rd io.Reader, name string) (Hash, bool, error) {
	br := bufio.NewReaderSize(rd, 16<<10)
	for n := 1; ; n++ {
		line, err := readBoundedLine(br, maxRefLine)
		if errors.Is(err, errLineTooLong) {
			return Hash{}, false, fmt.Errorf("line %d: %w; packed-refs holds one ref per line, so the file is damaged", n, err)
		}
		if err != nil && err != io.EOF {
			return Hash{}, false, fmt.Errorf("line %d: %w", n, err)
		}
		if err == io.EOF && len(line) == 0 {
			return Hash{}, false, nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) > 0 && line[0] != '#' && line[0] != '^' { // not the header or a peeled line
			hex, refName, found := bytes.Cut(line, []byte{' '})
			if found && string(refName) == name {
				h, perr := parseHashBytes(hex)
				if perr != nil {
					return Hash{}, false, fmt.Errorf("line %d: entry for %s: %w", n, name, perr)
				}
				return h, true, nil
			}
		}
		if err == io.EOF {
			return Hash{}, false, nil
		}
	}
}

// readBoundedLine returns the next line of br without its "\n". A line of
// more than limit bytes is errLineTooLong, found after reading less than
// limit plus br's buffer size of it. At the end of the input it returns the
// last unterminated line (maybe empty) with io.EOF.
func readBoundedLine(br *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if err == nil {
			line = line[:len(line)-1]
		}
		if len(line) > limit {
			return nil, errLineTooLong
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// openRegular opens name for reading if it is a regular file (following
// symbolic links). Anything else is refused before it is opened: opening a
// FIFO for reading blocks until a writer appears. The opened file is checked
// again, so a file replaced in between is refused too.
func openRegular(name string) (*os.File, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", name, st.Mode().Type())
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s: not a regular file (%s)", name, st.Mode().Type())
		}
		return nil, err
	}
	return f, nil
}
