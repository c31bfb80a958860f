package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// batchRunner runs dpgcheck batch against the fake GitHub of remoteRun,
// with a list file and local folders in a work folder.
type batchRunner struct {
	*remoteRun
	work string // holds list.txt, the local folders and out/
}

func newBatchRunner(t *testing.T, list string, local map[string]map[string]string) *batchRunner {
	t.Helper()
	b := &batchRunner{remoteRun: newRemoteRun(t), work: t.TempDir()}
	for dir, files := range local {
		writeFiles(t, filepath.Join(b.work, dir), files)
	}
	if err := os.WriteFile(filepath.Join(b.work, "list.txt"), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func (b *batchRunner) batch(ctx context.Context, args ...string) (int, string) {
	b.t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"batch", "--list", filepath.Join(b.work, "list.txt"), "--out", b.out()}, args...)
	env := Env{Args: args, Getenv: func(k string) string { return b.env[k] }, Stdout: &stdout, Stderr: &stderr,
		Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	code := Run(ctx, env)
	b.assertTempRemoved()
	if stdout.Len() > 0 {
		b.t.Errorf("batch wrote to standard output:\n%s", stdout.String())
	}
	return code, stderr.String()
}

func (b *batchRunner) out() string { return filepath.Join(b.work, "out") }

// files lists the output folder: every name, hidden ones included.
func (b *batchRunner) files() []string {
	b.t.Helper()
	entries, err := os.ReadDir(b.out())
	if err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func (b *batchRunner) item(line string) batch.Item {
	b.t.Helper()
	items, _, err := batch.ParseList(strings.NewReader(line))
	if err != nil || len(items) != 1 {
		b.t.Fatalf("%s: %v", line, err)
	}
	return items[0]
}

func (b *batchRunner) readReport(line string) *report.Report {
	b.t.Helper()
	data, err := os.ReadFile(filepath.Join(b.out(), b.item(line).FileName()))
	if err != nil {
		b.t.Fatalf("%s: %v", line, err)
	}
	return decodeReport(b.t, string(data))
}

func (b *batchRunner) readRecord(line string) *batch.ErrorRecord {
	b.t.Helper()
	data, err := os.ReadFile(filepath.Join(b.out(), b.item(line).ErrorFileName()))
	if err != nil {
		b.t.Fatalf("%s: %v", line, err)
	}
	rec, err := batch.ParseErrorRecord(data)
	if err != nil {
		b.t.Fatal(err)
	}
	return rec
}

func (b *batchRunner) tarballs() int {
	n := 0
	for _, c := range b.calls() {
		if strings.Contains(c, "/tarball/") {
			n++
		}
	}
	return n
}

const batchList = `# two refs of one repository, one that does not exist, two folders
github.com/octo/clinic
https://github.com/octo/clinic/tree/v1.2
github.com/octo/gone
clinic-local
missing-folder
github.com/OCTO/clinic
`

func TestBatchEvaluatesAListAndResumes(t *testing.T) {
	t.Parallel()
	b := newBatchRunner(t, batchList, map[string]map[string]string{"clinic-local": clinicFiles})
	code, stderr := b.batch(context.Background(), "--jobs", "2")
	if code != ExitPass {
		t.Fatalf("exit %d, want 0 (error records are results)\n%s", code, stderr)
	}
	// One JSON report per item, an error record for each that failed,
	// nothing else: the downloads' temporary folders are gone.
	want := []string{
		b.item("github.com/octo/clinic").FileName(), b.item("github.com/octo/clinic@v1.2").FileName(),
		b.item("github.com/octo/gone").ErrorFileName(), b.item("clinic-local").FileName(), b.item("missing-folder").ErrorFileName(),
	}
	slices.Sort(want)
	if got := b.files(); !slices.Equal(got, want) {
		t.Errorf("output folder = %v, want %v", got, want)
	}
	if rep := b.readReport("github.com/octo/clinic@v1.2"); rep.Target.Commit != tagCommit || rep.Target.Path != "github.com/octo/clinic@v1.2" || rep.Verdict != report.VerdictFail {
		t.Errorf("octo/clinic@v1.2: target %+v, verdict %s", rep.Target, rep.Verdict)
	}
	if rep := b.readReport("clinic-local"); rep.Target.Path != "clinic-local" || rep.Verdict != report.VerdictNeedsReview {
		t.Errorf("the local folder (relative to the list's folder): target %+v, verdict %s", rep.Target, rep.Verdict)
	}
	if rec := b.readRecord("github.com/octo/gone"); rec.Kind != batch.KindNotFound || rec.ExitCode != ExitUsage || !strings.Contains(rec.Error, "no such repository") {
		t.Errorf("error record of octo/gone = %+v", rec)
	}
	if rec := b.readRecord("missing-folder"); rec.Kind != batch.KindUsage || !strings.Contains(rec.Error, "missing-folder is not a directory to evaluate") {
		t.Errorf("error record of the missing folder = %+v", rec)
	}
	inOrder(t, "stderr", stderr, "listed again; evaluated once\n/dpgcheck batch: \\[1/5\\]/\n/dpgcheck batch: \\[5/5\\]/\n"+
		"dpgcheck batch: 3 evaluated (0 pass, 1 fail, 2 need review), 2 failed to evaluate")
	if n := b.tarballs(); n != 2 {
		t.Errorf("%d tarballs downloaded, want 2", n)
	}

	// --resume evaluates only what has no report: the two failures. The
	// repository exists now; its stale error record goes.
	b.fake.Serve("octo", "gone", githubtest.Archive{DefaultBranch: "main", Refs: map[string]string{"main": mainCommit},
		Tarballs: map[string][]byte{mainCommit: githubtest.RepoTarball("octo-gone-0123456", clinicFiles, mainCommit)}})
	code, stderr = b.batch(context.Background(), "--resume")
	if code != ExitPass {
		t.Fatalf("resume: exit %d\n%s", code, stderr)
	}
	inOrder(t, "stderr", stderr, "3 of 5 already have a report\ndpgcheck batch: 1 evaluated (0 pass, 0 fail, 1 need review), 1 failed to evaluate")
	if n := b.tarballs(); n != 3 {
		t.Errorf("%d tarballs downloaded in all, want 3: the resumed run downloads only octo/gone", n)
	}
	if _, err := os.Stat(filepath.Join(b.out(), b.item("github.com/octo/gone").ErrorFileName())); !os.IsNotExist(err) {
		t.Errorf("the stale error record of octo/gone is still there: %v", err)
	}
	b.readReport("github.com/octo/gone")

	// merge summarises the folder.
	var stdout, errOut bytes.Buffer
	code = Run(context.Background(), Env{Args: []string{"batch", "merge", b.out()}, Getenv: func(string) string { return "" },
		Stdout: &stdout, Stderr: &errOut, Now: time.Now})
	if code != ExitPass {
		t.Fatalf("merge: exit %d\n%s", code, errOut.String())
	}
	var s batch.Summary
	data, err := os.ReadFile(filepath.Join(b.out(), "summary.json"))
	if err != nil || json.Unmarshal(data, &s) != nil {
		t.Fatalf("summary.json: %v\n%s", err, data)
	}
	if len(s.Evaluated) != 4 || len(s.Failed) != 1 || s.Failed[0].Target != "missing-folder" {
		t.Errorf("summary: %d evaluated, failed %+v; want 4 and missing-folder", len(s.Evaluated), s.Failed)
	}
	for _, name := range []string{"summary.csv", "summary.md", "summary.html"} {
		if _, err := os.Stat(filepath.Join(b.out(), name)); err != nil {
			t.Error(err)
		}
	}
	md, _ := os.ReadFile(filepath.Join(b.out(), "summary.md"))
	if !strings.Contains(string(md), "[github.com/octo/clinic@​v1.2](https://github.com/octo/clinic/tree/"+tagCommit+")") {
		t.Errorf("summary.md does not link octo/clinic@v1.2 at its commit:\n%s", md)
	}
	inOrder(t, "stderr", errOut.String(), "dpgcheck batch merge: 4 evaluated (0 pass, 1 fail, 3 need review), 1 failed to evaluate; wrote")
}

// TestBatchShardsCoverTheListOnce: the shards of a list, run into one
// folder, evaluate every item exactly once.
func TestBatchShardsCoverTheListOnce(t *testing.T) {
	t.Parallel()
	var list strings.Builder
	local := map[string]map[string]string{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		list.WriteString("repos/" + name + "\n")
		local["repos/"+name] = map[string]string{"README.md": "# " + name + "\n"}
	}
	b := newBatchRunner(t, list.String(), local)
	seen := map[string]int{}
	for _, shard := range []string{"1/3", "2/3", "3/3"} {
		before := b.files0()
		code, stderr := b.batch(context.Background(), "--shard", shard, "--jobs", "1")
		if code != ExitPass {
			t.Fatalf("shard %s: exit %d\n%s", shard, code, stderr)
		}
		for _, f := range b.files() {
			if !slices.Contains(before, f) {
				seen[f]++
			}
		}
	}
	if len(seen) != 8 {
		t.Errorf("%d reports from 3 shards, want 8: %v", len(seen), seen)
	}
}

func (b *batchRunner) files0() []string {
	if _, err := os.Stat(b.out()); err != nil {
		return nil
	}
	return b.files()
}

// TestBatchInterruptedLosesNothing: an interrupted batch keeps the reports
// it wrote, writes no partial report and no error record for the item it
// was evaluating, removes its temporary folder, and says how to go on.
func TestBatchInterruptedLosesNothing(t *testing.T) {
	t.Parallel()
	b := newBatchRunner(t, "local-a\ngithub.com/octo/slow\n", map[string]map[string]string{"local-a": clinicFiles})
	started := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		tgz := githubtest.RepoTarball("octo-slow-0123456", clinicFiles, mainCommit)
		w.Write(tgz[:len(tgz)/2])
		w.(http.Flusher).Flush()
		close(started)
		<-q.Context().Done()
	}))
	t.Cleanup(slow.Close)
	b.fake.Serve("octo", "slow", githubtest.Archive{DefaultBranch: "main"})
	b.fake.Routes["GET /repos/octo/slow/tarball/"] = func(w http.ResponseWriter, q *http.Request) {
		http.Redirect(w, q, slow.URL+"/octo/slow/legacy.tar.gz/"+mainCommit, http.StatusFound)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	code, stderr := b.batch(ctx, "--jobs", "1")
	if code != ExitError || !strings.Contains(stderr, "interrupted: 1 of 2 done; rerun with --resume") {
		t.Errorf("exit %d, want 3 and how to go on\n%s", code, stderr)
	}
	if got, want := b.files(), []string{b.item("local-a").FileName()}; !slices.Equal(got, want) {
		t.Errorf("output folder = %v, want only %v", got, want)
	}
}

func TestBatchUsageErrors(t *testing.T) {
	t.Parallel()
	b := newBatchRunner(t, "github.com/octo/clinic\ngithub.com/octo\n", nil)
	run := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), Env{Args: args, Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr, Now: time.Now})
		return code, stderr.String()
	}
	list := filepath.Join(b.work, "list.txt")
	good := filepath.Join(b.work, "good.txt")
	os.WriteFile(good, []byte("github.com/octo/clinic\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"batch", "--out", b.out()}, "batch needs --list FILE"},
		{[]string{"batch", "--list", list, "--out", b.out()}, list + ":2: github.com/octo: no REPO after the owner"},
		{[]string{"batch", "--list", list, "--out", b.out(), "--shard", "3/2"}, `--shard "3/2" is not i/N`},
		{[]string{"batch", "--list", list, "--out", b.out(), "--jobs", "0"}, "--jobs 0 is not between 1 and 256"},
		{[]string{"batch", "--list", b.work, "--out", b.out()}, "is not a regular file"},
		{[]string{"batch", "--list", good, "--out", good}, "is not a folder"},
		{[]string{"batch", "--list", list, "--out", b.out(), "github.com/octo/clinic"}, "batch takes its repositories from --list FILE"},
		{[]string{"batch", "merge", filepath.Join(b.work, "nothing")}, "is not a folder of reports"},
		{[]string{"batch", "merge"}, "batch merge takes one folder"},
	} {
		code, stderr := run(c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", c.args[1:], code, c.want, stderr)
		}
	}
	if _, err := os.Stat(b.out()); !os.IsNotExist(err) {
		t.Errorf("a batch refused for its flags made the output folder: %v", err)
	}
}

// TestBatchWritesNothingOutsideOut: downloads go to hidden folders of
// --out, not to the system's temporary folder, and are removed.
func TestBatchWritesNothingOutsideOut(t *testing.T) {
	t.Parallel()
	b := newBatchRunner(t, "github.com/octo/clinic\n", nil)
	code, stderr := b.batch(context.Background())
	if code != ExitPass {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(b.work)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"list.txt", "out"}) {
		t.Errorf("work folder = %v, want list.txt and out only", names)
	}
	// b.batch checked that TMPDIR is empty.
}

func TestWriteAtomicLeavesNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writeAtomic(dir, "r.json", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(filepath.Join(dir, "missing"), "r.json", []byte("{}")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	os.Mkdir(filepath.Join(dir, "d.json"), 0o755)
	if err := writeAtomic(dir, "d.json", []byte("{}")); err == nil {
		t.Error("renaming over a folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"d.json", "r.json"}) {
		t.Errorf("folder = %v: a temporary file was left behind", names)
	}
	info, _ := os.Stat(filepath.Join(dir, "r.json"))
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
}

// TestProgressOnATerminal: one bar redrawn in place, failures kept above it.
func TestProgressOnATerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := &progress{w: &buf, terminal: true, total: 2}
	items, _, _ := batch.ParseList(strings.NewReader("github.com/octo/clinic\ngithub.com/octo/gone\n"))
	p.step(batchResult{item: items[0], verdict: report.VerdictPass}, true)
	p.step(batchResult{item: items[1], failure: &batch.ErrorRecord{Kind: batch.KindNotFound, Error: "no such repository"}}, true)
	p.finish()
	got := buf.String()
	for _, want := range []string{"\r\x1b[K███████████████░░░░░░░░░░░░░░░ 1/2 · 0 failed · github.com/octo/clinic",
		"\r\x1b[Kgithub.com/octo/gone: failed to evaluate (not-found): no such repository\n", "2/2 · 1 failed · github.com/octo/gone\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress lacks %q:\n%q", want, got)
		}
	}
}
