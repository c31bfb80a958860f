package github

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

var errNoRewind = errors.New("cannot retry a request whose body cannot be read again")

// RateLimitedError is returned when GitHub asks for a longer wait than the
// tool is willing to spend.
type RateLimitedError struct {
	Wait  time.Duration
	Limit int       // requests allowed an hour (X-RateLimit-Limit), 0 when not said
	Reset time.Time // when the limit resets (X-RateLimit-Reset), zero when not said
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("GitHub rate limit: retry allowed only in %s, longer than dpgcheck waits", e.Wait.Round(time.Second))
}

// IsForbidden reports whether err is GitHub refusing the token the permission
// (403 "Resource not accessible by integration"), as for fork pull requests.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsNotFound reports whether GitHub answered 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether GitHub refused the credentials (401: a
// missing, expired or revoked token, or a wrong App key).
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsServerError reports whether GitHub answered 5xx (after the retries).
func IsServerError(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode >= 500
}

// IsTimeout reports whether err is a request GitHub did not answer within the
// request timeout.
func IsTimeout(err error) bool {
	var te *TimeoutError
	return errors.As(err, &te)
}

func hasStatus(err error, status int) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == status
}

// Describe turns a GitHub API error into one line that names the request and
// says what GitHub answered, including the validation messages of a 422.
func Describe(err error) string {
	var te *TimeoutError
	var me *MalformedAnswerError
	switch {
	case errors.As(err, &te):
		return te.Error()
	case errors.As(err, &me):
		return me.Error()
	}
	var er *gh.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// A transport error names the URL; codeload's redirect URLs carry a
			// token in the query, which must not reach a log or comment.
			return fmt.Sprintf("%s %s: %v", ue.Op, redactURL(ue.URL), ue.Err)
		}
		return err.Error()
	}
	msg := fmt.Sprintf("GitHub answered %d %s", er.Response.StatusCode, strings.TrimSpace(er.Message))
	var details []string
	for _, e := range er.Errors {
		switch {
		case e.Message != "":
			details = append(details, e.Message)
		case e.Field != "":
			details = append(details, fmt.Sprintf("%s.%s: %s", e.Resource, e.Field, e.Code))
		}
	}
	if len(details) > 0 {
		msg += ": " + strings.Join(details, "; ")
	}
	if er.Response.Request != nil {
		msg = er.Response.Request.Method + " " + er.Response.Request.URL.Path + ": " + msg
	}
	return msg
}

// redactURL drops the query, fragment and user information of a URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a URL)"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}
