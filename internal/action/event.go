package action

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sethvargo/go-githubactions"
)

// Event is what dpgcheck needs from the triggering event.
type Event struct {
	Name       string // pull_request, push, merge_group, workflow_dispatch, schedule, pull_request_target
	Action     string
	Repository string // owner/name
	PR         int    // 0 when the event is not about a pull request
	HeadSHA    string // the commit to report on
	BaseSHA    string
	BaseRef    string
	HeadRepo   string
	HeadBranch string // for workflow_run: the branch, to find a fork's pull request
	HeadOwner  string
	Fork       bool // the pull request comes from a fork: the token is read-only
	// Triggered is, for workflow_run, the event that ran the first workflow.
	Triggered  string
	RunID      int64
	RunAttempt int
	ServerURL  string
	APIURL     string
	Workspace  string
}

// Kinds of pull_request activity that are evaluated; others (labeled,
// closed ...) are skipped.
var prActions = map[string]bool{"opened": true, "synchronize": true, "reopened": true, "ready_for_review": true, "edited": false}

// ReadEvent reads the event from the Actions context.
func ReadEvent(ctx *githubactions.GitHubContext) (Event, error) {
	e := Event{Name: ctx.EventName, Repository: ctx.Repository, HeadSHA: ctx.SHA, RunID: ctx.RunID, RunAttempt: int(ctx.RunAttempt),
		ServerURL: strings.TrimSuffix(ctx.ServerURL, "/"), APIURL: ctx.APIURL, Workspace: ctx.Workspace}
	if e.RunAttempt == 0 {
		e.RunAttempt = 1
	}
	raw, err := json.Marshal(ctx.Event)
	if err != nil {
		return e, err
	}
	var p struct {
		Action      string `json:"action"`
		Number      int    `json:"number"`
		After       string `json:"after"`
		PullRequest *struct {
			Number int `json:"number"`
			Head   struct {
				SHA  string `json:"sha"`
				Repo struct {
					FullName string `json:"full_name"`
					Fork     bool   `json:"fork"`
				} `json:"repo"`
			} `json:"head"`
			Base struct {
				SHA  string `json:"sha"`
				Ref  string `json:"ref"`
				Repo struct {
					FullName string `json:"full_name"`
				} `json:"repo"`
			} `json:"base"`
		} `json:"pull_request"`
		WorkflowRun *struct {
			Event        string `json:"event"`
			HeadSHA      string `json:"head_sha"`
			HeadBranch   string `json:"head_branch"`
			PullRequests []struct {
				Number int `json:"number"`
			} `json:"pull_requests"`
			HeadRepository struct {
				FullName string `json:"full_name"`
				Owner    struct {
					Login string `json:"login"`
				} `json:"owner"`
			} `json:"head_repository"`
		} `json:"workflow_run"`
		MergeGroup *struct {
			HeadSHA string `json:"head_sha"`
			BaseSHA string `json:"base_sha"`
			BaseRef string `json:"base_ref"`
		} `json:"merge_group"`
		Repository struct {
			FullName string `json:"full_name"`
		} `json:"repository"`
	}
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &p); err != nil {
			return e, fmt.Errorf("read the %s event: %w", e.Name, err)
		}
	}
	e.Action = p.Action
	if e.Repository == "" {
		e.Repository = p.Repository.FullName
	}
	switch e.Name {
	case "pull_request", "pull_request_target":
		if p.PullRequest == nil {
			return e, fmt.Errorf("the %s event has no pull_request", e.Name)
		}
		pr := p.PullRequest
		e.PR, e.HeadSHA, e.BaseSHA, e.BaseRef = pr.Number, pr.Head.SHA, pr.Base.SHA, pr.Base.Ref
		if e.PR == 0 {
			e.PR = p.Number
		}
		e.HeadRepo = pr.Head.Repo.FullName
		e.Fork = pr.Head.Repo.Fork || e.HeadRepo != "" && pr.Base.Repo.FullName != "" && e.HeadRepo != pr.Base.Repo.FullName
	case "merge_group":
		if p.MergeGroup != nil {
			e.HeadSHA, e.BaseSHA, e.BaseRef = p.MergeGroup.HeadSHA, p.MergeGroup.BaseSHA, p.MergeGroup.BaseRef
		}
	case "workflow_run":
		// The second half of the fork pattern: the first workflow ran on the
		// pull request with a read-only token; this one has a write token and
		// reports on the same head commit. GitHub leaves pull_requests empty for
		// forks; the caller then finds the pull request by its head branch.
		if w := p.WorkflowRun; w != nil {
			e.HeadSHA, e.HeadBranch, e.Triggered = w.HeadSHA, w.HeadBranch, w.Event
			e.HeadRepo, e.HeadOwner = w.HeadRepository.FullName, w.HeadRepository.Owner.Login
			if len(w.PullRequests) > 0 {
				e.PR = w.PullRequests[0].Number
			}
			e.Fork = e.HeadRepo != "" && e.HeadRepo != e.Repository
		}
	case "push":
		if p.After != "" && strings.Trim(p.After, "0") != "" {
			e.HeadSHA = p.After
		}
	}
	return e, nil
}

// ComparesBase reports whether the event is about a change to a base: a pull
// request or a merge queue group, which dpgcheck compares with the base.
func (e Event) ComparesBase() bool {
	switch e.Name {
	case "pull_request", "pull_request_target", "merge_group":
		return true
	}
	return false
}

// Skip says why an event is not evaluated, or "" when it is.
func (e Event) Skip() string {
	switch e.Name {
	case "pull_request", "pull_request_target":
		if ok, known := prActions[e.Action]; known && !ok || !known && e.Action != "" {
			return fmt.Sprintf("pull_request %q events do not change the code; dpgcheck runs on opened, synchronize, reopened and ready_for_review", e.Action)
		}
	}
	return ""
}

// RunURL links the workflow run.
func (e Event) RunURL() string {
	if e.ServerURL == "" || e.Repository == "" || e.RunID == 0 {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%d", e.ServerURL, e.Repository, e.RunID)
}
