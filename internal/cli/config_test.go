package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runCheck runs dpgcheck with args and gives up after a few seconds, so a
// blocking read fails the test instead of hanging it.
func runCheck(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, Env{Args: args, Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errOut, Now: time.Now})
	}()
	select {
	case code := <-done:
		return code, errOut.String()
	case <-time.After(10 * time.Second):
		t.Fatalf("dpgcheck %s did not finish: blocked on a read", strings.Join(args, " "))
		return 0, ""
	}
}

// unblockFIFO opens name for writing (without blocking) when the test ends,
// so a reader stuck on it, if any, returns.
func unblockFIFO(t *testing.T, name string) {
	t.Cleanup(func() {
		if f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
}

// TestConfigNotARegularFile proves a FIFO as the configuration, found in the
// repository or named by --config, is refused with exit 2 and a message
// naming it, instead of blocking dpgcheck forever.
func TestConfigNotARegularFile(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	os.WriteFile(filepath.Join(repo, "README.md"), []byte("# Clinic\n"), 0o644)
	os.MkdirAll(filepath.Join(repo, ".github"), 0o755)
	fifo := filepath.Join(repo, ".github", "dpgcheck.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	unblockFIFO(t, fifo)
	code, stderr := runCheck(t, repo)
	if code != ExitUsage || !strings.Contains(stderr, ".github/dpgcheck.yml") || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("FIFO in the repository: exit %d, want 2 and a message naming .github/dpgcheck.yml\n%s", code, stderr)
	}

	other := t.TempDir()
	explicit := filepath.Join(other, "custom.yml")
	if err := syscall.Mkfifo(explicit, 0o644); err != nil {
		t.Fatal(err)
	}
	unblockFIFO(t, explicit)
	code, stderr = runCheck(t, "--config", explicit, other)
	if code != ExitUsage || !strings.Contains(stderr, explicit) || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("--config FIFO: exit %d, want 2 and a message naming %s\n%s", code, explicit, stderr)
	}
	code, stderr = runCheck(t, "--config", other, other)
	if code != ExitUsage || !strings.Contains(stderr, other) || !strings.Contains(stderr, "directory") {
		t.Errorf("--config DIR: exit %d, want 2 and a message naming %s\n%s", code, other, stderr)
	}
}

// TestConfigTooLarge proves a configuration over the cap is refused with
// exit 2, naming the file and the limit, in the repository and by --config.
func TestConfigTooLarge(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	big := "# " + strings.Repeat("x", 300<<10) + "\n"
	os.WriteFile(filepath.Join(repo, ".dpgcheck.yml"), []byte(big), 0o644)
	for _, args := range [][]string{{repo}, {"--config", filepath.Join(repo, ".dpgcheck.yml"), repo}} {
		code, stderr := runCheck(t, args...)
		if code != ExitUsage || !strings.Contains(stderr, ".dpgcheck.yml") || !strings.Contains(stderr, "262144") {
			t.Errorf("%v: exit %d, want 2 and a message naming the file and the limit\n%s", args, code, stderr)
		}
	}
}
