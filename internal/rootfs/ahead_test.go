package rootfs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// wideTree writes a tree of many small directories, so that the workers
// and the walk race for them.
func wideTree(t *testing.T) string {
	t.Helper()
	dir := tree(t)
	for i := range 40 {
		for j := range 5 {
			p := filepath.Join(dir, "wide", fmt.Sprintf("d%02d", i), fmt.Sprintf("e%d", j))
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(p, "f.txt"), []byte(p), 0o644)
		}
	}
	os.MkdirAll(filepath.Join(dir, "skipped", "deeper"), 0o755)
	return dir
}

// walkLog is everything a walk sees: each path, its type, its error, and
// what reading a file gives.
func walkLog(fsys fs.FS, skip func(string) bool) string {
	var b strings.Builder
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(&b, "%s error %v\n", p, err)
			return nil
		}
		fmt.Fprintf(&b, "%s %v", p, d.Type())
		if d.IsDir() && p != "." && skip(p) {
			b.WriteString(" skipped\n")
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			data, err := fs.ReadFile(fsys, p)
			fmt.Fprintf(&b, " %q %v", data, err)
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}

func TestReadAheadAnswersAsReadDir(t *testing.T) {
	t.Parallel()
	root, err := os.OpenRoot(wideTree(t))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	skip := func(p string) bool { return p == "skipped" || strings.HasSuffix(p, "/e3") }
	want := walkLog(root.FS(), skip)

	var mu sync.Mutex
	asked := map[string]int{}
	descend := func(p string) bool {
		mu.Lock()
		defer mu.Unlock()
		asked[p]++
		return !skip(p)
	}
	for range 5 { // races differ from run to run
		clear(asked)
		fast := New(root)
		stop := fast.ReadDirAhead(descend)
		got := walkLog(fast, skip)
		stop()
		fast.Close()
		if got != want {
			t.Fatalf("with reading ahead the walk saw\n%s\nwithout\n%s", got, want)
		}
	}
	if asked["wide/d07/e2"] == 0 {
		t.Error("the directories of the tree were never offered to descend")
	}
	if n := asked["skipped/deeper"]; n != 0 {
		t.Errorf("a directory under one descend refused was offered %d times: its parent was listed", n)
	}
	for p, n := range asked {
		if n > 1 {
			t.Errorf("%s was queued %d times", p, n)
		}
	}
}

func TestReadAheadStopsWithAnUnfinishedWalk(t *testing.T) {
	t.Parallel()
	root, err := os.OpenRoot(wideTree(t))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fast := New(root)
	defer fast.Close()
	stop := fast.ReadDirAhead(func(string) bool { return true })
	n := 0
	fs.WalkDir(fast, ".", func(p string, d fs.DirEntry, err error) error {
		if n++; n == 30 {
			return fs.SkipAll
		}
		return nil
	})
	stop() // must return: the workers stop whatever they hold
	if got, want := walkLog(fast, func(string) bool { return false }), walkLog(root.FS(), func(string) bool { return false }); got != want {
		t.Errorf("after stop the FS answers\n%s\nwant\n%s", got, want)
	}
}
