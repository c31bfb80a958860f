package github

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// stall answers only when the client gives up, or after a while so that a
// client without a deadline still finishes (and its test fails, not hangs).
func stall(answer func(http.ResponseWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
			answer(w)
		}
	}
}

func emptyList(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte("[]"))
}

func TestRequestTimeoutNamesTheRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no answer", stall(emptyList)},
		{"headers, then silence", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("["))
			w.(http.Flusher).Flush()
			stall(func(w http.ResponseWriter) { w.Write([]byte("]")) })(w, r)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			fake.Routes["GET /repos/octo/clinic/issues/7/comments"] = tt.handler
			c, err := New(context.Background(), Config{APIURL: fake.URL, Token: "ghs_test", RequestTimeout: 50 * time.Millisecond,
				Sleep: func(context.Context, time.Duration) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Sticky(context.Background(), request(1, CommentAlways, true))
			if err == nil {
				t.Fatal("a request GitHub never answered succeeded")
			}
			got := Describe(err)
			if !strings.Contains(got, "GET /repos/octo/clinic/issues/7/comments") || !strings.Contains(got, "did not answer within 50ms") {
				t.Errorf("Describe = %q, want the request and the timeout", got)
			}
			if !IsTimeout(err) {
				t.Errorf("IsTimeout(%v) = false", err)
			}
			if n := len(fake.Requests()); n != 1 {
				t.Errorf("%d requests, want 1: a request that timed out is not retried", n)
			}
		})
	}
}

// TestDownloadMayOutlastTheRequestTimeout: a tarball's answer must start
// within the request timeout, but its body is bounded by the caller, not by
// that timeout.
func TestDownloadMayOutlastTheRequestTimeout(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	// The answer begins at once; its body takes 1.5 times the timeout.
	const timeout = 400 * time.Millisecond
	fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for i := range 3 {
			fmt.Fprintf(w, "part %d;", i)
			w.(http.Flusher).Flush()
			if i == 2 {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(timeout * 3 / 4):
			}
		}
	}
	c, err := New(context.Background(), Config{APIURL: fake.URL, Token: "ghs_test", RequestTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	body, err := c.Tarball(context.Background(), repo, "abc123")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil || string(data) != "part 0;part 1;part 2;" {
		t.Fatalf("download = %q, %v", data, err)
	}
}
