package github

import (
	"context"
	"errors"
	"fmt"

	gh "github.com/google/go-github/v60/github"

	"github.com/dpgcheck/dpgcheck/internal/hosting"
)

// hostName names GitHub in facts and notices.
const hostName = "GitHub"

// repositoryAnswer is the part of GET /repos/{owner}/{repo} ("full-repository"
// in GitHub's OpenAPI description) that is evidence.
type repositoryAnswer struct {
	FullName      string          `json:"full_name"`
	HTMLURL       string          `json:"html_url"`
	Owner         *accountAnswer  `json:"owner"`
	Homepage      *string         `json:"homepage"`
	Description   *string         `json:"description"`
	Fork          bool            `json:"fork"`
	Parent        *parentAnswer   `json:"parent"`
	CodeOfConduct *documentAnswer `json:"code_of_conduct"`
}

// accountAnswer is a "simple-user": name is nullable and usually absent.
type accountAnswer struct {
	Login   string  `json:"login"`
	Name    *string `json:"name"`
	HTMLURL string  `json:"html_url"`
	Type    string  `json:"type"`
}

type parentAnswer struct {
	FullName string `json:"full_name"`
	HTMLURL  string `json:"html_url"`
}

// documentAnswer is a "code-of-conduct-simple" or a "community-health-file".
type documentAnswer struct {
	Name    string  `json:"name"`
	HTMLURL *string `json:"html_url"`
}

// communityProfileAnswer is the part of GET
// /repos/{owner}/{repo}/community/profile ("community-profile") that is
// evidence. content_reports_enabled is only returned for repositories owned by
// an organisation.
type communityProfileAnswer struct {
	Files *struct {
		CodeOfConduct     *documentAnswer `json:"code_of_conduct"`
		CodeOfConductFile *documentAnswer `json:"code_of_conduct_file"`
	} `json:"files"`
	ContentReportsEnabled *bool `json:"content_reports_enabled"`
}

// privateVulnerabilityReportingAnswer is GET
// /repos/{owner}/{repo}/private-vulnerability-reporting.
type privateVulnerabilityReportingAnswer struct {
	Enabled *bool `json:"enabled"`
}

// Facts reads what GitHub shows a reviewer about repo, in at most three
// requests:
//
//  1. GET /repos/{owner}/{repo}: the owner, the page, homepage, description,
//     whether it is a fork and of what, and the code of conduct;
//  2. GET /repos/{owner}/{repo}/community/profile, skipped for a fork (GitHub's
//     description: "The repository cannot be a fork"): the code of conduct
//     GitHub attributes to the repository, including one inherited from the
//     owner's .github repository, and whether content reports are enabled;
//  3. GET /repos/{owner}/{repo}/private-vulnerability-reporting.
//
// It never fails: what could not be read stays nil and gets a notice. After a
// failed first request, a rate limit, a timeout or a network failure it asks
// nothing more. None of these answers has a security policy, so
// SecurityPolicy stays nil. The retry transport may repeat a request that
// GitHub asked to be retried after a short wait.
func (c *Client) Facts(ctx context.Context, repo Repo) *hosting.Facts {
	f := &hosting.Facts{Host: hostName, Repository: cleanText(repo.String())}
	if !validRepo(repo) {
		addNotice(f, fmt.Sprintf("GitHub was not asked about %q: it is not a repository name", f.Repository))
		return f
	}
	base := "repos/" + repo.Owner + "/" + repo.Name

	var r repositoryAnswer
	if err := c.getJSON(ctx, base, &r); err != nil {
		if IsNotFound(err) {
			addNotice(f, fmt.Sprintf("GitHub has no repository %s that this token can see (404); what GitHub knows about it was not read", repo))
		} else {
			addNotice(f, "what GitHub knows about "+repo.String()+" was not read: "+Describe(err))
		}
		return f
	}
	applyRepository(f, &r)

	if r.Fork {
		addNotice(f, "GitHub offers no community profile for a fork: whether content reports are enabled is not known")
	} else {
		var p communityProfileAnswer
		err := c.getJSON(ctx, base+"/community/profile", &p)
		if err != nil {
			addNotice(f, "GitHub's community profile was not read: "+Describe(err))
			if stopAsking(ctx, err) {
				return f
			}
		} else {
			applyCommunityProfile(f, &p)
		}
	}

	var v privateVulnerabilityReportingAnswer
	if err := c.getJSON(ctx, base+"/private-vulnerability-reporting", &v); err != nil {
		addNotice(f, "whether private vulnerability reporting is enabled is not known: "+Describe(err))
	} else if v.Enabled != nil {
		f.PrivateVulnerabilityReporting = &hosting.Setting{Enabled: *v.Enabled, URL: page(f.URL, "security")}
	}
	return f
}

// getJSON sends GET path (relative to the API URL) and decodes the answer.
func (c *Client) getJSON(ctx context.Context, path string, v any) error {
	req, err := c.gh.NewRequest("GET", path, nil)
	if err != nil {
		return fmt.Errorf("GET /%s: %w", path, err)
	}
	if _, err := c.gh.Do(ctx, req, v); err != nil {
		return fmt.Errorf("GET /%s: %w", path, err)
	}
	return nil
}

// stopAsking reports whether err means further requests would fail too: the
// context ended, or GitHub did not answer with an HTTP error of its own (a rate
// limit, a timeout, a network failure).
func stopAsking(ctx context.Context, err error) bool {
	var answered *gh.ErrorResponse
	return ctx.Err() != nil || !errors.As(err, &answered)
}

// addNotice records a notice, cleaned and capped: error messages quote GitHub.
func addNotice(f *hosting.Facts, msg string) {
	f.Notices = append(f.Notices, cleanText(msg))
}
