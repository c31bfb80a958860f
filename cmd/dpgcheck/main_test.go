package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// binary builds dpgcheck once for this test binary, static as in the image.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dpgcheck-bin-")
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "dpgcheck")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X github.com/dpgcheck/dpgcheck/internal/cli.version=v0.0.0-test", "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", errors.New(string(msg))
	}
	return out, nil
})

func build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := binary(); err == nil {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// examplePR is the first real "opened" pull_request payload of the shared data.
func examplePR(t *testing.T) []byte {
	t.Helper()
	p, err := githubtest.SharedFile("github/webhook-examples.json")
	if err != nil {
		t.Skipf("skipping: real webhook payloads are needed: %v", err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		Name     string            `json:"name"`
		Examples []json.RawMessage `json:"examples"`
	}
	json.Unmarshal(data, &list)
	for _, e := range list {
		if e.Name == "pull_request" {
			return e.Examples[0]
		}
	}
	t.Fatal("no pull_request payload")
	return nil
}

type actionEnv struct {
	workspace, fileCommands string
	env                     []string
}

// newActionEnv lays out what the runner gives a Docker action: a workspace,
// the event file, GITHUB_* variables and INPUT_* variables named as GitHub
// names them (upper case, hyphens kept), with file-command files.
func newActionEnv(t *testing.T, apiURL, workspaceInContainer, commandsInContainer string) actionEnv {
	t.Helper()
	dir := t.TempDir()
	ws := filepath.Join(dir, "workspace")
	fc := filepath.Join(dir, "file_commands")
	os.MkdirAll(fc, 0o777)
	files := map[string]string{
		// Users interact through the product and there is no code of
		// conduct: dpg-9c fails, by the project's own configuration.
		".github/dpgcheck.yml": "version: 1\nhandles:\n  user-interaction: true\n",
		"LICENSE":              "Copyright 2024 Example Ministry\n\nThis project is licensed under the MIT License.\n",
		"README.md":            "# Clinic\n\nClinic keeps patient records for primary health clinics and works offline in rural districts.\n\n## Installation\n\n```sh\nmake install\n```\n",
	}
	for n, d := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(ws, n)), 0o755)
		os.WriteFile(filepath.Join(ws, n), []byte(d), 0o644)
	}
	os.WriteFile(filepath.Join(fc, "event.json"), examplePR(t), 0o644)
	for _, f := range []string{"set_output", "step_summary"} {
		os.WriteFile(filepath.Join(fc, f), nil, 0o666)
	}
	if workspaceInContainer == "" {
		workspaceInContainer, commandsInContainer = ws, fc
	}
	env := []string{
		"GITHUB_ACTIONS=true", "CI=true", "HOME=/github/home",
		"GITHUB_EVENT_NAME=pull_request", "GITHUB_EVENT_PATH=" + commandsInContainer + "/event.json",
		"GITHUB_REPOSITORY=octo/clinic", "GITHUB_REPOSITORY_OWNER=octo", "GITHUB_API_URL=" + apiURL,
		"GITHUB_SERVER_URL=https://github.com", "GITHUB_RUN_ID=9001", "GITHUB_RUN_ATTEMPT=1", "GITHUB_RUN_NUMBER=3",
		"GITHUB_SHA=1111111111111111111111111111111111111111", "GITHUB_REF=refs/pull/2/merge",
		"GITHUB_WORKSPACE=" + workspaceInContainer,
		"GITHUB_OUTPUT=" + commandsInContainer + "/set_output", "GITHUB_STEP_SUMMARY=" + commandsInContainer + "/step_summary",
		"INPUT_PATH=.", "INPUT_STANDARDS=dpg", "INPUT_FAIL-ON=required", "INPUT_COMMENT=always", "INPUT_CHECK-RUN=true",
		"INPUT_CHECK-NAME=dpgcheck", "INPUT_TOKEN=ghs_runner_token", "INPUT_ALLOW-PULL-REQUEST-TARGET=false",
		"INPUT_APP-ID=", "INPUT_APP-PRIVATE-KEY=", "INPUT_SARIF-FILE=dpgcheck.sarif", "INPUT_CONFIG=",
	}
	return actionEnv{workspace: ws, fileCommands: fc, env: env}
}

func (a actionEnv) check(t *testing.T, fake *githubtest.Server, stdout string, code int) {
	t.Helper()
	// The fixture's README and licence pass; dpg-9c (users interact, no code
	// of conduct) fails.
	if code != 1 {
		t.Fatalf("exit code %d, want 1\n%s", code, stdout)
	}
	out, _ := os.ReadFile(filepath.Join(a.fileCommands, "set_output"))
	for _, want := range []string{"verdict<<dpgcheck_", "\nfail\n", "report<<", ".dpgcheck/report.json", "sarif<<", "comment-url<<", "check-run-url<<"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, out)
		}
	}
	summary, _ := os.ReadFile(filepath.Join(a.fileCommands, "step_summary"))
	if !strings.Contains(string(summary), "### ❌ DPG Standard") {
		t.Errorf("job summary:\n%s", summary)
	}
	if _, err := os.Stat(filepath.Join(a.workspace, "dpgcheck.sarif")); err != nil {
		t.Errorf("SARIF file: %v", err)
	}
	if n := len(fake.Comments(2)); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
	if crs := fake.CheckRuns(); len(crs) != 1 || crs[0].Conclusion != "failure" {
		t.Errorf("check runs: %+v", crs)
	}
	if strings.Contains(stdout, "ghs_runner_token") {
		t.Error("the token reached the log")
	}
}

// TestRunnerEmulation runs the compiled binary exactly as the runner runs a
// Docker action's entrypoint, against the fake GitHub.
func TestRunnerEmulation(t *testing.T) {
	t.Parallel()
	bin := build(t)
	fake := githubtest.New(t)
	a := newActionEnv(t, fake.URL, "", "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "action")
	cmd.Dir = a.workspace
	cmd.Env = a.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	a.check(t, fake, out.String(), code)
	v, _ := exec.Command(bin, "version").Output()
	if strings.TrimSpace(string(v)) != "dpgcheck v0.0.0-test" {
		t.Errorf("version = %q", v)
	}
}

// TestContainerSmoke wraps the static binary in a FROM scratch image with
// podman and runs it the way GitHub runs a Docker action: the workspace and
// file-command folders mounted, INPUT_* and GITHUB_* passed, no network but
// the fake GitHub on the host. It skips without podman.
func TestContainerSmoke(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("podman test runs on Linux")
	}
	if _, err := exec.LookPath("podman"); err != nil {
		t.Skip("skipping: podman is not installed (apt-get install podman runc)")
	}
	bin := build(t)
	dir := t.TempDir()
	storage := []string{"--root", filepath.Join(dir, "storage"), "--runroot", filepath.Join(dir, "run")}
	ctxDir := filepath.Join(dir, "ctx")
	os.MkdirAll(ctxDir, 0o755)
	data, _ := os.ReadFile(bin)
	os.WriteFile(filepath.Join(ctxDir, "dpgcheck"), data, 0o755)
	ca, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		t.Skipf("skipping: no CA bundle to copy: %v", err)
	}
	os.WriteFile(filepath.Join(ctxDir, "ca-certificates.crt"), ca, 0o644)
	os.WriteFile(filepath.Join(ctxDir, "Containerfile"), []byte("FROM scratch\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY dpgcheck /dpgcheck\nENTRYPOINT [\"/dpgcheck\"]\nCMD [\"action\"]\n"), 0o644)
	podmanCmd := func(args ...string) *exec.Cmd {
		cmd := exec.Command("podman", append(storage, args...)...)
		cmd.Env = append(os.Environ(), "CONTAINERS_CONF="+filepath.Join(dir, "containers.conf"))
		return cmd
	}
	podman := func(args ...string) (string, error) {
		out, err := podmanCmd(args...).CombinedOutput()
		return string(out), err
	}
	os.WriteFile(filepath.Join(dir, "containers.conf"), []byte("[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=1000:1000\"]\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n"), 0o644)
	if out, err := podman("build", "-q", "-t", "localhost/dpgcheck:smoke", "-f", filepath.Join(ctxDir, "Containerfile"), ctxDir); err != nil {
		t.Skipf("skipping: podman cannot build here: %v\n%s", err, out)
	}
	if out, err := podman("image", "inspect", "--format", "{{.Size}}", "localhost/dpgcheck:smoke"); err == nil {
		t.Logf("image size: %s bytes", strings.TrimSpace(out))
	}
	fake := githubtest.New(t)
	a := newActionEnv(t, strings.Replace(fake.URL, "127.0.0.1", "host.containers.internal", 1), "/github/workspace", "/github/file_commands")
	args := []string{"run", "--rm", "--network=host", "--workdir", "/github/workspace",
		"-v", a.workspace + ":/github/workspace", "-v", a.fileCommands + ":/github/file_commands"}
	for _, e := range a.env {
		if strings.HasPrefix(e, "GITHUB_API_URL=") {
			e = "GITHUB_API_URL=" + fake.URL // host networking: the fake is on loopback
		}
		args = append(args, "-e", e)
	}
	out, err := podman(append(args, "localhost/dpgcheck:smoke")...)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "OCI runtime") || strings.Contains(out, "setrlimit") || strings.Contains(out, "cgroup") {
		t.Skipf("skipping: this machine cannot run containers: %s", out)
	}
	a.check(t, fake, out, code)
	containerServe(t, podmanCmd)
}

// closedURL is an http URL on loopback where nothing listens: serve asks
// GitHub about the App at start, and a test must not reach the internet.
func closedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

// containerServe runs the image with serve as its command, as a deployment
// does: it answers /healthz, and SIGTERM drains it and it exits 0.
func containerServe(t *testing.T, podman func(...string) *exec.Cmd) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	name := "dpgcheck-serve-smoke-" + strconv.Itoa(os.Getpid())
	run := podman("run", "--rm", "--name", name, "--network=host", "-e", "APP_ID=7", "-e", "PRIVATE_KEY="+string(pemKey),
		"-e", "WEBHOOK_SECRET=smoke-secret-3f9a", "-e", "GITHUB_API_URL="+closedURL(t), "localhost/dpgcheck:smoke", "serve", "--addr", addr, "--drain-timeout", "2s")
	var logs bytes.Buffer
	run.Stdout, run.Stderr = &logs, &logs
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- run.Wait() }()
	healthy := false
	for deadline := time.Now().Add(20 * time.Second); !healthy && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			healthy = resp.StatusCode == http.StatusOK
		}
	}
	if !healthy {
		podman("rm", "-f", name).Run()
		<-exited
		t.Fatalf("the serve container does not answer /healthz on %s:\n%s", addr, logs.String())
	}
	// podman run passes the signal on to the container (--sig-proxy, the
	// default), as a container runtime's stop does; one podman process
	// runs and cleans up the container.
	if err := run.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil || !strings.Contains(logs.String(), "dpgcheck serve stopped") {
			t.Errorf("after SIGTERM: %v, logs:\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the serve container did not stop")
	}
	if strings.Contains(logs.String(), "PRIVATE KEY") || strings.Contains(logs.String(), "smoke-secret-3f9a") {
		t.Error("the key or the secret reached the log")
	}
}
