package gitfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// walkAndRead walks fsys and reads every regular file; it returns the number
// of files and bytes.
func walkAndRead(tb testing.TB, fsys fs.FS) (files, bytes int) {
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		files++
		bytes += len(data)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files, bytes
}

func benchWalk(b *testing.B, dir, rev string, reopen bool) {
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { r.Close() }()
	head, err := r.Resolve(rev)
	if err != nil {
		b.Fatal(err)
	}
	var files, size int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if reopen {
			r.Close()
			if r, err = Open(dir); err != nil {
				b.Fatal(err)
			}
		}
		fsys, err := r.TreeFS(head)
		if err != nil {
			b.Fatal(err)
		}
		files, size = walkAndRead(b, fsys)
	}
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(size), "bytes/op")
}

// BenchmarkTreeFSWalk walks and reads every file of packed.git's head tree
// (an OFS_DELTA pack after gc --aggressive): "warm" reuses one Repo and its
// cache, "cold" opens the repository for each walk.
func BenchmarkTreeFSWalk(b *testing.B) {
	b.Run("warm", func(b *testing.B) { benchWalk(b, fixtureDir("packed"), "HEAD", false) })
	b.Run("cold", func(b *testing.B) { benchWalk(b, fixtureDir("packed"), "HEAD", true) })
}

// BenchmarkRealRepoWalk walks and reads the HEAD tree of the repository this
// package is in (packs after a gc, or loose objects only), when it is a git
// checkout.
func BenchmarkRealRepoWalk(b *testing.B) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		b.Skip("not in a git checkout")
	}
	b.Run("warm", func(b *testing.B) { benchWalk(b, root, "HEAD", false) })
	b.Run("cold", func(b *testing.B) { benchWalk(b, root, "HEAD", true) })
}
