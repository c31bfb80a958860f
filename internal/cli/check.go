package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
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
	apiURL     string // --api-url: the GitHub API of a repository named by its host
	registry   string // --registry: the project's DPGA registry record, a path or URL
	// repository is --repository OWNER/NAME: which GitHub repository a
	// folder is, when its .git does not say (an extracted archive).
	repository string
	// remote is the repository named instead of a folder
	// (github.com/OWNER/REPO[@REF]); nil for a folder.
	remote *batch.Remote
	// blobURL links evidence to its file at the evaluated commit (a
	// repository named by its host); nil for a folder.
	blobURL func(path string, line int) string
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
	fl.StringVar(&o.apiURL, "api-url", "", "")
	fl.StringVar(&o.registry, "registry", "", "")
	fl.StringVar(&o.repository, "repository", "", "")
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
	if o.repository != "" && !ownerName.MatchString(o.repository) {
		return nil, usagef("--repository %q is not OWNER/NAME", o.repository)
	}
	if batch.IsRemote(o.path) {
		if o.repository != "" {
			return nil, usagef("--repository names the GitHub repository of a folder; %s names its repository already", o.path)
		}
		t, err := batch.ParseRemote(o.path)
		if err != nil {
			return nil, usagef("%s: %v; write github.com/OWNER/REPO[@REF] or https://HOST/OWNER/REPO[/tree/REF]", o.path, err)
		}
		if o.base != "" {
			return nil, usagef("--base compares with a revision of the local git history; %s is not a folder on this machine", o.path)
		}
		o.remote = &t
	}
	return o, nil
}

func check(ctx context.Context, env Env, args []string) (int, error) {
	o, err := parseCheckFlags(args, env.Stderr)
	if err != nil {
		return 0, err
	}
	log := newLogger(env.Stderr, o.verbose)
	e := evaluation{dir: o.path, display: o.path, configFile: o.configFile, standards: o.standards, govstack: o.govstack,
		failOn: o.failOn, log: log, host: tokenFacts(env, o.apiURL), registry: o.registry,
		target: report.Target{Repository: o.repository}}
	if o.remote != nil {
		tree, err := checkRemote(ctx, env, o, &e)
		if err != nil {
			return 0, err
		}
		defer tree.close()
		o.blobURL = tree.blobURL
	}
	if o.base != "" {
		base, err := revisionBase(o.path, o.base)
		if err != nil {
			return 0, err
		}
		defer base.close()
		e.base = base.engine()
	}
	r, err := evaluateDir(ctx, env, e)
	if err != nil {
		return 0, err
	}
	if err := writeReport(env, o, r); err != nil {
		return 0, err
	}
	logSummary(log, r)
	return exitCode(r, o.failOn), nil
}

// ownerName is a GitHub repository's OWNER/NAME.
var ownerName = lazyregexp.New(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)

// exitCode is the gate: 1 when the verdict fails and the policy gates.
func exitCode(r *report.Report, failOn report.FailOn) int {
	if r.Gates(failOn) {
		return ExitFail
	}
	return ExitPass
}

func readFileCapped(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

func writeReport(env Env, o *checkOptions, r *report.Report) error {
	opts := render.Options{FailOn: o.failOn, Color: useColor(o, env), BlobURL: o.blobURL}
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
