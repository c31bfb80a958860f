package cli

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// gitWriter writes a git repository's loose objects directly, so tests can
// build a checkout's history without the git binary (CI machines have Go
// and nothing else).
type gitWriter struct {
	t      *testing.T
	gitDir string
}

func newGitWriter(t *testing.T, workspace string) *gitWriter {
	t.Helper()
	g := &gitWriter{t: t, gitDir: filepath.Join(workspace, ".git")}
	for _, d := range []string{"objects/info", "objects/pack", "refs/heads", "refs/tags"} {
		if err := os.MkdirAll(filepath.Join(g.gitDir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(g.gitDir, "config"), []byte("[core]\n\trepositoryformatversion = 0\n\tbare = false\n"), 0o644)
	return g
}

// object writes one loose object and returns its name.
func (g *gitWriter) object(kind string, data []byte) string {
	g.t.Helper()
	raw := append([]byte(fmt.Sprintf("%s %d\x00", kind, len(data))), data...)
	sum := sha1.Sum(raw)
	name := hex.EncodeToString(sum[:])
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(raw)
	w.Close()
	p := filepath.Join(g.gitDir, "objects", name[:2], name[2:])
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, z.Bytes(), 0o444); err != nil && !os.IsExist(err) {
		g.t.Fatal(err)
	}
	return name
}

// tree writes the tree of files (slash paths) and returns its name.
func (g *gitWriter) tree(files map[string]string) string {
	g.t.Helper()
	type entry struct{ mode, name, hash string }
	var entries []entry
	subs := map[string]map[string]string{}
	for p, content := range files {
		if dir, rest, ok := strings.Cut(p, "/"); ok {
			if subs[dir] == nil {
				subs[dir] = map[string]string{}
			}
			subs[dir][rest] = content
			continue
		}
		entries = append(entries, entry{"100644", p, g.object("blob", []byte(content))})
	}
	for dir, sub := range subs {
		entries = append(entries, entry{"40000", dir, g.tree(sub)})
	}
	// git orders entries by name, a tree's name compared as if it ended in "/".
	key := func(e entry) string {
		if e.mode == "40000" {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		raw, _ := hex.DecodeString(e.hash)
		fmt.Fprintf(&b, "%s %s\x00", e.mode, e.name)
		b.Write(raw)
	}
	return g.object("tree", b.Bytes())
}

// commit writes a commit of files with the given parents.
func (g *gitWriter) commit(files map[string]string, parents ...string) string {
	g.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", g.tree(files))
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	b.WriteString("author Test <test@example.org> 1700000000 +0000\ncommitter Test <test@example.org> 1700000000 +0000\n\ncommit\n")
	return g.object("commit", []byte(b.String()))
}

// head points HEAD at a commit (detached, as actions/checkout leaves it).
func (g *gitWriter) head(commit string) {
	os.WriteFile(filepath.Join(g.gitDir, "HEAD"), []byte(commit+"\n"), 0o644)
}

// branch writes refs/heads/name.
func (g *gitWriter) branch(name, commit string) {
	os.WriteFile(filepath.Join(g.gitDir, "refs", "heads", name), []byte(commit+"\n"), 0o644)
}

// drop deletes an object, as a shallow or partial clone lacks it.
func (g *gitWriter) drop(name string) {
	os.Remove(filepath.Join(g.gitDir, "objects", name[:2], name[2:]))
}
