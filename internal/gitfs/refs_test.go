package gitfs

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

// TestResolveFixtures proves Resolve agrees with "git show-ref --head -d"
// (refs.txt) on packed refs with peeled lines, REF_DELTA packs and loose
// refs: HEAD, short and full branch and tag names, annotated tags peeled to
// their commit, lightweight tags, and full hashes.
func TestResolveFixtures(t *testing.T) {
	refs := readRefsTxt(t)
	cases := map[string]Hash{
		"HEAD":            refs["HEAD"],
		"main":            refs["refs/heads/main"],
		"heads/main":      refs["refs/heads/main"],
		"refs/heads/main": refs["refs/heads/main"],
		"feature":         refs["refs/heads/feature"],
		"light":           refs["refs/tags/light"],
		"tags/light":      refs["refs/tags/light"],
		"v1.0":            refs["refs/tags/v1.0^{}"],
		"refs/tags/v1.0":  refs["refs/tags/v1.0^{}"],
		"v2.0":            refs["refs/tags/v2.0^{}"],
		// A full hash of a commit, and of an annotated tag (peeled).
		refs["refs/heads/feature"].String(): refs["refs/heads/feature"],
		refs["refs/tags/v1.0"].String():     refs["refs/tags/v1.0^{}"],
	}
	if refs["refs/tags/v1.0"] == refs["refs/tags/v1.0^{}"] {
		t.Fatal("refs.txt: v1.0 should be an annotated tag")
	}
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			r := openFixture(t, fx)
			for rev, want := range cases {
				got, err := r.Resolve(rev)
				if err != nil || got != want {
					t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
				}
			}
		})
	}
}

// TestResolveErrors proves unknown refs wrap ErrNotInCheckout, unsupported
// syntax wraps errors.ErrUnsupported, and ref names cannot leave the git
// directory.
func TestResolveErrors(t *testing.T) {
	r := openFixture(t, "packed")
	for _, rev := range []string{"nope", "refs/heads/nope", "f60f580", "0123456789012345678901234567890123456789"} {
		if _, err := r.Resolve(rev); !errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Resolve(%q) = %v, want ErrNotInCheckout", rev, err)
		}
	}
	for _, rev := range []string{"main~1", "main^", "main@{1}", "HEAD:README.md"} {
		if _, err := r.Resolve(rev); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Resolve(%q) = %v, want ErrUnsupported", rev, err)
		}
	}
	for _, rev := range []string{"", "../config", "refs/../config", "/etc/passwd", "refs/heads/.hidden",
		"a//b", "main.lock", "x\x00y", "with space", "trailing/", "end."} {
		_, err := r.Resolve(rev)
		if err == nil || errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Resolve(%q) = %v, want an invalid-name error", rev, err)
		}
	}
	// "config" is a file at the top of the git directory, but not a ref.
	if _, err := r.Resolve("config"); !errors.Is(err, ErrNotInCheckout) {
		t.Errorf("Resolve(config) = %v, want ErrNotInCheckout", err)
	}
}

// TestResolveSymrefsAndOddRefs covers symbolic ref chains and their cap, refs
// that name a tree, a loose ref shadowing packed-refs, refs/remotes/x/HEAD,
// and a directory where a ref file would be.
func TestResolveSymrefsAndOddRefs(t *testing.T) {
	refs := readRefsTxt(t)
	dir := copyFixture(t, "packed")
	main, feature := refs["refs/heads/main"], refs["refs/heads/feature"]
	writeFile(t, filepath.Join(dir, "refs/heads/s1"), "ref: refs/heads/s2\n")
	writeFile(t, filepath.Join(dir, "refs/heads/s2"), "ref: refs/heads/feature\n")
	// A loose ref wins over packed-refs.
	writeFile(t, filepath.Join(dir, "refs/heads/main"), feature.String()+"\n")
	writeFile(t, filepath.Join(dir, "refs/remotes/origin/HEAD"), "ref: refs/remotes/origin/main\n")
	writeFile(t, filepath.Join(dir, "refs/remotes/origin/main"), main.String()+"\n")
	writeFile(t, filepath.Join(dir, "refs/heads/dir/x"), main.String()+"\n")
	writeFile(t, filepath.Join(dir, "refs/heads/loop1"), "ref: refs/heads/loop2\n")
	writeFile(t, filepath.Join(dir, "refs/heads/loop2"), "ref: refs/heads/loop1\n")
	writeFile(t, filepath.Join(dir, "refs/heads/escape"), "ref: ../../config\n")
	writeFile(t, filepath.Join(dir, "refs/heads/garbage"), "not a hash\n")
	// A lightweight tag of a tree.
	c, err := mustOpen(t, dir).Commit(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "refs/tags/tree"), c.Tree.String()+"\n")

	r := mustOpen(t, dir)
	for rev, want := range map[string]Hash{"s1": feature, "main": feature, "origin": main, "origin/main": main, "dir/x": main} {
		if got, err := r.Resolve(rev); err != nil || got != want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
		}
	}
	for _, rev := range []string{"loop1", "escape", "garbage", "tree"} {
		if _, err := r.Resolve(rev); err == nil || errors.Is(err, ErrNotInCheckout) {
			t.Errorf("Resolve(%q) = %v, want an error other than ErrNotInCheckout", rev, err)
		}
	}
	// refs/heads/dir is a directory: no such ref, not an error.
	if _, err := r.Resolve("refs/heads/dir"); !errors.Is(err, ErrNotInCheckout) {
		t.Errorf("Resolve(refs/heads/dir) = %v, want ErrNotInCheckout", err)
	}
}

func mustOpen(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestOpenLayouts proves Open finds the object store of a checkout's .git
// directory, a ".git" file of a linked worktree (with commondir, relative and
// absolute) and of a submodule, and objects borrowed through alternates.
// Worktree HEADs are per-worktree, branches shared.
func TestOpenLayouts(t *testing.T) {
	refs := readRefsTxt(t)
	main, feature := refs["refs/heads/main"], refs["refs/heads/feature"]
	root := t.TempDir()

	// A checkout: work/.git is the repository.
	copyDir(t, fixtureDir("packed"), filepath.Join(root, "co", ".git"))
	// A linked worktree of a loose-object repository.
	common := filepath.Join(root, "main.git")
	copyDir(t, fixtureDir("loose"), common)
	wtAdmin := filepath.Join(common, "worktrees", "wt")
	writeFile(t, filepath.Join(wtAdmin, "HEAD"), "ref: refs/heads/feature\n")
	writeFile(t, filepath.Join(wtAdmin, "commondir"), "../..\n")
	writeFile(t, filepath.Join(wtAdmin, "gitdir"), filepath.Join(root, "wt", ".git")+"\n")
	writeFile(t, filepath.Join(wtAdmin, "refs/bisect/bad"), main.String()+"\n")
	writeFile(t, filepath.Join(root, "wt", ".git"), "gitdir: ../main.git/worktrees/wt\n")
	writeFile(t, filepath.Join(root, "wtabs", ".git"), "gitdir: "+wtAdmin+"\n")
	// A submodule: super/sub/.git names super/.git/modules/sub.
	copyDir(t, fixtureDir("refdelta"), filepath.Join(root, "super", ".git", "modules", "sub"))
	writeFile(t, filepath.Join(root, "super", "sub", ".git"), "gitdir: ../.git/modules/sub\n")
	// A repository whose objects are all in an alternate.
	alt := filepath.Join(root, "alt.git")
	writeFile(t, filepath.Join(alt, "HEAD"), "ref: refs/heads/main\n")
	writeFile(t, filepath.Join(alt, "refs/heads/main"), main.String()+"\n")
	absObjects, _ := filepath.Abs(filepath.Join(fixtureDir("packed"), "objects"))
	writeFile(t, filepath.Join(alt, "objects/info/alternates"), "# comment\n"+absObjects+"\n/nonexistent\n")

	for _, tc := range []struct {
		dir  string
		head Hash
	}{
		{filepath.Join(root, "co"), main},
		{filepath.Join(root, "wt"), feature},
		{filepath.Join(root, "wtabs"), feature},
		{filepath.Join(root, "super", "sub"), main},
		{alt, main},
	} {
		r := mustOpen(t, tc.dir)
		head, err := r.Resolve("HEAD")
		if err != nil || head != tc.head {
			t.Errorf("%s: HEAD = %s, %v; want %s", tc.dir, head, err, tc.head)
			continue
		}
		if got, err := r.Resolve("main"); err != nil || got != main {
			t.Errorf("%s: main = %s, %v", tc.dir, got, err)
		}
		fsys, err := r.TreeFS(head)
		if err != nil {
			t.Errorf("%s: TreeFS: %v", tc.dir, err)
			continue
		}
		if data, err := fs.ReadFile(fsys, "README.md"); err != nil || gitHash("blob", data) != mustHash(t, "dd7003983886606593148f5a5188a7d942633556") {
			t.Errorf("%s: README.md: %v", tc.dir, err)
		}
	}
	// refs/bisect is per worktree.
	if got, err := mustOpen(t, filepath.Join(root, "wt")).Resolve("refs/bisect/bad"); err != nil || got != main {
		t.Errorf("worktree refs/bisect/bad = %s, %v", got, err)
	}
	if _, err := mustOpen(t, common).Resolve("refs/bisect/bad"); !errors.Is(err, ErrNotInCheckout) {
		t.Errorf("main worktree refs/bisect/bad = %v, want ErrNotInCheckout", err)
	}
}

// TestOpenErrors covers what Open refuses.
func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "plain", "file"), "x")
	writeFile(t, filepath.Join(root, "badfile", ".git"), "not a gitdir line\n")
	writeFile(t, filepath.Join(root, "dangling", ".git"), "gitdir: ../nowhere\n")
	sha256 := filepath.Join(root, "sha256.git")
	copyDir(t, fixtureDir("loose"), sha256)
	writeFile(t, filepath.Join(sha256, "config"), "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectFormat = sha256\n")
	for _, dir := range []string{filepath.Join(root, "plain"), filepath.Join(root, "badfile"), filepath.Join(root, "dangling"), filepath.Join(root, "missing"), sha256} {
		if r, err := Open(dir); err == nil {
			r.Close()
			t.Errorf("Open(%s) succeeded", dir)
		}
	}
	if _, err := Open(sha256); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Open(sha256) = %v, want ErrUnsupported", err)
	}

	reftable := filepath.Join(root, "reftable.git")
	copyDir(t, fixtureDir("loose"), reftable)
	writeFile(t, filepath.Join(reftable, "config"), "[extensions]\n\trefStorage = reftable\n")
	r := mustOpen(t, reftable)
	if _, err := r.Resolve("main"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("reftable Resolve = %v, want ErrUnsupported", err)
	}
}

// TestClose proves reads after Close fail.
func TestClose(t *testing.T) {
	r, err := Open(fixtureDir("packed"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(head); err == nil {
		t.Error("Commit after Close succeeded")
	}
	if _, err := r.Resolve("HEAD"); err == nil {
		t.Error("Resolve after Close succeeded")
	}
	if r.HasObject(head) {
		t.Error("HasObject after Close")
	}
}
