package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// syncBuffer is a buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testAppKey(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// TestServeConfiguration: each missing or wrong setting is a usage error
// (exit 2) that names the variable, and no message repeats the secret or
// the key.
func TestServeConfiguration(t *testing.T) {
	t.Parallel()
	const secret, keyish = "hunter2-webhook-secret", "SEKRIT-KEY-MATERIAL"
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	os.WriteFile(keyFile, []byte("-----BEGIN RSA PRIVATE KEY-----\n"+keyish+"\n-----END RSA PRIVATE KEY-----\n"), 0o600)
	fake := githubtest.New(t) // serve asks GitHub about the App once the settings are read
	fake.Routes["GET /app"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":7,"slug":"dpgcheck-test"}`))
	}
	good := map[string]string{"APP_ID": "7", "PRIVATE_KEY": testAppKey(t), "WEBHOOK_SECRET": secret, "GITHUB_API_URL": fake.URL}
	for _, c := range []struct {
		name string
		set  map[string]string
		args []string
		want string
	}{
		{"no app id", map[string]string{"APP_ID": ""}, nil, "APP_ID is not set"},
		{"app id not a number", map[string]string{"APP_ID": "my-app"}, nil, `APP_ID "my-app" is not a GitHub App id`},
		{"no key", map[string]string{"PRIVATE_KEY": ""}, nil, "PRIVATE_KEY or PRIVATE_KEY_PATH is not set"},
		{"both keys", map[string]string{"PRIVATE_KEY_PATH": keyFile}, nil, "PRIVATE_KEY and PRIVATE_KEY_PATH are both set"},
		{"key not PEM", map[string]string{"PRIVATE_KEY": keyish}, nil, "PRIVATE_KEY: GitHub App private key"},
		{"key file not a key", map[string]string{"PRIVATE_KEY": "", "PRIVATE_KEY_PATH": keyFile}, nil, "PRIVATE_KEY_PATH: GitHub App private key"},
		{"key file missing", map[string]string{"PRIVATE_KEY": "", "PRIVATE_KEY_PATH": keyFile + ".absent"}, nil, "PRIVATE_KEY_PATH: open"},
		{"no secret", map[string]string{"WEBHOOK_SECRET": ""}, nil, "WEBHOOK_SECRET is not set"},
		{"workers", map[string]string{"DPGCHECK_WORKERS": "0"}, nil, `DPGCHECK_WORKERS "0" is not a positive number`},
		{"queue", map[string]string{"DPGCHECK_QUEUE_SIZE": "many"}, nil, `DPGCHECK_QUEUE_SIZE "many" is not a positive number`},
		{"api url", map[string]string{"GITHUB_API_URL": "ftp://ghes.example"}, nil, "GITHUB_API_URL: GitHub API URL"},
		{"address", nil, []string{"--addr", "256.0.0.1:http"}, "--addr 256.0.0.1:http"},
		{"argument", nil, []string{"extra"}, "serve takes no arguments"},
		{"comment", nil, []string{"--comment", "sometimes"}, "--comment"},
	} {
		env := map[string]string{}
		for k, v := range good {
			env[k] = v
		}
		for k, v := range c.set {
			env[k] = v
		}
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), Env{Args: append([]string{"serve"}, c.args...), Getenv: func(k string) string { return env[k] },
			Stdout: &stdout, Stderr: &stderr})
		msg := stderr.String()
		if code != ExitUsage || !strings.Contains(msg, c.want) {
			t.Errorf("%s: exit %d, %q; want exit 2 saying %q", c.name, code, msg, c.want)
		}
		if strings.Contains(msg, secret) || strings.Contains(msg, keyish) || strings.Contains(msg, "PRIVATE KEY-----") {
			t.Errorf("%s: the message repeats a secret: %s", c.name, msg)
		}
	}
}

// TestServeRefusesAnAppGitHubDoesNotKnow: a key that is not the App's (GitHub
// answers 401 to the App's JWT) stops serve at start, naming the variables.
func TestServeRefusesAnAppGitHubDoesNotKnow(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Fail("GET /app", githubtest.Fault{Status: http.StatusUnauthorized, Message: "A JSON web token could not be decoded"})
	env := map[string]string{"APP_ID": "7", "PRIVATE_KEY": testAppKey(t), "WEBHOOK_SECRET": "s", "GITHUB_API_URL": fake.URL}
	var stderr bytes.Buffer
	code := Run(context.Background(), Env{Args: []string{"serve", "--addr", "127.0.0.1:0"}, Getenv: func(k string) string { return env[k] },
		Stdout: &bytes.Buffer{}, Stderr: &stderr})
	if code != ExitUsage || !strings.Contains(stderr.String(), "APP_ID 7 with the private key (PRIVATE_KEY): GitHub does not accept them") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// TestServeRunsUntilStopped: serve listens, answers /healthz and /readyz,
// refuses an unsigned delivery, and on the signal (ctx) drains and exits 0.
func TestServeRunsUntilStopped(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	var asked atomic.Int32
	fake.Routes["GET /app"] = func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":7,"slug":"dpgcheck-test","name":"dpgcheck test"}`))
	}
	env := map[string]string{"APP_ID": "7", "PRIVATE_KEY": strings.ReplaceAll(testAppKey(t), "\n", `\n`), "WEBHOOK_SECRET": "s", "DPGCHECK_WORKERS": "2",
		"GITHUB_API_URL": fake.URL}
	var stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() {
		exited <- Run(ctx, Env{Args: []string{"serve", "--addr", "127.0.0.1:0", "--drain-timeout", "2s"}, Getenv: func(k string) string { return env[k] },
			Stdout: &bytes.Buffer{}, Stderr: &stderr})
	}()
	addr := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(5 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			url = "http://" + m[1]
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not say where it listens: %s", stderr.String())
		}
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Post(url+"/webhook", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unsigned delivery: %d, want 401", resp.StatusCode)
	}
	if asked.Load() != 1 || !strings.Contains(stderr.String(), "app=dpgcheck-test") {
		t.Errorf("serve did not ask GitHub who the App is at start (%d requests): %s", asked.Load(), stderr.String())
	}
	cancel()
	select {
	case code := <-exited:
		if code != ExitPass || !strings.Contains(stderr.String(), "dpgcheck serve stopped") {
			t.Errorf("after the signal: exit %d, log:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
