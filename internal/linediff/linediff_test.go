package linediff

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// lines splits b as the package documents, independently of splitLines.
func lines(b []byte) []string {
	s := string(b)
	if s == "" {
		return nil
	}
	terminated := strings.HasSuffix(s, "\n")
	parts := strings.Split(s, "\n")
	if terminated {
		parts = parts[:len(parts)-1]
	}
	for i := range parts {
		if i < len(parts)-1 || terminated {
			parts[i] = strings.TrimSuffix(parts[i], "\r")
		}
	}
	return parts
}

// apply checks that hunks are well formed for base and head (in order,
// separated by unchanged lines, within both files, AtHeadEnd right) and
// rebuilds head from base: unchanged lines come from base, inserted ones
// from head. The result equals head only if the unchanged lines match.
func apply(base, head []string, hunks []Hunk) ([]string, error) {
	var out []string
	a, b := 0, 0 // next base and head line, 0-based
	for i, h := range hunks {
		if h.BaseLines < 0 || h.HeadLines < 0 || h.BaseLines+h.HeadLines == 0 {
			return nil, fmt.Errorf("hunk %d %+v: bad counts", i, h)
		}
		a0, b0 := h.BaseStart, h.HeadStart
		if h.BaseLines > 0 {
			a0--
		}
		if h.HeadLines > 0 {
			b0--
		}
		if a0 < a || b0 < b || a0-a != b0-b {
			return nil, fmt.Errorf("hunk %d %+v: starts at base %d, head %d after base %d, head %d", i, h, a0, b0, a, b)
		}
		if i > 0 && a0 == a {
			return nil, fmt.Errorf("hunk %d %+v touches the previous one", i, h)
		}
		if a0+h.BaseLines > len(base) || b0+h.HeadLines > len(head) {
			return nil, fmt.Errorf("hunk %d %+v: past the end (%d base, %d head lines)", i, h, len(base), len(head))
		}
		if atEnd := b0+h.HeadLines == len(head); h.AtHeadEnd != atEnd {
			return nil, fmt.Errorf("hunk %d %+v: AtHeadEnd should be %v", i, h, atEnd)
		}
		out = append(out, base[a:a0]...)
		out = append(out, head[b0:b0+h.HeadLines]...)
		a, b = a0+h.BaseLines, b0+h.HeadLines
	}
	if len(base)-a != len(head)-b {
		return nil, fmt.Errorf("after the hunks: %d base lines but %d head lines", len(base)-a, len(head)-b)
	}
	return append(out, base[a:]...), nil
}

// edits counts the lines a diff deletes and inserts.
func edits(hunks []Hunk) int {
	n := 0
	for _, h := range hunks {
		n += h.BaseLines + h.HeadLines
	}
	return n
}

// distance is the minimal edit distance by dynamic programming on the
// longest common subsequence.
func distance(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return len(a) + len(b) - 2*prev[len(b)]
}

// check runs the properties every diff must have.
func check(t testing.TB, base, head []byte, hunks []Hunk, minimal bool) {
	t.Helper()
	bl, hl := lines(base), lines(head)
	got, err := apply(bl, hl, hunks)
	if err != nil {
		t.Fatalf("Diff(%q, %q) = %+v: %v", base, head, hunks, err)
	}
	if !slices.Equal(got, hl) {
		t.Fatalf("Diff(%q, %q) = %+v: applied to base gives %q, want %q", base, head, hunks, got, hl)
	}
	if minimal {
		if d := distance(bl, hl); edits(hunks) != d {
			t.Fatalf("Diff(%q, %q) = %+v: %d edits, want the minimum %d", base, head, hunks, edits(hunks), d)
		}
	}
	for n := 1; n <= len(bl); n++ {
		line, changed := HeadLine(hunks, n)
		if line < 0 || line > len(hl) || len(hl) > 0 && line < 1 {
			t.Fatalf("Diff(%q, %q) = %+v: HeadLine(%d) = %d, out of the head's %d lines", base, head, hunks, n, line, len(hl))
		}
		if !changed && hl[line-1] != bl[n-1] {
			t.Fatalf("Diff(%q, %q) = %+v: HeadLine(%d) = %d unchanged, but it holds %q, not %q", base, head, hunks, n, line, hl[line-1], bl[n-1])
		}
	}
	line, ok := FirstChange(hunks)
	if ok != (len(hunks) > 0) || line < 0 || line > len(hl) || ok && len(hl) > 0 && line < 1 {
		t.Fatalf("Diff(%q, %q) = %+v: FirstChange = %d, %v", base, head, hunks, line, ok)
	}
	for _, n := range []int{math.MinInt, -1, 0, len(bl) + 1, math.MaxInt} {
		HeadLine(hunks, n) // must not panic
	}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	const ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	for _, tt := range []struct {
		name       string
		base, head string
		want       []Hunk
	}{
		{"identical", "a\nb\n", "a\nb\n", nil},
		{"both empty", "", "", nil},
		{"crlf vs lf", "a\r\nb\r\n", "a\nb\n", nil},
		{"final newline missing", "a\nb", "a\nb\n", nil},
		{"crlf vs lf, final newline missing", "a\r\nb\r\n", "a\nb", nil},
		{"lone cr is content", "a\rb\n", "a\nb\n", []Hunk{{1, 1, 1, 2, true}}},
		{"cr of an unterminated line is content", "a\r", "a\r\n", []Hunk{{1, 1, 1, 1, true}}},
		{"empty base", "", "a\nb\n", []Hunk{{0, 0, 1, 2, true}}},
		{"empty head", "a\nb\n", "", []Hunk{{1, 2, 0, 0, true}}},
		{"insert at top", "b\nc\n", "a\nb\nc\n", []Hunk{{0, 0, 1, 1, false}}},
		{"insert in the middle", "a\nc\n", "a\nb\nc\n", []Hunk{{1, 0, 2, 1, false}}},
		{"insert at the end", "a\nb\n", "a\nb\nc\n", []Hunk{{2, 0, 3, 1, true}}},
		{"delete at top", "a\nb\nc\n", "b\nc\n", []Hunk{{1, 1, 0, 0, false}}},
		{"delete in the middle", "a\nb\nc\n", "a\nc\n", []Hunk{{2, 1, 1, 0, false}}},
		{"delete at the end", "a\nb\nc\n", "a\nb\n", []Hunk{{3, 1, 2, 0, true}}},
		{"delete several at the end", "a\nb\nc\nd", "a\nb\n", []Hunk{{3, 2, 2, 0, true}}},
		{"replace one by two", "a\nb\nc\n", "a\nX\nY\nc\n", []Hunk{{2, 1, 2, 2, false}}},
		{"replace everything", "a\nb\n", "c\n", []Hunk{{1, 2, 1, 1, true}}},
		{
			name: "separated hunks",
			base: ten,
			// 2 replaced, 5 deleted, a line inserted after 8, 10 deleted.
			head: "1\ntwo\n3\n4\n6\n7\n8\neight and a half\n9\n",
			want: []Hunk{{2, 1, 2, 1, false}, {5, 1, 4, 0, false}, {8, 0, 8, 1, false}, {10, 1, 9, 0, true}},
		},
		{
			name: "crlf base, lf head, one change",
			base: strings.ReplaceAll(ten, "\n", "\r\n"),
			head: strings.Replace(ten, "6\n", "six\n", 1),
			want: []Hunk{{6, 1, 6, 1, false}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Diff([]byte(tt.base), []byte(tt.head))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Diff(%q, %q) = %+v, want %+v", tt.base, tt.head, got, tt.want)
			}
			check(t, []byte(tt.base), []byte(tt.head), got, true)
		})
	}
}

func TestHeadLine(t *testing.T) {
	t.Parallel()
	type want struct {
		line    int
		changed bool
	}
	for _, tt := range []struct {
		name       string
		base, head string
		lines      map[int]want // base line -> want
		first      want         // FirstChange; changed means ok
	}{
		{
			name: "identical",
			base: "a\nb\n", head: "a\nb\n",
			lines: map[int]want{1: {1, false}, 2: {2, false}},
			first: want{0, false},
		},
		{
			name: "shifted by insertions above",
			base: "a\nb\nc\n", head: "x\ny\na\nb\nz\nc\n",
			lines: map[int]want{1: {3, false}, 2: {4, false}, 3: {6, false}},
			first: want{1, true},
		},
		{
			name: "shifted by a deletion above",
			base: "a\nb\nc\nd\n", head: "a\nd\n",
			lines: map[int]want{1: {1, false}, 2: {2, true}, 3: {2, true}, 4: {2, false}},
			first: want{2, true},
		},
		{
			name: "deleted at the top",
			base: "a\nb\nc\n", head: "c\n",
			lines: map[int]want{1: {1, true}, 2: {1, true}, 3: {1, false}},
			first: want{1, true},
		},
		{
			name: "deleted at the end points at the last line",
			base: "a\nb\nc\n", head: "a\n",
			lines: map[int]want{1: {1, false}, 2: {1, true}, 3: {1, true}},
			first: want{1, true},
		},
		{
			name: "everything deleted",
			base: "a\nb\n", head: "",
			lines: map[int]want{1: {0, true}, 2: {0, true}},
			first: want{0, true},
		},
		{
			name: "replaced",
			base: "a\nb\nc\nd\n", head: "a\nB1\nB2\nB3\nd\n",
			lines: map[int]want{1: {1, false}, 2: {2, true}, 3: {2, true}, 4: {5, false}},
			first: want{2, true},
		},
		{
			name: "install section deleted, later line shifted",
			base: "# T\n\n## Install\n\nrun it\n\n## Use\n", head: "# T\n\n## Use\n",
			lines: map[int]want{1: {1, false}, 3: {3, true}, 5: {3, true}, 7: {3, false}},
			first: want{3, true},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hunks := Diff([]byte(tt.base), []byte(tt.head))
			for n, w := range tt.lines {
				if line, changed := HeadLine(hunks, n); line != w.line || changed != w.changed {
					t.Errorf("HeadLine(%+v, %d) = %d, %v; want %d, %v", hunks, n, line, changed, w.line, w.changed)
				}
			}
			if line, ok := FirstChange(hunks); line != tt.first.line || ok != tt.first.changed {
				t.Errorf("FirstChange(%+v) = %d, %v; want %d, %v", hunks, line, ok, tt.first.line, tt.first.changed)
			}
		})
	}
}

// TestHandMadeHunks checks hunks without AtHeadEnd, as parsed from a
// unified diff: a pure deletion points at the line after it.
func TestHandMadeHunks(t *testing.T) {
	t.Parallel()
	hunks := []Hunk{{BaseStart: 0, BaseLines: 0, HeadStart: 1, HeadLines: 2}, {BaseStart: 4, BaseLines: 2, HeadStart: 5, HeadLines: 0}}
	for n, want := range map[int]int{1: 3, 3: 5, 4: 6, 5: 6, 6: 6, 7: 7} {
		if got, _ := HeadLine(hunks, n); got != want {
			t.Errorf("HeadLine(%d) = %d, want %d", n, got, want)
		}
	}
	if got, ok := FirstChange(hunks[1:]); got != 6 || !ok {
		t.Errorf("FirstChange = %d, %v; want 6, true", got, ok)
	}
	for _, n := range []int{math.MinInt, -5, 0} {
		if got, changed := HeadLine(hunks, n); got != 0 || changed {
			t.Errorf("HeadLine(%d) = %d, %v; want 0, false", n, got, changed)
		}
	}
	// Nonsense hunks must not panic.
	bad := []Hunk{{BaseStart: -3, BaseLines: -1, HeadStart: -7, HeadLines: -2}, {BaseStart: math.MaxInt, BaseLines: math.MaxInt, HeadStart: math.MinInt}}
	for _, n := range []int{1, 2, math.MaxInt} {
		if got, _ := HeadLine(bad, n); got < 0 {
			t.Errorf("HeadLine(bad, %d) = %d, want >= 0", n, got)
		}
	}
	if got, _ := FirstChange(bad); got < 0 {
		t.Errorf("FirstChange(bad) = %d, want >= 0", got)
	}
}

func TestSplitLines(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "\n", "\n\n", "a", "a\n", "a\r\n", "a\r", "\r", "\r\n\r\n", "a\r\nb", "a\nb\r\nc\r", "a\r\r\n"} {
		got := splitLines(in)
		if want := lines([]byte(in)); !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("splitLines(%q) = %q, want %q", in, got, want)
		}
		if n := countLines([]byte(in)); n != len(got) {
			t.Errorf("countLines(%q) = %d, want %d", in, n, len(got))
		}
	}
}

// randomFile makes n lines from a small alphabet, so that lines repeat and
// diffs are ambiguous, with random line endings.
func randomFile(r *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = string(rune('a' + r.IntN(5)))
	}
	return out
}

func join(r *rand.Rand, ls []string) []byte {
	var b bytes.Buffer
	for i, l := range ls {
		b.WriteString(l)
		switch {
		case i == len(ls)-1 && r.IntN(3) == 0: // no final newline
		case r.IntN(2) == 0:
			b.WriteString("\r\n")
		default:
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// mutate applies up to k random insertions, deletions and replacements.
func mutate(r *rand.Rand, ls []string, k int) []string {
	out := slices.Clone(ls)
	for range r.IntN(k + 1) {
		i := r.IntN(len(out) + 1)
		switch r.IntN(3) {
		case 0:
			out = slices.Insert(out, i, randomFile(r, 1+r.IntN(3))...)
		case 1:
			if i < len(out) {
				out = slices.Delete(out, i, min(len(out), i+1+r.IntN(3)))
			}
		default:
			if i < len(out) {
				out[i] = "x" + out[i]
			}
		}
	}
	return out
}

// TestDiffProperties checks random pairs: applying the hunks to the base
// gives the head, and the diff is minimal.
func TestDiffProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		base := randomFile(r, r.IntN(40))
		head := randomFile(r, r.IntN(40))
		if r.IntN(2) == 0 {
			head = mutate(r, base, 6)
		}
		b, h := join(r, base), join(r, head)
		check(t, b, h, Diff(b, h), true)
	}
}

// TestLargeDistance checks that diffs up to the edit bound stay minimal and
// that going over it gives one hunk for the differing middle.
func TestLargeDistance(t *testing.T) {
	t.Parallel()
	var base, head []string
	for i := range 3000 {
		base = append(base, fmt.Sprintf("same %d", i))
		head = append(head, fmt.Sprintf("same %d", i))
		if i%3 == 0 {
			base = append(base, fmt.Sprintf("base only %d", i))
			head = append(head, fmt.Sprintf("head only %d", i))
		}
	}
	b := []byte(strings.Join(base, "\n"))
	h := []byte(strings.Join(head, "\n"))
	hunks := Diff(b, h)
	check(t, b, h, hunks, false)
	if len(hunks) != 1000 || edits(hunks) != 2000 {
		t.Errorf("%d hunks, %d edits; want 1000 hunks, 2000 edits", len(hunks), edits(hunks))
	}

	for _, lim := range []limits{
		{bytes: defaultLimits.bytes, edits: 1999, work: defaultLimits.work},
		{bytes: defaultLimits.bytes, edits: defaultLimits.edits, work: 1000},
		{bytes: len(b) - 1, edits: defaultLimits.edits, work: defaultLimits.work},
	} {
		hunks := diff(b, h, lim)
		check(t, b, h, hunks, false)
		want := []Hunk{{2, 3997, 2, 3997, false}} // the first line and the last two are the same
		if !slices.Equal(hunks, want) {
			t.Errorf("limits %+v: %+v, want %+v", lim, hunks, want)
		}
	}
	if hunks := diff(b, h, limits{bytes: defaultLimits.bytes, edits: 2000, work: defaultLimits.work}); len(hunks) != 1000 {
		t.Errorf("at the edit bound: %d hunks, want 1000", len(hunks))
	}
}

// TestOverMiB checks that inputs over 1 MiB fall back to one hunk, with the
// common prefix and suffix trimmed.
func TestOverMiB(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("0123456789abcdef\n"), (1<<20)/17+100)
	base := append(append(slices.Clip(big), "old\nsame\nold2\n"...), big...)
	head := append(append(slices.Clip(big), "new\nsame\nnew2\nnew3\n"...), big...)
	n := countLines(big)
	want := []Hunk{{n + 1, 3, n + 1, 4, false}}
	if got := Diff(base, head); !slices.Equal(got, want) {
		t.Errorf("Diff = %+v, want %+v", got, want)
	}
	if got := Diff(big, big); got != nil {
		t.Errorf("Diff of identical big inputs = %+v, want none", got)
	}
}

func FuzzDiff(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"a\nb\nc\n", "a\nc\n"},
		{"a\r\nb\r\n", "a\nb"},
		{"a\nb\nc\nd\ne\n", "x\na\nc\nd\ny\ne\nz"},
		{"\n\n\n", "\n"},
		{"a\r", "a\r\n"},
		{"a\nb\na\nb\na\n", "b\na\nb\na\nb\n"},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	tiny := limits{bytes: 64, edits: 3, work: 40}
	f.Fuzz(func(t *testing.T, base, head []byte) {
		minimal := len(lines(base))*len(lines(head)) <= 40_000
		check(t, base, head, Diff(base, head), minimal)
		check(t, base, head, diff(base, head, tiny), false)
	})
}

// benchFiles makes two 5,000-line files that differ by 50 scattered edits.
func benchFiles() (base, head []byte) {
	r := rand.New(rand.NewPCG(3, 4))
	ls := make([]string, 5000)
	for i := range ls {
		ls[i] = fmt.Sprintf("line %d: %x", i, r.Uint64())
	}
	hl := slices.Clone(ls)
	for e := range 50 {
		i := e*100 + r.IntN(90)
		switch e % 3 {
		case 0:
			hl[i] = "changed " + hl[i]
		case 1:
			hl = slices.Insert(hl, i, "inserted")
		default:
			hl = slices.Delete(hl, i, i+1)
		}
	}
	return []byte(strings.Join(ls, "\n") + "\n"), []byte(strings.Join(hl, "\n") + "\n")
}

func BenchmarkDiff(b *testing.B) {
	base, head := benchFiles()
	b.SetBytes(int64(len(base) + len(head)))
	b.ReportAllocs()
	for b.Loop() {
		if hunks := Diff(base, head); len(hunks) == 0 {
			b.Fatal("no hunks")
		}
	}
}
