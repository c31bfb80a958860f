package github

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// DefaultRequestTimeout bounds one request to GitHub: from sending it to the
// last byte of a JSON answer, or to the headers of a download. GitHub itself
// ends any request it takes more than 10 seconds to process ("Troubleshooting
// the REST API", Timeouts); three times that leaves room for a slow runner
// network, and a request still unanswered after it is not coming.
const DefaultRequestTimeout = 30 * time.Second

// TimeoutError is a request GitHub did not answer within the request timeout.
type TimeoutError struct {
	Method string
	Path   string // no query: a download URL can carry a token there
	After  time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s %s: GitHub did not answer within %s", e.Method, e.Path, e.After)
}

// downloadKey marks a request whose answer is streamed to the caller (a
// tarball): its body may take longer than the request timeout, so the
// deadline ends when the headers arrive, and the caller's context bounds the
// rest.
type downloadKey struct{}

func asDownload(ctx context.Context) context.Context {
	return context.WithValue(ctx, downloadKey{}, true)
}

func isDownload(ctx context.Context) bool { return ctx.Value(downloadKey{}) != nil }

// deadlineTransport gives every request, each redirect hop and each retry
// its own deadline.
type deadlineTransport struct {
	base    http.RoundTripper
	timeout time.Duration
}

func (t *deadlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	var fired atomic.Bool
	timer := time.AfterFunc(t.timeout, func() { fired.Store(true); cancel() })
	stop := func() { timer.Stop(); cancel() }
	timedOut := &TimeoutError{Method: req.Method, Path: req.URL.Path, After: t.timeout}

	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		stop()
		if fired.Load() {
			return nil, timedOut
		}
		return nil, err
	}
	if isDownload(req.Context()) {
		timer.Stop()
	}
	resp.Body = &deadlineBody{ReadCloser: resp.Body, stop: stop, fired: &fired, timedOut: timedOut}
	return resp, nil
}

// deadlineBody ends the request's deadline when the body is closed, and says
// so when the deadline cut the body short.
type deadlineBody struct {
	io.ReadCloser
	stop     func()
	fired    *atomic.Bool
	timedOut error
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.fired.Load() {
		err = b.timedOut
	}
	return n, err
}

func (b *deadlineBody) Close() error {
	err := b.ReadCloser.Close()
	b.stop()
	return err
}
