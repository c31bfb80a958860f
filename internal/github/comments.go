package github

import (
	"context"
	"fmt"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// MaxCommentLength is GitHub's limit on an issue or pull-request comment:
// longer bodies are refused with 422 "Body is too long (maximum is 65536
// characters)".
const MaxCommentLength = 65536

// Comment is one of dpgcheck's sticky comments.
type Comment struct {
	ID     int64
	URL    string
	Marker Marker
}

// trustedAuthor says whose comments may be dpgcheck's: a bot (the Actions
// token or an App), or someone with write access (a maintainer's token). A
// contributor who pastes the marker into a comment cannot take it over.
func trustedAuthor(c *gh.IssueComment) bool {
	if c.GetUser().GetType() == "Bot" {
		return true
	}
	switch c.GetAuthorAssociation() {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

// commentsPerPage is the most GitHub returns in one page of a list.
const commentsPerPage = 100

// maxListPages caps the pages one list call reads, because a Link header that
// always announces a next page (a broken proxy, a bug) once made a run send
// 1,327 requests in a minute. 30 pages are 3,000 comments: dpgcheck writes its
// comment on its first run on a pull request, so it is among the oldest and on
// the first pages; and 30 requests are 3% of the 1,000 an hour GITHUB_TOKEN may
// send per repository.
const maxListPages = 30

// listSticky returns dpgcheck's comments with the given key on a pull
// request, oldest first, reading up to maxListPages pages.
func (c *Client) listSticky(ctx context.Context, repo Repo, pr int, key string) ([]Comment, error) {
	var out []Comment
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: commentsPerPage}}
	for pages := 1; ; pages++ {
		page, resp, err := c.gh.Issues.ListComments(ctx, repo.Owner, repo.Name, pr, opts)
		if err = checkAnswer(resp, err); err != nil {
			return nil, err
		}
		for _, ic := range page {
			body := ic.GetBody()
			if !strings.HasPrefix(body, markerPrefix) || !trustedAuthor(ic) {
				continue
			}
			if m, ok := ParseMarker(body); ok && m.Key == key {
				out = append(out, Comment{ID: ic.GetID(), URL: ic.GetHTMLURL(), Marker: m})
			}
		}
		if resp.NextPage == 0 {
			break
		}
		if pages == maxListPages {
			c.limit(fmt.Sprintf("dpgcheck read the comments of pull request #%d up to page %d (%d comments) and stopped, "+
				"though GitHub announced more pages; a dpgcheck comment further on was not found", pr, pages, pages*commentsPerPage))
			break
		}
		opts.Page = resp.NextPage
	}
	slices.SortFunc(out, func(a, b Comment) int { return compareInt64(a.ID, b.ID) })
	return out, nil
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *Client) createComment(ctx context.Context, repo Repo, pr int, body string) (Comment, error) {
	ic, resp, err := c.gh.Issues.CreateComment(ctx, repo.Owner, repo.Name, pr, &gh.IssueComment{Body: gh.String(body)})
	if err = checkAnswer(resp, err); err != nil {
		return Comment{}, err
	}
	if ic.GetID() == 0 {
		return Comment{}, missingID(resp, "comment")
	}
	m, _ := ParseMarker(body)
	return Comment{ID: ic.GetID(), URL: ic.GetHTMLURL(), Marker: m}, nil
}

func (c *Client) editComment(ctx context.Context, repo Repo, id int64, body string) (Comment, error) {
	ic, resp, err := c.gh.Issues.EditComment(ctx, repo.Owner, repo.Name, id, &gh.IssueComment{Body: gh.String(body)})
	if err = checkAnswer(resp, err); err != nil {
		return Comment{}, err
	}
	m, _ := ParseMarker(body)
	return Comment{ID: ic.GetID(), URL: ic.GetHTMLURL(), Marker: m}, nil
}

func (c *Client) deleteComment(ctx context.Context, repo Repo, id int64) error {
	_, err := c.gh.Issues.DeleteComment(ctx, repo.Owner, repo.Name, id)
	return err
}
