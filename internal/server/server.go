// Package server is dpgcheck as a GitHub App: an HTTP server that receives
// webhook deliveries (/webhook), verifies their signature before reading
// them, answers at once, and evaluates in a bounded pool of workers. A newer
// commit of the same pull request (or branch) cancels the older one's work;
// a delivery id seen before is acted on once; a full queue answers 503
// without taking the delivery id, so that a redelivery is acted on. /healthz
// says the process is alive, /readyz whether it takes work. Shutdown stops
// taking work and drains what is running within a deadline.
//
// The server keeps no state beyond memory: replicas behind a load balancer
// are safe (the sticky comment settles races itself), and work lost when a
// process stops is recovered by re-running the check suite.
package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxBody caps a delivery's body: GitHub caps webhook payloads at
// 25 MB and does not deliver larger ones; 25 MiB leaves room for that and
// bounds what an unauthenticated sender can make the server read before
// the signature is checked.
const DefaultMaxBody = 25 << 20

// DefaultRecentDeliveries is how many delivery ids are remembered to act on
// a redelivered one once (an id is 36 bytes; 100,000 of them cost a few MB).
const DefaultRecentDeliveries = 100_000

// Config is how the server works.
type Config struct {
	// Secret is the App's webhook secret; required.
	Secret []byte
	// Run does one job; the context ends when a newer commit replaces the
	// job or the server stops. Required.
	Run func(ctx context.Context, j Job) error
	// Workers is how many jobs run at a time (0: the number of CPUs).
	Workers int
	// QueueSize is how many accepted jobs may wait (0: 16 per worker).
	QueueSize int
	// MaxBody caps a delivery's body (0: DefaultMaxBody).
	MaxBody int64
	// RecentDeliveries bounds the delivery ids remembered (0:
	// DefaultRecentDeliveries).
	RecentDeliveries int
	// Log receives a line per delivery and per job; nil discards them.
	Log *slog.Logger
	// Now is the clock jobs are stamped with (nil: time.Now).
	Now func() time.Time
}

// Server receives deliveries and runs their jobs.
type Server struct {
	cfg Config
	log *slog.Logger

	draining atomic.Bool
	stop     context.CancelCauseFunc // ends every job when the drain deadline passes
	base     context.Context

	mu      sync.Mutex
	queue   chan *entry
	closed  bool
	active  map[string]*entry // by Job.key: the newest job queued or running
	seen    *recent           // delivery ids taken
	done    *recent           // Job.key@HeadSHA of jobs that finished
	workers sync.WaitGroup
}

// entry is a job in the queue or running.
type entry struct {
	job    Job
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// Why a job's context ends.
var (
	ErrSuperseded = errors.New("a newer commit is being evaluated")
	ErrStopped    = errors.New("dpgcheck serve stopped before the evaluation finished; re-run the check suite to evaluate again")
)

// New makes a server and starts its workers.
func New(cfg Config) (*Server, error) {
	if len(cfg.Secret) == 0 {
		return nil, errors.New("no webhook secret")
	}
	if cfg.Run == nil {
		return nil, errors.New("no job runner")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 16 * cfg.Workers
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.RecentDeliveries <= 0 {
		cfg.RecentDeliveries = DefaultRecentDeliveries
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, log: cfg.Log, queue: make(chan *entry, cfg.QueueSize), active: map[string]*entry{},
		seen: newRecent(cfg.RecentDeliveries), done: newRecent(cfg.RecentDeliveries)}
	s.base, s.stop = context.WithCancelCause(context.Background())
	for range cfg.Workers {
		s.workers.Add(1)
		go s.work()
	}
	return s, nil
}

// Handler serves /webhook, /healthz and /readyz.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", s.webhook)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { answer(w, http.StatusOK, "ok") })
	mux.HandleFunc("GET /readyz", s.ready)
	return mux
}

func answer(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if status != http.StatusNoContent {
		io.WriteString(w, msg+"\n")
	}
}

// ready answers 200 while the server takes work: not draining, and the
// queue has room.
func (s *Server) ready(w http.ResponseWriter, _ *http.Request) {
	switch {
	case s.draining.Load():
		answer(w, http.StatusServiceUnavailable, "draining")
	case len(s.queue) >= cap(s.queue):
		answer(w, http.StatusServiceUnavailable, "queue full")
	default:
		answer(w, http.StatusOK, "ready")
	}
}

// webhook takes one delivery: the signature is checked on the raw body
// before anything is parsed.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	delivery := r.Header.Get("X-GitHub-Delivery")
	event := r.Header.Get("X-GitHub-Event")
	log := s.log.With("delivery", delivery, "event", event)
	if s.draining.Load() {
		w.Header().Set("Retry-After", "30")
		answer(w, http.StatusServiceUnavailable, "dpgcheck is shutting down")
		return
	}
	if r.ContentLength > s.cfg.MaxBody {
		answer(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", s.cfg.MaxBody))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			answer(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", s.cfg.MaxBody))
			return
		}
		answer(w, http.StatusBadRequest, "the body could not be read")
		return
	}
	if !validSignature(s.cfg.Secret, body, r.Header.Get("X-Hub-Signature-256")) {
		log.Warn("delivery refused: the signature is missing or wrong")
		answer(w, http.StatusUnauthorized, "X-Hub-Signature-256 is missing or does not match the webhook secret")
		return
	}
	if delivery == "" || event == "" {
		answer(w, http.StatusBadRequest, "X-GitHub-Delivery and X-GitHub-Event are required")
		return
	}
	status, msg := s.take(delivery, event, body)
	log.Info("delivery", "status", status, "result", msg)
	answer(w, status, msg)
}

// take decides what to do with a delivery whose signature is good.
func (s *Server) take(delivery, event string, body []byte) (int, string) {
	j, err := ParseEvent(event, body) // outside the lock: a payload can be large
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen.has(delivery) {
		return http.StatusOK, "delivery " + delivery + " was received before"
	}
	switch {
	case errors.Is(err, ErrIgnored):
		s.seen.add(delivery)
		return http.StatusNoContent, err.Error()
	case err != nil:
		return http.StatusBadRequest, err.Error()
	}
	if s.closed {
		return http.StatusServiceUnavailable, "dpgcheck is shutting down"
	}
	j.Delivery, j.Received = delivery, s.cfg.Now()
	key := j.key()
	if old := s.active[key]; old != nil && old.job.HeadSHA == j.HeadSHA && old.ctx.Err() == nil {
		s.seen.add(delivery)
		return http.StatusAccepted, j.String() + " is already being evaluated (delivery " + old.job.Delivery + ")"
	}
	if !always[j.Action] && s.done.has(key+"@"+j.HeadSHA) {
		s.seen.add(delivery)
		return http.StatusOK, j.String() + " was evaluated already (re-run the check to evaluate it again)"
	}
	ctx, cancel := context.WithCancelCause(s.base)
	e := &entry{job: j, ctx: ctx, cancel: cancel}
	select {
	case s.queue <- e:
	default:
		cancel(nil)
		return http.StatusServiceUnavailable, "the queue is full; redeliver later"
	}
	if old := s.active[key]; old != nil {
		old.cancel(ErrSuperseded)
	}
	s.active[key] = e
	s.seen.add(delivery)
	return http.StatusAccepted, "queued " + j.String()
}

// always are the actions that evaluate a commit even when it was evaluated
// already: a person asked for it, or the pull request's state changed. A
// push sends both pull_request synchronize (or opened) and check_suite
// requested; the second is not evaluated again.
var always = map[string]bool{"rerequested": true, "reopened": true, "ready_for_review": true}

// validSignature checks X-Hub-Signature-256 (sha256=HEX of the body's
// HMAC-SHA256 under the secret) in constant time.
func validSignature(secret, body []byte, header string) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign is the X-Hub-Signature-256 of body under secret, as GitHub sends it.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// work runs jobs until the queue is closed.
func (s *Server) work() {
	defer s.workers.Done()
	for e := range s.queue {
		s.run(e)
	}
}

func (s *Server) run(e *entry) {
	defer s.finish(e)
	log := s.log.With("delivery", e.job.Delivery, "job", e.job.String())
	if err := context.Cause(e.ctx); err != nil {
		log.Info("job dropped before it started", "why", err)
		return
	}
	start := time.Now()
	err := s.cfg.Run(e.ctx, e.job)
	if err == nil && e.ctx.Err() == nil {
		s.mu.Lock()
		s.done.add(e.job.key() + "@" + e.job.HeadSHA)
		s.mu.Unlock()
	}
	switch {
	case err != nil && e.ctx.Err() != nil:
		log.Info("job stopped", "why", context.Cause(e.ctx), "after", time.Since(start))
	case err != nil:
		log.Error("job failed", "error", err, "after", time.Since(start))
	default:
		log.Info("job done", "after", time.Since(start))
	}
}

// finish forgets a job that ended, unless a newer one took its place.
func (s *Server) finish(e *entry) {
	e.cancel(nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := e.job.key(); s.active[k] == e {
		delete(s.active, k)
	}
}

// Shutdown stops taking deliveries (/webhook and /readyz answer 503) and
// waits for the queued and running jobs until ctx ends; then it cancels
// what is left (ErrStopped), waits for the jobs to wind up, and returns
// an error saying how many did not finish.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
		s.stop(nil)
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	left := len(s.active)
	s.mu.Unlock()
	s.stop(ErrStopped)
	<-done
	return fmt.Errorf("%d jobs did not finish before the drain deadline; re-run their check suites", left)
}
