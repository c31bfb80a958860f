package github

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Retry limits. GitHub asks clients to wait for Retry-After or until
// X-RateLimit-Reset on rate limits, and 5xx answers are usually transient.
const (
	maxRetries = 3
	maxWait    = 90 * time.Second // never wait longer than this for a rate limit; give up instead
	baseDelay  = time.Second
)

// retryTransport retries rate-limited and failed requests with bounded waits.
type retryTransport struct {
	base  http.RoundTripper
	sleep func(context.Context, time.Duration) error
	now   func() time.Time
	// waited records every wait, for tests and logs.
	waited func(time.Duration, string)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil {
			if req.GetBody == nil {
				return nil, errNoRewind
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		resp, err := t.base.RoundTrip(req)
		if attempt >= maxRetries {
			return resp, err
		}
		var wait time.Duration
		var why string
		var limited *RateLimitedError
		switch {
		case err != nil:
			// A request GitHub did not answer in time is not sent again: it
			// would most likely wait as long, and a write may have happened.
			if req.Context().Err() != nil || IsTimeout(err) {
				return nil, err
			}
			wait, why = baseDelay<<attempt, "network error"
		default:
			var retry bool
			wait, why, retry = t.retryAfter(resp, attempt)
			if !retry {
				return resp, nil
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			limited = rateLimited(resp, wait)
		}
		if wait > maxWait {
			if limited == nil {
				limited = &RateLimitedError{Wait: wait}
			}
			return nil, limited
		}
		if t.waited != nil {
			t.waited(wait, why)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// retryAfter decides whether a response should be retried, and after how long.
func (t *retryTransport) retryAfter(resp *http.Response, attempt int) (time.Duration, string, bool) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden:
		if s := resp.Header.Get("Retry-After"); s != "" {
			if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
				return time.Duration(secs) * time.Second, "secondary rate limit (Retry-After)", true
			}
		}
		if resp.Header.Get("X-RateLimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
				wait := time.Until(time.Unix(reset, 0))
				if t.now != nil {
					wait = time.Unix(reset, 0).Sub(t.now())
				}
				return max(wait, 0) + time.Second, "primary rate limit (X-RateLimit-Reset)", true
			}
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			return baseDelay << attempt, "too many requests", true
		}
		return 0, "", false // a plain 403: permissions, not a rate limit
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return baseDelay << attempt, "server error " + strconv.Itoa(resp.StatusCode), true
	}
	return 0, "", false
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// rateLimited describes the wait GitHub asked for in resp: how long, and,
// from its X-RateLimit headers, the limit and when it resets.
func rateLimited(resp *http.Response, wait time.Duration) *RateLimitedError {
	e := &RateLimitedError{Wait: wait}
	if n, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Limit")); err == nil && n > 0 {
		e.Limit = n
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			e.Reset = time.Unix(reset, 0)
		}
	}
	return e
}
