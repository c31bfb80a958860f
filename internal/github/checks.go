package github

import (
	"context"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// GitHub's limits on check runs (REST "Create a check run"; the OpenAPI
// description's maxLength and maxItems).
const (
	MaxCheckText           = 65535 // characters in output.summary and output.text
	MaxAnnotationsPerCall  = 50    // annotations per create or update request
	maxAnnotationTitle     = 255
	maxAnnotationMessage   = 64 << 10
	maxAnnotationsPerCheck = 1000 // dpgcheck's own bound: more helps nobody
)

// Annotation is a note on a line of a file in the check run.
type Annotation struct {
	Path      string
	StartLine int
	EndLine   int
	Level     string // notice, warning or failure
	Title     string
	Message   string
}

// CheckOutput is the result shown in a completed check run.
type CheckOutput struct {
	Conclusion  string // success, failure or neutral
	Title       string
	Summary     string // at most MaxCheckText characters
	Annotations []Annotation
}

// CheckRun is a created check run.
type CheckRun struct {
	ID  int64
	URL string
}

// StartCheckRun creates an in-progress check run on a commit.
func (c *Client) StartCheckRun(ctx context.Context, repo Repo, name, sha, detailsURL string) (*CheckRun, error) {
	opts := gh.CreateCheckRunOptions{
		Name: name, HeadSHA: sha, Status: gh.String("in_progress"),
		StartedAt: &gh.Timestamp{Time: time.Now()},
	}
	if detailsURL != "" {
		opts.DetailsURL = gh.String(detailsURL)
	}
	cr, resp, err := c.gh.Checks.CreateCheckRun(ctx, repo.Owner, repo.Name, opts)
	if err = checkAnswer(resp, err); err != nil {
		return nil, err
	}
	if cr.GetID() == 0 {
		return nil, missingID(resp, "check run")
	}
	return &CheckRun{ID: cr.GetID(), URL: cr.GetHTMLURL()}, nil
}

// FinishCheckRun completes a check run with its result. The first 50
// annotations go with the completion; more follow in further updates of 50.
func (c *Client) FinishCheckRun(ctx context.Context, repo Repo, run *CheckRun, name string, out CheckOutput) error {
	anns := out.Annotations[:min(len(out.Annotations), maxAnnotationsPerCheck)]
	first := anns[:min(len(anns), MaxAnnotationsPerCall)]
	_, resp, err := c.gh.Checks.UpdateCheckRun(ctx, repo.Owner, repo.Name, run.ID, gh.UpdateCheckRunOptions{
		Name: name, Status: gh.String("completed"), Conclusion: gh.String(out.Conclusion),
		CompletedAt: &gh.Timestamp{Time: time.Now()},
		Output:      checkOutput(out, first),
	})
	if err = checkAnswer(resp, err); err != nil {
		return err
	}
	for rest := anns[len(first):]; len(rest) > 0; rest = rest[min(len(rest), MaxAnnotationsPerCall):] {
		batch := rest[:min(len(rest), MaxAnnotationsPerCall)]
		_, resp, err := c.gh.Checks.UpdateCheckRun(ctx, repo.Owner, repo.Name, run.ID, gh.UpdateCheckRunOptions{
			Name: name, Output: checkOutput(out, batch),
		})
		if err = checkAnswer(resp, err); err != nil {
			return err
		}
	}
	return nil
}

func checkOutput(out CheckOutput, anns []Annotation) *gh.CheckRunOutput {
	o := &gh.CheckRunOutput{Title: gh.String(out.Title), Summary: gh.String(cutRunes(out.Summary, MaxCheckText))}
	for _, a := range anns {
		ann := &gh.CheckRunAnnotation{
			Path: gh.String(a.Path), StartLine: gh.Int(max(a.StartLine, 1)), EndLine: gh.Int(max(a.EndLine, a.StartLine, 1)),
			AnnotationLevel: gh.String(a.Level), Message: gh.String(cutRunes(a.Message, maxAnnotationMessage)),
		}
		if a.Title != "" {
			ann.Title = gh.String(cutRunes(a.Title, maxAnnotationTitle))
		}
		o.Annotations = append(o.Annotations, ann)
	}
	return o
}

// cutRunes bounds s to n characters (GitHub counts characters, not bytes).
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
