package license

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"hash/fnv"

	"github.com/google/licensecheck"
)

// prescreenTable is what lexing licensecheck's built-in patterns gives (the
// words and pairs of each pattern), made by `go test ./internal/license -run
// TestPrescreenTable -update` and checked by the same test. Reading it costs
// about a millisecond; lexing the 3.4 MB of patterns costs 35 ms per process.
// A table made of other patterns (a licensecheck upgrade without -update) is
// not used: prepare lexes instead, and the test fails until it is remade.
//
//go:embed prescreen_table.bin
var prescreenTable []byte

const tableMagic = "dpgcheck prescreen table 1\n"

// fingerprint identifies a list of patterns: each pattern's id, its length
// and its ends.
func fingerprint(ls []licensecheck.License) uint64 {
	h := fnv.New64a()
	var n [8]byte
	for _, l := range ls {
		h.Write([]byte(l.ID))
		binary.LittleEndian.PutUint64(n[:], uint64(len(l.LRE))<<32|uint64(len(l.URL)))
		h.Write(n[:])
		h.Write([]byte(l.LRE[:min(len(l.LRE), 64)]))
		h.Write([]byte(l.LRE[max(0, len(l.LRE)-64):]))
		h.Write([]byte(l.URL))
	}
	return h.Sum64()
}

// encodeTable writes d's dictionary and patterns, made of ls, as a table.
func (d *Detector) encodeTable(ls []licensecheck.License) []byte {
	out := []byte(tableMagic)
	out = binary.LittleEndian.AppendUint64(out, fingerprint(ls))
	words := make([]string, len(d.dict))
	for w, id := range d.dict {
		words[id] = w
	}
	out = binary.AppendUvarint(out, uint64(len(words)))
	for _, w := range words {
		out = binary.AppendUvarint(out, uint64(len(w)))
		out = append(out, w...)
	}
	out = binary.AppendUvarint(out, uint64(len(d.lres)))
	for _, p := range d.lres {
		out = binary.AppendUvarint(out, uint64(len(p.words)))
		for _, id := range p.words {
			out = binary.AppendUvarint(out, uint64(id))
		}
		out = binary.AppendUvarint(out, uint64(len(p.pairs)))
		for _, k := range p.pairs {
			out = binary.AppendUvarint(out, k>>32)
			out = binary.AppendUvarint(out, uint64(uint32(k)))
		}
	}
	return out
}

// load reads table into d when it was made of ls, and reports whether it
// did; a table that does not read back whole leaves d as it was.
func (d *Detector) load(ls []licensecheck.License, table []byte) bool {
	if len(table) < len(tableMagic)+8 || string(table[:len(tableMagic)]) != tableMagic {
		return false
	}
	r := tableReader{b: table[len(tableMagic)+8:]}
	if binary.LittleEndian.Uint64(table[len(tableMagic):]) != fingerprint(ls) {
		return false
	}
	nw := r.count(1 << 20)
	dict := make(map[string]int32, nw)
	for i := range nw {
		dict[string(r.bytes(r.count(1<<10)))] = int32(i)
	}
	var lres []pattern
	var urls []licensecheck.License
	np := r.count(1 << 16)
	for _, l := range ls {
		switch {
		case l.LRE != "":
			if len(lres) == np {
				return false
			}
			p := pattern{lic: l}
			for range r.count(1 << 16) {
				p.words = append(p.words, r.id(nw))
			}
			for range r.count(maxPairs) {
				a, b := r.id(nw), r.id(nw)
				p.pairs = append(p.pairs, pairKey(a, b))
			}
			lres = append(lres, p)
		case l.URL != "":
			urls = append(urls, l)
		}
	}
	if r.err != nil || len(r.b) != 0 || len(lres) != np || len(dict) != nw {
		return false
	}
	d.dict, d.lres, d.urls = dict, lres, urls
	return true
}

var errTable = errors.New("license: malformed prescreen table")

// tableReader reads a table, remembering the first error.
type tableReader struct {
	b   []byte
	err error
}

func (r *tableReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errTable
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count no greater than limit.
func (r *tableReader) count(limit int) int {
	v := r.uvarint()
	if v > uint64(limit) {
		r.err = errTable
		return 0
	}
	return int(v)
}

// id reads a word id below n.
func (r *tableReader) id(n int) int32 {
	v := r.uvarint()
	if v >= uint64(n) {
		r.err = errTable
		return 0
	}
	return int32(v)
}

func (r *tableReader) bytes(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = errTable
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}
