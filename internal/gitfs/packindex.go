package gitfs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// packIndex is a parsed version 2 pack index (.idx): the sorted object names
// of one pack and their offsets in it.
//
//	magic "\377tOc", version 2
//	fan-out: 256 big-endian uint32, entry i = objects whose first byte <= i
//	names:   n * 20 bytes, sorted
//	CRC-32:  n * 4 bytes (not used)
//	offsets: n * 4 bytes; with the top bit set, an index into large offsets
//	large:   m * 8 bytes
//	trailer: pack checksum, index checksum (20 bytes each)
type packIndex struct {
	fanout   [256]uint32
	count    int
	names    []byte // count*20
	offsets  []byte // count*4
	large    []byte // m*8
	packHash Hash   // the SHA-1 trailer of the pack this index describes
}

var idxMagic = []byte{0xff, 't', 'O', 'c'}

const (
	idxHeaderLen = 8
	idxFanoutLen = 256 * 4
	idxTrailer   = 2 * len(Hash{})
)

// parseIndex checks and parses the bytes of a version 2 .idx file. It checks
// the structure (sizes, a monotonic fan-out that agrees with the names, names
// strictly sorted, large-offset references in range) but not the trailing
// checksum.
func parseIndex(data []byte) (*packIndex, error) {
	if len(data) < idxHeaderLen+idxFanoutLen+idxTrailer {
		return nil, fmt.Errorf("index of %d bytes is truncated", len(data))
	}
	if !bytes.Equal(data[:4], idxMagic) {
		return nil, errors.New("not a version 2 pack index (version 1 indexes are not supported)")
	}
	if v := binary.BigEndian.Uint32(data[4:8]); v != 2 {
		return nil, fmt.Errorf("pack index version %d is not supported", v)
	}
	x := &packIndex{}
	prev := uint32(0)
	for i := range x.fanout {
		v := binary.BigEndian.Uint32(data[idxHeaderLen+4*i:])
		if v < prev {
			return nil, fmt.Errorf("pack index fan-out decreases at entry %d", i)
		}
		x.fanout[i], prev = v, v
	}
	n := uint64(x.fanout[255])
	fixed := uint64(idxHeaderLen+idxFanoutLen+idxTrailer) + n*(20+4+4)
	if fixed > uint64(len(data)) {
		return nil, fmt.Errorf("pack index claims %d objects but has only %d bytes", n, len(data))
	}
	rest := uint64(len(data)) - fixed
	if rest%8 != 0 {
		return nil, fmt.Errorf("pack index has %d stray bytes", rest%8)
	}
	x.count = int(n)
	p := idxHeaderLen + idxFanoutLen
	x.names = data[p : p+20*x.count]
	p += 20 * x.count
	p += 4 * x.count // CRC-32s
	x.offsets = data[p : p+4*x.count]
	p += 4 * x.count
	x.large = data[p : p+int(rest)]
	p += int(rest)
	copy(x.packHash[:], data[p:p+20])

	// The names must be strictly increasing and agree with the fan-out,
	// or lookups would silently miss objects.
	for i := 0; i < x.count; i++ {
		name := x.names[20*i : 20*i+20]
		if i > 0 && bytes.Compare(x.names[20*(i-1):20*i], name) >= 0 {
			return nil, fmt.Errorf("pack index names are not sorted at entry %d", i)
		}
		first := name[0]
		lo := uint32(0)
		if first > 0 {
			lo = x.fanout[first-1]
		}
		if uint32(i) < lo || uint32(i) >= x.fanout[first] {
			return nil, fmt.Errorf("pack index fan-out disagrees with entry %d", i)
		}
		off := binary.BigEndian.Uint32(x.offsets[4*i:])
		if off&0x80000000 != 0 {
			j := int(off & 0x7fffffff)
			if j >= len(x.large)/8 {
				return nil, fmt.Errorf("pack index entry %d refers to large offset %d of %d", i, j, len(x.large)/8)
			}
			if binary.BigEndian.Uint64(x.large[8*j:]) > math.MaxInt64 {
				return nil, fmt.Errorf("pack index entry %d has an offset out of range", i)
			}
		}
	}
	return x, nil
}

// find returns the pack offset of the object h.
func (x *packIndex) find(h Hash) (int64, bool) {
	lo := 0
	if h[0] > 0 {
		lo = int(x.fanout[h[0]-1])
	}
	hi := int(x.fanout[h[0]])
	i := lo + sort.Search(hi-lo, func(i int) bool {
		return bytes.Compare(x.names[20*(lo+i):20*(lo+i)+20], h[:]) >= 0
	})
	if i >= hi || !bytes.Equal(x.names[20*i:20*i+20], h[:]) {
		return 0, false
	}
	return x.offset(i), true
}

// offset returns the pack offset of entry i; parseIndex checked it.
func (x *packIndex) offset(i int) int64 {
	off := binary.BigEndian.Uint32(x.offsets[4*i:])
	if off&0x80000000 == 0 {
		return int64(off)
	}
	j := int(off & 0x7fffffff)
	return int64(binary.BigEndian.Uint64(x.large[8*j:]))
}

// name returns the object name of entry i.
func (x *packIndex) name(i int) Hash {
	var h Hash
	copy(h[:], x.names[20*i:])
	return h
}
