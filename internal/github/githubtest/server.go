package githubtest

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/golang-jwt/jwt/v4"
)

// Request is a request the fake received.
type Request struct {
	Method string
	Path   string
	Query  string
	Body   string
	Auth   string // the Authorization header
}

// Fault is an injected answer.
type Fault struct {
	Status  int
	Header  map[string]string
	Message string
	Times   int // how many matching requests get it; 0 means every one
}

// CheckRun is a check run in the fake's memory.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	Title       string
	Summary     string
	Annotations []map[string]any
}

// Comment is an issue comment in the fake's memory.
type Comment struct {
	ID          int64
	Issue       int
	Body        string
	User        string
	UserType    string
	Association string
}

// Server is the fake GitHub.
type Server struct {
	URL string

	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	requests  []Request
	checkRuns map[int64]*CheckRun
	comments  []*Comment
	nextID    int64
	faults    map[string]*Fault // "METHOD path-prefix" -> fault

	// ReadOnly makes every write answer 403 "Resource not accessible by
	// integration", as a fork pull request's token does.
	ReadOnly bool
	// Commenter is who writes comments (default github-actions[bot], a Bot).
	Commenter, CommenterType string
	// AppKey, when set, is the App whose JWTs the fake accepts.
	AppKey *rsa.PublicKey
	// Routes adds handlers for more endpoints (tarballs, compare).
	Routes map[string]http.HandlerFunc
}

// New starts a fake GitHub. It skips the test when GitHub's OpenAPI
// description is absent; every request is validated against it and an
// invalid one fails the test.
func New(t testing.TB) *Server {
	t.Helper()
	if _, err := router(); err != nil {
		t.Skipf("skipping: the fake GitHub validates requests against GitHub's OpenAPI description: %v", err)
	}
	s := &Server{t: t, checkRuns: map[int64]*CheckRun{}, faults: map[string]*Fault{}, nextID: 1000,
		Commenter: "github-actions[bot]", CommenterType: "Bot", Routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Fail injects a fault for requests whose "METHOD /path" starts with key.
func (s *Server) Fail(key string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[key] = &f
}

// Requests returns every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CheckRuns returns the check runs, oldest first.
func (s *Server) CheckRuns() []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	for id := int64(0); id <= s.nextID; id++ {
		if c, ok := s.checkRuns[id]; ok {
			cp := *c
			cp.Annotations = append([]map[string]any(nil), c.Annotations...)
			out = append(out, cp)
		}
	}
	return out
}

// Comments returns the comments on an issue or pull request, oldest first.
func (s *Server) Comments(issue int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.comments {
		if c.Issue == issue {
			out = append(out, *c)
		}
	}
	return out
}

// AddComment puts an existing comment on an issue, as if someone wrote it.
func (s *Server) AddComment(issue int, body, user, userType, association string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments = append(s.comments, &Comment{ID: s.nextID, Issue: issue, Body: body, User: user, UserType: userType, Association: association})
	return s.nextID
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body), Auth: r.Header.Get("Authorization")})
	fault := s.fault(r)
	readOnly := s.ReadOnly
	s.mu.Unlock()

	if err := validate(r, body); err != nil {
		s.t.Errorf("fake GitHub: %s %s does not conform to GitHub's OpenAPI description: %v", r.Method, r.URL.Path, err)
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n"+err.Error())
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if fault != nil {
		for k, v := range fault.Header {
			w.Header().Set(k, v)
		}
		writeError(w, fault.Status, fault.Message)
		return
	}
	if readOnly && r.Method != http.MethodGet && !strings.HasSuffix(r.URL.Path, "/access_tokens") {
		writeError(w, http.StatusForbidden, "Resource not accessible by integration")
		return
	}
	w.Header().Set("X-RateLimit-Limit", "1000")
	w.Header().Set("X-RateLimit-Remaining", "999")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	s.route(w, r, body)
}

// fault returns the injected fault for r, if any (s.mu held).
func (s *Server) fault(r *http.Request) *Fault {
	key := r.Method + " " + r.URL.Path
	for prefix, f := range s.faults {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				delete(s.faults, prefix)
			}
		}
		return f
	}
	return nil
}

// validate checks a request against GitHub's OpenAPI description.
func validate(r *http.Request, body []byte) error {
	rt, err := router()
	if err != nil {
		return err
	}
	route, params, err := rt.FindRoute(r)
	if err != nil {
		return fmt.Errorf("no such operation in GitHub's API: %w", err)
	}
	if strings.HasSuffix(r.URL.Path, "/access_tokens") && strings.TrimSpace(string(body)) == "null" {
		// ghinstallation sends "null" when no token options are set; GitHub
		// accepts it, the description (not nullable) does not.
		return nil
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// verifyJWT checks an App's JWT against the configured public key.
func (s *Server) verifyJWT(auth string) error {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || s.AppKey == nil {
		return fmt.Errorf("no App JWT")
	}
	_, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return s.AppKey, nil })
	return err
}
