package gitfs

import (
	"errors"
	"fmt"
)

// This file applies git's delta format, which rebuilds an object from a base:
//
//	source size, target size      little-endian base-128 varints
//	instructions:
//	  1xxxxxxx [offset bytes] [size bytes]   copy from the base; bits 0-3
//	                                         say which offset bytes follow,
//	                                         bits 4-6 which size bytes; a
//	                                         size of 0 means 0x10000
//	  0nnnnnnn <n bytes>                     insert n literal bytes (n > 0)
//	  00000000                               reserved: an error

// deltaVarint decodes a size of a delta header from b. It returns the value
// and the number of bytes used.
func deltaVarint(b []byte) (int64, int, error) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return int64(v), i + 1, nil // 9*7 = 63 bits: never negative
		}
	}
	if len(b) < 9 {
		return 0, 0, errors.New("delta header is truncated")
	}
	return 0, 0, errors.New("delta header size is too large")
}

// deltaHeader returns the base size and result size a delta declares, and
// where its instructions start.
func deltaHeader(delta []byte) (src, dst int64, n int, err error) {
	src, n1, err := deltaVarint(delta)
	if err != nil {
		return 0, 0, 0, err
	}
	dst, n2, err := deltaVarint(delta[n1:])
	if err != nil {
		return 0, 0, 0, err
	}
	return src, dst, n1 + n2, nil
}

// deltaCopy decodes the offset and size of a copy instruction cmd whose
// argument bytes start at delta[i]. It returns the index after them.
func deltaCopy(cmd byte, delta []byte, i int) (off, size uint64, next int, err error) {
	for bit := 0; bit < 7; bit++ {
		if cmd&(1<<bit) == 0 {
			continue
		}
		if i >= len(delta) {
			return 0, 0, 0, errors.New("delta copy instruction is truncated")
		}
		if bit < 4 {
			off |= uint64(delta[i]) << (8 * bit)
		} else {
			size |= uint64(delta[i]) << (8 * (bit - 4))
		}
		i++
	}
	if size == 0 {
		size = 0x10000
	}
	return off, size, i, nil
}

// applyDelta rebuilds an object from base and delta. The result may be at most
// limit bytes. It rejects a base of the wrong size, copies outside the base,
// the reserved instruction 0, truncated instructions and a result whose size
// is not the declared one. The instructions are checked before the result is
// allocated, so a hostile delta cannot make it allocate more than it
// produces.
func applyDelta(base, delta []byte, limit int64) ([]byte, error) {
	src, dst, start, err := deltaHeader(delta)
	if err != nil {
		return nil, err
	}
	if src != int64(len(base)) {
		return nil, fmt.Errorf("delta expects a base of %d bytes, the base has %d", src, len(base))
	}
	if dst > limit {
		return nil, fmt.Errorf("delta result of %d bytes exceeds the limit of %d bytes", dst, limit)
	}

	// Pass 1: check every instruction and the total size.
	var total uint64
	for i := start; i < len(delta); {
		cmd := delta[i]
		i++
		switch {
		case cmd&0x80 != 0:
			off, size, next, err := deltaCopy(cmd, delta, i)
			if err != nil {
				return nil, err
			}
			if off+size > uint64(len(base)) {
				return nil, fmt.Errorf("delta copies bytes %d to %d of a base of %d bytes", off, off+size, len(base))
			}
			total += size
			i = next
		case cmd != 0:
			if len(delta)-i < int(cmd) {
				return nil, errors.New("delta insert instruction is truncated")
			}
			total += uint64(cmd)
			i += int(cmd)
		default:
			return nil, errors.New("delta has the reserved instruction 0")
		}
		if total > uint64(dst) {
			return nil, fmt.Errorf("delta produces more than its declared %d bytes", dst)
		}
	}
	if total != uint64(dst) {
		return nil, fmt.Errorf("delta produces %d bytes, not its declared %d", total, dst)
	}

	// Pass 2: build the result; every bound was checked above.
	out := make([]byte, 0, dst)
	for i := start; i < len(delta); {
		cmd := delta[i]
		i++
		if cmd&0x80 != 0 {
			off, size, next, _ := deltaCopy(cmd, delta, i)
			out = append(out, base[off:off+size]...)
			i = next
		} else {
			out = append(out, delta[i:i+int(cmd)]...)
			i += int(cmd)
		}
	}
	return out, nil
}
