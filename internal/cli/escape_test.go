package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hasActive reports a character in s that controls a terminal, starts a
// line (other than s's own line ends) or reorders text.
func hasActive(s string) (rune, bool) {
	for _, r := range strings.TrimSuffix(s, "\n") {
		if r < 0x20 && r != '\n' || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029 ||
			r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C {
			return r, true
		}
	}
	return 0, false
}

// TestErrorLineEscapesNames proves the one-line error dpgcheck prints for a
// usage or configuration error cannot clear the screen or forge a line: a
// path named "x\x1b[2J\nverdict: PASS" is shown with visible escapes.
func TestErrorLineEscapesNames(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "x\x1b[2J\nverdict: PASS\u202e")
	code, stderr := runCheck(t, dir)
	if code != ExitUsage {
		t.Fatalf("exit %d, want 2\n%s", code, stderr)
	}
	if r, bad := hasActive(stderr); bad || strings.Count(stderr, "\n") != 1 {
		t.Errorf("error line holds %U or more than one line: %q", r, stderr)
	}
	if !strings.Contains(stderr, `x\x1b[2J\nverdict: PASS<U+202E> is not a directory`) {
		t.Errorf("error line does not show the name visibly: %q", stderr)
	}
}

// TestLogLinesEscapeNames proves the log lines on standard error (slog's
// text handler, which quotes values with control or bidi characters) keep
// a hostile directory name from forging a line.
func TestLogLinesEscapeNames(t *testing.T) {
	t.Parallel()
	repo := filepath.Join(t.TempDir(), "x\x1b[2J\nverdict: PASS\u202e")
	os.MkdirAll(repo, 0o755)
	os.WriteFile(filepath.Join(repo, "README.md"), []byte("# Clinic\n"), 0o644)
	_, stderr := runCheck(t, "-v", "--reference-spec", filepath.Join(repo, "no\x1b[1Aspec.yaml"), "--building-block", "x", repo)
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if r, bad := hasActive(line); bad {
			t.Errorf("log line holds %U: %q", r, line)
		}
	}
}
