package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/download"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/server"
)

// dpgcheck serve runs the GitHub App: flags and the environment say how;
// internal/server does the rest.

// Defaults of serve.
const (
	defaultServeAddr    = ":8080"
	defaultDrainTimeout = 25 * time.Second // inside Kubernetes' default 30 s grace period
	maxPrivateKeyBytes  = 64 << 10         // a PEM RSA key is about 1.7 KB (2048 bits) to 3.3 KB (4096)
	verifyTimeout       = 10 * time.Second // asking GitHub about the App at start
)

// serveOptions are serve's flags and environment.
type serveOptions struct {
	addr      string
	drain     time.Duration
	standards []string
	failOn    report.FailOn
	checkName string
	comment   github.CommentMode
	verbose   bool

	appID     int64
	key       []byte
	keyFrom   string // PRIVATE_KEY or PRIVATE_KEY_PATH
	secret    []byte
	apiURL    string
	workers   int
	queueSize int
}

func parseServe(env Env, args []string) (*serveOptions, error) {
	fl := flag.NewFlagSet("dpgcheck serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o := &serveOptions{}
	fl.StringVar(&o.addr, "addr", defaultServeAddr, "")
	fl.DurationVar(&o.drain, "drain-timeout", defaultDrainTimeout, "")
	standards := fl.String("standard", "dpg", "")
	govstackVersion := fl.String("govstack-version", "", "")
	failOn := fl.String("fail-on", "required", "")
	fl.StringVar(&o.checkName, "check-name", "dpgcheck", "")
	comment := fl.String("comment", "always", "")
	fl.BoolVar(&o.verbose, "v", false, "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stderr, usageText)
		}
		return nil, usagef("%v (see dpgcheck help)", err)
	}
	if fl.NArg() > 0 {
		return nil, usagef("serve takes no arguments, got %s", strings.Join(fl.Args(), " "))
	}
	var err error
	if o.standards, err = selectStandards(strings.Split(*standards, ","), govstackChoice{version: *govstackVersion}, criteria.Builtin()); err != nil {
		return nil, err
	}
	if o.failOn, err = report.ParseFailOn(*failOn); err != nil {
		return nil, usagef("--fail-on: %v", err)
	}
	if o.comment, err = github.ParseCommentMode(*comment); err != nil {
		return nil, usagef("--%v", err)
	}
	if o.drain <= 0 {
		return nil, usagef("--drain-timeout %s: give a positive duration such as 25s", o.drain)
	}
	if err := o.readEnv(env.Getenv); err != nil {
		return nil, err
	}
	return o, nil
}

// readEnv reads the App's identity and secrets. Messages name the variable
// and never repeat a secret or a key.
func (o *serveOptions) readEnv(getenv func(string) string) error {
	id := strings.TrimSpace(getenv("APP_ID"))
	if id == "" {
		return usagef("APP_ID is not set: give the GitHub App's id (a number, on the App's settings page)")
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return usagef("APP_ID %q is not a GitHub App id (a positive number, on the App's settings page)", id)
	}
	o.appID = n
	key, path := getenv("PRIVATE_KEY"), getenv("PRIVATE_KEY_PATH")
	switch {
	case key != "" && path != "":
		return usagef("PRIVATE_KEY and PRIVATE_KEY_PATH are both set: give one")
	case key != "":
		if !strings.Contains(key, "\n") {
			key = strings.ReplaceAll(key, `\n`, "\n") // an env file's one-line form
		}
		o.key, o.keyFrom = []byte(key), "PRIVATE_KEY"
	case path != "":
		o.keyFrom = "PRIVATE_KEY_PATH"
		if o.key, err = readKeyFile(path); err != nil {
			return err
		}
	default:
		return usagef("PRIVATE_KEY or PRIVATE_KEY_PATH is not set: give the GitHub App's private key (a PEM file generated on the App's settings page)")
	}
	secret := getenv("WEBHOOK_SECRET")
	if secret == "" {
		return usagef("WEBHOOK_SECRET is not set: give the webhook secret set on the App's settings page (dpgcheck refuses unsigned deliveries)")
	}
	o.secret = []byte(secret)
	o.apiURL = getenv("GITHUB_API_URL")
	if o.workers, err = positiveEnv(getenv, "DPGCHECK_WORKERS"); err != nil {
		return err
	}
	if o.queueSize, err = positiveEnv(getenv, "DPGCHECK_QUEUE_SIZE"); err != nil {
		return err
	}
	return nil
}

// readKeyFile reads the private key file, within a cap.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("PRIVATE_KEY_PATH: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPrivateKeyBytes+1))
	if err != nil {
		return nil, usagef("PRIVATE_KEY_PATH: %v", err)
	}
	if len(data) > maxPrivateKeyBytes {
		return nil, usagef("PRIVATE_KEY_PATH %s is over %d bytes: it is not a private key", path, maxPrivateKeyBytes)
	}
	return data, nil
}

// positiveEnv reads an optional positive number; 0 when unset.
func positiveEnv(getenv func(string) string, name string) (int, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, usagef("%s %q is not a positive number", name, v)
	}
	return n, nil
}

// verifyApp asks GitHub, once at start, whether it accepts the App id and
// key: a pair it refuses is a configuration error; a GitHub that cannot be
// asked now is logged, and the server starts (jobs will say what fails).
func verifyApp(ctx context.Context, app *github.App, o *serveOptions, log *slog.Logger) error {
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	slug, err := app.Verify(vctx)
	switch {
	case err == nil:
		log.Info("authenticated as the GitHub App", "app", slug, "id", o.appID)
	case github.IsUnauthorized(err):
		return usagef("APP_ID %d with the private key (%s): GitHub does not accept them (%s): the key is not this App's, or the App id is wrong",
			o.appID, o.keyFrom, github.Describe(err))
	default:
		log.Warn("could not ask GitHub about the App; starting anyway", "error", github.Describe(err))
	}
	return nil
}

// runServe runs the App until ctx ends (SIGTERM, SIGINT), then drains.
func runServe(ctx context.Context, env Env, args []string) (int, error) {
	o, err := parseServe(env, args)
	if err != nil {
		return 0, err
	}
	log := newLogger(env.Stderr, o.verbose)
	app, err := github.NewApp(github.Config{APIURL: o.apiURL, AppID: o.appID, AppPrivateKey: o.key, Transport: env.Transport, Now: env.Now,
		OnLimit: func(msg string) { log.Warn(msg) }})
	if err != nil {
		what := o.keyFrom
		if strings.Contains(err.Error(), "API URL") {
			what = "GITHUB_API_URL"
		}
		return 0, usagef("%s: %v", what, err)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return 0, usagef("--addr %s: %v", o.addr, err)
	}
	if err := verifyApp(ctx, app, o, log); err != nil {
		ln.Close()
		return 0, err
	}
	ev := &server.Evaluator{App: app, Standards: o.standards, FailOn: o.failOn, CheckName: o.checkName, Comment: o.comment,
		Tool: report.Tool{Name: "dpgcheck", Version: Version()}, TempDir: tempRoot(env), Limits: download.Limits{}, Log: log, Now: env.Now,
		Review: dependencyReview}
	srv, err := server.New(server.Config{Secret: o.secret, Run: ev.Run, Workers: o.workers, QueueSize: o.queueSize, Log: log, Now: env.Now})
	if err != nil {
		ln.Close()
		return 0, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.Info("dpgcheck serve is listening", "addr", ln.Addr().String(), "version", Version(), "standards", strings.Join(o.standards, ","))

	var serveErr error
	select {
	case <-ctx.Done():
		log.Info("stopping: no new deliveries; draining running jobs", "deadline", o.drain)
	case serveErr = <-served:
	}
	dctx, cancel := context.WithTimeout(context.Background(), o.drain)
	defer cancel()
	drainErr := srv.Shutdown(dctx)
	sctx, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	hs.Shutdown(sctx)
	switch {
	case serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed):
		return 0, fmt.Errorf("serve %s: %w", o.addr, serveErr)
	case drainErr != nil:
		return 0, drainErr
	}
	log.Info("dpgcheck serve stopped")
	return ExitPass, nil
}
