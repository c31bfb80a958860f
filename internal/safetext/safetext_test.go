package safetext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestControls(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain text · ünïcode ✅":       "plain text · ünïcode ✅",
		"x\x1b[2J\nverdict: PASS":      `x\x1b[2J\nverdict: PASS`,
		"a\rb\tc\ad\be\ff\vg\x00h\x7f": `a\rb\tc\ad\be\ff\vg\x00h\x7f`,
		"csi\u009b2J nel\u0085":        `csi\u009b2J nel\u0085`,
		"line\u2028para\u2029":         `line\u2028para\u2029`,
		"bad \xff\xfe byte":            `bad \xff\xfe byte`,
		"real \ufffd stays":            "real \ufffd stays",
		"bidi \u202e stays":            "bidi \u202e stays",
	} {
		if got := Controls(in); got != want {
			t.Errorf("Controls(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBidi(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"invoice\u202Etxt.exe":                   "invoice<U+202E>txt.exe",
		"\u202A\u202B\u202C\u202D":               "<U+202A><U+202B><U+202C><U+202D>",
		"\u2066\u2067\u2068\u2069":               "<U+2066><U+2067><U+2068><U+2069>",
		"\u200E\u200F\u061C":                     "<U+200E><U+200F><U+061C>",
		"עברית and العربية are left as they are": "עברית and العربية are left as they are",
		"ctl \x1b stays":                         "ctl \x1b stays",
	} {
		if got := Bidi(in); got != want {
			t.Errorf("Bidi(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLineLeavesNothingActive checks, for every rune and a few invalid
// bytes, that Line's result holds no control, separator or bidi character,
// and that Line is idempotent.
func TestLineLeavesNothingActive(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r <= 0x3000; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\xff\xc0\x80")
	out := Line(all.String())
	for _, r := range out {
		if r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029 || IsBidi(r) {
			t.Errorf("Line left %U", r)
		}
	}
	if !utf8.ValidString(out) {
		t.Error("Line's result is not valid UTF-8")
	}
	if Line(out) != out {
		t.Error("Line is not idempotent")
	}
}

func TestIsBidiIsFormatCategory(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if IsBidi(r) && !unicode.Is(unicode.Cf, r) {
			t.Errorf("%U is not a format character", r)
		}
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	orig := map[string]string{"path": "src/\u202Eexe.txt\u2066", "ctl": "del\x7f c1\u009b esc\x1b", "plain": "ünïcode ✅"}
	doc, err := json.Marshal(orig)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(doc)
	for _, r := range string(out) {
		if IsBidi(r) || r >= 0x7F && r <= 0x9F || r < 0x20 {
			t.Errorf("JSON left %U in %s", r, out)
		}
	}
	if !strings.Contains(string(out), `\u202e`) || !strings.Contains(string(out), `\u007f`) {
		t.Errorf("JSON = %s, want \\u202e and \\u007f escapes", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("JSON output is not valid JSON: %v\n%s", err, out)
	}
	for k, v := range orig {
		if back[k] != v {
			t.Errorf("%s: decoded %q, want the original %q", k, back[k], v)
		}
	}
	if plain := []byte(`{"a":"b"}`); &JSON(plain)[0] != &plain[0] {
		t.Error("JSON copied a document with nothing to escape")
	}
}

func FuzzLine(f *testing.F) {
	f.Add("x\x1b[2J\nverdict: PASS")
	f.Add("invoice\u202Etxt.exe")
	f.Add("\xff\u0085\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		for _, r := range out {
			if r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029 || IsBidi(r) {
				t.Fatalf("Line(%q) left %U", s, r)
			}
		}
		if Line(out) != out {
			t.Fatalf("Line(%q) is not idempotent", s)
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add("src/\u202Eexe.txt")
	f.Add("del\x7f c1\u009b")
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := json.Marshal(map[string]string{"s": s})
		if err != nil {
			return
		}
		var back map[string]string
		if err := json.Unmarshal(JSON(doc), &back); err != nil {
			t.Fatalf("invalid JSON for %q: %v", s, err)
		}
		var want map[string]string
		json.Unmarshal(doc, &want)
		if back["s"] != want["s"] {
			t.Fatalf("%q decoded as %q, want %q", s, back["s"], want["s"])
		}
	})
}
