package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// dpgcheck batch evaluates the items of a list (repositories by name,
// folders) with bounded concurrency and writes one JSON report per item into
// the output folder, or an error record for an item that could not be
// evaluated. Every file is written to a temporary file in the folder and
// renamed, so a report is whole or absent: an interrupted run loses nothing
// done, and --resume skips the items that have a report. Repositories are
// downloaded into hidden folders of the output folder, removed after each
// evaluation: a batch writes nothing outside --out. dpgcheck batch merge
// summarises a folder (internal/batch).

// batchOptions are the parsed flags of "batch".
type batchOptions struct {
	list, out string
	jobs      int
	shard     batch.Shard
	resume    bool
	standards []string
	govstack  govstackChoice
	failOn    report.FailOn
	apiURL    string
	verbose   bool
}

func runBatch(ctx context.Context, env Env, args []string) (int, error) {
	if len(args) > 0 && args[0] == "merge" {
		return runMerge(env, args[1:])
	}
	o, err := parseBatchFlags(args, env.Stderr)
	if err != nil {
		return 0, err
	}
	b, err := newBatchRun(ctx, env, o)
	if err != nil {
		return 0, err
	}
	return b.run(ctx)
}

func parseBatchFlags(args []string, stderr io.Writer) (*batchOptions, error) {
	fl := flag.NewFlagSet("dpgcheck batch", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o := &batchOptions{}
	standards := fl.String("standard", "dpg", "")
	failOn := fl.String("fail-on", "required", "")
	shard := fl.String("shard", "1/1", "")
	fl.StringVar(&o.list, "list", "", "")
	fl.StringVar(&o.out, "out", "", "")
	fl.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "")
	fl.BoolVar(&o.resume, "resume", false, "")
	fl.StringVar(&o.apiURL, "api-url", "", "")
	fl.BoolVar(&o.verbose, "v", false, "")
	fl.StringVar(&o.govstack.version, "govstack-version", "", "")
	fl.StringVar(&o.govstack.buildingBlock, "building-block", "", "")
	fl.StringVar(&o.govstack.referenceSpec, "reference-spec", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usageText)
		}
		return nil, usagef("%v (see dpgcheck help)", err)
	}
	if fl.NArg() > 0 {
		return nil, usagef("batch takes its repositories from --list FILE, not from arguments (%s)", strings.Join(fl.Args(), " "))
	}
	if o.list == "" || o.out == "" {
		return nil, usagef("batch needs --list FILE (one github.com/OWNER/REPO[@REF] or folder a line) and --out DIR")
	}
	if o.jobs < 1 || o.jobs > 256 {
		return nil, usagef("--jobs %d is not between 1 and 256", o.jobs)
	}
	var err error
	if o.shard, err = batch.ParseShard(*shard); err != nil {
		return nil, usagef("%v", err)
	}
	if o.standards, err = selectStandards(strings.Split(*standards, ","), o.govstack, criteria.Builtin()); err != nil {
		return nil, err
	}
	if o.failOn, err = report.ParseFailOn(*failOn); err != nil {
		return nil, usagef("%v", err)
	}
	if o.failOn == report.FailOnRegression {
		return nil, usagef("--fail-on regression compares a pull request with its base; a batch evaluates repositories as they are")
	}
	return o, nil
}

// batchRun is one run of dpgcheck batch.
type batchRun struct {
	env      Env
	o        *batchOptions
	log      *slog.Logger // the run's own messages
	evalLog  *slog.Logger // the evaluations': warnings only, unless -v
	items    []batch.Item
	listDir  string // local items are relative to the list's folder
	prepared engine.Options
	access   gitHubAccess
	client   *github.Client // nil when the list names no repository
	progress *progress
}

func newBatchRun(ctx context.Context, env Env, o *batchOptions) (*batchRun, error) {
	b := &batchRun{env: env, o: o, log: newLogger(env.Stderr, o.verbose)}
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	b.evalLog = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	data, err := readListFile(o.list)
	if err != nil {
		return nil, err
	}
	items, dups, err := batch.ParseList(bytes.NewReader(data))
	if err != nil {
		var le *batch.ListError
		if errors.As(err, &le) && le.Line > 0 {
			return nil, usagef("%s:%d: %s", o.list, le.Line, le.Msg)
		}
		return nil, usagef("%s: %v", o.list, err)
	}
	for _, d := range dups {
		b.log.Warn("listed again; evaluated once", "list", o.list, "line", d.Line, "first", d.First, "item", d.Text)
	}
	b.items = o.shard.Select(items)
	b.listDir = filepath.Dir(o.list)
	if info, err := os.Stat(o.out); err == nil && !info.IsDir() {
		return nil, usagef("--out %s is not a folder", o.out)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return nil, fmt.Errorf("make the output folder: %w", err)
	}
	e := evaluation{standards: o.standards, govstack: o.govstack, failOn: o.failOn, log: b.evalLog}
	if b.prepared, err = prepare(ctx, env, e); err != nil {
		return nil, err
	}
	b.access = newGitHubAccess(env, o.apiURL)
	for _, it := range b.items {
		if it.Remote != nil {
			if b.client, err = b.access.client(ctx); err != nil {
				return nil, err
			}
			break
		}
	}
	return b, nil
}

// maxListFile caps what is read of a list file (batch.ParseList says when
// it is larger).
const maxListFile = batch.MaxListBytes + 1

// readListFile reads a list: a regular file, opened without blocking (a
// FIFO put in its place cannot stall the run).
func readListFile(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, usagef("--list: %v", err)
	}
	if !info.Mode().IsRegular() {
		return nil, usagef("--list %s is not a regular file", name)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, usagef("--list: %v", err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxListFile))
}

// batchResult is what became of one item.
type batchResult struct {
	item    batch.Item
	verdict report.Verdict     // when evaluated
	failure *batch.ErrorRecord // when it could not be
	err     error              // a report or record that could not be written; an interruption
	took    time.Duration
}

func (b *batchRun) run(ctx context.Context) (int, error) {
	start := b.env.Now()
	todo := b.items
	if b.o.resume {
		todo = nil
		for _, it := range b.items {
			if info, err := os.Lstat(filepath.Join(b.o.out, it.FileName())); err == nil && info.Mode().IsRegular() {
				continue
			}
			todo = append(todo, it)
		}
		if done := len(b.items) - len(todo); done > 0 {
			fmt.Fprintf(b.env.Stderr, "dpgcheck batch: %d of %d already have a report in %s (--resume)\n", done, len(b.items), b.o.out)
		}
	}
	b.progress = newProgress(b.env, len(todo))
	jobs := make(chan batch.Item)
	results := make(chan batchResult)
	var wg sync.WaitGroup
	for range min(b.o.jobs, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				results <- b.one(ctx, it)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, it := range todo {
			select {
			case jobs <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	counts := map[report.Verdict]int{}
	failed, done := 0, 0
	var writeErr error
	for res := range results {
		switch {
		case res.err != nil && ctx.Err() != nil:
			continue // interrupted: not done, retried by --resume
		case res.err != nil:
			if writeErr == nil {
				writeErr = res.err
			}
			b.progress.step(res, false)
			continue
		case res.failure != nil:
			failed++
		default:
			counts[res.verdict]++
		}
		done++
		b.progress.step(res, true)
	}
	b.progress.finish()
	took := b.env.Now().Sub(start).Round(100 * time.Millisecond)
	fmt.Fprintf(b.env.Stderr, "dpgcheck batch: %d evaluated (%d pass, %d fail, %d need review), %d failed to evaluate, in %s; reports in %s\n",
		counts[report.VerdictPass]+counts[report.VerdictFail]+counts[report.VerdictNeedsReview],
		counts[report.VerdictPass], counts[report.VerdictFail], counts[report.VerdictNeedsReview], failed, took, safetext.Line(b.o.out))
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("interrupted: %d of %d done; rerun with --resume to evaluate the rest", done, len(todo))
	}
	if writeErr != nil {
		return 0, writeErr
	}
	return ExitPass, nil
}

// one evaluates one item and writes its report, or its error record.
func (b *batchRun) one(ctx context.Context, it batch.Item) batchResult {
	start := time.Now()
	res := batchResult{item: it}
	r, err := b.evaluate(ctx, it)
	res.took = time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			res.err = ctx.Err()
			return res
		}
		res.failure = errorRecord(it, err)
		data, merr := recordJSON(res.failure)
		if merr == nil {
			merr = writeAtomic(b.o.out, it.ErrorFileName(), data)
		}
		res.err = merr
		return res
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, r, render.Options{FailOn: b.o.failOn}); err != nil {
		res.err = err
		return res
	}
	if err := writeAtomic(b.o.out, it.FileName(), buf.Bytes()); err != nil {
		res.err = err
		return res
	}
	// A record of an earlier failure is stale now.
	if err := os.Remove(filepath.Join(b.o.out, it.ErrorFileName())); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.log.Warn("could not remove an old error record", "file", it.ErrorFileName(), "error", err)
	}
	res.verdict = r.Verdict
	return res
}

// evaluate evaluates one item: a repository is downloaded into a hidden
// folder of the output folder, removed afterwards; a folder is read where
// it is (relative to the list's folder).
func (b *batchRun) evaluate(ctx context.Context, it batch.Item) (*report.Report, error) {
	o := b.prepared
	o.Log = b.evalLog.With("item", it.String())
	if it.Remote == nil {
		dir := it.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(b.listDir, filepath.FromSlash(dir))
		}
		o.Host = tokenFacts(b.env, b.o.apiURL)
		return evaluateIn(ctx, dir, it.Path, b.o.govstack.referenceSpec, o)
	}
	tree, err := fetchRemote(ctx, b.client, b.access, *it.Remote, b.o.out, b.env.Now, o.Log)
	if err != nil {
		return nil, err
	}
	defer tree.close()
	var e evaluation
	tree.point(&e, b.client, b.access)
	o.Target, o.Host = e.target, e.host
	return evaluateIn(ctx, tree.dir, it.String(), b.o.govstack.referenceSpec, o)
}

// errorRecord describes an item that could not be evaluated: why (its
// kind) and the exit code dpgcheck check would give.
func errorRecord(it batch.Item, err error) *batch.ErrorRecord {
	rec := &batch.ErrorRecord{Version: batch.RecordVersion, Target: it.String(), Kind: batch.KindError, Error: err.Error(), ExitCode: ExitError}
	var re *remoteError
	var ue *usageError
	switch {
	case errors.As(err, &re):
		rec.Kind, rec.ExitCode = re.kind, re.exitCode()
	case errors.As(err, &ue):
		rec.Kind, rec.ExitCode = batch.KindUsage, ExitUsage
	}
	return rec
}

func recordJSON(rec *batch.ErrorRecord) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return nil, err
	}
	return safetext.JSON(buf.Bytes()), nil
}

// writeAtomic writes data to dir/name through a temporary file in dir,
// synced and renamed: a reader, or a run after a crash, sees the whole file
// or none.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
