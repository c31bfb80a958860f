package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

var testSecret = []byte("It's a Secret to Everybody")

// examples are the real webhook payloads of the shared data, by event,
// read once per test binary.
var examples = sync.OnceValues(func() (map[string][]json.RawMessage, error) {
	p, err := githubtest.SharedFile("github/webhook-examples.json")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var events []struct {
		Name     string            `json:"name"`
		Examples []json.RawMessage `json:"examples"`
	}
	if err := json.Unmarshal(data, &events); err != nil {
		return nil, err
	}
	out := map[string][]json.RawMessage{}
	for _, e := range events {
		out[e.Name] = e.Examples
	}
	return out, nil
})

// example is the first real payload of event with action whose
// installation is set (the App's deliveries always name one), else the
// first with action.
func example(t testing.TB, event, action string) map[string]any {
	t.Helper()
	all, err := examples()
	if err != nil {
		t.Skipf("skipping: real webhook payloads are needed: %v", err)
	}
	var first map[string]any
	for _, raw := range all[event] {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if m["action"] == action && m["installation"] != nil {
			return m
		}
		if m["action"] == action && first == nil {
			first = m
		}
	}
	if first == nil {
		t.Fatalf("no %s %s example", event, action)
	}
	return first
}

// withPR is a pull_request payload for pull request n at head sha.
func withPR(t testing.TB, base map[string]any, n int, sha string) []byte {
	t.Helper()
	data, _ := json.Marshal(base)
	var m map[string]any
	json.Unmarshal(data, &m)
	m["number"] = n
	pr := m["pull_request"].(map[string]any)
	pr["number"] = n
	pr["head"].(map[string]any)["sha"] = sha
	out, _ := json.Marshal(m)
	return out
}

// trimmed is a pull_request payload cut to the fields dpgcheck reads.
func trimmed(m map[string]any) map[string]any {
	pr := m["pull_request"].(map[string]any)
	repo := m["repository"].(map[string]any)
	keep := func(r any) map[string]any {
		x := r.(map[string]any)
		return map[string]any{"sha": x["sha"], "ref": x["ref"]}
	}
	return map[string]any{"action": m["action"], "number": m["number"], "installation": m["installation"],
		"repository":   map[string]any{"full_name": repo["full_name"], "html_url": repo["html_url"]},
		"pull_request": map[string]any{"number": pr["number"], "head": keep(pr["head"]), "base": keep(pr["base"])}}
}

func encode(t testing.TB, m map[string]any) []byte {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sha is a made-up commit id numbered n.
func sha(n int) string { return fmt.Sprintf("%040x", n) }

// delivery is a request GitHub would send.
type delivery struct {
	id, event string
	body      []byte
	signature string // "" signs with testSecret; "-" sends none
}

func (d delivery) send(t testing.TB, client *http.Client, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/webhook", bytes.NewReader(d.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", d.event)
	req.Header.Set("X-GitHub-Delivery", d.id)
	switch d.signature {
	case "":
		req.Header.Set("X-Hub-Signature-256", Sign(testSecret, d.body))
	case "-":
	default:
		req.Header.Set("X-Hub-Signature-256", d.signature)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("POST /webhook: %v", err)
		return 0, ""
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(msg)
}

// harness is a server on loopback whose jobs are recorded (and, when
// hold is set, wait for it).
type harness struct {
	srv  *Server
	http *httptest.Server

	mu   sync.Mutex
	runs []Job
	ends map[string]error // delivery -> the context's cause when the job ended
	hold chan struct{}    // jobs wait for it (or their context) when set
}

func newHarness(t testing.TB, cfg Config, hold bool) *harness {
	t.Helper()
	h := &harness{ends: map[string]error{}}
	if hold {
		h.hold = make(chan struct{})
	}
	cfg.Secret = testSecret
	cfg.Run = func(ctx context.Context, j Job) error {
		h.mu.Lock()
		h.runs = append(h.runs, j)
		h.mu.Unlock()
		if h.hold != nil {
			select {
			case <-h.hold:
			case <-ctx.Done():
			}
		}
		h.mu.Lock()
		h.ends[j.Delivery] = context.Cause(ctx)
		h.mu.Unlock()
		return ctx.Err()
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = srv
	h.http = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		h.http.Close()
		if h.hold != nil {
			select {
			case <-h.hold:
			default:
				close(h.hold)
			}
		}
		srv.Shutdown(context.Background())
	})
	return h
}

func (h *harness) post(t testing.TB, d delivery) (int, string) {
	t.Helper()
	return d.send(t, h.http.Client(), h.http.URL)
}

func (h *harness) get(t testing.TB, path string) int {
	t.Helper()
	resp, err := h.http.Client().Get(h.http.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitRuns waits until n jobs have started.
func (h *harness) waitRuns(t testing.TB, n int) []Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.mu.Lock()
		runs := append([]Job(nil), h.runs...)
		h.mu.Unlock()
		if len(runs) >= n {
			return runs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs started, want %d", len(runs), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitDone waits for the job of delivery id to end and returns why its
// context ended (nil when it was not cancelled).
func (h *harness) waitDone(t testing.TB, id string) error {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.mu.Lock()
		cause, ok := h.ends[id]
		h.mu.Unlock()
		if ok {
			return cause
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job of delivery %s did not end", id)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitIdle waits until srv has no job queued or running: every job that
// ended has been fully wound up (its commit recorded as evaluated).
func waitIdle(t testing.TB, srv *Server) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		srv.mu.Lock()
		n := len(srv.active)
		srv.mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs still queued or running", n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
