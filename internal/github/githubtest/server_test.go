package githubtest

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, format)
}

func TestRejectsRequestsGitHubWould(t *testing.T) {
	t.Parallel()
	rec := &recorder{TB: t}
	fake := New(rec)
	tests := []struct {
		name, method, path, body string
		valid                    bool
	}{
		{"valid check run", "POST", "/repos/o/r/check-runs", `{"name":"dpgcheck","head_sha":"abc"}`, true},
		{"missing head_sha", "POST", "/repos/o/r/check-runs", `{"name":"dpgcheck"}`, false},
		{"bad conclusion", "POST", "/repos/o/r/check-runs", `{"name":"x","head_sha":"a","conclusion":"passed"}`, false},
		{"bad annotation level", "PATCH", "/repos/o/r/check-runs/1", `{"output":{"title":"t","summary":"s","annotations":[{"path":"a","start_line":1,"end_line":1,"annotation_level":"error","message":"m"}]}}`, false},
		{"51 annotations", "PATCH", "/repos/o/r/check-runs/1", `{"output":{"title":"t","summary":"s","annotations":[` + strings.Repeat(`{"path":"a","start_line":1,"end_line":1,"annotation_level":"notice","message":"m"},`, 50) + `{"path":"a","start_line":1,"end_line":1,"annotation_level":"notice","message":"m"}]}}`, false},
		{"summary too long", "PATCH", "/repos/o/r/check-runs/1", `{"output":{"title":"t","summary":"` + strings.Repeat("x", 65536) + `"}}`, false},
		{"no such operation", "GET", "/repos/o/r/nonsense", ``, false},
	}
	for _, tt := range tests {
		before := len(rec.errors)
		req, _ := http.NewRequest(tt.method, fake.URL+tt.path, bytes.NewBufferString(tt.body))
		if tt.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		flagged := len(rec.errors) > before
		if flagged == tt.valid {
			t.Errorf("%s: flagged as invalid = %v, want %v (status %d)", tt.name, flagged, !tt.valid, resp.StatusCode)
		}
	}
}
