package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Job is one evaluation a webhook delivery asks for: a commit of a
// repository, and the pull request it is the head of, if any.
type Job struct {
	Delivery     string // X-GitHub-Delivery
	Event        string // pull_request, check_suite, check_run
	Action       string
	Installation int64
	Repo         github.Repo
	RepoURL      string // the repository's web page, for permalinks
	PR           int    // 0 when the commit is not the head of a pull request
	HeadSHA      string
	BaseSHA      string // the pull request's base; "" without one
	Branch       string // the head branch, when the event names it
	Received     time.Time
}

// key says which jobs are about the same thing, so that a newer commit
// replaces an older one: the pull request, else the branch, else the commit.
func (j Job) key() string {
	r := strings.ToLower(j.Repo.String())
	switch {
	case j.PR != 0:
		return r + "#" + strconv.Itoa(j.PR)
	case j.Branch != "":
		return r + ":" + j.Branch
	}
	return r + "@" + j.HeadSHA
}

func (j Job) String() string {
	s := j.Repo.String() + "@" + shortSHA(j.HeadSHA)
	if j.PR != 0 {
		s += " #" + strconv.Itoa(j.PR)
	}
	return s
}

// ErrIgnored is an event or action dpgcheck does not act on.
var ErrIgnored = errors.New("dpgcheck does not act on this event")

// ignored says which event and action are ignored.
func ignored(event, action string) error {
	if action == "" {
		return fmt.Errorf("%w: %s", ErrIgnored, event)
	}
	return fmt.Errorf("%w: %s %s", ErrIgnored, event, action)
}

// actions are the activities of each event that ask for an evaluation.
var actions = map[string]map[string]bool{
	"pull_request": {"opened": true, "synchronize": true, "reopened": true, "ready_for_review": true},
	"check_suite":  {"requested": true, "rerequested": true},
	"check_run":    {"rerequested": true},
}

var fullSHA = lazyregexp.New(`^[0-9a-f]{40}$`)

// payload is what dpgcheck reads of the three events it acts on.
type payload struct {
	Action       string `json:"action"`
	Number       int    `json:"number"`
	Installation *struct {
		ID int64 `json:"id"`
	} `json:"installation"`
	Repository *struct {
		FullName string `json:"full_name"`
		HTMLURL  string `json:"html_url"`
	} `json:"repository"`
	PullRequest *struct {
		Number int    `json:"number"`
		Head   ref    `json:"head"`
		Base   ref    `json:"base"`
		State  string `json:"state"`
	} `json:"pull_request"`
	CheckSuite *suite `json:"check_suite"`
	CheckRun   *struct {
		HeadSHA    string  `json:"head_sha"`
		CheckSuite *suite  `json:"check_suite"`
		PRs        []prRef `json:"pull_requests"`
	} `json:"check_run"`
}

type ref struct {
	SHA string `json:"sha"`
	Ref string `json:"ref"`
}

type prRef struct {
	Number int `json:"number"`
	Head   ref `json:"head"`
	Base   ref `json:"base"`
}

type suite struct {
	HeadSHA    string  `json:"head_sha"`
	HeadBranch string  `json:"head_branch"`
	PRs        []prRef `json:"pull_requests"`
}

// ParseEvent reads the job a delivery of event asks for. It returns an
// error wrapping ErrIgnored for events and actions dpgcheck does not act on,
// and another error for a payload that is not what GitHub sends (not JSON,
// no installation, no repository, a head that is not a commit id).
func ParseEvent(event string, body []byte) (Job, error) {
	acts, ok := actions[event]
	if !ok {
		return Job{}, ignored(event, "")
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return Job{}, fmt.Errorf("the %s payload is not JSON GitHub sends: %w", event, err)
	}
	if !acts[p.Action] {
		return Job{}, ignored(event, p.Action)
	}
	j := Job{Event: event, Action: p.Action}
	if p.Installation == nil || p.Installation.ID <= 0 {
		return Job{}, fmt.Errorf("the %s payload names no installation of the App", event)
	}
	j.Installation = p.Installation.ID
	if p.Repository == nil {
		return Job{}, fmt.Errorf("the %s payload names no repository", event)
	}
	repo, err := github.ParseRepo(p.Repository.FullName)
	if err != nil {
		return Job{}, fmt.Errorf("the %s payload: %w", event, err)
	}
	j.Repo, j.RepoURL = repo, p.Repository.HTMLURL
	switch event {
	case "pull_request":
		pr := p.PullRequest
		if pr == nil {
			return Job{}, errors.New("the pull_request payload has no pull_request")
		}
		j.PR, j.HeadSHA, j.BaseSHA, j.Branch = pr.Number, pr.Head.SHA, pr.Base.SHA, pr.Head.Ref
		if j.PR == 0 {
			j.PR = p.Number
		}
		if j.PR <= 0 {
			return Job{}, errors.New("the pull_request payload has no pull request number")
		}
		if !fullSHA.MatchString(j.BaseSHA) {
			return Job{}, fmt.Errorf("the pull_request payload's base %q is not a commit id", j.BaseSHA)
		}
	case "check_suite":
		if p.CheckSuite == nil {
			return Job{}, errors.New("the check_suite payload has no check_suite")
		}
		j.fromSuite(p.CheckSuite.HeadSHA, p.CheckSuite)
	case "check_run":
		cr := p.CheckRun
		if cr == nil {
			return Job{}, errors.New("the check_run payload has no check_run")
		}
		s := cr.CheckSuite
		if s == nil {
			s = &suite{}
		}
		if len(s.PRs) == 0 {
			s.PRs = cr.PRs
		}
		j.fromSuite(cr.HeadSHA, s)
	}
	if !fullSHA.MatchString(j.HeadSHA) {
		return Job{}, fmt.Errorf("the %s payload's head %q is not a commit id", event, j.HeadSHA)
	}
	return j, nil
}

// fromSuite takes the head commit and its pull request from a check
// suite: the first pull request whose head is the commit (GitHub lists only
// pull requests of the same repository, not forks').
func (j *Job) fromSuite(head string, s *suite) {
	j.HeadSHA, j.Branch = head, s.HeadBranch
	for _, pr := range s.PRs {
		if pr.Head.SHA == head && pr.Number > 0 && fullSHA.MatchString(pr.Base.SHA) {
			j.PR, j.BaseSHA = pr.Number, pr.Base.SHA
			return
		}
	}
}

func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}
