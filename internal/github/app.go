package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"
)

// maxInstallations bounds the installation transports an App keeps: each
// holds one installation token (valid an hour, refreshed by ghinstallation a
// minute before it expires). Past the bound the cache starts over, which
// costs each installation one token request.
const maxInstallations = 4096

// App is a GitHub App that acts through its installations, as the App server
// does: one webhook delivery names the installation it is for. The transport
// of each installation is kept, so its token is minted once an hour, not
// once a job; App is safe for concurrent use.
type App struct {
	cfg     Config
	base    *url.URL
	api     string
	plain   http.RoundTripper
	trusted func(*url.URL) bool
	apps    *ghinstallation.AppsTransport

	mu       sync.Mutex
	installs map[int64]*ghinstallation.Transport
}

// NewApp checks the App's private key and prepares to act as its
// installations; it makes no request. cfg.AppID and cfg.AppPrivateKey are
// required; cfg.Repo and cfg.Token are ignored.
func NewApp(cfg Config) (*App, error) {
	if cfg.AppID <= 0 {
		return nil, fmt.Errorf("the GitHub App id must be a positive number")
	}
	base, api, err := apiBase(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	plain := plainTransport(cfg)
	trusted := credentialHosts(base)
	atr, err := ghinstallation.NewAppsTransport(plain, cfg.AppID, cfg.AppPrivateKey)
	if err != nil {
		// The error names what is wrong with the key, never the key.
		return nil, fmt.Errorf("GitHub App private key: %w", err)
	}
	atr.BaseURL = api
	return &App{cfg: cfg, base: base, api: api, plain: plain, trusted: trusted, apps: atr, installs: map[int64]*ghinstallation.Transport{}}, nil
}

// Installation returns a client that acts as the App's installation id.
func (a *App) Installation(id int64) *Client {
	a.mu.Lock()
	itr, ok := a.installs[id]
	if !ok {
		if len(a.installs) >= maxInstallations {
			clear(a.installs)
		}
		itr = ghinstallation.NewFromAppsTransport(a.apps, id)
		itr.BaseURL = a.api
		a.installs[id] = itr
	}
	a.mu.Unlock()
	return a.client(itr)
}

func (a *App) client(auth http.RoundTripper) *Client {
	c := gh.NewClient(&http.Client{Transport: &authScope{trusted: a.trusted, auth: auth, plain: a.plain}})
	c.BaseURL = a.base
	c.UploadURL = a.base
	return &Client{gh: c, onLimit: a.cfg.OnLimit}
}

// Verify asks GitHub who the App is (GET /app, signed with the App's JWT)
// and returns its slug. IsUnauthorized(err) means GitHub does not accept the
// App id and private key together; any other error, that it could not be
// asked.
func (a *App) Verify(ctx context.Context) (string, error) {
	c := a.client(a.apps)
	app, resp, err := c.gh.Apps.Get(ctx, "")
	if err = checkAnswer(resp, err); err != nil {
		return "", err
	}
	return app.GetSlug(), nil
}
