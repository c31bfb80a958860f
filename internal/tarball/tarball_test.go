package tarball

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	top    = "owner-repo-abc1234"
	commit = "abc1234def5678abc1234def5678abc1234def56"
)

// entry is one tar entry for the test archives.
type entry struct {
	name string
	typ  byte // tar.Type*; 0 means a regular file
	body string
	link string
	mode int64
	size int64 // declared size with no content: the archive is cut after the header
}

func file(name, body string) entry { return entry{name: name, typ: tar.TypeReg, body: body} }
func dir(name string) entry        { return entry{name: name, typ: tar.TypeDir} }

// tarOf builds an uncompressed tar, starting with a pax global header holding
// comment when comment is not empty.
func tarOf(t testing.TB, comment string, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if comment != "" {
		hdr := &tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": comment}}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: e.mode, Size: int64(len(e.body)), Format: tar.FormatPAX}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Mode == 0 {
			hdr.Mode = 0o644
		}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		if e.size > 0 {
			hdr.Size = e.size
			if err := tw.WriteHeader(hdr); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes() // the content never follows
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// archive builds a gzip-compressed tar.
func archive(t testing.TB, comment string, entries ...entry) []byte {
	return gz(t, tarOf(t, comment, entries...))
}

type extractCase struct {
	name    string
	in      []byte
	lim     Limits
	want    map[string]string // extracted tree: file -> content, folder "x/" -> ""
	skipped map[string]int
	commit  string
	err     error  // errors.Is target
	errText string // substring of the error
}

func extractCases(t testing.TB) []extractCase {
	good := archive(t, commit,
		dir(top+"/"),
		file(top+"/README.md", "hello"),
		dir(top+"/cmd/"),
		entry{name: top + "/cmd/run.sh", body: "#!/bin/sh\n", mode: 0o755},
		file(top+"/docs/guide.md", "guide"), // no folder entry first
	)
	zeros := strings.Repeat("\x00", 4<<20)
	exact := tarOf(t, commit, dir(top+"/"), file(top+"/a", "a"))
	var empties []entry
	for i := range 20 {
		empties = append(empties, file(top+"/"+strings.Repeat("e", i+1), ""))
	}
	return []extractCase{
		{
			name:   "github tarball",
			in:     good,
			want:   map[string]string{"README.md": "hello", "cmd/": "", "cmd/run.sh": "#!/bin/sh\n", "docs/": "", "docs/guide.md": "guide"},
			commit: commit,
		},
		{
			name: "no global header",
			in:   archive(t, "", dir(top+"/"), file(top+"/a", "a")),
			want: map[string]string{"a": "a"},
		},
		{
			name: "comment is not a commit id",
			in:   archive(t, "hello world", file(top+"/a", "a")),
			want: map[string]string{"a": "a"},
		},
		{
			name:    "dot dot",
			in:      archive(t, "", dir(top+"/"), file(top+"/../escape", "x"), file("../escape", "x"), file(top+"/a/../../escape", "x"), file(top+"/ok", "ok")),
			want:    map[string]string{"ok": "ok"},
			skipped: map[string]int{SkipUnsafePath: 3},
		},
		{
			name:    "absolute path",
			in:      archive(t, "", dir(top+"/"), file("/tmp/escape", "x"), file(top+"//tmp/escape", "x"), file(top+"/ok", "ok")),
			want:    map[string]string{"ok": "ok"},
			skipped: map[string]int{SkipUnsafePath: 2},
		},
		{
			name:    "backslash and dot elements",
			in:      archive(t, "", dir(top+"/"), file(top+`/..\escape`, "x"), file(top+"/./a", "x"), file(top+"/ok", "ok")),
			want:    map[string]string{"ok": "ok"},
			skipped: map[string]int{SkipUnsafePath: 2},
		},
		{
			name: "symlink then file through it",
			in: archive(t, "", dir(top+"/"),
				entry{name: top + "/link", typ: tar.TypeSymlink, link: "../../outside"},
				file(top+"/link/evil", "x"),
				entry{name: top + "/abs", typ: tar.TypeSymlink, link: "/tmp"},
				file(top+"/abs", "plain"),
			),
			// The links were never made: the later entries are plain files.
			want:    map[string]string{"link/": "", "link/evil": "x", "abs": "plain"},
			skipped: map[string]int{SkipSymlink: 2},
		},
		{
			name: "hardlink",
			in: archive(t, "", dir(top+"/"), file(top+"/a", "a"),
				entry{name: top + "/h", typ: tar.TypeLink, link: top + "/a"},
				entry{name: top + "/passwd", typ: tar.TypeLink, link: "/etc/passwd"},
			),
			want:    map[string]string{"a": "a"},
			skipped: map[string]int{SkipHardlink: 2},
		},
		{
			name: "devices and fifos",
			in: archive(t, "", dir(top+"/"),
				entry{name: top + "/null", typ: tar.TypeChar},
				entry{name: top + "/sda", typ: tar.TypeBlock},
				entry{name: top + "/pipe", typ: tar.TypeFifo},
				entry{name: top + "/cont", typ: tar.TypeCont},
			),
			want:    map[string]string{},
			skipped: map[string]int{SkipDevice: 2, SkipFIFO: 1, SkipOtherType: 1},
		},
		{
			name: "duplicate names",
			in: archive(t, "", dir(top+"/"),
				file(top+"/a", "first"), file(top+"/a", "second"),
				dir(top+"/d/"), file(top+"/d", "file over folder"),
				file(top+"/f", "f"), dir(top+"/f/"), file(top+"/f/below", "below a file"),
			),
			want:    map[string]string{"a": "first", "d/": "", "f": "f"},
			skipped: map[string]int{SkipDuplicate: 4},
		},
		{
			name:    "long names",
			in:      archive(t, "", dir(top+"/"), file(top+"/"+strings.Repeat("x", 256), "x"), file(top+strings.Repeat("/d", 300), "x"), file(top+"/ok", "ok")),
			want:    map[string]string{"ok": "ok"},
			skipped: map[string]int{SkipLongPath: 2},
		},
		{
			name:    "file too large",
			in:      archive(t, "", dir(top+"/"), file(top+"/big", "12345678901"), file(top+"/small", "1234567890")),
			lim:     Limits{MaxFileBytes: 10},
			want:    map[string]string{"small": "1234567890"},
			skipped: map[string]int{SkipTooLarge: 1},
		},
		{
			name:    "too many entries",
			in:      archive(t, commit, dir(top+"/"), file(top+"/a", "a"), file(top+"/b", "b"), file(top+"/c", "c")),
			lim:     Limits{MaxEntries: 3}, // the global header counts
			err:     ErrLimit,
			errText: `tarball: entry "owner-repo-abc1234/b": limit exceeded: MaxEntries (3 entries)`,
		},
		{
			name:    "too many bytes",
			in:      archive(t, "", dir(top+"/"), file(top+"/a", strings.Repeat("a", 3000)), file(top+"/b", strings.Repeat("b", 3000))),
			lim:     Limits{MaxTotalBytes: 5000},
			err:     ErrLimit,
			errText: `tarball: entry "owner-repo-abc1234/b": limit exceeded: MaxTotalBytes (5000 bytes uncompressed)`,
		},
		{
			name:   "exactly at the byte limit",
			in:     gz(t, exact),
			lim:    Limits{MaxTotalBytes: int64(len(exact))},
			want:   map[string]string{"a": "a"},
			commit: commit,
		},
		{
			name:    "one byte over the byte limit",
			in:      gz(t, exact),
			lim:     Limits{MaxTotalBytes: int64(len(exact)) - 1},
			err:     ErrLimit,
			errText: `tarball: after entry "owner-repo-abc1234/a": limit exceeded: MaxTotalBytes`,
		},
		{
			name:    "headers count towards the byte limit",
			in:      archive(t, "", empties...),
			lim:     Limits{MaxTotalBytes: 10 * 512}, // ten header blocks
			err:     ErrLimit,
			errText: `tarball: after entry "owner-repo-abc1234/eeeeeeeeee": limit exceeded: MaxTotalBytes (5120 bytes uncompressed)`,
		},
		{
			name:    "gzip bomb: skipped content still counts",
			in:      archive(t, "", dir(top+"/"), file(top+"/zeros", zeros), file(top+"/after", "x")),
			lim:     Limits{MaxFileBytes: 1 << 20, MaxTotalBytes: 2 << 20},
			err:     ErrLimit,
			errText: "MaxTotalBytes",
		},
		{
			name:    "declared huge file is refused before reading",
			in:      gz(t, tarOf(t, "", dir(top+"/"), entry{name: top + "/huge", typ: tar.TypeReg, size: 1 << 40})),
			err:     ErrLimit,
			errText: `entry "owner-repo-abc1234/huge": limit exceeded: MaxTotalBytes`,
		},
		{
			name:    "truncated gzip",
			in:      good[:len(good)/2],
			errText: "unexpected EOF",
		},
		{
			name:    "bad gzip checksum",
			in:      append(good[:len(good)-8:len(good)-8], 0, 0, 0, 0, 0, 0, 0, 0),
			errText: "tarball: after the archive: gzip: invalid checksum",
		},
		{
			name:    "not gzip",
			in:      tarOf(t, "", file(top+"/a", "a")),
			errText: "tarball: not a gzip stream: gzip: invalid header",
		},
		{
			name:    "empty input",
			in:      nil,
			errText: "tarball: not a gzip stream: EOF",
		},
		{
			name:    "gzip of garbage",
			in:      gz(t, bytes.Repeat([]byte("garbage!"), 100)),
			errText: "tarball: reading the archive:",
		},
		{
			name:    "empty archive",
			in:      archive(t, commit),
			err:     ErrNotRepoTarball,
			errText: "tarball: not a GitHub repository tarball: no top folder",
		},
		{
			name:    "several top folders",
			in:      archive(t, "", file("one/a", "a"), file("two/b", "b")),
			err:     ErrNotRepoTarball,
			errText: `tarball: entry "two/b": not a GitHub repository tarball: outside the top folder "one"`,
		},
		{
			name:    "file at the top",
			in:      archive(t, "", file("README", "a")),
			err:     ErrNotRepoTarball,
			errText: `tarball: entry "README": not a GitHub repository tarball: not inside a top folder`,
		},
	}
}

func TestExtract(t *testing.T) {
	t.Parallel()
	for _, tt := range extractCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			target := filepath.Join(parent, "target")
			if err := os.Mkdir(target, 0o755); err != nil {
				t.Fatal(err)
			}
			res, err := Extract(context.Background(), bytes.NewReader(tt.in), target, tt.lim)
			checkConfined(t, parent, res)
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("error = %v, want %v", err, tt.err)
			}
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Errorf("error = %v, want it to contain %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v", err)
			}
			if got := tree(t, target); !maps.Equal(got, tt.want) {
				t.Errorf("tree = %q, want %q", got, tt.want)
			}
			if !maps.Equal(res.Skipped, tt.skipped) {
				t.Errorf("skipped = %v, want %v", res.Skipped, tt.skipped)
			}
			if res.Commit != tt.commit {
				t.Errorf("commit = %q, want %q", res.Commit, tt.commit)
			}
		})
	}
}

func TestModes(t *testing.T) {
	t.Parallel()
	target := t.TempDir()
	in := archive(t, "", dir(top+"/"),
		entry{name: top + "/exec", body: "x", mode: 0o4711}, // setuid is dropped
		entry{name: top + "/group-exec", body: "x", mode: 0o610},
		entry{name: top + "/plain", body: "x", mode: 0o666},
		entry{name: top + "/d/", typ: tar.TypeDir, mode: 0o777},
	)
	if _, err := Extract(context.Background(), bytes.NewReader(in), target, Limits{}); err != nil {
		t.Fatal(err)
	}
	for name, exec := range map[string]bool{"exec": true, "group-exec": true, "plain": false} {
		fi, err := os.Stat(filepath.Join(target, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode(); got&^0o755 != 0 || (got&0o100 != 0) != exec || got&0o400 == 0 {
			t.Errorf("%s: mode %v, want 0644 or 0755 (executable %v)", name, got, exec)
		}
	}
	fi, err := os.Stat(filepath.Join(target, "d"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got&^0o755 != 0 {
		t.Errorf("d: mode %v, want at most 0755", got)
	}
}

// TestExistingSymlink checks that links already in dir cannot be used to
// write outside it, nor written through.
func TestExistingSymlink(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	target := filepath.Join(parent, "target")
	outside := filepath.Join(parent, "outside")
	for _, d := range []string{target, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"up": "../outside", "abs": outside, "secret": "../outside/secret"} {
		if err := os.Symlink(to, filepath.Join(target, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range [][]byte{
		archive(t, "", file(top+"/secret", "overwritten")),
		archive(t, "", file(top+"/up/new", "x")),
		archive(t, "", file(top+"/abs/new", "x")),
		archive(t, "", dir(top+"/up/sub/")),
	} {
		res, err := Extract(context.Background(), bytes.NewReader(in), target, Limits{})
		if err == nil && res.Skipped[SkipDuplicate] != 1 {
			t.Errorf("Extract: no error and %v skipped, want an error or a duplicate", res.Skipped)
		}
	}
	entries, err := os.ReadDir(outside)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("outside holds %d entries, want only the secret", len(entries))
	}
	if b, err := os.ReadFile(filepath.Join(outside, "secret")); err != nil || string(b) != "secret" {
		t.Errorf("secret = %q, %v; want it untouched", b, err)
	}
}

func TestCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := archive(t, "", file(top+"/a", "a"))
	_, err := Extract(ctx, bytes.NewReader(in), t.TempDir(), Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

// TestCanceledMidway cancels while the archive is being read.
func TestCanceledMidway(t *testing.T) {
	t.Parallel()
	entries := []entry{dir(top + "/")}
	for i := range 100 {
		entries = append(entries, file(top+"/"+strings.Repeat("f", i+1), "x"))
	}
	in := archive(t, "", entries...)
	ctx, cancel := context.WithCancel(context.Background())
	r := &cancelAfter{r: bytes.NewReader(in), n: len(in) / 2, cancel: cancel}
	res, err := Extract(ctx, r, t.TempDir(), Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if res.Files == 0 || res.Files == 100 {
		t.Errorf("%d files written before the cancellation, want some", res.Files)
	}
}

type cancelAfter struct {
	r      *bytes.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n <= 0 {
		c.cancel()
	}
	if len(p) > 64 {
		p = p[:64]
	}
	n, err := c.r.Read(p)
	c.n -= n
	return n, err
}

func TestNoDir(t *testing.T) {
	t.Parallel()
	in := archive(t, "", file(top+"/a", "a"))
	_, err := Extract(context.Background(), bytes.NewReader(in), filepath.Join(t.TempDir(), "missing"), Limits{})
	if err == nil || !strings.HasPrefix(err.Error(), "tarball: ") {
		t.Errorf("error = %v, want a tarball error", err)
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ raw, name, skip string }{
		{"a/b", "a/b", ""},
		{"a/b/", "a/b", ""},
		{"a", "a", ""},
		{"a\x00b", "", SkipUnsafePath},
		{`a\b`, "", SkipUnsafePath},
		{"/a", "", SkipUnsafePath},
		{"a/../b", "", SkipUnsafePath},
		{"..", "", SkipUnsafePath},
		{".", "", SkipUnsafePath},
		{"./", "", SkipUnsafePath},
		{"", "", SkipUnsafePath},
		{"a//b", "", SkipUnsafePath},
		{"a/b//", "", SkipUnsafePath},
		{"a/\xff", "", SkipUnsafePath}, // fs.ValidPath wants UTF-8
		{"a/é", "a/é", ""},
		{strings.Repeat("a", 256), "", SkipLongPath},
		{strings.Repeat("a/", 2049), "", SkipLongPath},
	} {
		name, skip := cleanName(tt.raw)
		if name != tt.name || skip != tt.skip {
			t.Errorf("cleanName(%q) = %q, %q; want %q, %q", tt.raw, name, skip, tt.name, tt.skip)
		}
	}
}

func TestWithDefaults(t *testing.T) {
	t.Parallel()
	got := Limits{MaxFileBytes: -1, MaxEntries: 7}.withDefaults()
	want := Limits{MaxFileBytes: DefaultMaxFileBytes, MaxTotalBytes: DefaultMaxTotalBytes, MaxEntries: 7}
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}

// tree lists the folders ("x/") and files (with their content) under dir.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel := filepath.ToSlash(p[len(dir)+1:])
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkConfined checks that parent holds only "target", that the target holds
// only folders and regular files, and that res counts those files.
func checkConfined(t testing.TB, parent string, res Result) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "target" {
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("parent holds %q, want only target", names)
	}
	target := filepath.Join(parent, "target")
	var files int
	var size int64
	err = filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch d.Type() {
		case fs.ModeDir:
		case 0:
			fi, err := d.Info()
			if err != nil {
				return err
			}
			files++
			size += fi.Size()
		default:
			t.Errorf("%s has type %v; want only folders and regular files", p, d.Type())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != res.Files || size != res.Bytes {
		t.Errorf("target holds %d files of %d bytes; Result says %d files of %d bytes", files, size, res.Files, res.Bytes)
	}
}

// TestExistingSymlinkInside checks that links already in dir are not
// followed even when they point inside it: entries below them are
// duplicates, and nothing is made where they point.
func TestExistingSymlinkInside(t *testing.T) {
	t.Parallel()
	target := t.TempDir()
	if err := os.Mkdir(filepath.Join(target, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"in": "sub", "self": ".", "dangling": "nowhere"} {
		if err := os.Symlink(to, filepath.Join(target, name)); err != nil {
			t.Fatal(err)
		}
	}
	in := archive(t, "", dir(top+"/"),
		file(top+"/in/x", "x"),
		dir(top+"/in/d/"),
		dir(top+"/self/"),
		file(top+"/self/sub/y", "y"),
		file(top+"/dangling", "z"),
		file(top+"/dangling/z", "z"),
		file(top+"/sub/ok", "ok"),
	)
	res, err := Extract(context.Background(), bytes.NewReader(in), target, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{SkipDuplicate: 6}; !maps.Equal(res.Skipped, want) {
		t.Errorf("skipped = %v, want %v", res.Skipped, want)
	}
	entries, err := os.ReadDir(filepath.Join(target, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "ok" || res.Files != 1 {
		t.Errorf("sub holds %v and %d files were written; want only ok", entries, res.Files)
	}
	if _, err := os.Lstat(filepath.Join(target, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dangling link's target: %v, want it not made", err)
	}
}

// TestCutMidFile checks that Result counts a file the archive ends in the
// middle of, as it is on disk.
func TestCutMidFile(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("0123456789abcdef", 16<<10)
	in := tarOf(t, "", dir(top+"/"), file(top+"/a", "a"), file(top+"/big", body))
	for _, cut := range []int{4*512 + 1, len(in) / 2, len(in) - 2048} { // inside big
		parent := t.TempDir()
		target := filepath.Join(parent, "target")
		if err := os.Mkdir(target, 0o755); err != nil {
			t.Fatal(err)
		}
		res, err := Extract(context.Background(), bytes.NewReader(gz(t, in[:cut])), target, Limits{})
		if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
			t.Errorf("cut at %d: error = %v, want unexpected EOF", cut, err)
		}
		checkConfined(t, parent, res)
		if res.Files != 2 {
			t.Errorf("cut at %d: %d files, want 2", cut, res.Files)
		}
	}
}

// TestDeepPaths checks that the folder checks on deep names stay cheap: a
// file at the top of a deep tree blocks every entry below it.
func TestDeepPaths(t *testing.T) {
	t.Parallel()
	deep := top + strings.Repeat("/d", 250)
	entries := []entry{dir(top + "/"), file(deep, "a file where a folder goes")}
	for i := range 100 {
		entries = append(entries, file(fmt.Sprintf("%s/f%d", deep, i), "x"))
	}
	res, err := Extract(context.Background(), bytes.NewReader(archive(t, "", entries...)), t.TempDir(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || res.Skipped[SkipDuplicate] != 100 {
		t.Errorf("%d files, %v skipped; want 1 file and 100 duplicates", res.Files, res.Skipped)
	}
}

// paxRecord formats one pax extended header record, whose length counts
// itself.
func paxRecord(k, v string) string {
	n := len(k) + len(v) + 3 // " ", "=", "\n"
	total := n + len(strconv.Itoa(n))
	if len(strconv.Itoa(total)) > len(strconv.Itoa(n)) {
		total++
	}
	return fmt.Sprintf("%d %s=%s\n", total, k, v)
}

// sparseTar builds a tar holding one PAX (GNU 0.1) sparse file: realSize
// bytes long, of which only the first byte is stored. archive/tar cannot
// write sparse files, so the pax header is written as a regular file and
// retyped.
func sparseTar(t testing.TB, name string, realSize int64) []byte {
	t.Helper()
	pax := paxRecord("GNU.sparse.major", "0") + paxRecord("GNU.sparse.minor", "1") +
		paxRecord("GNU.sparse.name", name) + paxRecord("GNU.sparse.size", strconv.FormatInt(realSize, 10)) +
		paxRecord("GNU.sparse.numblocks", "1") + paxRecord("GNU.sparse.map", "0,1")
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range []struct{ name, body string }{{"PaxHeaders/sparse", pax}, {"GNUSparseFile/sparse", "s"}} {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Typeflag: tar.TypeReg, Size: int64(len(e.body)), Mode: 0o644, Format: tar.FormatUSTAR}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Flush(); err != nil { // no end-of-archive blocks: more may follow
		t.Fatal(err)
	}
	b := buf.Bytes()
	b[156] = tar.TypeXHeader
	copy(b[148:156], "        ")
	sum := 0
	for _, c := range b[:512] {
		sum += int(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

// sparseArchive builds a tar with the top folder and sparse files of the
// given sizes, named sparse0, sparse1...
func sparseArchive(t testing.TB, sizes ...int64) []byte {
	t.Helper()
	in := tarOf(t, "", dir(top+"/"))
	in = in[:len(in)-1024] // drop the end-of-archive blocks
	for i, n := range sizes {
		in = append(in, sparseTar(t, fmt.Sprintf("%s/sparse%d", top, i), n)...)
	}
	return append(in, make([]byte, 1024)...)
}

// TestSparse checks that sparse files, which write more than the archive
// holds, are bounded by MaxTotalBytes as written.
func TestSparse(t *testing.T) {
	t.Parallel()
	build := func(sizes ...int64) []byte { return gz(t, sparseArchive(t, sizes...)) }
	lim := Limits{MaxFileBytes: 10 << 20, MaxTotalBytes: 1 << 20}
	for _, tt := range []struct {
		name    string
		in      []byte
		lim     Limits
		files   int
		errText string
	}{
		{"fits", build(1000, 2000), lim, 2, ""},
		{"too large", build(900<<10, 1000), Limits{MaxFileBytes: 800 << 10, MaxTotalBytes: 1 << 20}, 1, ""},
		{"declared over the total", build(2 << 20), lim, 0, "MaxTotalBytes (1048576 bytes uncompressed)"},
		{"written over the total", build(600<<10, 600<<10), lim, 1, "MaxTotalBytes (1048576 bytes written)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			target := filepath.Join(parent, "target")
			if err := os.Mkdir(target, 0o755); err != nil {
				t.Fatal(err)
			}
			res, err := Extract(context.Background(), bytes.NewReader(tt.in), target, tt.lim)
			checkConfined(t, parent, res)
			if tt.errText == "" && err != nil || tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)) {
				t.Errorf("error = %v, want %q", err, tt.errText)
			}
			if res.Files != tt.files || res.Bytes > tt.lim.MaxTotalBytes {
				t.Errorf("%d files of %d bytes, want %d files within the limit", res.Files, res.Bytes, tt.files)
			}
			if tt.name == "fits" {
				b, err := os.ReadFile(filepath.Join(target, "sparse0"))
				if err != nil || len(b) != 1000 || b[0] != 's' || strings.Trim(string(b[1:]), "\x00") != "" {
					t.Errorf("sparse0 = %d bytes, %v; want s and 999 zero bytes", len(b), err)
				}
			}
		})
	}
}
