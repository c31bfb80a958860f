package render

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

func TestChanges(t *testing.T) {
	t.Parallel()
	r := cases["mixed"]
	prev := map[string]string{"dpg-1": "needs-review", "dpg-2": "pass", "dpg-3": "fail", "dpg-4": "needs-review", "dpg-6": "pass", "dpg-9c": "pass"}
	newly, fixed, other := Changes(prev, r)
	if len(newly) != 1 || newly[0].Finding.ID != "dpg-2" || newly[0].From != report.Pass {
		t.Errorf("newly failing = %+v", newly)
	}
	if len(fixed) != 1 || fixed[0].Finding.ID != "dpg-3" {
		t.Errorf("fixed = %+v", fixed)
	}
	if len(other) != 1 || other[0].Finding.ID != "dpg-6" {
		t.Errorf("other = %+v", other)
	}
}

func TestGoldenWithPreviousRun(t *testing.T) {
	t.Parallel()
	o := Options{Marker: "<!-- dpgcheck:report v1 -->", Previous: map[string]string{"dpg-1": "needs-review", "dpg-2": "pass", "dpg-3": "fail", "dpg-4": "needs-review", "dpg-6": "pass", "dpg-9c": "pass"},
		PreviousSHA: "a1b2c3d4", RunURL: "https://github.com/example/clinic/actions/runs/7421", Notice: "The check run could not be created."}
	golden(t, filepath.Join("testdata", "mixed-with-previous.comment.md"), []byte(comment(cases["mixed"], o)))
}

func TestCommentFitsItsLimit(t *testing.T) {
	t.Parallel()
	r := *cases["mixed"]
	r.Findings = append([]report.Finding(nil), r.Findings...)
	r.Findings[1].Details = []string{strings.Repeat("very long detail ", 4000)}
	full := comment(&r, Options{})
	for _, limit := range []int{len([]rune(full)) + 10, 20000, 3000, 200} {
		got := Comment(&r, Options{Marker: "<!-- m -->", RunURL: "https://example.org/run"}, limit)
		if n := len([]rune(got)); n > limit {
			t.Errorf("limit %d: comment has %d characters", limit, n)
		}
		if !strings.HasPrefix(got, "<!-- m -->") {
			t.Errorf("limit %d: the marker was cut", limit)
		}
	}
	if got := Comment(&r, Options{RunURL: "https://example.org/run"}, 500); !strings.Contains(got, "too long for a comment") {
		t.Errorf("minimal comment does not point to the job summary:\n%s", got)
	}
}

func TestCheckRunOutput(t *testing.T) {
	t.Parallel()
	title, summary := CheckRunOutput(cases["mixed"], Options{Marker: "<!-- m -->"}, 65535)
	if title != "1 failing · 2 to review · 2 passing · 1 waived" {
		t.Errorf("title = %q", title)
	}
	if strings.Contains(summary, "<!-- m -->") {
		t.Error("the check-run summary carries the comment marker")
	}
}

func TestAnnotations(t *testing.T) {
	t.Parallel()
	anns := Annotations(cases["mixed"])
	var got []string
	for _, a := range anns {
		got = append(got, a.Level+" "+a.Path+":"+itoa(a.Line)+" "+a.Title)
	}
	want := []string{"failure LICENSE:1 dpg-2 · Open licence", "failure package.json:5 dpg-2 · Open licence", "notice docker-compose.yml:12 dpg-4 · Platform independence"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(anns[0].Message, "\nNext: ") {
		t.Errorf("annotation message has no next step: %q", anns[0].Message)
	}
}

// TestAnnotationsOnePerCriterionAndFile: a regressed criterion is annotated
// once on a file it cites and changed (on the changed line), and a criterion
// citing two lines of one file once (on the first).
func TestAnnotationsOnePerCriterionAndFile(t *testing.T) {
	t.Parallel()
	licence := finding("dpg-2", report.Fail, "LICENSE is now proprietary", report.At("LICENSE", 3), report.At("package.json", 5))
	licence.Base, licence.Change, licence.BrokenBy = &report.BaseResult{Outcome: report.Pass}, report.Regressed, []report.Evidence{report.At("LICENSE", 3)}
	conduct := finding("dpg-9c", report.Fail, "the code of conduct names no reporting channel", report.At("CODE_OF_CONDUCT.md", 3), report.At("CODE_OF_CONDUCT.md", 7))
	r := newReport(licence, conduct)
	r.PullRequest = &report.PullRequest{Base: report.BaseTarget{Status: report.BaseEvaluated}, Regressed: []string{"dpg-2"}}
	var got []string
	for _, a := range Annotations(r) {
		got = append(got, a.Path+":"+itoa(a.Line)+" "+a.Title)
	}
	want := []string{"LICENSE:3 dpg-2 · Open licence regressed", "package.json:5 dpg-2 · Open licence", "CODE_OF_CONDUCT.md:3 dpg-9c · Protection from harassment"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPreviousRunFixesAreUnfolded: when a later push fixes something and
// breaks nothing, the news is under the verdict, not in a folded section.
func TestPreviousRunFixesAreUnfolded(t *testing.T) {
	t.Parallel()
	o := Options{Previous: map[string]string{"dpg-1": "needs-review", "dpg-2": "fail", "dpg-3": "fail", "dpg-4": "needs-review", "dpg-6": "unknown", "dpg-9c": "pass"}}
	got := comment(cases["mixed"], o)
	i := strings.Index(got, "fixed: **3 · Clear ownership**")
	if i < 0 {
		t.Fatalf("the fix of dpg-3 is not reported:\n%s", got)
	}
	if folded := strings.Index(got, "<details"); folded >= 0 && folded < i {
		t.Errorf("the fix of dpg-3 is folded away:\n%s", got)
	}
}
