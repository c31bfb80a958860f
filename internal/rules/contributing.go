package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// A project built by copying a framework's whole repository (a CakePHP 2
// application is a clone of cakephp/cakephp) carries the framework's
// contribution guide at its root: it sends contributors to the framework's
// issues and adopts the framework's code of conduct. Such a guide says
// nothing of how this project takes contributions.

// readmeClone is the README's own clone command for a GitHub repository.
var readmeClone = lazyregexp.New(`git clone\s+(?:-{1,2}\S+\s+)*(?:https?://(?:www\.)?github\.com/|git@github\.com:)([\w.-]+)/`)

// githubRepoRef is a GitHub repository named in a text: a link, a clone
// address (https or ssh), an issue tracker.
var githubRepoRef = lazyregexp.New(`(?i)github\.com[/:]([\w.-]+)/[\w.-]+`)

// githubPages are first path segments of github.com that are not owners.
var githubPages = map[string]bool{"signup": true, "login": true, "join": true, "orgs": true, "settings": true,
	"features": true, "about": true, "pricing": true, "marketplace": true, "topics": true, "sponsors": true, "apps": true,
	"notifications": true, "new": true, "explore": true, "site": true, "contact": true, "security": true,
	"collections": true, "trending": true, "enterprise": true, "customer-stories": true, "readme": true,
	"codespaces": true, "git-guides": true, "pulls": true, "issues": true, "search": true}

// contributionGuide returns the project's contribution guide, or nil when
// there is none; foreign, when not empty, says why the committed one is
// another project's: the README clones the project from one GitHub owner
// and every GitHub repository the guide names belongs to another.
func contributionGuide(r *evidence.Repo) (guide *evidence.Doc, foreign string) {
	c := r.Community[evidence.Contributing]
	if c == nil || r.Readme == nil {
		return c, ""
	}
	m := readmeClone.FindStringSubmatch(r.Readme.Text)
	if m == nil {
		return c, ""
	}
	own := strings.ToLower(m[1])
	if strings.Contains(own, "your") || strings.Contains(own, "username") {
		return c, "" // a fork's placeholder (git clone https://github.com/YOUR_USERNAME/app)
	}
	var owners []string
	for _, m := range githubRepoRef.FindAllStringSubmatch(c.Text, 200) {
		if o := strings.ToLower(m[1]); !githubPages[o] && !slices.Contains(owners, o) {
			owners = append(owners, o)
		}
	}
	if len(owners) == 0 || slices.Contains(owners, own) {
		return c, ""
	}
	return nil, fmt.Sprintf("%s is another project's contribution guide: it names github.com/%s, and the README clones the project from github.com/%s",
		c.Path, owners[0], m[1])
}
