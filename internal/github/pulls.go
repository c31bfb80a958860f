package github

import (
	"context"

	gh "github.com/google/go-github/v60/github"
)

// FindPullRequest returns the number of the open pull request whose head is
// owner:branch at sha, or 0. workflow_run events from forks do not carry it.
func (c *Client) FindPullRequest(ctx context.Context, repo Repo, owner, branch, sha string) (int, error) {
	prs, resp, err := c.gh.PullRequests.List(ctx, repo.Owner, repo.Name, &gh.PullRequestListOptions{
		State: "open", Head: owner + ":" + branch, ListOptions: gh.ListOptions{PerPage: 10}})
	if err = checkAnswer(resp, err); err != nil {
		return 0, err
	}
	for _, pr := range prs {
		if pr.GetHead().GetSHA() == sha {
			return pr.GetNumber(), nil
		}
	}
	return 0, nil
}
