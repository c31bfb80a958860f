package gitfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"testing"
)

// TestUnreadableObjects proves that every way a file of a tree can fail to
// read (a missing blob, data past the size its header declares, a delta that
// lies about its size, content that does not match the name) is an error
// wrapping ErrUnreadableObject at Stat, Info or Read, while a path that does
// not exist is fs.ErrNotExist only.
func TestUnreadableObjects(t *testing.T) {
	content := "MIT License\n\nCopyright (c) 2024 Example Foundation\n"
	blob := gitHash("blob", []byte(content))
	base := "the base of a delta\n"
	for name, damage := range map[string]func(repo string){
		"missing": func(repo string) {},
		"too long": func(repo string) {
			writeLooseRaw(t, repo, blob, []byte(fmt.Sprintf("blob %d\x00%s", len(content)-5, content)))
		},
		"renamed": func(repo string) { writeLooseRaw(t, repo, blob, []byte("blob 5\x00other")) },
		"lying delta": func(repo string) {
			d := deltaBytes(int64(len(base)), int64(len(content)), insertOp(content[:40]), insertOp(content[40:]), insertOp("and more"))
			writePack(t, repo, []rawEntry{blobEntry(base), {name: blob, t: typeOfsDelta, size: -1, data: d, ofsBase: 0}})
		},
	} {
		t.Run(name, func(t *testing.T) {
			repo := newBareRepo(t)
			tree := writeLoose(t, repo, "tree", treeBytes(rawTreeEntry{"100644", "LICENSE", blob}))
			commit := writeLoose(t, repo, "commit", commitBytes(tree))
			damage(repo)
			fsys, err := mustOpen(t, repo).TreeFS(commit)
			if err != nil {
				t.Fatal(err)
			}
			es, err := fs.ReadDir(fsys, ".")
			if err != nil || len(es) != 1 {
				t.Fatalf("ReadDir = %v, %v", es, err)
			}
			_, infoErr := es[0].Info()
			_, readErr := fs.ReadFile(fsys, "LICENSE")
			var openReadErr error
			if f, err := fsys.Open("LICENSE"); err != nil {
				openReadErr = err
			} else {
				_, openReadErr = io.ReadAll(f)
				f.Close()
			}
			if !errors.Is(readErr, ErrUnreadableObject) || !errors.Is(openReadErr, ErrUnreadableObject) {
				t.Errorf("ReadFile = %v; Open+Read = %v; want ErrUnreadableObject", readErr, openReadErr)
			}
			if name == "missing" && (!errors.Is(infoErr, ErrUnreadableObject) || !errors.Is(infoErr, ErrNotInCheckout)) {
				t.Errorf("Info of a missing blob = %v, want ErrUnreadableObject and ErrNotInCheckout", infoErr)
			}
			if name != "missing" && errors.Is(readErr, ErrNotInCheckout) {
				t.Errorf("ReadFile = %v: a damaged object is not a missing one", readErr)
			}
			if _, err := fs.Stat(fsys, "NOTICE"); !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrUnreadableObject) {
				t.Errorf("Stat of a path not in the tree = %v, want fs.ErrNotExist only", err)
			}
		})
	}
	// Reading a missing tree is unreadable too.
	repo := newBareRepo(t)
	sub := gitHash("tree", []byte("gone"))
	tree := writeLoose(t, repo, "tree", treeBytes(rawTreeEntry{"40000", "docs", sub}))
	commit := writeLoose(t, repo, "commit", commitBytes(tree))
	fsys, err := mustOpen(t, repo).TreeFS(commit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadDir(fsys, "docs"); !errors.Is(err, ErrUnreadableObject) {
		t.Errorf("ReadDir of a missing tree = %v", err)
	}
}
