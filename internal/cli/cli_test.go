package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestCLI runs every testdata/*.txtar as a whole-CLI case:
//
//	-- args --            the arguments, one per line; $REPO is the case's repository
//	-- exit --            the expected exit code
//	-- stdout --          lines that must appear in standard output, in order (/regexp/ allowed)
//	-- stderr --          lines that must appear in standard error, in order
//	-- no-stdout --       lines that must not appear in standard output
//	-- file:NAME --       NAME (relative to $REPO) must exist afterwards and contain these lines
//	-- repo/PATH --       a file of the repository
func TestCLI(t *testing.T) {
	t.Parallel()
	cases, _ := filepath.Glob("testdata/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no CLI cases")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(data)
			repo := t.TempDir()
			sections := map[string]string{}
			for _, f := range a.Files {
				if name, ok := strings.CutPrefix(f.Name, "repo/"); ok {
					p := filepath.Join(repo, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				sections[f.Name] = strings.TrimRight(string(f.Data), "\n")
			}
			var args []string
			for _, l := range strings.Split(sections["args"], "\n") {
				if l != "" {
					args = append(args, strings.ReplaceAll(l, "$REPO", repo))
				}
			}
			var stdout, stderr bytes.Buffer
			env := Env{Args: args, Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr,
				Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
			code := Run(context.Background(), env)
			out := strings.ReplaceAll(stdout.String(), repo, "$REPO")
			errOut := strings.ReplaceAll(stderr.String(), repo, "$REPO")
			want, err := strconv.Atoi(strings.TrimSpace(sections["exit"]))
			if err != nil {
				t.Fatalf("%s: exit section: %v", file, err)
			}
			if code != want {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, want, out, errOut)
			}
			inOrder(t, "stdout", out, sections["stdout"])
			inOrder(t, "stderr", errOut, sections["stderr"])
			for _, l := range lines(sections["no-stdout"]) {
				if match(l, out) {
					t.Errorf("stdout contains %s:\n%s", l, out)
				}
			}
			for name, body := range sections {
				if f, ok := strings.CutPrefix(name, "file:"); ok {
					got, err := os.ReadFile(filepath.Join(repo, f))
					if err != nil {
						t.Errorf("file %s: %v", f, err)
						continue
					}
					inOrder(t, f, string(got), body)
				}
			}
		})
	}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func match(pattern, s string) bool {
	if len(pattern) > 1 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		return regexp.MustCompile(pattern[1 : len(pattern)-1]).MatchString(s)
	}
	return strings.Contains(s, pattern)
}

// inOrder checks that each wanted line appears in got, after the previous one.
func inOrder(t *testing.T, what, got, want string) {
	t.Helper()
	rest := got
	for _, l := range lines(want) {
		if !match(l, rest) {
			t.Errorf("%s: missing (in order) %s\n--- %s ---\n%s", what, l, what, got)
			return
		}
		if i := strings.Index(rest, l); i >= 0 {
			rest = rest[i+len(l):]
		}
	}
}
