package github

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// elsewhere is a server on another host that records the Authorization
// header of every request it receives.
type elsewhere struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newElsewhere(t *testing.T, body string) *elsewhere {
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.auth = append(e.auth, r.Header.Get("Authorization"))
		e.mu.Unlock()
		w.Write([]byte(body))
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *elsewhere) seen() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.auth...)
}

// TestTokenStaysOnGitHub: the tarball request is redirected to another host,
// which must not receive the token, whether it is a token or an App's
// installation token.
func TestTokenStaysOnGitHub(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	for _, mode := range []string{"token", "app"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			fake.AppKey = &key.PublicKey
			other := newElsewhere(t, "tarball bytes")
			fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/octo/clinic/legacy.tar.gz/abc123", http.StatusFound)
			}
			cfg := Config{APIURL: fake.URL, Token: "ghs_test"}
			if mode == "app" {
				cfg = Config{APIURL: fake.URL, AppID: 7, AppPrivateKey: pemKey, Repo: repo}
			}
			c, err := New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			body, err := c.Tarball(context.Background(), repo, "abc123")
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(body)
			body.Close()
			if string(data) != "tarball bytes" {
				t.Fatalf("tarball = %q", data)
			}
			if seen := other.seen(); len(seen) != 1 || seen[0] != "" {
				t.Errorf("the other host received Authorization %q, want none", seen)
			}
			reqs := fake.Requests()
			if last := reqs[len(reqs)-1]; last.Auth == "" {
				t.Errorf("the API request %s carried no token", last.Path)
			}
		})
	}
}

func TestCredentialHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		api, target string
		want        bool
	}{
		{"https://api.github.com/", "https://api.github.com/repos/o/r/tarball/main", true},
		{"https://api.github.com/", "https://codeload.github.com/o/r/legacy.tar.gz/main", true},
		{"https://api.github.com/", "https://API.GitHub.com:443/x", true},
		{"https://api.github.com/", "http://api.github.com/x", false}, // no downgrade to plain HTTP
		{"https://api.github.com/", "http://codeload.github.com/x", false},
		{"https://api.github.com/", "https://objects.githubusercontent.com/x", false},
		{"https://api.github.com/", "https://api.github.com.evil.example/x", false},
		{"https://api.github.com/", "https://api.github.com:8443/x", false},
		{"https://ghes.example.org/api/v3/", "https://ghes.example.org/_codeload/o/r/legacy.tar.gz/main", true},
		{"https://ghes.example.org/api/v3/", "https://codeload.github.com/x", false}, // codeload is github.com's, not this server's
		{"https://ghes.example.org/api/v3/", "https://storage.example.org/x", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8081/x", false},
	}
	for _, tt := range tests {
		api, _ := url.Parse(tt.api)
		target, _ := url.Parse(tt.target)
		if got := credentialHosts(api)(target); got != tt.want {
			t.Errorf("API %s: credentials to %s = %v, want %v", tt.api, tt.target, got, tt.want)
		}
	}
}
