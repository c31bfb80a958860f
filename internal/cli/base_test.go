package cli

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// blobName is git's name of a blob holding content.
func blobName(content string) string {
	sum := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(content), content)))
	return hex.EncodeToString(sum[:])
}

func zlibOf(data []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(data)
	w.Close()
	return z.Bytes()
}

// writeLooseRaw replaces the loose object name with raw (the uncompressed
// "<type> <size>\x00<content>" bytes, which may lie).
func (g *gitWriter) writeLooseRaw(name string, raw []byte) {
	g.t.Helper()
	g.drop(name)
	p := filepath.Join(g.gitDir, "objects", name[:2], name[2:])
	if err := os.WriteFile(p, zlibOf(raw), 0o444); err != nil {
		g.t.Fatal(err)
	}
}

// writeLyingDeltaPack stores the object name in a pack as an OFS_DELTA on a
// small blob: its header declares want's length (so a stat reports the right
// size), but its instructions produce more bytes than that.
func (g *gitWriter) writeLyingDeltaPack(name, want string) {
	g.t.Helper()
	base := []byte("the base of a delta\n")
	baseName := blobName(string(base))
	delta := append(varint(nil, len(base)), varint(nil, len(want))...)
	for rest := want + "and then some more bytes than it declared"; rest != ""; {
		n := min(len(rest), 127)
		delta = append(append(delta, byte(n)), rest[:n]...)
		rest = rest[n:]
	}
	var pack bytes.Buffer
	pack.WriteString("PACK")
	binary.Write(&pack, binary.BigEndian, uint32(2))
	binary.Write(&pack, binary.BigEndian, uint32(2))
	offs := []int64{int64(pack.Len())}
	pack.Write(entryHeader(3, len(base))) // blob
	pack.Write(zlibOf(base))
	offs = append(offs, int64(pack.Len()))
	pack.Write(entryHeader(6, len(delta)))  // OFS_DELTA
	pack.WriteByte(byte(offs[1] - offs[0])) // distance to the base (< 128)
	pack.Write(zlibOf(delta))
	packSum := sha1.Sum(pack.Bytes())
	pack.Write(packSum[:])

	names := []string{baseName, name}
	if names[1] < names[0] {
		names[0], names[1], offs[0], offs[1] = names[1], names[0], offs[1], offs[0]
	}
	var idx bytes.Buffer
	idx.Write([]byte{0xff, 't', 'O', 'c'})
	binary.Write(&idx, binary.BigEndian, uint32(2))
	var fan [256]uint32
	for _, n := range names {
		first, _ := hex.DecodeString(n[:2])
		for i := int(first[0]); i < 256; i++ {
			fan[i]++
		}
	}
	binary.Write(&idx, binary.BigEndian, fan)
	for _, n := range names {
		raw, _ := hex.DecodeString(n)
		idx.Write(raw)
	}
	idx.Write(make([]byte, 4*len(names))) // CRC32s, which gitfs does not check
	for _, off := range offs {
		binary.Write(&idx, binary.BigEndian, uint32(off))
	}
	idx.Write(packSum[:])
	idxSum := sha1.Sum(idx.Bytes())
	idx.Write(idxSum[:])

	g.drop(name)
	stem := filepath.Join(g.gitDir, "objects", "pack", "pack-"+hex.EncodeToString(packSum[:]))
	if err := os.WriteFile(stem+".pack", pack.Bytes(), 0o444); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(stem+".idx", idx.Bytes(), 0o444); err != nil {
		g.t.Fatal(err)
	}
}

func entryHeader(typ, size int) []byte {
	out := []byte{byte(typ<<4 | size&15)}
	for size >>= 4; size > 0; size >>= 7 {
		out[len(out)-1] |= 0x80
		out = append(out, byte(size&0x7f))
	}
	return out
}

func varint(b []byte, v int) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// TestCheckBaseWithUnreadableObjects proves that a base whose LICENSE blob
// cannot be read from the local history (missing, its data running past its
// declared size, or a delta that lies about its size) is reported unknown
// with the reason, instead of being evaluated as if it had no licence and
// crediting the pull request with fixing dpg-2.
func TestCheckBaseWithUnreadableObjects(t *testing.T) {
	t.Parallel()
	licence := blobName(mitLicence)
	for name, tc := range map[string]struct {
		damage func(g *gitWriter)
		why    string // in the reason
	}{
		"dangling blob": {func(g *gitWriter) { g.drop(licence) }, "the local history lacks objects of the base"},
		"data past its declared size": {func(g *gitWriter) {
			g.writeLooseRaw(licence, []byte(fmt.Sprintf("blob %d\x00%s", len(mitLicence)-40, mitLicence)))
		}, "data continues past its declared size"},
		"delta that lies about its size": {func(g *gitWriter) { g.writeLyingDeltaPack(licence, mitLicence) }, "delta produces more than its declared"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, data := range healthy {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(data), 0o644)
			}
			g := newGitWriter(t, dir)
			g.branch("main", g.commit(healthy))
			tc.damage(g)

			var stdout, stderr bytes.Buffer
			code := Run(t.Context(), Env{Args: []string{"check", "--base", "main", "--format", "json", dir},
				Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr, Now: time.Now})
			var rep report.Report
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("exit %d, no JSON report: %v\n%s", code, err, stderr.String())
			}
			pr := rep.PullRequest
			if pr == nil || pr.Base.Status != report.BaseUnknown {
				t.Fatalf("base = %+v, want unknown", pr)
			}
			for _, want := range []string{"LICENSE", licence, tc.why} {
				if !strings.Contains(pr.Base.Reason, want) {
					t.Errorf("reason %q does not say %q", pr.Base.Reason, want)
				}
			}
			if len(pr.Fixed) > 0 || len(pr.Regressed) > 0 {
				t.Errorf("fixed %v, regressed %v: nothing can be compared with an unreadable base", pr.Fixed, pr.Regressed)
			}
			if f := finding(t, &rep, "dpg-2"); f.Change != "" || f.Base != nil {
				t.Errorf("dpg-2 change %q, base %+v; want none", f.Change, f.Base)
			}
		})
	}
}
