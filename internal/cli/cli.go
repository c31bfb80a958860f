// Package cli owns the command line: subcommands, flags, exit codes, and the
// wiring of the pipeline (config -> evidence -> rules -> report -> render).
// It holds no global state: arguments, environment, output streams and the
// clock come in from main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// Exit codes, as documented in the README.
const (
	ExitPass  = 0 // the verdict passes (or fail-on never)
	ExitFail  = 1 // the verdict fails
	ExitUsage = 2 // bad arguments or configuration; the message names the file and line
	ExitError = 3 // runtime error: I/O, API
)

// Env is the process boundary: everything main hands in.
type Env struct {
	Args   []string
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
	// Transport, if set, carries every GitHub API request (tests point it
	// at a fake GitHub); nil means the default transport.
	Transport http.RoundTripper
}

// usageError is a mistake in the invocation or configuration (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Main runs dpgcheck and returns the exit code.
func Main(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return Run(ctx, Env{Args: args, Getenv: getenv, Stdout: stdout, Stderr: stderr, Now: time.Now})
}

// Run is Main with an injectable clock.
func Run(ctx context.Context, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	cmd, rest := "check", env.Args
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		switch rest[0] {
		case "check", "version", "help", "action", "batch", "serve":
			cmd, rest = rest[0], rest[1:]
		}
	}
	var code int
	var err error
	switch cmd {
	case "version":
		fmt.Fprintf(env.Stdout, "dpgcheck %s\n", Version())
		return ExitPass
	case "help":
		fmt.Fprint(env.Stdout, usageText)
		return ExitPass
	case "action":
		code, err = runAction(ctx, env, env.Transport)
	case "batch":
		code, err = runBatch(ctx, env, rest)
	case "serve":
		code, err = runServe(ctx, env, rest)
	default:
		code, err = check(ctx, env, rest)
	}
	if err == nil {
		return code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		// The message can hold names from the repository or the command
		// line: one line, control and bidi characters shown as escapes.
		fmt.Fprintf(env.Stderr, "dpgcheck: %s\n", safetext.Line(err.Error()))
		return ExitUsage
	}
	newLogger(env.Stderr, false).Error("dpgcheck failed", "error", err)
	return ExitError
}

// newLogger returns the logger of a run, writing to w (standard error).
// slog's text handler quotes every message, key and value that holds a
// control, bidi or other non-printing character, with Go escapes
// ("x\x1b[2J\nverdict: PASS", "\u202e"), so a name from the repository
// cannot forge a log line or reorder it.
func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

const usageText = `dpgcheck evaluates a repository against the Digital Public Goods Standard and the GovStack
building-block criteria.

Usage:
  dpgcheck [check] [flags] [PATH]   evaluate the repository at PATH (default: the current directory)
  dpgcheck [check] [flags] github.com/OWNER/REPO[@REF]
                                    evaluate a repository on GitHub (also https://HOST/OWNER/REPO[/tree/REF])
  dpgcheck batch --list FILE --out DIR [flags]
                                    evaluate every repository or folder of FILE (one a line) into DIR
  dpgcheck batch merge [--out DIR2] DIR
                                    summarise DIR into summary.json, .csv, .md and .html
  dpgcheck action                   run as a GitHub Action (the container entrypoint; reads INPUT_* and GITHUB_*)
  dpgcheck serve [--addr HOST:PORT] run as a GitHub App: receive webhooks, post check runs and comments
  dpgcheck version                  print the version
  dpgcheck help                     print this help

Flags of check:
  --standard LIST     standards to evaluate, comma-separated: dpg, govstack (default: dpg)
  --format FORMAT     text, json, markdown, sarif, govstack-json, or the DPGA application draft:
                      dpga (JSON) or dpga-markdown (default: text)
  --output FILE       write the report to FILE instead of standard output
  --config FILE       configuration file (default: PATH/.github/dpgcheck.yml, else PATH/.dpgcheck.yml)
  --fail-on POLICY    required, any, never or regression (default: required); regression needs --base
  --base REV          compare with REV of the local git history (a branch, tag or full commit hash):
                      per criterion regressed/fixed/unchanged, and the licences of new dependencies
  --color WHEN        auto, always or never (default: auto; NO_COLOR is honoured)
  --api-url URL       the GitHub API of a repository named by its host (default: GITHUB_API_URL, else
                      https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3); the token is
                      GITHUB_TOKEN, and without one public repositories are read anonymously
  --repository OWNER/NAME
                      the GitHub repository PATH is, when its .git does not say (an extracted archive)
  --registry FILE|URL the project's DPGA registry record (nominee JSON): adds dpg-registry, where the
                      repository no longer matches what was certified (licence, repository, SDGs, renewal)
  -v                  verbose logs on standard error

Flags of batch:
  --list FILE         repositories (github.com/OWNER/REPO[@REF]) and folders (relative to FILE's folder),
                      one a line; # starts a comment
  --out DIR           one JSON report per item, or an error record (NAME.error.json) saying why not
  --jobs N            evaluations at a time (default: the number of CPUs)
  --shard i/N         evaluate only the i-th of N parts of the list (by a hash of each item)
  --resume            skip the items that already have a report in DIR
  --standard, --fail-on, --api-url, -v and the GovStack flags as for check

Flags of serve (the App's identity and secrets come from the environment: APP_ID, PRIVATE_KEY or
PRIVATE_KEY_PATH, WEBHOOK_SECRET; also GITHUB_API_URL, DPGCHECK_WORKERS, DPGCHECK_QUEUE_SIZE):
  --addr HOST:PORT    where to listen (default :8080): POST /webhook, GET /healthz, GET /readyz
  --drain-timeout D   on SIGTERM or SIGINT, how long running jobs may finish (default 25s)
  --check-name NAME   the check run's name (default dpgcheck)
  --comment WHEN      always, on-failure, on-change or never (default always)
  --standard, --govstack-version, --fail-on and -v as for check

GovStack:
  --govstack-version V        the cross-functional requirements --standard govstack means:
                              2.1 (govstack-cfr 2.1.0, default) or 23Q4 (rules 5.1-5.28)
  --building-block NAME       compare the repository's OpenAPI with a building block's API
  --reference-spec PATH|URL   that building block's OpenAPI specification (file or https URL);
                              the criterion is govstack-bb-NAME-api

Exit codes: 0 pass, 1 fail, 2 usage or configuration error (also: the repository or ref named does not
exist), 3 runtime error (also: access denied, rate limit, network, an archive over the size caps).
batch exits 0 when every item has a report or an error record, whatever the verdicts.
`
