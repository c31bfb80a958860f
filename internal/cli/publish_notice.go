package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/publish"
)

// maxFailureDetail bounds GitHub's message quoted in the job summary: it says
// what GitHub answered; more is noise.
const maxFailureDetail = 300

// publishFailureNotice is the paragraph of the job summary, shown under the
// verdict, that says what could not be published, why the step fails, and
// what to do. GitHub's messages are quoted as code, so they cannot add markup,
// links or mentions.
func publishFailureNotice(failures []publish.Failure) string {
	if len(failures) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("**dpgcheck could not publish everything to GitHub**, so this step fails (exit code 3). " +
		"The verdict above stands: the repository was evaluated in full.\n")
	var hints []string
	for _, f := range failures {
		fmt.Fprintf(&b, "- could not %s: %s\n", f.What, codeSpan(github.Describe(f.Err)))
		if h := failureHint(f); !slices.Contains(hints, h) {
			hints = append(hints, h)
		}
	}
	b.WriteString("\n" + strings.Join(hints, " ") + " To publish, the workflow's token needs `checks: write` (the check run) " +
		"and `pull-requests: write` (the comment) under `permissions:`; to stop publishing, set `check-run: false` or `comment: never`.")
	return b.String()
}

// failureHint says, in users' words, what to do about one failure.
func failureHint(f publish.Failure) string {
	var budget *publish.BudgetError
	var limited *github.RateLimitedError
	switch err := f.Err; {
	case github.IsUnauthorized(err):
		return "GitHub did not accept the credentials (401): the token is missing, expired or revoked, or the private key is not the App's. " +
			"Pass `${{ github.token }}` (the default) or a valid token, or the right `app-id` and `app-private-key`."
	case errors.As(err, &budget), github.IsTimeout(err), github.IsServerError(err):
		return "GitHub did not answer in time or was unavailable: re-run the job; if it happens again, see https://www.githubstatus.com."
	case errors.As(err, &limited):
		return "GitHub's rate limit asked for a longer wait than dpgcheck spends: re-run the job later."
	case github.IsMalformedAnswer(err):
		return "GitHub's answer could not be read: if the runner reaches GitHub through a proxy, check it and `GITHUB_API_URL`; otherwise re-run the job."
	case strings.Contains(f.What, "App"):
		return "Check `app-id` and `app-private-key`, and that the App is installed on this repository."
	}
	return "GitHub refused the request with the message above; if it persists, report it at https://github.com/dpgcheck/dpgcheck/issues."
}

// codeSpan quotes text from GitHub as inline code, on one line and bounded.
func codeSpan(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxFailureDetail {
		s = string(r[:maxFailureDetail]) + "…"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}
