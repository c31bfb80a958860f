package batch

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GitHubHost is github.com's web host, the host of a remote target written
// without a scheme.
const GitHubHost = "github.com"

// Remote is a repository named on the command line or in a list, with the
// ref to evaluate.
type Remote struct {
	Host  string // the web host, lower case: github.com, or a GitHub Enterprise Server host
	Owner string
	Name  string
	Ref   string // a branch, tag or commit; "" for the default branch
}

// Repository is "owner/name".
func (r Remote) Repository() string { return r.Owner + "/" + r.Name }

// String is the target as dpgcheck names it, in a form ParseRemote reads:
// github.com/owner/name[@ref], or https://HOST/owner/name[@ref] on another
// host.
func (r Remote) String() string {
	s := r.Host + "/" + r.Owner + "/" + r.Name
	if r.Host != GitHubHost {
		s = "https://" + s
	}
	if r.Ref != "" {
		s += "@" + r.Ref
	}
	return s
}

// key identifies the repository and ref: GitHub's owner and repository
// names are case-insensitive, refs are not.
func (r Remote) key() string {
	k := strings.ToLower(r.Host + "/" + r.Owner + "/" + r.Name)
	if r.Ref != "" {
		k += "@" + r.Ref
	}
	return k
}

// Limits of names, from GitHub's rules (an account name has at most 39
// characters, a repository name at most 100) and git's (a ref is a path; 255
// bytes is more than any host keeps).
const (
	maxOwner = 39
	maxRepo  = 100
	maxRef   = 255
	// maxTarget bounds a whole target as written.
	maxTarget = 1024
)

// IsRemote reports whether s names a repository rather than a folder on this
// machine: github.com/OWNER/REPO, or an http(s) URL.
func IsRemote(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, GitHubHost+"/") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// ParseRemote reads a repository named as
//
//	github.com/OWNER/REPO[@REF]
//	https://HOST/OWNER/REPO[.git][/tree/REF | /commit/SHA | @REF]
//
// A GitHub Enterprise Server repository is written as an https URL of its
// host. The error says what was expected.
func ParseRemote(s string) (Remote, error) {
	if len(s) > maxTarget {
		return Remote{}, fmt.Errorf("a repository name of %d bytes is longer than %d", len(s), maxTarget)
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return Remote{}, errors.New("a repository name holds no spaces or control characters")
	}
	var host, rest string
	if l := strings.ToLower(s); strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		u, err := url.Parse(s)
		if err != nil {
			return Remote{}, fmt.Errorf("not a URL: %v", err)
		}
		if u.Scheme != "https" {
			return Remote{}, errors.New("write the repository's https:// URL")
		}
		if u.User != nil {
			return Remote{}, errors.New("the URL holds credentials; give a token in GITHUB_TOKEN instead")
		}
		if u.Host == "" {
			return Remote{}, errors.New("the URL names no host")
		}
		host, rest = strings.ToLower(u.Host), strings.TrimPrefix(u.Path, "/") // query and fragment are the page's, not the repository's
	} else {
		h, r, _ := strings.Cut(s, "/")
		host, rest = strings.ToLower(h), r
		if host != GitHubHost {
			return Remote{}, errors.New("a repository is written github.com/OWNER/REPO, or as the https:// URL of its page")
		}
	}
	r := Remote{Host: host}
	// OWNER/REPO first; what follows is @REF, /tree/REF or /commit/SHA.
	owner, tail, _ := strings.Cut(rest, "/")
	name := tail
	var after string
	if i := strings.IndexAny(tail, "@/"); i >= 0 {
		name, after = tail[:i], tail[i:]
	}
	name = strings.TrimSuffix(name, ".git")
	if err := checkOwner(owner); err != nil {
		return Remote{}, err
	}
	if err := checkRepoName(name); err != nil {
		return Remote{}, err
	}
	r.Owner, r.Name = owner, name
	switch {
	case after == "" || after == "/":
	case strings.HasPrefix(after, "@"):
		r.Ref = after[1:]
	case strings.HasPrefix(after, "/tree/"):
		r.Ref = strings.TrimSuffix(after[len("/tree/"):], "/")
	case strings.HasPrefix(after, "/commit/"):
		r.Ref = strings.TrimSuffix(after[len("/commit/"):], "/")
	default:
		return Remote{}, fmt.Errorf("%q after the repository name is not @REF, /tree/REF or /commit/SHA", after)
	}
	if after != "" && after != "/" {
		if err := checkRef(r.Ref); err != nil {
			return Remote{}, err
		}
	}
	return r, nil
}

func checkOwner(s string) error {
	if s == "" {
		return errors.New("no OWNER")
	}
	if len(s) > maxOwner {
		return fmt.Errorf("the owner %q is longer than %d characters", s, maxOwner)
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("the owner %q is not a GitHub account name (letters, digits, hyphens)", s)
		}
	}
	return nil
}

func checkRepoName(s string) error {
	if s == "" {
		return errors.New("no REPO after the owner")
	}
	if len(s) > maxRepo {
		return fmt.Errorf("the repository name %q is longer than %d characters", s, maxRepo)
	}
	if s == "." || s == ".." {
		return fmt.Errorf("%q is not a repository name", s)
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("the repository name %q is not a GitHub repository name (letters, digits, '.', '-', '_')", s)
		}
	}
	return nil
}

// checkRef applies git's rules for ref names (git check-ref-format) that
// matter here: a ref is a path of safe elements.
func checkRef(s string) error {
	switch {
	case s == "":
		return errors.New("no ref after @ (write @BRANCH, @TAG or @COMMIT, or nothing for the default branch)")
	case len(s) > maxRef:
		return fmt.Errorf("a ref of %d bytes is longer than %d", len(s), maxRef)
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "/"), strings.HasSuffix(s, "/"), strings.HasSuffix(s, "."),
		strings.HasSuffix(s, ".lock"), strings.Contains(s, ".."), strings.Contains(s, "//"), strings.Contains(s, "@{"),
		strings.ContainsAny(s, "~^:?*[\\"), strings.Contains(s, "/."), strings.HasPrefix(s, "."):
		return fmt.Errorf("%q is not a git ref name", s)
	}
	return nil
}
