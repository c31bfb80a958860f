package tarball

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzLimits are small so that every input is quick to extract.
var fuzzLimits = Limits{MaxFileBytes: 2 << 10, MaxTotalBytes: 32 << 10, MaxEntries: 50}

// Traps laid in the target before each fuzz extraction. The hidden names hold
// a backslash, so no archive entry can name them (cleanName skips such
// names): anything that appears below them came through a symbolic link.
const (
	hiddenDir  = `hidden\dir`
	hiddenFile = `hidden\file`
)

// fuzzLinks are the symbolic links already in the target, name -> target
// (relative to the target, or "OUTSIDE" for the absolute outside folder).
var fuzzLinks = map[string]string{
	"up":    "../outside",
	"abs":   "OUTSIDE",
	"in":    hiddenDir,
	"flink": hiddenFile,
	"self":  ".",
}

// fuzzSeeds returns gzip-compressed tarballs built with the tar and gzip
// writers, to be extracted as they are.
func fuzzSeeds(t testing.TB) [][]byte {
	many := []entry{dir(top + "/")}
	for i := range 60 {
		many = append(many, file(top+"/"+strings.Repeat("m", i+1), "x"))
	}
	good := archive(t, commit,
		dir(top+"/"),
		file(top+"/README.md", "# Project\n\n## Install\n\nrun it\n"),
		dir(top+"/cmd/"),
		entry{name: top + "/cmd/run.sh", body: "#!/bin/sh\n", mode: 0o755},
		file(top+"/docs/guide.md", "guide"),
		file(top+"/big", strings.Repeat("b", 3<<10)),
	)
	seeds := [][]byte{
		good,
		archive(t, commit, dir(top+"/"), file(top+"/../escape", "x"), file("../escape", "x"), file(top+"/a/../../escape", "x"), file(top+"/ok", "ok")),
		archive(t, "", dir(top+"/"), file("/tmp/escape", "x"), file(top+"//tmp/escape", "x"), file(top+`/..\x`, "x")),
		archive(t, "", dir(top+"/"),
			entry{name: top + "/link", typ: tar.TypeSymlink, link: "../../outside"},
			file(top+"/link/evil", "x"),
			entry{name: top + "/abs", typ: tar.TypeSymlink, link: "/tmp"},
			file(top+"/abs", "plain"),
		),
		archive(t, "", dir(top+"/"), file(top+"/a", "a"),
			entry{name: top + "/h", typ: tar.TypeLink, link: top + "/a"},
			entry{name: top + "/passwd", typ: tar.TypeLink, link: "/etc/passwd"},
		),
		archive(t, "", dir(top+"/"),
			file(top+"/a", "first"), file(top+"/a", "second"),
			dir(top+"/d/"), file(top+"/d", "file over folder"),
			file(top+"/f", "f"), dir(top+"/f/"), file(top+"/f/below", "below a file"),
		),
		archive(t, "", file("one/a", "a"), file("two/b", "b")),
		archive(t, "", file("README", "a")),
		// Through the links already in the target.
		archive(t, "", dir(top+"/"),
			file(top+"/up/x", "x"), file(top+"/abs/x", "x"), file(top+"/in/x", "x"),
			dir(top+"/in/d/"), file(top+"/flink", "x"), dir(top+"/self/"), file(top+"/self/in/y", "y"),
		),
		archive(t, "", many...),
		good[:len(good)/2],                 // truncated gzip
		good[:len(good)-4],                 // truncated trailer
		append(bytes.Clone(good), good...), // two gzip members
	}
	for _, tt := range extractCases(t) {
		seeds = append(seeds, tt.in)
	}
	return seeds
}

// FuzzExtract extracts arbitrary input into a fresh folder laid with traps,
// and checks that nothing escaped it, went through a link or over a limit,
// and that the Result matches what was written. Each run touches the file
// system, so it is slow; run it with TMPDIR on a tmpfs and a short
// -fuzzminimizetime, as in
//
//	TMPDIR=/dev/shm go test -run=- -fuzz=FuzzExtract -fuzztime=60s -fuzzminimizetime=2s ./internal/tarball
func FuzzExtract(f *testing.F) {
	for _, in := range fuzzSeeds(f) {
		f.Add(in, false)
	}
	// Plain tars, which the target compresses: mutations then exercise the
	// tar layer instead of breaking the deflate stream.
	f.Add(tarOf(f, commit, dir(top+"/"), file(top+"/a", "a"), entry{name: top + "/l", typ: tar.TypeSymlink, link: "/"}), true)
	f.Add(tarOf(f, "", dir(top+"/"), file(top+"/in/x", "x"), file(top+"/up/x", "x"), file(top+"/a", "1"), file(top+"/a/b", "2")), true)
	f.Add(tarOf(f, "", dir(top+"/"), entry{name: top + "/huge", typ: tar.TypeReg, size: 1 << 40}), true)
	f.Add(sparseArchive(f, 1500, 3000, 2000), true)
	f.Add(sparseArchive(f, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000), true)
	f.Add(gz(f, sparseArchive(f, 1<<40)), false)
	f.Add([]byte{}, false)
	f.Add([]byte{}, true)
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"), false)
	f.Add([]byte("not a tarball at all"), false)
	f.Add(bytes.Repeat([]byte{0}, 1024), true)

	f.Fuzz(func(t *testing.T, in []byte, compress bool) {
		if compress {
			var buf bytes.Buffer
			zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			if err == nil {
				_, err = zw.Write(in)
			}
			if err == nil {
				err = zw.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
			in = buf.Bytes()
		}
		parent, err := os.MkdirTemp("", "tarball-fuzz-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(parent)
		target, outside := layTraps(t, parent)

		res, err := Extract(context.Background(), bytes.NewReader(in), target, fuzzLimits)

		checkTraps(t, parent, target, outside)
		if res.Files < 0 || res.Bytes < 0 {
			t.Errorf("Result %+v has negative counts", res)
		}
		for reason, n := range res.Skipped {
			if n <= 0 {
				t.Errorf("Skipped[%q] = %d, want > 0", reason, n)
			}
		}
		if res.Commit != "" && !isObjectID(res.Commit) {
			t.Errorf("Commit = %q, not an object id", res.Commit)
		}
		if res.Bytes > fuzzLimits.MaxTotalBytes {
			t.Errorf("Result says %d bytes written, over the limit %d", res.Bytes, fuzzLimits.MaxTotalBytes)
		}
		files, size := 0, int64(0)
		err = filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(target, p)
			if _, ok := fuzzLinks[rel]; ok || rel == hiddenFile || rel == hiddenDir {
				return nil // checked by checkTraps
			}
			switch d.Type() {
			case fs.ModeDir:
			case 0:
				fi, err := d.Info()
				if err != nil {
					return err
				}
				if fi.Size() > fuzzLimits.MaxFileBytes {
					t.Errorf("%s: %d bytes, over MaxFileBytes", rel, fi.Size())
				}
				if fi.Mode().Perm()&^0o755 != 0 {
					t.Errorf("%s: mode %v, want 0644 or 0755", rel, fi.Mode())
				}
				files++
				size += fi.Size()
			default:
				t.Errorf("%s has type %v; want only folders and regular files", rel, d.Type())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if size > fuzzLimits.MaxTotalBytes {
			t.Errorf("%d bytes written, over the limit %d", size, fuzzLimits.MaxTotalBytes)
		}
		if files != res.Files || size != res.Bytes {
			t.Errorf("target holds %d files of %d bytes; Result says %d files of %d bytes (error %v)", files, size, res.Files, res.Bytes, err)
		}
	})
}

// layTraps makes parent/target and parent/outside, and in the target the
// hidden folder and file and the symbolic links of fuzzLinks.
func layTraps(t testing.TB, parent string) (target, outside string) {
	t.Helper()
	target = filepath.Join(parent, "target")
	outside = filepath.Join(parent, "outside")
	for _, d := range []string{target, outside, filepath.Join(target, hiddenDir)} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(target, hiddenFile), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, to := range fuzzLinks {
		if to == "OUTSIDE" {
			to = outside
		}
		if err := os.Symlink(to, filepath.Join(target, name)); err != nil {
			t.Fatal(err)
		}
	}
	return target, outside
}

// checkTraps checks that nothing was written outside the target nor through
// the links laid in it, and that the links are untouched.
func checkTraps(t testing.TB, parent, target, outside string) {
	t.Helper()
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if got := names(parent); len(got) != 2 || got[0] != "outside" || got[1] != "target" {
		t.Errorf("parent holds %q, want only outside and target", got)
	}
	if got := names(outside); len(got) != 0 {
		t.Errorf("outside holds %q, want nothing", got)
	}
	if got := names(filepath.Join(target, hiddenDir)); len(got) != 0 {
		t.Errorf("%s holds %q: written through a symbolic link", hiddenDir, got)
	}
	if b, err := os.ReadFile(filepath.Join(target, hiddenFile)); err != nil || string(b) != "keep" {
		t.Errorf("%s = %q, %v; want it untouched", hiddenFile, b, err)
	}
	for name, want := range fuzzLinks {
		if want == "OUTSIDE" {
			want = outside
		}
		if got, err := os.Readlink(filepath.Join(target, name)); err != nil || got != want {
			t.Errorf("link %s -> %q, %v; want -> %q", name, got, err, want)
		}
	}
}
