// Package github owns every conversation with the GitHub API: authentication
// (a token, or a GitHub App installation through ghinstallation), retries that
// honour rate limits, check runs with batched annotations, and dpgcheck's one
// sticky pull-request comment. It is the only package that imports go-github.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"
)

// DefaultAPIURL is github.com's REST endpoint. GitHub Enterprise Server's is
// https://HOST/api/v3, as the runner's GITHUB_API_URL says.
const DefaultAPIURL = "https://api.github.com"

// Repo names a repository.
type Repo struct {
	Owner string
	Name  string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// ParseRepo splits "owner/name".
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return Repo{}, fmt.Errorf("repository %q is not owner/name", s)
	}
	return Repo{Owner: owner, Name: name}, nil
}

// Config says how to reach GitHub and as whom.
type Config struct {
	APIURL string // "" means DefaultAPIURL
	Token  string // a token (GITHUB_TOKEN, a PAT); ignored when AppID is set
	// Anonymous allows a client without credentials, for public
	// repositories: GitHub then allows 60 requests an hour per IP address
	// (github.com's limit for unauthenticated requests). Without it, New
	// refuses to build a client without credentials, so that a missing
	// token is never silently turned into anonymous requests.
	Anonymous bool

	AppID         int64  // authenticate as this GitHub App ...
	AppPrivateKey []byte // ... with its PEM private key,
	Repo          Repo   // ... through its installation on this repository

	// Transport is the base HTTP transport (tests point it at a fake); nil
	// means http.DefaultTransport.
	Transport http.RoundTripper
	// Sleep waits between retries; nil means a real, cancellable sleep.
	Sleep func(context.Context, time.Duration) error
	// Now is the clock used for rate-limit resets; nil means time.Now.
	Now func() time.Time
	// OnWait, if set, hears about every retry wait (for logs).
	OnWait func(d time.Duration, why string)
	// RequestTimeout bounds each request; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// OnLimit, if set, hears when dpgcheck stops short of what GitHub offers
	// (a list with more pages than it reads), in words for a notice.
	OnLimit func(msg string)
}

// Client talks to one GitHub instance as one identity.
type Client struct {
	gh        *gh.Client
	onLimit   func(string)
	anonymous bool // no credentials: GitHub's limit for unauthenticated requests applies
}

// Anonymous reports whether the client sends no credentials.
func (c *Client) Anonymous() bool { return c.anonymous }

// limit tells the caller that dpgcheck stopped short of what GitHub offers.
func (c *Client) limit(msg string) {
	if c.onLimit != nil {
		c.onLimit(msg)
	}
}

// New builds a client. With an App, it looks up the App's installation on
// cfg.Repo and authenticates as that installation.
func New(ctx context.Context, cfg Config) (*Client, error) {
	base, api, err := apiBase(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	plain := plainTransport(cfg)
	trusted := credentialHosts(base)

	var auth http.RoundTripper
	switch {
	case cfg.AppID != 0:
		auth, err = appTransport(ctx, plain, trusted, api, base, cfg)
		if err != nil {
			return nil, err
		}
	case cfg.Token != "":
		auth = &tokenTransport{token: cfg.Token, base: plain}
	case cfg.Anonymous:
		auth = plain
	default:
		return nil, errors.New("no GitHub credentials: give a token, or an App id and private key")
	}
	c := gh.NewClient(&http.Client{Transport: &authScope{trusted: trusted, auth: auth, plain: plain}})
	c.BaseURL = base
	c.UploadURL = base
	return &Client{gh: c, onLimit: cfg.OnLimit, anonymous: cfg.AppID == 0 && cfg.Token == ""}, nil
}

// apiBase parses the API URL ("" means DefaultAPIURL) into the client's
// base URL (with a trailing slash) and the API without one.
func apiBase(apiURL string) (*url.URL, string, error) {
	api := strings.TrimSuffix(apiURL, "/")
	if api == "" {
		api = DefaultAPIURL
	}
	base, err := url.Parse(api + "/")
	if err != nil || base.Scheme != "https" && base.Scheme != "http" {
		return nil, "", fmt.Errorf("GitHub API URL %q is not an http(s) URL", apiURL)
	}
	return base, api, nil
}

// plainTransport sends requests without credentials: each attempt has its
// own deadline, and retries wait between attempts.
func plainTransport(cfg Config) http.RoundTripper {
	network := cfg.Transport
	if network == nil {
		network = http.DefaultTransport
	}
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	sleep := cfg.Sleep
	if sleep == nil {
		sleep = sleepContext
	}
	return &retryTransport{base: &deadlineTransport{base: network, timeout: timeout}, sleep: sleep, now: cfg.Now, waited: cfg.OnWait}
}

// appTransport authenticates as the installation of a GitHub App on
// cfg.Repo.
func appTransport(ctx context.Context, rt http.RoundTripper, trusted func(*url.URL) bool, api string, base *url.URL, cfg Config) (http.RoundTripper, error) {
	atr, err := ghinstallation.NewAppsTransport(rt, cfg.AppID, cfg.AppPrivateKey)
	if err != nil {
		return nil, fmt.Errorf("GitHub App private key: %w", err)
	}
	atr.BaseURL = api
	apps := gh.NewClient(&http.Client{Transport: &authScope{trusted: trusted, auth: atr, plain: rt}})
	apps.BaseURL = base
	inst, resp, err := apps.Apps.FindRepositoryInstallation(ctx, cfg.Repo.Owner, cfg.Repo.Name)
	if err = checkAnswer(resp, err); err != nil {
		return nil, fmt.Errorf("find the App's installation on %s: %w", cfg.Repo, err)
	}
	itr := ghinstallation.NewFromAppsTransport(atr, inst.GetID())
	itr.BaseURL = api
	return itr, nil
}
