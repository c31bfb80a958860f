package server

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkDeliveryToCheckRun measures one delivery, from the POST to
// /webhook to the check run completed on the fake GitHub: signature,
// queue, installation client, head and base tarballs downloaded and
// extracted, evaluation, comment and check run published (every request
// validated against GitHub's OpenAPI description, which is part of the
// cost). Deliveries go one at a time; p50 and p95 are reported besides the
// mean. The repository is a small one, or the folder DPGCHECK_BENCH_TREE
// names (a real repository's checkout, served as its tarball).
func BenchmarkDeliveryToCheckRun(b *testing.B) {
	files := product
	if dir := os.Getenv("DPGCHECK_BENCH_TREE"); dir != "" {
		files = treeFiles(b, dir)
	}
	a := newApp(b, 1)
	done := make(chan string, 1)
	run := a.srv.cfg.Run
	a.srv.cfg.Run = func(ctx context.Context, j Job) error {
		err := run(ctx, j)
		done <- j.Delivery
		return err
	}
	base := example(b, "pull_request", "synchronize")
	baseSHA := base["pull_request"].(map[string]any)["base"].(map[string]any)["sha"].(string)
	heads := make([]string, b.N)
	for i := range heads {
		heads[i] = sha(0xbe00000 + i)
	}
	a.serveRepoFiles("Codertocat", "Hello-World", files, append(heads, baseSHA)...)
	bodies := make([][]byte, b.N)
	for i := range bodies {
		bodies[i] = withPR(b, base, 100+i, heads[i])
	}
	client := a.http.Client()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		d := delivery{id: fmt.Sprint("bench-", i), event: "pull_request", body: bodies[i]}
		if code, msg := d.send(b, client, a.http.URL); code != http.StatusAccepted {
			b.Fatalf("%d %s", code, msg)
		}
		<-done
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*95/100)].Microseconds())/1000, "p95-ms")
	if got := len(a.fake.CheckRuns()); got != b.N {
		b.Errorf("%d check runs for %d deliveries", got, b.N)
	}
}

// treeFiles reads the regular files under dir (not .git), as a tarball
// of the repository would hold them.
func treeFiles(b *testing.B, dir string) map[string]string {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return files
}
