package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/download"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A repository named on the command line (check github.com/OWNER/REPO[@REF],
// or a line of a batch list) is evaluated from its tarball: the ref is
// resolved to a commit, the tarball of that commit is downloaded through the
// API and extracted by internal/tarball into a temporary folder, which is
// removed when the evaluation ends, whatever happens.

// tempPrefix starts the names of temporary files and folders: a
// download's tree, a batch's report being written. They are hidden, so
// batch merge and artifact uploads skip them.
const tempPrefix = ".dpgcheck-tmp-"

// gitHubAccess says which GitHub a run talks to, and as whom.
type gitHubAccess struct {
	api       string // the API URL: --api-url, else GITHUB_API_URL, else github.com's
	apiFrom   string // where api came from, for messages
	token     string // GITHUB_TOKEN; "" reads public repositories anonymously
	transport http.RoundTripper
	now       func() time.Time // the clock rate-limit resets are counted with
	limits    download.Limits  // zero: the defaults (tests make them small)
}

func newGitHubAccess(env Env, apiFlag string) gitHubAccess {
	a := gitHubAccess{api: github.DefaultAPIURL, apiFrom: "the default", token: env.Getenv("GITHUB_TOKEN"), transport: env.Transport, now: env.Now}
	switch {
	case apiFlag != "":
		a.api, a.apiFrom = apiFlag, "--api-url"
	case env.Getenv("GITHUB_API_URL") != "":
		a.api, a.apiFrom = env.Getenv("GITHUB_API_URL"), "GITHUB_API_URL"
	}
	a.api = strings.TrimSuffix(a.api, "/")
	return a
}

// client builds the API client: with the token, else anonymous (public
// repositories only, 60 requests an hour on github.com).
func (a gitHubAccess) client(ctx context.Context) (*github.Client, error) {
	c, err := github.New(ctx, github.Config{APIURL: a.api, Token: a.token, Anonymous: a.token == "", Transport: a.transport, Now: a.now})
	if err != nil {
		return nil, usagef("%s: %v", a.apiFrom, err)
	}
	return c, nil
}

// webHost is the host whose repositories the API serves: github.com for
// api.github.com, HOST for GitHub Enterprise Server's https://HOST/api/v3.
// It is "" for an API URL of another shape (a proxy, a test's fake GitHub),
// which is taken to serve the repository named.
func (a gitHubAccess) webHost() string {
	u, err := url.Parse(a.api)
	if err != nil {
		return ""
	}
	switch {
	case strings.EqualFold(u.Hostname(), "api.github.com"):
		return batch.GitHubHost
	case strings.TrimSuffix(u.Path, "/") == "/api/v3":
		return strings.ToLower(u.Host)
	}
	return ""
}

// checkHost refuses a repository on another GitHub than the API's: the
// same owner/name there is another repository, and the token is the API's.
func (a gitHubAccess) checkHost(t batch.Remote) error {
	host := a.webHost()
	if host == "" || host == t.Host {
		return nil
	}
	if t.Host == batch.GitHubHost {
		return usagef("%s is on github.com, but the GitHub API is %s (from %s); give --api-url %s", t, a.api, a.apiFrom, github.DefaultAPIURL)
	}
	return usagef("%s is not on %s: for GitHub Enterprise Server give its API with --api-url https://%s/api/v3 (or set GITHUB_API_URL)", t, host, t.Host)
}

// checkRemote downloads the repository check names and points the
// evaluation at its tree; the caller closes the tree.
func checkRemote(ctx context.Context, env Env, o *checkOptions, e *evaluation) (*remoteTree, error) {
	access := newGitHubAccess(env, o.apiURL)
	client, err := access.client(ctx)
	if err != nil {
		return nil, err
	}
	e.log.Info("downloading the repository", "repository", o.remote.String(), "anonymous", access.token == "")
	tree, err := fetchRemote(ctx, client, access, *o.remote, tempRoot(env), env.Now, e.log)
	if err != nil {
		var re *remoteError
		if errors.As(err, &re) {
			return nil, re.asCheckError()
		}
		return nil, err
	}
	tree.point(e, client, access)
	return tree, nil
}

// point makes e evaluate the tree, named as the repository at its ref and
// commit; what GitHub shows a reviewer is asked with the same client when
// there is a token (anonymous requests are kept for the download).
func (t *remoteTree) point(e *evaluation, client *github.Client, access gitHubAccess) {
	e.dir, e.display = t.dir, t.target.String()
	e.target = report.Target{Repository: t.target.Repository(), Ref: t.ref, Commit: t.commit}
	e.host = nil
	if access.token != "" {
		e.host = clientFacts(client)
	}
}

// remoteTree is a repository's tree at a commit, extracted into a
// temporary folder.
type remoteTree struct {
	dir    string
	target batch.Remote
	ref    string // the ref as named, or the default branch
	commit string
	remove func()
}

// close removes the temporary folder.
func (t *remoteTree) close() {
	if t != nil && t.remove != nil {
		t.remove()
	}
}

// remoteError is a repository that could not be had; kind says why (an
// error record's kind).
type remoteError struct {
	kind string
	msg  string
}

func (e *remoteError) Error() string { return e.msg }

// exitCode is dpgcheck check's exit code for the failure: 2 when the
// repository or ref named does not exist, 3 otherwise.
func (e *remoteError) exitCode() int {
	if e.kind == batch.KindNotFound || e.kind == batch.KindRefNotFound {
		return ExitUsage
	}
	return ExitError
}

// asCheckError is how check reports e: what the user named that does not
// exist is a usage error.
func (e *remoteError) asCheckError() error {
	if e.exitCode() == ExitUsage {
		return &usageError{e.msg}
	}
	return e
}

// fetchRemote resolves the target's ref to a commit and extracts the
// commit's tarball into a new folder under tempRoot. Requests: with a ref,
// the commit it names and the tarball (2); without, the repository's
// default branch and its tarball, whose pax header names the commit (2).
// A third request only tells a missing repository from a missing ref.
func fetchRemote(ctx context.Context, client *github.Client, access gitHubAccess, t batch.Remote, tempRoot string, now func() time.Time, log *slog.Logger) (*remoteTree, error) {
	if err := access.checkHost(t); err != nil {
		return nil, err
	}
	f := &fetcher{log: log, client: client, access: access, target: t, repo: github.Repo{Owner: t.Owner, Name: t.Name}, now: now}
	tree := &remoteTree{target: t, ref: t.Ref}
	var archiveRef string
	if t.Ref == "" {
		branch, err := client.DefaultBranch(ctx, f.repo)
		if err != nil {
			return nil, f.fail("read the repository", err)
		}
		tree.ref, archiveRef = branch, branch
	} else {
		sha, err := client.CommitSHA(ctx, f.repo, t.Ref)
		if err != nil {
			return nil, f.refFailed(ctx, err)
		}
		tree.commit, archiveRef = sha, sha
	}
	log.Debug("resolved", "repository", t.String(), "ref", tree.ref, "commit", tree.commit)

	dir, err := os.MkdirTemp(tempRoot, tempPrefix+"remote-")
	if err != nil {
		return nil, fmt.Errorf("make a temporary folder: %w", err)
	}
	tree.dir = dir
	tree.remove = func() { os.RemoveAll(dir) }
	commit, err := f.download(ctx, archiveRef, dir)
	if err != nil {
		tree.close()
		return nil, err
	}
	if tree.commit == "" {
		tree.commit = commit
	}
	if tree.commit == "" {
		// A tarball without the pax header git archive writes: ask.
		sha, err := client.CommitSHA(ctx, f.repo, archiveRef)
		if err != nil {
			tree.close()
			return nil, f.fail("resolve "+archiveRef, err)
		}
		tree.commit = sha
	}
	return tree, nil
}

type fetcher struct {
	log    *slog.Logger
	client *github.Client
	access gitHubAccess
	target batch.Remote
	repo   github.Repo
	now    func() time.Time
}

// download extracts the tarball of ref into dir and returns the commit its
// pax header names.
func (f *fetcher) download(ctx context.Context, ref, dir string) (string, error) {
	res, err := download.Into(ctx, f.client, f.repo, ref, dir, f.access.limits)
	var reqErr *download.RequestError
	var tooLarge *download.TooLargeError
	switch {
	case err == nil:
		if len(res.Skipped) > 0 {
			f.log.Warn("entries of the archive were not extracted (links are never created)", "repository", f.target.String(), "skipped", res.Skipped)
		}
		return res.Commit, nil
	case ctx.Err() != nil:
		return "", ctx.Err()
	case errors.As(err, &reqErr):
		return "", f.fail("download the tarball", reqErr.Err)
	case errors.As(err, &tooLarge) && tooLarge.Compressed:
		return "", &remoteError{kind: batch.KindTooLarge, msg: fmt.Sprintf("%s: the archive is larger than %s compressed, dpgcheck's cap for a download",
			f.target, size(tooLarge.Limits.ArchiveBytes))}
	case errors.As(err, &tooLarge):
		lim := tooLarge.Limits.Extract
		return "", &remoteError{kind: batch.KindTooLarge, msg: fmt.Sprintf("%s: the archive is over dpgcheck's caps for a repository "+
			"(%s extracted, %d files and folders): %v", f.target, size(lim.MaxTotalBytes), lim.MaxEntries, tooLarge.Err)}
	case errors.Is(err, download.ErrTimeout):
		return "", &remoteError{kind: batch.KindError, msg: fmt.Sprintf("%s: the download did not finish within %s", f.target, f.access.limits.WithDefaults().Timeout)}
	}
	return "", &remoteError{kind: batch.KindError, msg: fmt.Sprintf("%s: %s", f.target, github.Describe(err))}
}

// refFailed explains a ref that could not be resolved: GitHub answers 404
// both for a repository it does not show and (on some versions) for a ref
// it does not have, and 422 for a ref that names no commit; one more
// request tells the repository from the ref.
func (f *fetcher) refFailed(ctx context.Context, err error) error {
	switch github.StatusOf(err) {
	case http.StatusNotFound, http.StatusUnprocessableEntity:
		if _, rerr := f.client.DefaultBranch(ctx, f.repo); rerr != nil {
			return f.fail("read the repository", rerr)
		}
		return &remoteError{kind: batch.KindRefNotFound, msg: fmt.Sprintf("%s/%s has no branch, tag or commit named %q",
			f.target.Host, f.target.Repository(), f.target.Ref)}
	case http.StatusConflict:
		return &remoteError{kind: batch.KindRefNotFound, msg: fmt.Sprintf("%s/%s is empty: it has no commit to evaluate",
			f.target.Host, f.target.Repository())}
	}
	return f.fail("resolve "+f.target.Ref, err)
}

// fail says why a request about the repository failed, in words that say
// what to do.
func (f *fetcher) fail(what string, err error) error {
	name := f.target.String()
	if errors.Is(err, context.Canceled) {
		return err
	}
	if rl, ok := github.IsRateLimited(err, f.now()); ok {
		return &remoteError{kind: batch.KindRateLimited, msg: name + ": " + rateLimitMessage(rl, f.access, f.now())}
	}
	switch github.StatusOf(err) {
	case http.StatusNotFound:
		how := "no token was given (set GITHUB_TOKEN to a token that can read it)"
		if f.access.token != "" {
			how = "the token in GITHUB_TOKEN cannot read it"
		}
		return &remoteError{kind: batch.KindNotFound, msg: fmt.Sprintf("%s/%s: no such repository, or it is private and %s",
			f.target.Host, f.target.Repository(), how)}
	case http.StatusUnauthorized:
		return &remoteError{kind: batch.KindAccessDenied, msg: fmt.Sprintf("%s: GitHub refused the token in GITHUB_TOKEN (%s): it is wrong, "+
			"expired or revoked; unset it to read public repositories without a token", name, github.Describe(err))}
	case http.StatusForbidden, http.StatusUnavailableForLegalReasons:
		return &remoteError{kind: batch.KindAccessDenied, msg: fmt.Sprintf("%s: GitHub refused access (%s)", name, github.Describe(err))}
	}
	return &remoteError{kind: batch.KindError, msg: fmt.Sprintf("%s: %s: %s", name, what, github.Describe(err))}
}

// rateLimitMessage says that GitHub's rate limit is used up, when it resets,
// and, without a token, how to get a larger one.
func rateLimitMessage(rl github.RateLimit, access gitHubAccess, now time.Time) string {
	var b strings.Builder
	if access.token == "" {
		b.WriteString("GitHub's rate limit for requests without a token is used up")
		if access.webHost() == batch.GitHubHost || rl.Limit == 60 {
			b.WriteString(" (60 requests an hour on github.com)")
		} else if rl.Limit > 0 {
			fmt.Fprintf(&b, " (%d requests an hour)", rl.Limit)
		}
	} else {
		b.WriteString("GitHub's rate limit for the token in GITHUB_TOKEN is used up")
		if rl.Limit > 0 {
			fmt.Fprintf(&b, " (%d requests an hour)", rl.Limit)
		}
	}
	if !rl.Reset.IsZero() {
		wait := max(rl.Reset.Sub(now), 0).Round(time.Minute)
		fmt.Fprintf(&b, "; it resets at %s UTC, in %s", rl.Reset.UTC().Format("15:04"), humanWait(wait))
	}
	if access.token == "" {
		b.WriteString(". Set GITHUB_TOKEN to a token to get 5,000 requests an hour")
	}
	return b.String()
}

func humanWait(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "less than a minute"
	case m == 1:
		return "1 minute"
	case m < 60:
		return strconv.Itoa(m) + " minutes"
	}
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

// tempRoot is where temporary folders go: $TMPDIR as the process was given
// it, else the system's.
func tempRoot(env Env) string {
	if d := env.Getenv("TMPDIR"); d != "" {
		return d
	}
	return os.TempDir()
}

// blobURL links a file of the evaluated tree to its page at the commit: a
// permalink.
func (t *remoteTree) blobURL(p string, line int) string {
	if t == nil || t.commit == "" {
		return ""
	}
	u := "https://" + t.target.Host + "/" + url.PathEscape(t.target.Owner) + "/" + url.PathEscape(t.target.Name) +
		"/blob/" + t.commit + "/" + escapeSegments(path.Clean(p))
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

// escapeSegments escapes each element of a slash-separated path for a URL.
func escapeSegments(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// size writes a byte count in the largest binary unit that divides it.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
