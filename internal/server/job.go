package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/download"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/publish"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/rootfs"
)

// windUp bounds the last word to GitHub of a job whose context ended (the
// check run marked cancelled), so that a stopping server does not wait on
// a slow GitHub.
const windUp = 10 * time.Second

// Evaluator is the job of the App: as the installation the delivery names,
// it creates the check run, downloads the head (and a pull request's base)
// through the API, evaluates with the repository's own .github/dpgcheck.yml,
// and publishes the check run and the sticky comment exactly as the Action
// does.
type Evaluator struct {
	App       *github.App
	Standards []string
	FailOn    report.FailOn
	CheckName string
	Comment   github.CommentMode
	Tool      report.Tool
	// TempDir is where trees are extracted ("" for the system's); each is
	// removed when its job ends.
	TempDir string
	Limits  download.Limits
	// Budget bounds the publishing steps of one job (0: publish.DefaultBudget).
	Budget time.Duration
	// Review, when set, returns how to ask GitHub's dependency review what
	// a pull request changes (the Action's own; the command line supplies
	// it), as the engine's Base.Review.
	Review func(client *github.Client, repo github.Repo, base, head string, log *slog.Logger) func(context.Context) ([]engine.ReviewedDependency, error)
	Log    *slog.Logger
	Now    func() time.Time
}

// Run does one job.
func (e *Evaluator) Run(ctx context.Context, j Job) error {
	log := e.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("delivery", j.Delivery, "job", j.String())
	client := e.App.Installation(j.Installation)
	// The comment's writers are ordered by when their delivery was taken
	// (milliseconds since 1970): replicas share no counter, and a later
	// delivery is about a later state of the pull request.
	pub := publish.New(client, publish.Target{Repo: j.Repo, HeadSHA: j.HeadSHA, PR: j.PR, Path: ".", Standards: e.Standards,
		CheckName: e.CheckName, RunID: j.Received.UnixMilli(), Attempt: 1}, e.Budget, e.Now, log)
	pub.OnFailure = func(f publish.Failure) { log.Error("could not "+f.What, "error", github.Describe(f.Err)) }

	check := pub.StartCheck(ctx)
	r, err := e.evaluate(ctx, client, j, log)
	if err != nil {
		if ctx.Err() != nil {
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), windUp)
			defer cancel()
			pub.Cancelled(wctx, check, context.Cause(ctx).Error())
			return context.Cause(ctx)
		}
		pub.Stopped(ctx, check, err)
		return err
	}
	opts := render.Options{FailOn: e.FailOn, BlobURL: blobURL(j)}
	if check != nil {
		opts.RunURL = check.URL // the check run's page has the full report
	}
	pub.Comment(ctx, r, opts, e.Comment)
	pub.FinishCheck(ctx, check, r, opts, e.FailOn)
	if pub.Degraded {
		return errors.New("GitHub refused a write: the App needs checks: write and pull_requests: write on " + j.Repo.String())
	}
	if len(pub.Failures) > 0 {
		f := pub.Failures[0]
		return fmt.Errorf("%s: %s", f.What, github.Describe(f.Err))
	}
	log.Info("evaluated", "verdict", r.Verdict)
	return nil
}

// evaluate downloads the head (and base) and asks the engine.
func (e *Evaluator) evaluate(ctx context.Context, client *github.Client, j Job, log *slog.Logger) (*report.Report, error) {
	head, err := download.Temp(ctx, client, j.Repo, j.HeadSHA, e.TempDir, "dpgcheck-head-", e.Limits)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", j, err)
	}
	defer head.Remove()
	root, err := os.OpenRoot(head.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	o := engine.Options{Standards: e.Standards, Catalog: criteria.Builtin(), FailOn: e.FailOn, Tool: e.Tool, Log: log,
		Target: report.Target{Path: ".", Repository: j.Repo.String(), Commit: j.HeadSHA},
		Host: func(ctx context.Context, repository string) *hosting.Facts {
			repo, err := github.ParseRepo(repository)
			if err != nil {
				return nil
			}
			return client.Facts(ctx, repo)
		}}
	if e.Now != nil {
		o.Now = e.Now()
	}
	if j.BaseSHA != "" {
		base, err := download.Temp(ctx, client, j.Repo, j.BaseSHA, e.TempDir, "dpgcheck-base-", e.Limits)
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil:
			log.Warn("could not download the base", "error", err)
			o.Base = &engine.Base{Commit: j.BaseSHA, Source: "api",
				Reason: "GitHub did not let dpgcheck download the base commit " + shortSHA(j.BaseSHA) + " (its answer is in the App's log); re-run the check to try again"}
		default:
			defer base.Remove()
			broot, err := os.OpenRoot(base.Dir)
			if err != nil {
				return nil, err
			}
			defer broot.Close()
			bfs := rootfs.New(broot)
			defer bfs.Close()
			o.Base = &engine.Base{FS: bfs, Commit: j.BaseSHA, Source: "api"}
			if e.Review != nil {
				o.Base.Review = e.Review(client, j.Repo, j.BaseSHA, j.HeadSHA, log)
			}
		}
	}
	fsys := rootfs.New(root) // one openat per file, not one per path element
	defer fsys.Close()
	r, err := engine.Evaluate(ctx, fsys, o)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return r, nil
}

// blobURL links a file of the head to its page at the commit: a permalink.
func blobURL(j Job) func(string, int) string {
	u, err := url.Parse(j.RepoURL)
	if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return nil
	}
	prefix := strings.TrimSuffix(j.RepoURL, "/") + "/blob/" + j.HeadSHA + "/"
	return func(p string, line int) string {
		parts := strings.Split(path.Clean(p), "/")
		for i, s := range parts {
			parts[i] = url.PathEscape(s)
		}
		link := prefix + strings.Join(parts, "/")
		if line > 0 {
			link += "#L" + strconv.Itoa(line)
		}
		return link
	}
}
