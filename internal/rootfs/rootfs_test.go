package rootfs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// tree writes files, directories and symlinks of every kind the walk
// meets: inside their directory, leaving it but not the root, leaving the
// root, broken, looping, and to directories.
func tree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o644)
	for name, data := range map[string]string{
		"README.md": "# top\n", "a/b/c/deep.txt": "deep\n", "a/b/sib.txt": "sibling\n", "x/y.txt": "y\n", "a/empty/.keep": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"a/b/c/here": "deep.txt", "a/b/c/up": "../sib.txt", "a/b/c/top": "../../../x/y.txt",
		"a/b/c/escape": filepath.Join(outside, "secret"), "a/b/c/rel-escape": "../../../../" + filepath.Base(outside) + "/secret",
		"a/b/c/broken": "nothing", "a/b/c/loop": "loop", "a/dirlink": "b/c", "a/updir": "../x",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// describe is everything the walk asks of a name, errors included.
func describe(fsys fs.FS, name string) string {
	var b strings.Builder
	if info, err := fs.Stat(fsys, name); err != nil {
		fmt.Fprintf(&b, "stat: %v;", err)
	} else {
		fmt.Fprintf(&b, "stat: %s %v %d;", info.Name(), info.Mode(), info.Size())
	}
	if info, err := fs.Lstat(fsys, name); err != nil {
		fmt.Fprintf(&b, "lstat: %v;", err)
	} else {
		fmt.Fprintf(&b, "lstat: %s %v;", info.Name(), info.Mode())
	}
	if data, err := fs.ReadFile(fsys, name); err != nil {
		fmt.Fprintf(&b, "read: %v;", err)
	} else {
		fmt.Fprintf(&b, "read: %q;", data)
	}
	if es, err := fs.ReadDir(fsys, name); err != nil {
		fmt.Fprintf(&b, "readdir: %v;", err)
	} else {
		for _, e := range es {
			info, err := e.Info()
			fmt.Fprintf(&b, " %s %v %v %v", e.Name(), e.Type(), info.Mode(), err)
		}
	}
	return b.String()
}

func TestAnswersAsRootFS(t *testing.T) {
	t.Parallel()
	dir := tree(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fast := New(root)
	defer fast.Close()
	var names []string
	fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		names = append(names, p)
		return nil
	})
	names = append(names, "a/dirlink/deep.txt", "a/updir/y.txt", "a/b/c/up", "nothing/here", "a/../x", "/abs", "a/b/c/deep.txt/x", "")
	if len(names) < 20 {
		t.Fatalf("walked only %v", names)
	}
	// Twice, in two orders: the handles kept for one name must not change
	// the answer for the next.
	for pass := 0; pass < 2; pass++ {
		for i := range names {
			name := names[i]
			if pass == 1 {
				name = names[len(names)-1-i]
			}
			if got, want := describe(fast, name), describe(root.FS(), name); got != want {
				t.Errorf("%q:\n got %s\nwant %s", name, got, want)
			}
		}
	}
	if _, err := fast.Open("a/b/c/escape"); err == nil {
		t.Error("a symlink out of the root was followed")
	}
}

// TestFSContract runs testing/fstest over both: the broken and escaping
// links fail it the same way.
func TestFSContract(t *testing.T) {
	t.Parallel()
	root, err := os.OpenRoot(tree(t))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fast := New(root)
	defer fast.Close()
	files := []string{"README.md", "a/b/c/deep.txt", "a/b/c/here", "a/b/c/up", "x/y.txt"}
	got, want := fstest.TestFS(fast, files...), fstest.TestFS(root.FS(), files...)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fstest says\n%v\nof Root.FS it says\n%v", got, want)
	}
}
