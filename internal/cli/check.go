package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/rules"
)

// checkOptions are the parsed flags of "check".
type checkOptions struct {
	path       string
	standards  []string
	format     render.Format
	output     string
	configFile string
	failOn     report.FailOn
	color      string
	verbose    bool
	govstack   govstackChoice
	base       string // --base: a revision of the local history to compare with
}

func parseCheckFlags(args []string, stderr io.Writer) (*checkOptions, error) {
	fl := flag.NewFlagSet("dpgcheck check", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o := &checkOptions{}
	standards := fl.String("standard", "dpg", "")
	format := fl.String("format", "text", "")
	failOn := fl.String("fail-on", "required", "")
	fl.StringVar(&o.output, "output", "", "")
	fl.StringVar(&o.configFile, "config", "", "")
	fl.StringVar(&o.color, "color", "auto", "")
	fl.BoolVar(&o.verbose, "v", false, "")
	fl.StringVar(&o.govstack.version, "govstack-version", "", "")
	fl.StringVar(&o.govstack.buildingBlock, "building-block", "", "")
	fl.StringVar(&o.govstack.referenceSpec, "reference-spec", "", "")
	fl.StringVar(&o.base, "base", "", "")
	// Flags may come before or after the path: parse, take one positional
	// argument, and go on parsing what follows it.
	var paths []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stderr, usageText)
			}
			return nil, usagef("%v (see dpgcheck help)", err)
		}
		if fl.NArg() == 0 {
			break
		}
		paths = append(paths, fl.Arg(0))
		args = fl.Args()[1:]
	}
	switch len(paths) {
	case 0:
		o.path = "."
	case 1:
		o.path = paths[0]
	default:
		return nil, usagef("expected one PATH, got %d: %s", len(paths), strings.Join(paths, " "))
	}
	var err error
	if o.standards, err = selectStandards(strings.Split(*standards, ","), o.govstack, criteria.Builtin()); err != nil {
		return nil, err
	}
	o.format = render.Format(*format)
	if _, ok := render.Formats[o.format]; !ok {
		return nil, usagef("unknown format %q; formats are %s", *format, strings.Join(render.FormatNames(), ", "))
	}
	if o.format == "govstack-json" && o.govstack.buildingBlock == "" && !slices.ContainsFunc(o.standards, func(s string) bool { return strings.HasPrefix(s, "govstack") }) {
		return nil, usagef("--format govstack-json writes GovStack's compliance form; add --standard govstack or --building-block")
	}
	f, err := report.ParseFailOn(*failOn)
	if err != nil {
		return nil, usagef("%v", err)
	}
	o.failOn = f
	if o.failOn == report.FailOnRegression && o.base == "" {
		return nil, usagef("--fail-on regression compares with a base; give --base REV (for example --base origin/main)")
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return nil, usagef("--color %q is not auto, always or never", o.color)
	}
	if isRemote(o.path) {
		return nil, usagef("remote targets (%s) are not supported yet; clone the repository and pass its path", o.path)
	}
	return o, nil
}

func isRemote(p string) bool {
	return strings.HasPrefix(p, "github.com/") || strings.HasPrefix(p, "https://")
}

func check(ctx context.Context, env Env, args []string) (int, error) {
	o, err := parseCheckFlags(args, env.Stderr)
	if err != nil {
		return 0, err
	}
	log := newLogger(env.Stderr, o.verbose)
	r, head, err := runEvaluationRepo(ctx, env, evaluation{dir: o.path, display: o.path, configFile: o.configFile,
		standards: o.standards, govstack: o.govstack, failOn: o.failOn, log: log, host: tokenFacts(env)})
	if err != nil {
		return 0, err
	}
	if o.base != "" {
		if err := compareWithRevision(ctx, env, o, r, head); err != nil {
			return 0, err
		}
	}
	if err := writeReport(env, o, r); err != nil {
		return 0, err
	}
	logSummary(log, r)
	if r.Verdict == report.VerdictFail && o.failOn != report.FailOnNever {
		return ExitFail, nil
	}
	return ExitPass, nil
}

// evaluation is one run of the pipeline.
type evaluation struct {
	dir        string // the directory to evaluate
	display    string // how the report names it
	configFile string // --config; "" looks in the repository
	standards  []string
	govstack   govstackChoice
	failOn     report.FailOn
	log        *slog.Logger
	// host asks the code host what it knows about the repository, when the
	// repository leaves a criterion open that those facts can settle; nil
	// never asks.
	host       *hostFacts
	repository string // "owner/name" when the caller knows it (the action); else the checkout's origin

	// Set by prepare.
	cat *criteria.Catalog
	ref *rules.Reference
}

// runEvaluation opens the repository, loads its configuration, walks it once
// and evaluates it: config -> evidence -> rules -> report.
func runEvaluation(ctx context.Context, env Env, e evaluation) (*report.Report, error) {
	r, _, err := runEvaluationRepo(ctx, env, e)
	return r, err
}

// runEvaluationRepo is runEvaluation that also returns the evidence and the
// prepared evaluation (with the reference spec loaded), for a comparison
// with a pull request's base.
func runEvaluationRepo(ctx context.Context, env Env, e evaluation) (*report.Report, *headEvaluation, error) {
	root, err := os.OpenRoot(e.dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, os.ErrInvalid) || strings.Contains(err.Error(), "not a directory") {
			return nil, nil, usagef("%s is not a directory to evaluate", e.display)
		}
		return nil, nil, fmt.Errorf("open %s: %w", e.display, err)
	}
	defer root.Close()
	if e, err = prepare(ctx, e); err != nil {
		return nil, nil, err
	}
	r, repo, err := evaluateFS(ctx, env, root.FS(), e)
	if err != nil {
		return nil, nil, err
	}
	return r, &headEvaluation{evaluation: e, repo: repo}, nil
}

// headEvaluation is what a comparison with the base needs from the head's.
type headEvaluation struct {
	evaluation
	repo *evidence.Repo
}

// prepare loads what every evaluation of a run shares: the catalogue and,
// for a building block, its reference specification (fetched once).
func prepare(ctx context.Context, e evaluation) (evaluation, error) {
	e.cat = criteria.Builtin()
	if e.govstack.buildingBlock == "" {
		return e, nil
	}
	e.log.Info("reading the reference specification", "building-block", e.govstack.buildingBlock, "from", displaySource(e.govstack.referenceSpec))
	ref, cat, std, err := loadReference(ctx, e.govstack, e.cat, http.DefaultClient)
	if err != nil {
		return e, err
	}
	e.cat, e.ref = cat, ref
	e.standards = append(slices.Clone(e.standards), std.ID)
	ref.InRepo = pathInside(e.dir, e.govstack.referenceSpec)
	return e, nil
}

// evaluateFS walks one tree and evaluates it with a prepared evaluation.
func evaluateFS(ctx context.Context, env Env, fsys fs.FS, e evaluation) (*report.Report, *evidence.Repo, error) {
	cfg, cfgPath, err := loadConfig(fsys, e.configFile, e.cat)
	if err != nil {
		return nil, nil, err
	}
	var ignore, product func(string) bool
	if len(cfg.IgnoreSet) > 0 {
		ignore = cfg.IgnoreSet.Match
	}
	if len(cfg.ProductSet) > 0 {
		product = cfg.ProductSet.Match
	}
	repo, err := evidence.Build(ctx, fsys, evidence.Options{
		Detector:    detector(),
		Ignore:      ignore,
		Product:     product,
		AlreadyRead: cfgPath,
		Progress:    func(n int) { e.log.Info("walking the repository", "files", n) },
		GovStack:    slices.ContainsFunc(e.standards, func(s string) bool { return strings.HasPrefix(s, "govstack") }),
	})
	if err != nil {
		return nil, nil, err
	}
	if err := unreadableIn(fsys); err != nil {
		// A base from the local history with an object that could not be
		// read: its evaluation would count the file as absent.
		return nil, nil, err
	}
	e.log.Debug("walk done", "files", repo.Stats.Files, "read", repo.Stats.FilesRead, "bytes", repo.Stats.BytesRead)
	r, wants, err := evaluate(repo, cfg, e.cat, e.ref, nil, e, env)
	if err != nil || e.host == nil || !wants {
		return r, repo, err
	}
	name := repo.Git.Repository
	if e.repository != "" {
		name = e.repository
	}
	facts := e.host.get(ctx, name)
	if facts == nil {
		return r, repo, nil
	}
	e.log.Info("read what GitHub shows a reviewer", "repository", name, "answered", facts.Known())
	r, _, err = evaluate(repo, cfg, e.cat, e.ref, facts, e, env)
	if err == nil {
		r.Notices = append(r.Notices, facts.Notices...)
	}
	return r, repo, err
}

// sharedDetector is built once per process: the licence scanners it caches are
// its expensive part.
var sharedDetector = license.NewDetector()

func detector() *license.Detector { return sharedDetector }

// loadConfig reads the configuration named by --config, or the first
// candidate in the repository; none at all is the zero configuration. A
// configuration that is not a regular file, too large or invalid is a
// configuration error (exit 2); a candidate that exists but cannot be read
// is an error, never skipped (the evaluation would silently lose its
// attestations and waivers).
func loadConfig(fsys fs.FS, explicit string, cat *criteria.Catalog) (*config.Config, []string, error) {
	known := func(id string) bool { _, ok := cat.Lookup(id); return ok }
	if explicit != "" {
		data, err := readConfigPath(explicit)
		if err != nil {
			return nil, nil, configError(err, "")
		}
		cfg, err := config.Parse(explicit, data, known)
		if err != nil {
			return nil, nil, &usageError{err.Error()}
		}
		return cfg, nil, nil
	}
	for _, name := range config.Candidates {
		data, err := readConfigFS(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, configError(err, name)
		}
		cfg, err := config.Parse(name, data, known)
		if err != nil {
			return nil, nil, &usageError{err.Error()}
		}
		return cfg, []string{name}, nil
	}
	return &config.Config{}, nil, nil
}

// configError classifies an error reading the configuration: a *config.Error
// (not a regular file, too large) and any error about --config (explicit is
// "") are usage errors; an I/O error reading a file in the repository is a
// runtime error.
func configError(err error, inRepo string) error {
	var cerr *config.Error
	if errors.As(err, &cerr) || inRepo == "" {
		return &usageError{err.Error()}
	}
	return err
}

// readConfigFS reads the configuration name of fsys. A missing file is an
// error wrapping fs.ErrNotExist; a file that is not regular or is too large
// is a *config.Error naming it. The file is stat'ed before it is opened:
// opening a FIFO would block until a writer appears.
func readConfigFS(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(name, info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return readConfigOpened(name, f)
}

// readConfigPath reads the configuration file at path (--config) as
// readConfigFS does, and opens it without blocking, so that not even a FIFO
// put in place after the stat can stall the read.
func readConfigPath(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(path, info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return readConfigOpened(path, f)
}

// readConfigOpened checks the opened file again (it may have been replaced
// since it was stat'ed) and reads it within the cap.
func readConfigOpened(name string, f fs.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(name, info); err != nil {
		return nil, err
	}
	return config.Read(name, f)
}

func readFileCapped(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// evaluate runs the rules and assembles the report.
// evaluate decides every criterion; wantsHost says that what the code host
// knows could settle a criterion left open (see rules.Evaluation).
func evaluate(repo *evidence.Repo, cfg *config.Config, cat *criteria.Catalog, ref *rules.Reference, host *hosting.Facts, o evaluation, env Env) (r *report.Report, wantsHost bool, err error) {
	in := &rules.Input{Repo: repo, Config: cfg, Catalog: cat, Now: env.Now(), Reference: ref, Hosting: host}
	ev, err := rules.Evaluate(in, o.standards)
	if err != nil {
		return nil, false, err
	}
	r = &report.Report{
		Version: report.FormatVersion,
		Tool:    report.Tool{Name: "dpgcheck", Version: Version()},
		Target: report.Target{Path: filepath.ToSlash(o.display), Repository: repo.Git.Repository,
			Ref: repo.Git.Ref, Commit: repo.Git.Commit},
		Project:  ev.Project,
		Licenses: ev.Licenses,
		Findings: ev.Findings,
		Scan:     &report.Scan{Files: repo.Stats.Files, BytesRead: repo.Stats.BytesRead, Skipped: repo.Stats.Skipped},
		Notices:  append(slices.Clone(repo.Notices), ev.Notices...),
	}
	for _, s := range o.standards {
		st, _ := cat.Standard(s)
		r.Standards = append(r.Standards, report.StandardRef{ID: st.ID, Version: st.Version, Name: st.Name})
	}
	if ref != nil {
		r.Notices = append(r.Notices, referenceNotices(ref, 20)...)
	}
	if len(r.Scan.Skipped) == 0 {
		r.Scan.Skipped = nil
	}
	r.Finalize(o.failOn)
	return r, ev.WantsHosting, nil
}

func writeReport(env Env, o *checkOptions, r *report.Report) error {
	opts := render.Options{FailOn: o.failOn, Color: useColor(o, env)}
	var buf bytes.Buffer
	if err := render.Formats[o.format](&buf, r, opts); err != nil {
		return err
	}
	if o.output == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func useColor(o *checkOptions, env Env) bool {
	switch {
	case o.color == "always":
		return true
	case o.color == "never", o.output != "", o.format != "text", env.Getenv("NO_COLOR") != "", env.Getenv("TERM") == "dumb":
		return false
	}
	f, ok := env.Stdout.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func logSummary(log *slog.Logger, r *report.Report) {
	s := r.Summary
	log.Debug("evaluated", "verdict", r.Verdict, "pass", s.Pass, "fail", s.Fail, "needs-review", s.NeedsReview,
		"not-applicable", s.NotApplicable, "unknown", s.Unknown)
}
