package render

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/render/rendertest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var (
	forgingDir    = rendertest.ForgingDir
	reversed      = rendertest.Reversed
	hostileReport = rendertest.Hostile
)

// sgr matches the colour codes dpgcheck itself writes.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// activeRune reports a rune that controls a terminal, breaks a line or
// reorders text.
func activeRune(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029 ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// checkLines fails for a line of out with an active character; colour codes
// of dpgcheck's own are removed first when color is set.
func checkLines(t *testing.T, what, out string, color bool) {
	t.Helper()
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if color {
			line = sgr.ReplaceAllString(line, "")
		}
		for _, r := range line {
			if activeRune(r) {
				t.Errorf("%s line %d holds %U: %q", what, i+1, r, line)
				break
			}
		}
	}
}

// TestTextEscapesRepositoryText proves no file name, message, notice or
// dependency can clear the terminal, forge a line such as "verdict: PASS" or
// reverse text, with and without colour, and that the escapes are visible.
func TestTextEscapesRepositoryText(t *testing.T) {
	t.Parallel()
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Text(&buf, hostileReport(), Options{Color: color}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		checkLines(t, "text", out, color)
		plain := sgr.ReplaceAllString(out, "")
		if n := strings.Count(plain, "\nverdict: "); n != 1 || !strings.Contains(plain, "\nverdict: FAIL") {
			t.Errorf("color=%v: %d lines start with \"verdict: \", want only the real FAIL:\n%s", color, n, plain)
		}
		for _, want := range []string{`x\x1b[2J\nverdict: PASS/LICENSE:1`, "invoice<U+202E>txt.exe:2", `left-pad<U+202E>\x1b[1A`, `until v3\x1b[1A\x1b[2K`} {
			if !strings.Contains(plain, want) {
				t.Errorf("color=%v: text does not show %q visibly:\n%s", color, want, plain)
			}
		}
		if color && !strings.Contains(out, ansiRed+ansiBold+"FAIL") {
			t.Errorf("dpgcheck's own colours are gone:\n%q", out)
		}
	}
}

// TestMarkdownMarksBidiAndControls proves the Markdown (comment, job
// summary, check run) shows bidi and control characters as visible markers,
// in prose and in code spans.
func TestMarkdownMarksBidiAndControls(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Markdown(&buf, hostileReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	checkLines(t, "markdown", md, false)
	for _, want := range []string{
		"`src/invoice<U+202E>txt.exe:2`",        // a path in a code span
		"`x\\x1b[2J\\nverdict: PASS/LICENSE:1`", // not folded: its line break reads \n
		`LICENSE in x\\x1b\[2J verdict: PASS`,   // prose: markup-escaped backslash and bracket
		"GPL&lt;U+2066&gt;",                     // a marker in prose, HTML-escaped
		"`left-pad<U+202E>\\x1b[1A`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown does not show %q:\n%s", want, md)
		}
	}
}

// TestJSONEscapesBidi proves the JSON report carries no raw bidi or C1
// character, writes them as \u escapes, and still gives a consumer the exact
// original strings.
func TestJSONEscapesBidi(t *testing.T) {
	t.Parallel()
	for name, render := range map[string]func(*bytes.Buffer, *report.Report) error{
		"json":  func(b *bytes.Buffer, r *report.Report) error { return JSON(b, r, Options{}) },
		"sarif": func(b *bytes.Buffer, r *report.Report) error { return SARIF(b, r, Options{}) },
	} {
		var buf bytes.Buffer
		if err := render(&buf, hostileReport()); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		checkLines(t, name, out, false)
		if !strings.Contains(out, `\u202e`) {
			t.Errorf("%s has no \\u202e escape", name)
		}
		if name != "json" {
			continue
		}
		var back report.Report
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatalf("%s is not valid JSON: %v", name, err)
		}
		ev := back.Findings[0].Evidence
		if back.Target.Path != forgingDir || ev[0].Path != forgingDir+"/LICENSE" || ev[1].Path != reversed ||
			back.PullRequest.Dependencies[0].Name != "left-pad\u202E\x1b[1A" {
			t.Errorf("JSON does not give the original strings back: target %q, evidence %q %q", back.Target.Path, ev[0].Path, ev[1].Path)
		}
	}
}

// TestAnnotationsEscapeText proves annotation titles and messages (shown by
// GitHub on the diff) are escaped, while their paths stay exact so GitHub
// can place them.
func TestAnnotationsEscapeText(t *testing.T) {
	t.Parallel()
	anns := Annotations(hostileReport())
	if len(anns) == 0 {
		t.Fatal("no annotations")
	}
	paths := map[string]bool{}
	for _, a := range anns {
		paths[a.Path] = true
		checkLines(t, "annotation title", a.Title, false)
		checkLines(t, "annotation message", a.Message, false) // its own "\n" separates lines
	}
	if !paths[reversed] || !paths[forgingDir+"/LICENSE"] {
		t.Errorf("annotation paths %v are not the exact file paths", paths)
	}
}
