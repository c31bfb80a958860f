package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// What a repository named on the command line needs before its tarball can
// be downloaded: its default branch when no ref is named, and the commit a
// ref names. Each is one request.

// DefaultBranch returns the name of repo's default branch (GET
// /repos/{owner}/{repo}). A repository that does not exist, or that the
// client may not read, is a 404 (IsNotFound): GitHub does not tell them
// apart.
func (c *Client) DefaultBranch(ctx context.Context, repo Repo) (string, error) {
	u := fmt.Sprintf("repos/%s/%s", url.PathEscape(repo.Owner), url.PathEscape(repo.Name))
	req, err := c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	var answer struct {
		DefaultBranch string `json:"default_branch"`
	}
	resp, err := c.gh.Do(ctx, req, &answer)
	if err = checkAnswer(resp, err); err != nil {
		return "", err
	}
	if answer.DefaultBranch == "" {
		return "", &MalformedAnswerError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode,
			Err: errors.New("the answer names no default branch")}
	}
	return answer.DefaultBranch, nil
}

// maxSHAAnswer caps the answer of CommitSHA: a SHA-256 commit id is 64
// characters; anything much longer is not an id.
const maxSHAAnswer = 256

// CommitSHA resolves ref (a branch, a tag or a commit, full or abbreviated)
// to the full id of a commit (GET /repos/{owner}/{repo}/commits/{ref} with
// Accept: application/vnd.github.sha, whose answer is the id alone). A ref
// that names no commit is a 422 "No commit found for SHA" (or a 404 on some
// GitHub versions), an empty repository a 409.
func (c *Client) CommitSHA(ctx context.Context, repo Repo, ref string) (string, error) {
	u := fmt.Sprintf("repos/%s/%s/commits/%s", url.PathEscape(repo.Owner), url.PathEscape(repo.Name), escapeRef(ref))
	req, err := c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/vnd.github.sha")
	resp, err := c.gh.BareDo(ctx, req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxSHAAnswer+1))
	if err != nil {
		return "", err
	}
	sha := strings.TrimSpace(string(data))
	if !isCommitID(sha) {
		return "", &MalformedAnswerError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode,
			Err: errors.New("the answer is not a commit id")}
	}
	return strings.ToLower(sha), nil
}

// escapeRef escapes each slash-separated element of a ref: GitHub wants the
// slashes of a branch such as release/1.2 as they are, not as %2F.
func escapeRef(ref string) string {
	parts := strings.Split(ref, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// isCommitID reports whether s is a full commit id: 40 (SHA-1) or 64
// (SHA-256) hexadecimal digits.
func isCommitID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// StatusOf returns the HTTP status GitHub answered a failed request with,
// or 0 when err is not an answer from GitHub (a network error, a timeout).
func StatusOf(err error) int {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// RateLimit says why GitHub stopped answering: the requests allowed an hour
// (0 when GitHub did not say) and when they are allowed again (zero when
// GitHub did not say).
type RateLimit struct {
	Limit int
	Reset time.Time
}

// IsRateLimited reports whether err is GitHub's rate limit, primary or
// secondary, with a wait longer than dpgcheck accepts (shorter waits are
// waited out by the client), and what GitHub said about it. now is the
// clock a Retry-After is counted from.
func IsRateLimited(err error, now time.Time) (RateLimit, bool) {
	var own *RateLimitedError
	var primary *gh.RateLimitError
	var secondary *gh.AbuseRateLimitError
	switch {
	case errors.As(err, &own):
		rl := RateLimit{Limit: own.Limit, Reset: own.Reset}
		if rl.Reset.IsZero() {
			rl.Reset = now.Add(own.Wait)
		}
		return rl, true
	case errors.As(err, &primary):
		return RateLimit{Limit: primary.Rate.Limit, Reset: primary.Rate.Reset.Time}, true
	case errors.As(err, &secondary):
		rl := RateLimit{}
		if secondary.RetryAfter != nil {
			rl.Reset = now.Add(*secondary.RetryAfter)
		}
		return rl, true
	}
	return RateLimit{}, false
}
