package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSignature: a delivery is acted on only with the signature of the
// body under the App's secret; anything else is 401 and runs nothing.
func TestSignature(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1}, false)
	body := encode(t, example(t, "pull_request", "opened"))
	other := Sign([]byte("another secret"), body)
	tampered := Sign(testSecret, append(bytes.Clone(body), ' '))
	for name, sig := range map[string]string{
		"missing":          "-",
		"empty":            "sha256=",
		"wrong":            "sha256=" + strings.Repeat("0", 64),
		"another secret":   other,
		"another body":     tampered,
		"not hex":          "sha256=zz" + other[9:],
		"sha1 only":        "sha1=" + other[7:47],
		"no prefix":        other[7:],
		"upper-case hex":   "sha256=" + strings.ToUpper(other[7:]),
		"truncated digest": other[:len(other)-2],
	} {
		if code, msg := h.post(t, delivery{id: "sig-" + name, event: "pull_request", body: body, signature: sig}); code != http.StatusUnauthorized {
			t.Errorf("%s signature: %d %s, want 401", name, code, msg)
		}
	}
	if code, msg := h.post(t, delivery{id: "sig-good", event: "pull_request", body: body}); code != http.StatusAccepted {
		t.Fatalf("good signature: %d %s, want 202", code, msg)
	}
	h.waitDone(t, "sig-good")
	if runs := h.waitRuns(t, 1); len(runs) != 1 || runs[0].Delivery != "sig-good" {
		t.Errorf("jobs run: %+v, want only the signed delivery's", runs)
	}
}

// TestReplayedDeliveryRunsOnce: GitHub's redelivery (or an attacker's
// replay) of a delivery id already taken is answered without running again.
func TestReplayedDeliveryRunsOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1}, false)
	d := delivery{id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "pull_request", body: encode(t, example(t, "pull_request", "opened"))}
	if code, _ := h.post(t, d); code != http.StatusAccepted {
		t.Fatalf("first delivery: %d, want 202", code)
	}
	h.waitDone(t, d.id)
	for range 3 {
		if code, msg := h.post(t, d); code != http.StatusOK || !strings.Contains(msg, "received before") {
			t.Errorf("replay: %d %q, want 200 received before", code, msg)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if runs := h.waitRuns(t, 1); len(runs) != 1 {
		t.Errorf("%d jobs for one delivery id, want 1", len(runs))
	}
}

// TestIgnoredEvents: events and actions that do not change the code are
// answered 204 and run nothing.
func TestIgnoredEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1}, false)
	cases := []struct{ event, action string }{
		{"pull_request", "closed"}, {"pull_request", "labeled"}, {"pull_request", "assigned"},
		{"check_suite", "completed"}, {"check_run", "created"}, {"check_run", "completed"}, {"check_run", "requested_action"},
		{"installation", "created"}, {"push", ""}, {"ping", ""},
	}
	for i, c := range cases {
		var body []byte
		if c.action != "" {
			body = encode(t, example(t, c.event, c.action))
		} else {
			all, _ := examples()
			body = all[c.event][0]
		}
		if code, msg := h.post(t, delivery{id: fmt.Sprint("ignored-", i), event: c.event, body: body}); code != http.StatusNoContent {
			t.Errorf("%s %s: %d %s, want 204", c.event, c.action, code, msg)
		}
	}
	if code, _ := h.post(t, delivery{id: "ignored-unknown", event: "no_such_event", body: []byte(`{}`)}); code != http.StatusNoContent {
		t.Errorf("an unknown event: %d, want 204", code)
	}
	time.Sleep(20 * time.Millisecond)
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.runs) != 0 {
		t.Errorf("ignored events ran %d jobs", len(h.runs))
	}
}

// TestMalformedSignedPayload: a signed body that is not what GitHub sends
// is 400, never a job.
func TestMalformedSignedPayload(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1}, false)
	for i, body := range []string{`not json`, `{"action":"opened"}`, `{"action":"opened","installation":{"id":1},"repository":{"full_name":"a/b"},"pull_request":{"number":1,"head":{"sha":"../../x"},"base":{"sha":"` + sha(1) + `"}}}`} {
		if code, msg := h.post(t, delivery{id: fmt.Sprint("bad-", i), event: "pull_request", body: []byte(body)}); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, code, msg)
		}
	}
	if code, _ := h.post(t, delivery{event: "pull_request", body: encode(t, example(t, "pull_request", "opened"))}); code != http.StatusBadRequest {
		t.Errorf("no delivery id: %d, want 400", code)
	}
}

// TestBodyOverCap: a body over the cap is 413, whether its length is
// declared or it is sent in chunks, before the signature is checked.
func TestBodyOverCap(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1, MaxBody: 1024}, false)
	big := bytes.Repeat([]byte("x"), 2048)
	if code, _ := h.post(t, delivery{id: "big", event: "pull_request", body: big}); code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared length over the cap: %d, want 413", code)
	}
	req, _ := http.NewRequest(http.MethodPost, h.http.URL+"/webhook", struct{ *bytes.Reader }{bytes.NewReader(big)}) // no length: chunked
	req.Header.Set("X-GitHub-Event", "pull_request")
	req.Header.Set("X-GitHub-Delivery", "big-chunked")
	req.Header.Set("X-Hub-Signature-256", Sign(testSecret, big))
	resp, err := h.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ContentLength = 0; resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over the cap: %d, want 413", resp.StatusCode)
	}
}

// TestQueueFull: with every worker busy and the queue full, a delivery is
// 503 (GitHub can deliver it again) and /readyz says so; the same delivery
// is taken once there is room, because a 503 does not record its id.
func TestQueueFull(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1, QueueSize: 1}, true)
	base := example(t, "pull_request", "synchronize")
	if code, _ := h.post(t, delivery{id: "q1", event: "pull_request", body: withPR(t, base, 1, sha(1))}); code != http.StatusAccepted {
		t.Fatalf("first: %d", code)
	}
	h.waitRuns(t, 1) // the worker holds q1
	if code, _ := h.post(t, delivery{id: "q2", event: "pull_request", body: withPR(t, base, 2, sha(2))}); code != http.StatusAccepted {
		t.Fatalf("second (queued): %d", code)
	}
	if code := h.get(t, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with a full queue: %d, want 503", code)
	}
	third := delivery{id: "q3", event: "pull_request", body: withPR(t, base, 3, sha(3))}
	if code, msg := h.post(t, third); code != http.StatusServiceUnavailable {
		t.Errorf("third (queue full): %d %s, want 503", code, msg)
	}
	if code := h.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while busy: %d, want 200", code)
	}
	close(h.hold)
	h.waitDone(t, "q2")
	if code, msg := h.post(t, third); code != http.StatusAccepted {
		t.Errorf("third, delivered again with room: %d %s, want 202", code, msg)
	}
	h.waitDone(t, "q3")
	if code := h.get(t, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz with room: %d, want 200", code)
	}
}

// TestNewerCommitCancelsOlder: a push to a pull request cancels the
// evaluation of its previous head, running or queued; another pull request's
// work goes on; the same head delivered by another event is not run twice.
func TestNewerCommitCancelsOlder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1, QueueSize: 8}, true)
	base := example(t, "pull_request", "synchronize")
	post := func(id string, pr, n int) {
		t.Helper()
		if code, msg := h.post(t, delivery{id: id, event: "pull_request", body: withPR(t, base, pr, sha(n))}); code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", id, code, msg)
		}
	}
	post("running", 7, 1)
	h.waitRuns(t, 1)
	post("other-pr", 8, 2) // queued behind
	post("queued", 7, 3)   // replaces the running job of #7
	if cause := h.waitDone(t, "running"); !errors.Is(cause, ErrSuperseded) {
		t.Errorf("the running job ended with %v, want ErrSuperseded", cause)
	}
	post("newest", 7, 4) // replaces the queued one before it starts
	// The same head again, from check_suite: already being evaluated.
	suite := example(t, "check_suite", "rerequested")
	cs := suite["check_suite"].(map[string]any)
	cs["head_sha"] = sha(4)
	pr := cs["pull_requests"].([]any)[0].(map[string]any)
	pr["number"] = 7
	pr["head"].(map[string]any)["sha"] = sha(4)
	suite["repository"] = base["repository"]
	if code, msg := h.post(t, delivery{id: "same-head", event: "check_suite", body: encode(t, suite)}); code != http.StatusAccepted || !strings.Contains(msg, "already") {
		t.Errorf("the same head from check_suite: %d %q, want 202 already being evaluated", code, msg)
	}
	close(h.hold)
	h.waitDone(t, "other-pr")
	h.waitDone(t, "newest")
	if cause := h.waitDone(t, "other-pr"); cause != nil {
		t.Errorf("another pull request's job was cancelled: %v", cause)
	}
	h.srv.Shutdown(context.Background())
	h.mu.Lock()
	defer h.mu.Unlock()
	var ran []string
	for _, j := range h.runs {
		ran = append(ran, j.Delivery)
	}
	if got := strings.Join(ran, ","); got != "running,other-pr,newest" {
		t.Errorf("jobs run: %s, want running,other-pr,newest (queued was replaced before it started; same-head was the running one)", got)
	}
}

// TestShutdownDrains: after Shutdown starts, /webhook and /readyz answer
// 503; a running job may finish within the deadline; past it, it is
// cancelled with ErrStopped.
func TestShutdownDrains(t *testing.T) {
	t.Parallel()
	base := example(t, "pull_request", "opened")
	t.Run("finishes within the deadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, Config{Workers: 1}, true)
		h.post(t, delivery{id: "d1", event: "pull_request", body: withPR(t, base, 1, sha(1))})
		h.waitRuns(t, 1)
		stopped := make(chan error, 1)
		go func() { stopped <- h.srv.Shutdown(context.Background()) }()
		for h.get(t, "/readyz") != http.StatusServiceUnavailable {
			time.Sleep(time.Millisecond)
		}
		if code, _ := h.post(t, delivery{id: "d2", event: "pull_request", body: withPR(t, base, 2, sha(2))}); code != http.StatusServiceUnavailable {
			t.Errorf("a delivery while draining: %d, want 503", code)
		}
		close(h.hold)
		if err := <-stopped; err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if cause := h.waitDone(t, "d1"); cause != nil {
			t.Errorf("the drained job was cancelled: %v", cause)
		}
	})
	t.Run("cancelled past the deadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, Config{Workers: 1}, true)
		h.post(t, delivery{id: "d1", event: "pull_request", body: withPR(t, base, 1, sha(1))})
		h.waitRuns(t, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := h.srv.Shutdown(ctx); err == nil || !strings.Contains(err.Error(), "1 jobs did not finish") {
			t.Errorf("Shutdown past the deadline: %v", err)
		}
		if cause := h.waitDone(t, "d1"); !errors.Is(cause, ErrStopped) {
			t.Errorf("the job ended with %v, want ErrStopped", cause)
		}
	})
}

// TestLoad: 500 deliveries from 50 concurrent senders over loopback, each
// also sending one of its deliveries twice: every delivery is run exactly
// once, none lost, none twice.
func TestLoad(t *testing.T) {
	t.Parallel()
	const senders, each = 50, 10
	h := newHarness(t, Config{Workers: 4, QueueSize: senders * each}, false)
	// The real payload cut to what dpgcheck reads keeps the test fast under
	// -race; the whole payloads go through the other tests.
	base := trimmed(example(t, "pull_request", "synchronize"))
	bodies := make([][]byte, senders*each)
	for i := range bodies {
		bodies[i] = withPR(t, base, i+1, sha(i+1))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders}}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each + 1 {
				i := s*each + k%each // the last send repeats the sender's first delivery
				code, _ := delivery{id: fmt.Sprint("load-", i), event: "pull_request", body: bodies[i]}.send(t, client, h.http.URL)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if codes[http.StatusAccepted] != senders*each || codes[http.StatusOK] != senders {
		t.Errorf("answers: %v, want %d 202 and %d 200 (the repeats)", codes, senders*each, senders)
	}
	if err := h.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, j := range h.runs {
		seen[j.Delivery]++
	}
	for i := range senders * each {
		if n := seen[fmt.Sprint("load-", i)]; n != 1 {
			t.Errorf("delivery load-%d ran %d times, want 1", i, n)
		}
	}
	if len(h.runs) != senders*each {
		t.Errorf("%d jobs ran, want %d", len(h.runs), senders*each)
	}
}

// TestCommitEvaluatedOnce: a push sends pull_request synchronize and
// check_suite requested about the same head; once it is evaluated, the
// second is answered without evaluating again, while a re-run asked for
// (check_suite rerequested) evaluates it again.
func TestCommitEvaluatedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{Workers: 1}, false)
	pr := example(t, "pull_request", "synchronize")
	head := pr["pull_request"].(map[string]any)["head"].(map[string]any)["sha"].(string)
	if code, _ := h.post(t, delivery{id: "push-pr", event: "pull_request", body: encode(t, pr)}); code != http.StatusAccepted {
		t.Fatalf("synchronize: %d", code)
	}
	h.waitDone(t, "push-pr")
	waitIdle(t, h.srv)
	suite := example(t, "check_suite", "rerequested") // the real payload names pull request #2 at the same head
	if got := suite["check_suite"].(map[string]any)["head_sha"]; got != head {
		t.Fatalf("the examples changed: check_suite head %v, pull request head %s", got, head)
	}
	suite["action"] = "requested"
	suite["installation"] = pr["installation"]
	if code, msg := h.post(t, delivery{id: "push-suite", event: "check_suite", body: encode(t, suite)}); code != http.StatusOK || !strings.Contains(msg, "evaluated already") {
		t.Errorf("check_suite requested for an evaluated head: %d %q, want 200 evaluated already", code, msg)
	}
	suite["action"] = "rerequested"
	if code, _ := h.post(t, delivery{id: "rerun", event: "check_suite", body: encode(t, suite)}); code != http.StatusAccepted {
		t.Errorf("check_suite rerequested: %d, want 202", code)
	}
	h.waitDone(t, "rerun")
	if runs := h.waitRuns(t, 2); len(runs) != 2 {
		t.Errorf("%d evaluations, want 2 (synchronize and the re-run)", len(runs))
	}
}
