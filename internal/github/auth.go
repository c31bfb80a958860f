package github

import (
	"net/http"
	"net/url"
	"strings"
)

// githubArchiveHost is where api.github.com redirects archive downloads
// (GET /repos/{owner}/{repo}/tarball/{ref}). GitHub Enterprise Server serves
// them from its own host, the API's.
const (
	githubAPIHost     = "api.github.com"
	githubArchiveHost = "codeload.github.com"
)

// tokenTransport authenticates every request it sends with a token.
type tokenTransport struct {
	token string
	base  http.RoundTripper
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(req)
}

// authScope sends credentials only to GitHub. The HTTP client calls its
// transport once per redirect hop, and both go-github's token transport and
// ghinstallation add the Authorization header on every call, so without this a
// redirect would carry the token to whatever host the Location names.
type authScope struct {
	trusted func(*url.URL) bool
	auth    http.RoundTripper // adds the credentials
	plain   http.RoundTripper // sends the request without them
}

func (s *authScope) RoundTrip(req *http.Request) (*http.Response, error) {
	if s.trusted(req.URL) {
		return s.auth.RoundTrip(req)
	}
	if req.Header.Get("Authorization") != "" {
		req = req.Clone(req.Context())
		req.Header.Del("Authorization")
	}
	return s.plain.RoundTrip(req)
}

// credentialHosts says which URLs may receive the credentials of a client of
// the API at api: the API's own host, and on github.com the archive host the
// API redirects downloads to; always with the API's scheme, so a redirect
// cannot downgrade https to http.
func credentialHosts(api *url.URL) func(*url.URL) bool {
	hosts := map[string]bool{hostPort(api): true}
	if strings.EqualFold(api.Hostname(), githubAPIHost) && api.Scheme == "https" {
		hosts[githubArchiveHost+":443"] = true
	}
	return func(u *url.URL) bool {
		return strings.EqualFold(u.Scheme, api.Scheme) && hosts[hostPort(u)]
	}
}

// hostPort is a URL's lower-case host with its port, the scheme's default when
// none is given.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}
