// Package engine owns building a Report: it discovers the configuration,
// walks the tree once (evidence), decides every criterion (rules), evaluates
// a pull request's base the same way, judges the dependencies it adds,
// records what the pull request changed (compare) and finalizes the report
// exactly once. It is the only place a Report is built; the command line,
// the Action and the App server all call Evaluate.
//
// It reads only the trees it is given. What needs the network (what the code
// host shows a reviewer, GitHub's dependency review) is asked through
// functions the caller supplies, and only when a decision depends on it; the
// engine reads no environment and no flags.
package engine

import (
	"context"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/compare"
	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/rules"
)

// Options say what to evaluate and how.
type Options struct {
	// Standards are catalogue standard ids ("dpg", "govstack-cfr", a
	// building block's "govstack-bb-<name>").
	Standards []string
	// Catalog is the catalogue the standards come from; nil is the built-in
	// one. A building block's API criterion is added by LoadReference.
	Catalog *criteria.Catalog
	// Reference is a building block's reference API (LoadReference).
	Reference *rules.Reference
	// Registry is the project's DPGA registry record (LoadRegistry); its
	// criterion compares the repository with what was certified.
	Registry *rules.Registry
	// Config is a configuration the caller read (--config); nil discovers
	// .github/dpgcheck.yml or .dpgcheck.yml in the head tree.
	Config *ConfigFile
	FailOn report.FailOn
	// Now is the time waivers expire against.
	Now time.Time
	// Target says what was evaluated: the path as the user gave it, and the
	// repository, ref and commit when the caller knows them better than the
	// checkout's .git (an Action event, a downloaded tarball).
	Target report.Target
	// Tool names the program that writes the report.
	Tool report.Tool
	// Host, when set, is asked what the code host knows about the
	// repository ("owner/name"), only when a rule says it could settle a
	// criterion the repository leaves open, and at most once per Evaluate.
	Host func(ctx context.Context, repository string) *hosting.Facts
	// Base, when set, compares the head with a pull request's base.
	Base *Base
	// Log receives progress; nil discards it.
	Log *slog.Logger
}

// ConfigFile is a configuration read by the caller.
type ConfigFile struct {
	Name string // as shown in messages and evidence
	Data []byte
}

// Base is the base a pull request (or --base) is compared with.
type Base struct {
	// FS is the base tree, nil when it could not be had; Reason then says
	// why in a user's words, and what to do about it.
	FS     fs.FS
	Reason string
	Commit string
	Source string // "git" or "api"
	// Unreadable, when set, is asked after the base was walked: an error
	// means an object could not be read, and the base is unknown.
	Unreadable func() error
	// Review, when set, asks the code host which dependencies the pull
	// request changes (GitHub's dependency review); it is asked only when
	// the base or the head has a manifest.
	Review func(ctx context.Context) ([]ReviewedDependency, error)
}

// Evaluate evaluates head (and, with o.Base, the base) and returns the
// finished report. Errors are a *ConfigError for a configuration that cannot
// be used, or an I/O error reading the head.
//
// The base is evaluated beside the head, on its own goroutine: neither reads
// the other's results until both are done.
func Evaluate(ctx context.Context, head fs.FS, o Options) (*report.Report, error) {
	o = o.withDefaults()
	host := &hostOnce{ask: o.Host}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var base <-chan baseResult
	if o.Base != nil && o.Base.FS != nil {
		base = evaluateBase(ctx, o, host)
	}
	r, repo, err := evaluateTree(ctx, head, o, host)
	if err != nil {
		if base != nil {
			cancel()
			<-base // no work outlives the call
		}
		return nil, err
	}
	if o.Base != nil {
		r.Notices = append(r.Notices, compareWithBase(ctx, head, r, repo, o, base)...)
	}
	r.Finalize(o.FailOn) // fail-on regression without a base decides like required (report.Policy)
	return r, nil
}

// baseResult is the evaluation of a pull request's base.
type baseResult struct {
	report *report.Report
	repo   *evidence.Repo
	err    error
}

// evaluateBase evaluates o.Base.FS on its own goroutine and delivers the
// result once.
func evaluateBase(ctx context.Context, o Options, host *hostOnce) <-chan baseResult {
	out := make(chan baseResult, 1)
	b := o.Base
	go func() {
		start := time.Now()
		bo := o
		bo.Log = o.Log.With("side", "base")                        // the same --config as the head; else the base's own
		bo.Target = report.Target{Repository: o.Target.Repository} // the same repository: the same facts of its host
		br, repo, err := evaluateTree(ctx, b.FS, bo, host)
		if err == nil && b.Unreadable != nil {
			err = b.Unreadable()
		}
		if err == nil {
			o.Log.Info("evaluated the base", "commit", shortSHA(b.Commit), "source", b.Source, "files", repo.Stats.Files,
				"duration", time.Since(start).Round(time.Millisecond))
		}
		out <- baseResult{br, repo, err}
	}()
	return out
}

func (o Options) withDefaults() Options {
	if o.Catalog == nil {
		o.Catalog = criteria.Builtin()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Tool.Name == "" {
		o.Tool = report.Tool{Name: "dpgcheck", Version: "dev"}
	}
	return o
}

// hostOnce asks the code host once per Evaluate: the base is judged with
// the same facts as the head, so a comparison never credits a change to
// them.
type hostOnce struct {
	ask   func(context.Context, string) *hosting.Facts
	once  sync.Once
	facts *hosting.Facts
}

func (h *hostOnce) get(ctx context.Context, repository string) *hosting.Facts {
	if h.ask == nil || repository == "" {
		return nil
	}
	h.once.Do(func() { h.facts = h.ask(ctx, repository) })
	return h.facts
}

// detector is shared by every evaluation of the process: the licence
// scanners it compiles are its expensive part (licensecheck compiles its
// patterns on first use).
var detector = sync.OnceValue(license.NewDetector)

// evaluateTree walks one tree and decides every criterion; the report is not
// finalized.
func evaluateTree(ctx context.Context, fsys fs.FS, o Options, host *hostOnce) (*report.Report, *evidence.Repo, error) {
	cfg, cfgPath, err := loadConfig(fsys, o.Config, o.Catalog)
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
		Progress:    func(n int) { o.Log.Info("walking the repository", "files", n) },
		GovStack:    slices.ContainsFunc(o.Standards, func(s string) bool { return strings.HasPrefix(s, "govstack") }),
	})
	if err != nil {
		return nil, nil, err
	}
	o.Log.Debug("walk done", "files", repo.Stats.Files, "read", repo.Stats.FilesRead, "bytes", repo.Stats.BytesRead)
	in := &rules.Input{Repo: repo, Config: cfg, Catalog: o.Catalog, Now: o.Now, Reference: o.Reference,
		Registry: o.Registry, Repository: o.Target.Repository}
	ev, err := rules.Evaluate(in, o.Standards)
	if err != nil {
		return nil, nil, err
	}
	var hostNotices []string
	if ev.WantsHosting {
		name := o.Target.Repository
		if name == "" {
			name = repo.Git.Repository
		}
		if facts := host.get(ctx, name); facts != nil {
			o.Log.Info("read what the code host shows a reviewer", "repository", name, "answered", facts.Known())
			in = &rules.Input{Repo: repo, Config: cfg, Catalog: o.Catalog, Now: o.Now, Reference: o.Reference,
				Registry: o.Registry, Repository: o.Target.Repository, Hosting: facts}
			if ev, err = rules.Evaluate(in, o.Standards); err != nil {
				return nil, nil, err
			}
			hostNotices = facts.Notices
		}
	}
	return assemble(repo, ev, o, hostNotices), repo, nil
}

// assemble builds the report of one evaluation.
func assemble(repo *evidence.Repo, ev rules.Evaluation, o Options, hostNotices []string) *report.Report {
	t := o.Target
	if t.Repository == "" {
		t.Repository = repo.Git.Repository
	}
	if t.Ref == "" {
		t.Ref = repo.Git.Ref
	}
	if t.Commit == "" {
		t.Commit = repo.Git.Commit
	}
	r := &report.Report{
		Version:  report.FormatVersion,
		Tool:     o.Tool,
		Target:   t,
		Project:  ev.Project,
		Licenses: ev.Licenses,
		Findings: ev.Findings,
		Scan:     &report.Scan{Files: repo.Stats.Files, BytesRead: repo.Stats.BytesRead, Skipped: repo.Stats.Skipped},
		Notices:  slices.Concat(repo.Notices, ev.Notices, hostNotices),
	}
	for _, s := range o.Standards {
		st, _ := o.Catalog.Standard(s)
		r.Standards = append(r.Standards, report.StandardRef{ID: st.ID, Version: st.Version, Name: st.Name, URL: st.URL})
	}
	if o.Reference != nil {
		r.Notices = append(r.Notices, referenceNotices(o.Reference, 20)...)
	}
	if len(r.Scan.Skipped) == 0 {
		r.Scan.Skipped = nil
	}
	return r
}

// compareWithBase evaluates the base, diffs and judges the dependencies, and
// records what the pull request changed in r. It returns notices to show.
func compareWithBase(ctx context.Context, head fs.FS, r *report.Report, headRepo *evidence.Repo, o Options, base <-chan baseResult) []string {
	b := o.Base
	var notices []string
	target := report.BaseTarget{Commit: b.Commit, Source: b.Source}
	reason := b.Reason
	var baseReport *report.Report
	var baseRepo *evidence.Repo
	if base != nil {
		res := <-base
		if res.err != nil {
			reason = "the base could not be evaluated: " + res.err.Error()
		} else {
			baseReport, baseRepo = res.report, res.repo
		}
	}
	if baseReport == nil {
		target.Source, target.Reason = "", reason
		// The reason is in a user's words and, when the caller knows one,
		// says what to do (Base.Reason).
		notices = append(notices, "dpgcheck could not evaluate the pull request's base, so it cannot say what this pull request changed: "+
			reason+".")
	}
	deps, depNotices := dependencyChanges(ctx, r, headRepo, baseRepo, b.Review)
	notices = append(notices, depNotices...)
	in := compare.Input{Head: r, Base: baseReport, BaseTarget: target, Deps: deps,
		ReadHead: func(p string) ([]byte, bool) { return evidence.ReadText(head, p) }}
	if baseReport != nil {
		in.ReadBase = func(p string) ([]byte, bool) { return evidence.ReadText(b.FS, p) }
	}
	compare.Apply(in)
	if r.Policy(o.FailOn) != o.FailOn {
		notices = append(notices, "fail-on: regression needs the base; without it dpgcheck gated like fail-on: required.")
	}
	return notices
}

func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// loadConfig reads the configuration the caller gave, or the first candidate
// in the tree; none at all is the zero configuration.
func loadConfig(fsys fs.FS, given *ConfigFile, cat *criteria.Catalog) (*config.Config, []string, error) {
	known := func(id string) bool { _, ok := cat.Lookup(id); return ok }
	if given != nil {
		cfg, err := config.Parse(given.Name, given.Data, known)
		if err != nil {
			return nil, nil, &ConfigError{Err: err}
		}
		return cfg, nil, nil
	}
	for _, name := range config.Candidates {
		data, err := ReadConfig(fsys, name)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		cfg, err := config.Parse(name, data, known)
		if err != nil {
			return nil, nil, &ConfigError{Err: err}
		}
		return cfg, []string{name}, nil
	}
	return &config.Config{}, nil, nil
}
