package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/dpgcheck/dpgcheck/internal/action"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/publish"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// reportFile is where the action writes the JSON report, relative to the
// workspace (Docker actions see the workspace, not RUNNER_TEMP).
const reportFile = ".dpgcheck/report.json"

// forkNotice explains a read-only token, the usual cause being a pull request
// from a fork.
const forkNotice = "dpgcheck could not create its check run or pull-request comment: the token is read-only " +
	"(GitHub gives fork pull requests a read-only token). The results are in this job summary and as annotations. " +
	"To get the check run and comment on fork pull requests, use the two-workflow pattern (a `pull_request` job " +
	"that uploads the report and a `workflow_run` job that posts it) or install dpgcheck as a GitHub App; see " +
	"https://github.com/dpgcheck/dpgcheck#pull-requests-from-forks."

// actionRun is one run of "dpgcheck action".
type actionRun struct {
	env    Env
	gha    *githubactions.Action
	log    *slog.Logger
	in     action.Inputs
	event  action.Event
	repo   github.Repo
	client *github.Client
	// settings bound the conversation with GitHub (tests point the
	// transport at a fake GitHub and make the limits short).
	settings publishSettings
	// publish shows the report on GitHub (check run, comment) and records
	// what it could not: a read-only token (Degraded) and other failures.
	publish *publish.Publisher

	standards []string // resolved from the standards input
	govstack  govstackChoice

	outputs []action.Output
}

// runAction is the container entrypoint inside GitHub Actions.
func runAction(ctx context.Context, env Env, transport http.RoundTripper) (int, error) {
	return runActionWith(ctx, env, publishSettings{transport: transport})
}

// runActionWith is runAction with the limits of publishing set (tests make
// them short).
func runActionWith(ctx context.Context, env Env, settings publishSettings) (int, error) {
	gha := githubactions.New(githubactions.WithGetenv(env.Getenv), githubactions.WithWriter(env.Stdout))
	a := &actionRun{env: env, gha: gha, log: newLogger(env.Stderr, env.Getenv("RUNNER_DEBUG") == "1"), settings: settings}
	in, err := action.ReadInputs(gha.GetInput)
	if err != nil {
		return 0, usagef("%v", err)
	}
	a.in = in
	a.govstack = govstackChoice{version: in.GovStackVersion, buildingBlock: in.BuildingBlock, referenceSpec: in.ReferenceSpec}
	if a.standards, err = selectStandards(in.Standards, a.govstack, criteria.Builtin()); err != nil {
		return 0, usagef("input standards: %v", err)
	}
	ghctx, err := gha.Context()
	if err != nil {
		return 0, fmt.Errorf("read the Actions context: %w", err)
	}
	if a.event, err = action.ReadEvent(ghctx); err != nil {
		return 0, err
	}
	if a.event.Name == "pull_request_target" && !in.AllowPullRequestTarget {
		return 0, usagef("dpgcheck refuses to run on pull_request_target: that event runs with a write token and secrets in " +
			"the base repository's context, where evaluating a fork's files needs care. Use the pull_request event, or set " +
			"allow-pull-request-target: true if the workflow checks out the pull request's head deliberately and you accept this")
	}
	if why := a.event.Skip(); why != "" {
		gha.Noticef("dpgcheck skipped: %s", why)
		return ExitPass, nil
	}
	if a.repo, err = github.ParseRepo(a.event.Repository); err != nil {
		return 0, fmt.Errorf("GITHUB_REPOSITORY: %w", err)
	}
	a.publish = publish.New(nil, publish.Target{Repo: a.repo, HeadSHA: a.event.HeadSHA, PR: a.event.PR, Path: a.in.Path,
		Standards: publish.CommentStandards(a.standards, a.govstack.buildingBlock), CheckName: a.in.CheckName,
		DetailsURL: a.event.RunURL(), RunID: a.event.RunID, Attempt: a.event.RunAttempt}, settings.budget, env.Now, a.log)
	a.publish.OnFailure = func(f publish.Failure) { a.gha.Errorf("dpgcheck could not %s: %s", f.What, github.Describe(f.Err)) }
	return a.run(ctx)
}

func (a *actionRun) run(ctx context.Context) (int, error) {
	failOn, err := report.ParseFailOn(a.in.FailOn)
	if err != nil {
		return 0, usagef("input fail-on: %v", err)
	}
	mode, err := github.ParseCommentMode(a.in.Comment)
	if err != nil {
		return 0, usagef("input %v", err)
	}
	a.connect(ctx)
	if a.client != nil && a.event.Name == "workflow_run" && a.event.PR == 0 && a.event.HeadBranch != "" && a.event.Triggered == "pull_request" {
		a.publish.Step(ctx, "find the pull request of the workflow run", func(ctx context.Context) (err error) {
			a.event.PR, err = a.client.FindPullRequest(ctx, a.repo, a.event.HeadOwner, a.event.HeadBranch, a.event.HeadSHA)
			return err
		})
		a.publish.Target.PR = a.event.PR
	}
	var check *github.CheckRun
	if a.in.CheckRun {
		check = a.publish.StartCheck(ctx)
	}
	r, err := a.evaluate(ctx, failOn)
	if err != nil {
		a.publish.Stopped(ctx, check, err)
		return 0, err
	}
	opts := a.renderOptions(failOn)
	commentURL := a.publish.Comment(ctx, r, opts, mode)
	if !a.publish.FinishCheck(ctx, check, r, opts, failOn) {
		// the check run does not carry the annotations: the log does
		action.Annotate(a.gha, a.commandAnnotations(r))
	}
	var notices []string
	if a.publish.Degraded {
		a.gha.Warningf("%s", forkNotice)
		notices = append(notices, forkNotice)
	}
	if n := publishFailureNotice(a.publish.Failures); n != "" {
		notices = append(notices, n)
	}
	opts.Notice = strings.Join(notices, "\n\n")
	if err := a.writeFiles(r, opts); err != nil {
		return 0, err
	}
	a.outputs = append(a.outputs, verdictOutputs(r, failOn)...)
	a.outputs = append(a.outputs, action.Output{Name: "comment-url", Value: commentURL})
	if check != nil {
		a.outputs = append(a.outputs, action.Output{Name: "check-run-url", Value: check.URL})
	}
	if err := action.WriteOutputs(a.env.Getenv("GITHUB_OUTPUT"), a.outputs); err != nil {
		return 0, err
	}
	if len(a.publish.Failures) > 0 {
		// The verdict is in the summary and outputs; the step fails so that a
		// check run or comment that is missing or stale is not missed.
		f := a.publish.Failures[0]
		return 0, fmt.Errorf("%s: %s", f.What, github.Describe(f.Err))
	}
	return exitCode(r, failOn), nil
}

// connect builds the GitHub client from the token or App inputs; without
// credentials, or when the App cannot authenticate, the action only writes
// the summary, annotations and outputs.
func (a *actionRun) connect(ctx context.Context) {
	cfg := github.Config{APIURL: a.event.APIURL, Token: a.in.Token, Transport: a.settings.transport,
		RequestTimeout: a.settings.requestTimeout, Sleep: a.settings.sleep,
		OnWait:  func(d time.Duration, why string) { a.log.Info("GitHub asked dpgcheck to wait", "wait", d, "why", why) },
		OnLimit: func(msg string) { a.gha.Warningf("%s", msg) }}
	what := "connect to GitHub"
	if a.in.AppID != 0 {
		cfg.AppID, cfg.AppPrivateKey, cfg.Repo = a.in.AppID, []byte(a.in.AppPrivateKey), a.repo
		what = "connect to GitHub as the App"
	} else if a.in.Token == "" {
		a.gha.Noticef("no token: dpgcheck writes the job summary and annotations but no check run or comment")
		return
	}
	a.publish.Step(ctx, what, func(ctx context.Context) (err error) {
		a.client, err = github.New(ctx, cfg)
		return err
	})
	a.publish.Client = a.client
}

func (a *actionRun) evaluate(ctx context.Context, failOn report.FailOn) (*report.Report, error) {
	ws := a.event.Workspace
	if ws == "" {
		ws = "."
	}
	cfgFile := ""
	if a.in.Config != "" {
		cfgFile = filepath.Join(ws, filepath.FromSlash(a.in.Config))
	}
	gs := a.govstack
	if gs.referenceSpec != "" && !strings.Contains(gs.referenceSpec, "://") && !filepath.IsAbs(gs.referenceSpec) {
		gs.referenceSpec = filepath.Join(ws, filepath.FromSlash(gs.referenceSpec))
	}
	e := evaluation{dir: filepath.Join(ws, filepath.FromSlash(a.in.Path)), display: a.in.Path, configFile: cfgFile,
		standards: a.standards, govstack: gs, failOn: failOn, log: a.log,
		target: report.Target{Repository: a.event.Repository, Commit: a.event.HeadSHA}}
	e.registry = inWorkspace(ws, a.in.Registry)
	if a.client != nil {
		e.host = clientFacts(a.client)
	}
	if a.event.ComparesBase() {
		base := a.baseFor(ctx, ws)
		defer base.close()
		e.base = base.engine()
		if a.client != nil && a.event.BaseSHA != "" && a.event.HeadSHA != "" {
			e.base.Review = dependencyReview(a.client, a.repo, a.event.BaseSHA, a.event.HeadSHA, a.log)
		}
	}
	r, err := evaluateDir(ctx, a.env, e)
	if err != nil {
		return nil, err
	}
	if r.PullRequest != nil {
		for _, n := range r.Notices {
			if strings.HasPrefix(n, "dpgcheck could not evaluate the pull request's base") || strings.HasPrefix(n, "fail-on: regression") ||
				strings.HasPrefix(n, "the pull request changes more than") {
				a.gha.Warningf("%s", n)
			}
		}
	}
	return r, nil
}

// dependencyReview asks GitHub's dependency graph what a pull request
// changes between base and head (the Action and the App both ask it); when
// it is not available (403, 404: the dependency graph is off) the error is a
// notice and dpgcheck's own manifest diff stands alone.
func dependencyReview(client *github.Client, repo github.Repo, base, head string, log *slog.Logger) func(context.Context) ([]engine.ReviewedDependency, error) {
	return func(ctx context.Context) ([]engine.ReviewedDependency, error) {
		deps, err := client.CompareDependencies(ctx, repo, base, head)
		switch {
		case err == nil:
		case github.IsForbidden(err) || github.IsNotFound(err):
			return nil, errors.New("GitHub's dependency graph is not available to this token or repository (" +
				github.Describe(err) + "); new dependencies come from dpgcheck's own manifest diff only.")
		default:
			log.Warn("GitHub's dependency review failed", "error", github.Describe(err))
			return nil, errors.New("GitHub's dependency review failed (" + github.Describe(err) +
				"); new dependencies come from dpgcheck's own manifest diff only.")
		}
		out := make([]engine.ReviewedDependency, 0, len(deps))
		for _, d := range deps {
			out = append(out, engine.ReviewedDependency{Change: d.ChangeType, Ecosystem: d.Ecosystem, Manifest: d.Manifest,
				Name: d.Name, Version: d.Version, Scope: d.Scope, License: d.License})
		}
		return out, nil
	}
}

func (a *actionRun) renderOptions(failOn report.FailOn) render.Options {
	e := a.event
	base := a.in.Path
	return render.Options{FailOn: failOn, RunURL: e.RunURL(), BlobURL: func(p string, line int) string {
		if e.ServerURL == "" || e.HeadSHA == "" {
			return ""
		}
		u := fmt.Sprintf("%s/%s/blob/%s/%s", e.ServerURL, e.Repository, url.PathEscape(e.HeadSHA), escapePath(path.Join(base, p)))
		if line > 0 {
			u += "#L" + strconv.Itoa(line)
		}
		return u
	}}
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// verdictOutputs are the outputs that state the verdict, from the same
// counts as every other surface (report.Counts).
func verdictOutputs(r *report.Report, failOn report.FailOn) []action.Output {
	c := r.Counts(failOn)
	return []action.Output{
		{Name: "verdict", Value: string(r.Verdict)},
		{Name: "failed", Value: strconv.Itoa(len(c.Gating))},
		{Name: "needs-review", Value: strconv.Itoa(c.ToReview())},
	}
}

func (a *actionRun) commandAnnotations(r *report.Report) []action.Annotation {
	var out []action.Annotation
	for _, an := range render.Annotations(r) {
		out = append(out, action.Annotation{Path: a.publish.Target.RepoPath(an.Path), Line: an.Line, Level: an.Level, Title: an.Title, Message: an.Message})
	}
	return out
}

// writeFiles writes the job summary, the JSON report and the optional SARIF
// file, and records their outputs.
func (a *actionRun) writeFiles(r *report.Report, opts render.Options) error {
	if err := action.AppendSummary(a.env.Getenv("GITHUB_STEP_SUMMARY"), jobSummaryWithDraft(r, opts, a.in.DPGADraft)); err != nil {
		a.log.Warn("could not write the job summary", "error", err)
	}
	ws := a.event.Workspace
	if ws == "" {
		ws = "."
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, r, opts); err != nil {
		return err
	}
	if err := writeInWorkspace(ws, reportFile, buf.Bytes()); err != nil {
		return err
	}
	a.outputs = append(a.outputs, action.Output{Name: "report", Value: reportFile})
	if a.in.SARIFFile != "" {
		buf.Reset()
		if err := render.SARIF(&buf, sarifRelativeToRepo(r, a.in.Path), opts); err != nil {
			return err
		}
		if err := writeInWorkspace(ws, a.in.SARIFFile, buf.Bytes()); err != nil {
			return err
		}
		a.outputs = append(a.outputs, action.Output{Name: "sarif", Value: a.in.SARIFFile})
	}
	return nil
}

// jobSummary is the step's job summary: the full report, unfolded, that
// the comment's "full report" link leads to.
func jobSummary(r *report.Report, opts render.Options) string {
	return render.JobSummary(r, opts, action.MaxSummary)
}

// sarifRelativeToRepo rewrites evidence paths to be relative to the
// repository root, as code scanning expects.
func sarifRelativeToRepo(r *report.Report, base string) *report.Report {
	if base == "." || base == "" {
		return r
	}
	cp := *r
	cp.Findings = make([]report.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Evidence = append([]report.Evidence(nil), f.Evidence...)
		for j := range f.Evidence {
			if f.Evidence[j].Path != "" {
				f.Evidence[j].Path = path.Join(base, f.Evidence[j].Path)
			}
		}
		cp.Findings[i] = f
	}
	return &cp
}

// writeInWorkspace writes a file at a relative path inside the workspace,
// through os.Root so that a symlink planted in the repository cannot redirect
// it outside.
func writeInWorkspace(ws, rel string, data []byte) error {
	if !action.InsideWorkspace(rel) {
		return fmt.Errorf("%s is not inside the workspace", rel)
	}
	root, err := os.OpenRoot(ws)
	if err != nil {
		return err
	}
	defer root.Close()
	if dir := path.Dir(rel); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
	}
	if err := root.WriteFile(rel, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}
