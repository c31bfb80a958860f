package github

import (
	"context"
	"fmt"
	"io"
	"net/url"
)

// Tarball opens the gzip-compressed tarball of repo at ref (GET
// /repos/{owner}/{repo}/tarball/{ref}; GitHub answers with a redirect to
// codeload, which the HTTP client follows without the token). The answer must
// begin within the request timeout; ctx bounds the whole download. The caller
// closes the body and caps what it reads.
func (c *Client) Tarball(ctx context.Context, repo Repo, ref string) (io.ReadCloser, error) {
	ctx = asDownload(ctx)
	u := fmt.Sprintf("repos/%s/%s/tarball/%s", url.PathEscape(repo.Owner), url.PathEscape(repo.Name), url.PathEscape(ref))
	req, err := c.gh.NewRequest("GET", u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.gh.BareDo(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// DependencyChange is one entry of GitHub's dependency review: a dependency
// a range of commits adds or removes, with the licence GitHub knows for it.
type DependencyChange struct {
	ChangeType string  `json:"change_type"` // added, removed
	Manifest   string  `json:"manifest"`
	Ecosystem  string  `json:"ecosystem"` // npm, pip, maven, gomod, cargo, composer, rubygems, nuget, actions ...
	Name       string  `json:"name"`
	Version    string  `json:"version"`
	PackageURL *string `json:"package_url"`
	License    *string `json:"license"`
	Scope      string  `json:"scope"` // runtime, development, unknown
}

// maxDependencyChanges caps the entries read from one response.
const maxDependencyChanges = 10000

// CompareDependencies asks GitHub's dependency graph which dependencies
// change between base and head (GET
// /repos/{owner}/{repo}/dependency-graph/compare/{base}...{head}). It needs
// the dependency graph enabled and the contents permission; a 403 or 404
// means it is not available for this repository or token (IsForbidden,
// IsNotFound). One page is read: GitHub returns the whole diff in one
// response for all but very large ranges.
func (c *Client) CompareDependencies(ctx context.Context, repo Repo, base, head string) ([]DependencyChange, error) {
	u := fmt.Sprintf("repos/%s/%s/dependency-graph/compare/%s...%s", url.PathEscape(repo.Owner), url.PathEscape(repo.Name),
		url.PathEscape(base), url.PathEscape(head))
	req, err := c.gh.NewRequest("GET", u, nil)
	if err != nil {
		return nil, err
	}
	var out []DependencyChange
	resp, err := c.gh.Do(ctx, req, &out)
	if err = checkAnswer(resp, err); err != nil {
		return nil, err
	}
	if len(out) > maxDependencyChanges {
		out = out[:maxDependencyChanges]
	}
	return out, nil
}
