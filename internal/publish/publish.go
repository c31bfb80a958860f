// Package publish shows a report on GitHub: the check run on the head commit
// (with its annotations) and dpgcheck's one sticky pull-request comment. The
// Action and the App server (dpgcheck serve) both publish through it, so a
// pull request looks the same whichever runs dpgcheck.
package publish

import (
	"context"
	"log/slog"
	"path"
	"slices"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Target says where a report is shown.
type Target struct {
	Repo    github.Repo
	HeadSHA string // the commit the check run is on
	PR      int    // the pull request the comment is on; 0 for none
	// Path is the evaluated folder relative to the repository root ("." or
	// "" for the root): annotations name files from the root.
	Path string
	// Standards key the comment (with a building block's criterion), so
	// that each (path, standards) pair has its own comment.
	Standards  []string
	CheckName  string
	DetailsURL string // the check run's "details" link; "" for none
	// RunID and Attempt order the writers of the comment: an older run
	// never overwrites a newer one.
	RunID   int64
	Attempt int
}

// Failure is a publishing step that failed for another reason than a
// refused write.
type Failure struct {
	What string // "create the check run"
	Err  error
}

// Publisher publishes one report to one target, within one time budget.
type Publisher struct {
	// Client is nil until the caller has connected; steps that need it
	// are then not taken.
	Client *github.Client
	Target Target
	Log    *slog.Logger
	// OnFailure, if set, hears of each failed step (after it is recorded
	// in Failures), for the caller's own log or annotations.
	OnFailure func(Failure)

	// Degraded is set when GitHub refused a write (403): the token is
	// read-only or the App lacks a permission.
	Degraded bool
	// Failures are the steps that failed otherwise, in order.
	Failures []Failure

	budget *budget
}

// New returns a publisher with a budget of time for all its steps (0:
// DefaultBudget) counted on now (nil: time.Now).
func New(client *github.Client, target Target, total time.Duration, now func() time.Time, log *slog.Logger) *Publisher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Publisher{Client: client, Target: target, Log: log, budget: newBudget(total, now)}
}

// Step runs one publishing step within the budget and records its failure,
// which it returns: a 403 degrades (Degraded), anything else is a Failure.
func (p *Publisher) Step(ctx context.Context, what string, f func(context.Context) error) error {
	err := p.budget.step(ctx, what, f)
	switch {
	case err == nil:
	case github.IsForbidden(err):
		p.Degraded = true
		p.Log.Warn("GitHub refused the write", "action", what, "error", github.Describe(err))
	default:
		fl := Failure{What: what, Err: err}
		p.Failures = append(p.Failures, fl)
		if p.OnFailure != nil {
			p.OnFailure(fl)
		}
	}
	return err
}

// StartCheck creates the in-progress check run on the head commit; nil
// when it could not (the failure is recorded).
func (p *Publisher) StartCheck(ctx context.Context) *github.CheckRun {
	if p.Client == nil || p.Target.HeadSHA == "" {
		return nil
	}
	var check *github.CheckRun
	p.Step(ctx, "create the check run", func(ctx context.Context) (err error) {
		check, err = p.Client.StartCheckRun(ctx, p.Target.Repo, p.Target.CheckName, p.Target.HeadSHA, p.Target.DetailsURL)
		return err
	})
	return check
}

// Stopped completes the check run when the evaluation could not finish,
// saying why.
func (p *Publisher) Stopped(ctx context.Context, check *github.CheckRun, why error) {
	if check == nil {
		return
	}
	p.Step(ctx, "complete the check run", func(ctx context.Context) error {
		return p.Client.FinishCheckRun(ctx, p.Target.Repo, check, p.Target.CheckName, github.CheckOutput{
			Conclusion: "failure", Title: "dpgcheck could not evaluate the repository", Summary: "dpgcheck stopped: " + why.Error()})
	})
}

// Cancelled completes the check run as cancelled, saying why: a newer
// commit replaced it, or the server stopped.
func (p *Publisher) Cancelled(ctx context.Context, check *github.CheckRun, why string) {
	if check == nil {
		return
	}
	p.Step(ctx, "complete the check run", func(ctx context.Context) error {
		return p.Client.FinishCheckRun(ctx, p.Target.Repo, check, p.Target.CheckName, github.CheckOutput{
			Conclusion: "cancelled", Title: "dpgcheck did not finish", Summary: why})
	})
}

// FinishCheck completes the check run with the report, its conclusion
// under failOn and its annotations; it reports whether it did.
func (p *Publisher) FinishCheck(ctx context.Context, check *github.CheckRun, r *report.Report, opts render.Options, failOn report.FailOn) bool {
	if check == nil {
		return false
	}
	title, summary := render.CheckRunOutput(r, opts, github.MaxCheckText)
	return p.Step(ctx, "complete the check run", func(ctx context.Context) error {
		return p.Client.FinishCheckRun(ctx, p.Target.Repo, check, p.Target.CheckName, github.CheckOutput{
			Conclusion: Conclusion(r, failOn), Title: title, Summary: summary, Annotations: p.Annotations(r)})
	}) == nil
}

// Comment shows the report in the sticky comment of the pull request and
// returns the comment's URL ("" when there is none: no pull request, the
// mode, a refused write, a failure).
func (p *Publisher) Comment(ctx context.Context, r *report.Report, opts render.Options, mode github.CommentMode) string {
	t := p.Target
	if p.Client == nil || t.PR == 0 || mode == github.CommentNever || p.Degraded {
		return ""
	}
	m := github.Marker{Key: github.CommentKey(t.Path, t.Standards), RunID: t.RunID, Attempt: t.Attempt,
		SHA: t.HeadSHA, Outcomes: render.Outcomes(r)}
	var res github.StickyResult
	err := p.Step(ctx, "update the pull-request comment", func(ctx context.Context) (err error) {
		res, err = p.Client.Sticky(ctx, github.StickyRequest{Repo: t.Repo, PR: t.PR, Marker: m, Mode: mode,
			Failing: r.Verdict == report.VerdictFail,
			Body: func(prev *github.Marker) string {
				o := opts
				o.Marker = m.String()
				if prev != nil {
					o.Previous, o.PreviousSHA = prev.Outcomes, prev.SHA
				}
				return render.Comment(r, o, github.MaxCommentLength)
			}})
		return err
	})
	if err != nil || res.Comment == nil {
		return ""
	}
	p.Log.Info("pull-request comment", "action", res.Action, "url", res.Comment.URL)
	return res.Comment.URL
}

// Conclusion is the check run's conclusion: failure when the report gates
// under failOn, success when it passes, neutral when only review items
// remain (or fail-on never).
func Conclusion(r *report.Report, failOn report.FailOn) string {
	switch {
	case r.Gates(failOn):
		return "failure"
	case r.Verdict == report.VerdictPass:
		return "success"
	}
	return "neutral"
}

// RepoPath turns a path relative to the evaluated folder into one relative
// to the repository root, as GitHub's annotations need.
func (t Target) RepoPath(p string) string {
	base := t.Path
	if base == "" {
		base = "."
	}
	return path.Clean(path.Join(base, p))
}

// Annotations are the report's annotations for the check run, with paths
// from the repository root.
func (p *Publisher) Annotations(r *report.Report) []github.Annotation {
	var out []github.Annotation
	for _, an := range render.Annotations(r) {
		out = append(out, github.Annotation{Path: p.Target.RepoPath(an.Path), StartLine: an.Line, EndLine: an.Line, Level: an.Level, Title: an.Title, Message: an.Message})
	}
	return out
}

// CommentStandards are the standards that key the comment: those
// evaluated, and a building block's API criterion when one is compared.
func CommentStandards(standards []string, buildingBlock string) []string {
	if buildingBlock == "" {
		return standards
	}
	return append(slices.Clone(standards), "govstack-bb-"+buildingBlock)
}
