package batch

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

func TestParseRemote(t *testing.T) {
	t.Parallel()
	good := map[string]Remote{
		"github.com/octo/clinic":                         {Host: "github.com", Owner: "octo", Name: "clinic"},
		"github.com/octo/clinic@v1.2":                    {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "v1.2"},
		"github.com/octo/clinic@release/2026.1":          {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "release/2026.1"},
		"GitHub.com/Octo/Clinic.git":                     {Host: "github.com", Owner: "Octo", Name: "Clinic"},
		"https://github.com/octo/clinic":                 {Host: "github.com", Owner: "octo", Name: "clinic"},
		"https://github.com/octo/clinic/":                {Host: "github.com", Owner: "octo", Name: "clinic"},
		"https://github.com/octo/clinic.git":             {Host: "github.com", Owner: "octo", Name: "clinic"},
		"https://github.com/octo/clinic/tree/main":       {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "main"},
		"https://github.com/octo/clinic/tree/feature/x/": {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "feature/x"},
		"https://github.com/octo/clinic/commit/0123abc":  {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "0123abc"},
		"https://github.com/octo/clinic@v1?tab=readme#x": {Host: "github.com", Owner: "octo", Name: "clinic", Ref: "v1"},
		"https://GHES.example.org:8443/team/app":         {Host: "ghes.example.org:8443", Owner: "team", Name: "app"},
		"github.com/my-org/my.repo_name-2":               {Host: "github.com", Owner: "my-org", Name: "my.repo_name-2"},
	}
	for in, want := range good {
		got, err := ParseRemote(in)
		if err != nil || got != want {
			t.Errorf("ParseRemote(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		// String is read back as the same repository.
		again, err := ParseRemote(got.String())
		if err != nil || again != got {
			t.Errorf("ParseRemote(%q.String() = %q) = %+v, %v", in, got.String(), again, err)
		}
	}
	bad := map[string]string{
		"github.com/octo":                                    "no REPO",
		"github.com//clinic":                                 "no OWNER",
		"github.com/octo/clinic@":                            "no ref after @",
		"github.com/octo/clinic@a..b":                        "not a git ref",
		"github.com/octo/clinic@-x":                          "not a git ref",
		"github.com/octo/clinic@x.lock":                      "not a git ref",
		"github.com/octo/clinic@a~1":                         "not a git ref",
		"github.com/octo/clinic/blob/main/README.md":         "is not @REF",
		"github.com/octo/../etc":                             "is not a repository name",
		"github.com/oc to/clinic":                            "no spaces",
		"http://github.com/octo/clinic":                      "https://",
		"https://user:pass@github.com/octo/clinic":           "credentials",
		"github.com/octo/cli\x1bnic":                         "control characters",
		"github.com/" + strings.Repeat("o", 40) + "/c":       "longer than 39",
		"github.com/octo/" + strings.Repeat("r", 101):        "longer than 100",
		"github.com/octo/clinic@" + strings.Repeat("r", 256): "longer than 255",
	}
	for in, want := range bad {
		if _, err := ParseRemote(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRemote(%q) = %v, want an error with %q", in, err, want)
		}
	}
}

func TestIsRemote(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"github.com/a/b": true, "https://x/a/b": true, "HTTP://x": true, ".": false,
		"../github.com/a/b": false, "repos/clinic": false, "/srv/github.com/a/b": false} {
		if got := IsRemote(s); got != want {
			t.Errorf("IsRemote(%q) = %v", s, got)
		}
	}
}

func TestParseList(t *testing.T) {
	t.Parallel()
	list := "\ufeff# certified DPGs\n" +
		"github.com/octo/clinic\r\n" +
		"  https://github.com/octo/ledger/tree/v2  \n" +
		"\n" +
		"../local/registry\n" +
		"github.com/OCTO/Clinic\n" + // the same repository: names are case-insensitive
		"github.com/octo/clinic@v1\n" // another ref: another item
	items, dups, err := ParseList(strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%d %s", it.Line, it))
	}
	want := []string{"2 github.com/octo/clinic", "3 github.com/octo/ledger@v2", "5 ../local/registry", "7 github.com/octo/clinic@v1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if len(dups) != 1 || dups[0].Line != 6 || dups[0].First != 2 {
		t.Errorf("duplicates = %+v, want line 6 (first on line 2)", dups)
	}
	if items[2].Remote != nil || items[2].Path != "../local/registry" {
		t.Errorf("a folder: %+v", items[2])
	}
}

func TestParseListErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"github.com/octo/clinic\ngithub.com/octo\n":       "line 2: github.com/octo: no REPO",
		"ok/path\nbad\x00path\n":                          "line 2: holds a control character",
		"ok\n\xff\xfe\n":                                  "line 2: not UTF-8",
		strings.Repeat("x", MaxLineBytes+1) + "\n":        "line 1: longer than 4096 bytes",
		"a\n" + strings.Repeat("x", 70000) + "\nb\n":      "line 2: longer than 4096 bytes",
		strings.Repeat("github.com/a/b\n", 1) + "\x1b[2J": "line 2: holds a control character",
	}
	for in, want := range cases {
		_, _, err := ParseList(strings.NewReader(in))
		if err == nil || err.Error() != want && !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseList(%.40q) = %v, want %q", in, err, want)
		}
	}
	big := strings.Repeat("# padding padding padding padding padding padding padding\n", MaxListBytes/50)
	if _, _, err := ParseList(strings.NewReader(big)); err == nil || !strings.Contains(err.Error(), "larger than 8 MiB") {
		t.Errorf("a list over the cap: %v", err)
	}
	var many strings.Builder
	for i := range MaxItems + 1 {
		fmt.Fprintf(&many, "d%d\n", i)
	}
	if _, _, err := ParseList(strings.NewReader(many.String())); err == nil || !strings.Contains(err.Error(), "more than 100000 items") {
		t.Errorf("too many items: %v", err)
	}
}

func TestFileNames(t *testing.T) {
	t.Parallel()
	items, _, err := ParseList(strings.NewReader("github.com/octo/clinic\ngithub.com/octo/clinic@release/1.x\n../..\n/srv/repos/.hidden\nfolder with spaces\n"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, it := range items {
		name := it.FileName()
		if strings.HasPrefix(name, ".") || strings.ContainsAny(name, "/\\ ") || !strings.HasSuffix(name, ".json") || seen[name] {
			t.Errorf("%s: file name %q", it, name)
		}
		seen[name] = true
		if rec := it.ErrorFileName(); !strings.HasSuffix(rec, ".error.json") || strings.TrimSuffix(rec, ".error.json") != strings.TrimSuffix(name, ".json") {
			t.Errorf("%s: error record %q for report %q", it, rec, name)
		}
	}
	if got := items[1].FileName(); !strings.HasPrefix(got, "octo--clinic@release_1.x-") {
		t.Errorf("file name %q is not readable", got)
	}
	// The name depends on the repository, not on the case of its name.
	a, _, _ := ParseList(strings.NewReader("github.com/Octo/Clinic\n"))
	if a[0].FileName() != strings.Replace(items[0].FileName(), "octo--clinic", "Octo--Clinic", 1) {
		t.Errorf("%s and %s differ in more than case", a[0].FileName(), items[0].FileName())
	}
}

func TestShardsPartitionTheListStably(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := range 500 {
		lines = append(lines, fmt.Sprintf("github.com/org%d/repo%d", i%37, i))
	}
	items, _, err := ParseList(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 3, 7, 16} {
		count := map[string]int{}
		sizes := make([]int, n)
		for i := 1; i <= n; i++ {
			for _, it := range (Shard{Index: i, Count: n}).Select(items) {
				count[it.Key()]++
				sizes[i-1]++
			}
		}
		for _, it := range items {
			if count[it.Key()] != 1 {
				t.Errorf("N=%d: %s is in %d shards, want exactly 1", n, it, count[it.Key()])
			}
		}
		for i, s := range sizes {
			if s < len(items)/n/2 {
				t.Errorf("N=%d: shard %d has %d of %d items: the hash does not spread them", n, i+1, s, len(items))
			}
		}
	}
	// Reordering the list and adding items moves nothing: the shard of an
	// item is a hash of the item, not its position.
	shuffled := slices.Clone(lines)
	slices.Reverse(shuffled)
	shuffled = append([]string{"github.com/new/first"}, shuffled...)
	again, _, _ := ParseList(strings.NewReader(strings.Join(shuffled, "\n")))
	shardOf := func(items []Item) map[string]int {
		m := map[string]int{}
		for i := 1; i <= 4; i++ {
			for _, it := range (Shard{Index: i, Count: 4}).Select(items) {
				m[it.Key()] = i
			}
		}
		return m
	}
	before, after := shardOf(items), shardOf(again)
	for k, s := range before {
		if after[k] != s {
			t.Errorf("%s moved from shard %d to %d when the list was reordered", k, s, after[k])
		}
	}
	// A fixed point, so that the hash cannot change unnoticed between
	// releases (shards of a run are computed on different machines, maybe
	// by different builds).
	fixed, _, _ := ParseList(strings.NewReader("github.com/opencrvs/opencrvs-core\ngithub.com/dhis2/dhis2-core\ngithub.com/mosip/commons\n"))
	var got []int
	for _, it := range fixed {
		for i := 1; i <= 4; i++ {
			if (Shard{Index: i, Count: 4}).Has(it) {
				got = append(got, i)
			}
		}
	}
	if want := []int{fixedShards[0], fixedShards[1], fixedShards[2]}; !slices.Equal(got, want) {
		t.Errorf("shards of 4 = %v, want %v", got, want)
	}
}

// fixedShards are the shards (of 4) of opencrvs-core, dhis2-core and
// mosip/commons.
var fixedShards = [3]int{2, 2, 4}

func TestParseShard(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"1/1", "2/4", "16/16"} {
		if _, err := ParseShard(s); err != nil {
			t.Errorf("ParseShard(%q): %v", s, err)
		}
	}
	for _, s := range []string{"0/4", "5/4", "1/0", "a/b", "1/4/2", "01/4", "+1/4", "1 /4", "", "1/2000"} {
		if _, err := ParseShard(s); err == nil {
			t.Errorf("ParseShard(%q) accepted", s)
		}
	}
}

func TestMergeFixtures(t *testing.T) {
	t.Parallel()
	s, err := Merge(os.DirFS("testdata/merge"))
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, r := range s.Evaluated {
		targets = append(targets, r.Target+" "+r.Verdict)
	}
	want := []string{"../registry pass", "github.com/octo/clinic needs-review", "github.com/octo/ledger@v2 fail", "github.com/octo/waived needs-review"}
	if diff := cmp.Diff(want, targets); diff != "" {
		t.Errorf("evaluated (-want +got):\n%s", diff)
	}
	var failed []string
	for _, f := range s.Failed {
		failed = append(failed, f.Kind+" "+f.File)
	}
	// The stale record of octo/clinic (it has a report) is left out; the
	// files that are not reports are named, never dropped.
	wantFailed := []string{"unreadable broken-777777777777.json", "unreadable future-888888888888.json",
		"not-found octo--gone-555555555555.error.json", "error evil-666666666666.error.json"}
	if diff := cmp.Diff(wantFailed, failed); diff != "" {
		t.Errorf("failed (-want +got):\n%s", diff)
	}
	if c := s.Criteria[1]; c.ID != "dpg-2" || c.Counts.Pass != 2 || c.Counts.Fail != 2 {
		t.Errorf("dpg-2 counts = %+v, want 2 pass, 2 fail", c)
	}
	if s.Verdicts["needs-review"] != 2 || s.Verdicts["fail"] != 1 || s.Verdicts["pass"] != 1 {
		t.Errorf("verdicts = %v", s.Verdicts)
	}
	if got := s.Evaluated[1].Licenses; !slices.Equal(got, []string{"MIT"}) {
		t.Errorf("licences of octo/clinic = %v, want MIT once", got)
	}
	golden(t, s)
}

// golden compares the four outputs with testdata/golden (go test -update
// rewrites them).
func golden(t *testing.T, s *Summary) {
	t.Helper()
	for name, write := range map[string]func(*bytes.Buffer, *Summary) error{
		"summary.json": func(b *bytes.Buffer, s *Summary) error { return WriteJSON(b, s) },
		"summary.csv":  func(b *bytes.Buffer, s *Summary) error { return WriteCSV(b, s) },
		"summary.md":   func(b *bytes.Buffer, s *Summary) error { return WriteMarkdown(b, s) },
		"summary.html": func(b *bytes.Buffer, s *Summary) error { return WriteHTML(b, s) },
	} {
		var buf bytes.Buffer
		if err := write(&buf, s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join("testdata", "golden", name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if diff := cmp.Diff(string(want), buf.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// TestOutputsAreInert: what a report says cannot inject markup, a link, a
// mention, a spreadsheet formula or reordering characters.
func TestOutputsAreInert(t *testing.T) {
	t.Parallel()
	s, err := Merge(os.DirFS("testdata/merge"))
	if err != nil {
		t.Fatal(err)
	}
	var md, csv, html bytes.Buffer
	WriteMarkdown(&md, s)
	WriteCSV(&csv, s)
	WriteHTML(&html, s)
	for _, bad := range []string{"<script>", "| injected |", "@team", "\u202e"} {
		if strings.Contains(md.String(), bad) {
			t.Errorf("Markdown holds %q", bad)
		}
	}
	for _, bad := range []string{"<script>", "\u202e"} {
		if strings.Contains(html.String(), bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	if strings.Contains(csv.String(), ",\"=HYPERLINK") || !strings.Contains(csv.String(), "'=HYPERLINK") {
		t.Errorf("CSV does not neutralise a formula:\n%s", csv.String())
	}
}

func TestMergeCaps(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"huge-000000000000.json": {Data: bytes.Repeat([]byte(" "), MaxReportBytes+1)},
		"link-000000000000.json": {Data: []byte("x"), Mode: os.ModeSymlink},
	}
	s, err := Merge(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Failed) != 2 || !strings.Contains(s.Failed[0].Error, "larger than 16 MiB") || s.Failed[1].Error != "not a regular file" {
		t.Errorf("failed = %+v", s.Failed)
	}
}

func FuzzParseList(f *testing.F) {
	f.Add([]byte("github.com/octo/clinic\n# comment\nhttps://github.com/a/b/tree/x\n../local\n"))
	f.Add([]byte("\ufeffgithub.com/a/b@v1\r\ngithub.com/A/B@v1\n"))
	f.Add([]byte("https://ghes.example.org:8443/t/a/commit/abc\n\x00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _, err := ParseList(bytes.NewReader(data))
		if err != nil {
			return
		}
		names := map[string]bool{}
		for _, it := range items {
			name := it.FileName()
			if strings.HasPrefix(name, ".") || strings.ContainsAny(name, "/\\\x00") || names[name] {
				t.Fatalf("%q: file name %q", it.Text, name)
			}
			names[name] = true
			if it.Remote != nil {
				again, err := ParseRemote(it.Remote.String())
				if err != nil || again != *it.Remote {
					t.Fatalf("%q: %q reads back as %+v, %v", it.Text, it.Remote.String(), again, err)
				}
			}
			n := 0
			for i := 1; i <= 3; i++ {
				if (Shard{Index: i, Count: 3}).Has(it) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%q is in %d of 3 shards", it.Text, n)
			}
		}
	})
}

func FuzzMerge(f *testing.F) {
	for _, name := range []string{"octo--clinic-111111111111.json", "evil-666666666666.error.json", "waived-444444444444.json"} {
		data, err := os.ReadFile(filepath.Join("testdata/merge", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, strings.HasSuffix(name, ErrorSuffix))
	}
	f.Fuzz(func(t *testing.T, data []byte, record bool) {
		name := "x-000000000000.json"
		if record {
			name = "x-000000000000.error.json"
		}
		s, err := Merge(fstest.MapFS{name: {Data: data}})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Evaluated)+len(s.Failed) != 1 {
			t.Fatalf("%d rows for one file", len(s.Evaluated)+len(s.Failed))
		}
		var b bytes.Buffer
		for _, w := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return WriteJSON(b, s) }, func(b *bytes.Buffer) error { return WriteCSV(b, s) },
			func(b *bytes.Buffer) error { return WriteMarkdown(b, s) }, func(b *bytes.Buffer) error { return WriteHTML(b, s) },
		} {
			b.Reset()
			if err := w(&b); err != nil {
				t.Fatal(err)
			}
		}
		var md bytes.Buffer
		WriteMarkdown(&md, s)
		for _, line := range strings.Split(md.String(), "\n") {
			if strings.HasPrefix(line, "| ") && strings.Count(line, "|")-strings.Count(line, `\|`) < 3 {
				t.Fatalf("a table row broken by the input: %q", line)
			}
		}
	})
}

func FuzzParseRemote(f *testing.F) {
	for _, s := range []string{"github.com/octo/clinic@v1", "https://github.com/o/r/tree/a/b", "https://h:1/o/r.git/commit/abc", "github.com/o/r@a..b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRemote(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(r.Owner+r.Name, "/\\ \x00") || r.Name == "." || r.Name == ".." || strings.Contains(r.Ref, "..") {
			t.Fatalf("%q: unsafe %+v", s, r)
		}
		if again, err := ParseRemote(r.String()); err != nil || again != r {
			t.Fatalf("%q: %q reads back as %+v, %v", s, r.String(), again, err)
		}
	})
}
