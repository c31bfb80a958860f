package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/render"
	"github.com/dpgcheck/dpgcheck/internal/render/rendertest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// shown is everything dpgcheck shows a user about one report: the text
// report, the pull-request comment, the job summary, the check run, the
// Action's outputs, the exit code, the annotations, JSON and SARIF.
type shown struct {
	report                   *report.Report
	failOn                   report.FailOn
	text, comment, summary   string
	checkTitle, checkSummary string
	outputs                  map[string]string
	exit                     int
	annotations              []render.Annotation
	json, sarif              []byte
}

// TestEverySurfaceAgrees runs every golden case of the renderers under every
// policy, and pull requests through the Action, and checks that every
// surface shows the same numbers and the same criteria (report.Counts).
func TestEverySurfaceAgrees(t *testing.T) {
	t.Parallel()
	for name := range rendertest.Cases() {
		for _, failOn := range []report.FailOn{report.FailOnRequired, report.FailOnAny, report.FailOnRegression, report.FailOnNever} {
			t.Run(name+"/"+string(failOn), func(t *testing.T) {
				t.Parallel()
				r := rendertest.Cases()[name]
				r.Finalize(failOn)
				checkSurfacesAgree(t, rendered(t, r, failOn))
			})
		}
	}
	attested := with(healthy, ".github/dpgcheck.yml", healthy[".github/dpgcheck.yml"]+
		"attestations:\n  dpg-4:\n    evidence: [\"https://example.org/dependencies\"]\n    note: every dependency is open source\n")
	mongo := "services:\n  app:\n    build: .\n  db:\n    image: mongo:7.0\n"
	for _, pr := range []struct {
		name       string
		base, head map[string]string
		failOn     string
		history    history
	}{
		{"licence-changed", healthy, with(healthy, "LICENSE", "Copyright (c) 2024 Example Foundation\n\nAll rights reserved.\n"), "regression", fullHistory},
		{"fixed", repoFailingOnlyCoC, healthy, "required", fullHistory},
		{"old-debt", repoFailingOnlyCoC, with(repoFailingOnlyCoC, "docs/usage.md", "# Usage\n"), "regression", fullHistory},
		{"closed-database", healthy, with(healthy, "docker-compose.yml", mongo), "regression", fullHistory},
		{"attested-then-closed-database", attested, with(attested, "docker-compose.yml", mongo), "required", fullHistory},
		{"install-section-deleted", with(healthy, "README.md", healthy["README.md"]+"\n## Usage\n\nRun it.\n"), with(healthy, "README.md", "# Clinic\n"), "any", fullHistory},
		{"base-unknown", repoFailingOnlyCoC, healthy, "regression", noGit},
	} {
		t.Run(pr.name, func(t *testing.T) {
			t.Parallel()
			r := newPRRun(t, pr.base, pr.head, pr.history)
			if pr.history == noGit { // and GitHub does not send the base either
				r.fake.Routes["GET /repos/octo/clinic/tarball/"] = func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) }
			}
			r.env["INPUT_FAIL-ON"] = pr.failOn
			r.env["INPUT_SARIF-FILE"] = "dpgcheck.sarif"
			s := published(t, r, report.FailOn(pr.failOn))
			if pr.history == noGit && s.report.PullRequest.Known() {
				t.Fatal("the base is known: this case needs it unknown")
			}
			checkSurfacesAgree(t, s)
		})
	}
}

// rendered is what the Action and the command line would show of r.
func rendered(t *testing.T, r *report.Report, failOn report.FailOn) shown {
	t.Helper()
	o := render.Options{FailOn: failOn, RunURL: "https://github.com/octo/clinic/actions/runs/7421"}
	s := shown{report: r, failOn: failOn, exit: exitCode(r, failOn), annotations: render.Annotations(r), outputs: map[string]string{}}
	s.text, s.json, s.sarif = format(t, render.Text, r, o), []byte(format(t, render.JSON, r, o)), []byte(format(t, render.SARIF, r, o))
	s.comment = render.Comment(r, o, github.MaxCommentLength)
	s.summary = jobSummary(r, o)
	s.checkTitle, s.checkSummary = render.CheckRunOutput(r, o, github.MaxCheckText)
	for _, out := range verdictOutputs(r, failOn) {
		s.outputs[out.Name] = out.Value
	}
	return s
}

func format(t *testing.T, f func(io.Writer, *report.Report, render.Options) error, r *report.Report, o render.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// published runs the Action on a pull request and collects what it
// published to the fake GitHub and the runner's files.
func published(t *testing.T, r *prRun, failOn report.FailOn) shown {
	t.Helper()
	s := shown{failOn: failOn, exit: r.run(), outputs: r.outputs(), summary: r.summary()}
	s.report = r.report(t)
	s.text = format(t, render.Text, s.report, render.Options{FailOn: failOn})
	var err error
	if s.json, err = os.ReadFile(filepath.Join(r.workspace, reportFile)); err != nil {
		t.Fatal(err)
	}
	if s.sarif, err = os.ReadFile(filepath.Join(r.workspace, "dpgcheck.sarif")); err != nil {
		t.Fatal(err)
	}
	if cs := r.fake.Comments(2); len(cs) > 0 {
		s.comment = cs[len(cs)-1].Body
	}
	crs := r.fake.CheckRuns()
	if len(crs) == 0 {
		t.Fatalf("no check run\n%s", r.stderr.String())
	}
	last := crs[len(crs)-1]
	s.checkTitle, s.checkSummary = last.Title, last.Summary
	for _, a := range last.Annotations {
		s.annotations = append(s.annotations, render.Annotation{Path: fmt.Sprint(a["path"]), Level: fmt.Sprint(a["annotation_level"]), Title: fmt.Sprint(a["title"])})
	}
	return s
}

func checkSurfacesAgree(t *testing.T, s shown) {
	t.Helper()
	r, c := s.report, s.report.Counts(s.failOn)
	if n := len(c.Failing) + c.ToReview() + len(c.Passing) + len(c.NotApplicable) + len(c.Waived); n != c.Total || c.Total != len(r.Findings) {
		t.Fatalf("counts hold %d of %d criteria", n, len(r.Findings))
	}
	lines := map[string]string{"check-run title": s.checkTitle, "text verdict": lineStarting(s.text, "verdict: "),
		"comment heading": lineStarting(s.comment, "### "), "job summary heading": lineStarting(s.summary, "### "),
		"check-run summary heading": lineStarting(s.checkSummary, "### ")}
	for what, line := range lines {
		if line == "" {
			t.Errorf("%s is missing", what)
			continue
		}
		checkTally(t, what, line, c)
	}
	if got := s.outputs["failed"]; got != strconv.Itoa(len(c.Gating)) {
		t.Errorf("output failed = %s, want %d (%v)", got, len(c.Gating), c.Gating)
	}
	if got := s.outputs["needs-review"]; got != strconv.Itoa(c.ToReview()) {
		t.Errorf("output needs-review = %s, want %d", got, c.ToReview())
	}
	if got := s.outputs["verdict"]; got != string(r.Verdict) {
		t.Errorf("output verdict = %s, want %s", got, r.Verdict)
	}
	if (s.exit == ExitFail) != (len(c.Gating) > 0 && s.failOn != report.FailOnNever) {
		t.Errorf("exit code %d, but %d criteria gate under fail-on %s", s.exit, len(c.Gating), s.failOn)
	}
	for what, md := range map[string]string{"comment": s.comment, "job summary": s.summary} {
		checkNewInPR(t, what, md, r, c)
		rows := checkTableRows(t, what, md, r, c)
		if what == "job summary" && rows != c.Total {
			t.Errorf("the job summary's tables have %d rows, want every criterion (%d)", rows, c.Total)
		}
	}
	checkAnnotations(t, s.annotations, c)
	checkMachineReadable(t, s, c)
}

func lineStarting(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

var tallyPart = regexp.MustCompile(`(\d+) (new in this PR|fixed by this PR|failing|to review|passing|not applicable|waived)(?: \((\d+) required\))?`)

// checkTally checks the counts a line shows (after its last "; ", where a
// verdict line puts them) against c: every count, and zero for the ones it
// leaves out.
func checkTally(t *testing.T, what, line string, c report.Counts) {
	t.Helper()
	if i := strings.LastIndex(line, "; "); i >= 0 {
		line = line[i+2:]
	}
	got := map[string]int{}
	for _, m := range tallyPart.FindAllStringSubmatch(line, -1) {
		got[m[2]], _ = strconv.Atoi(m[1])
		if m[3] != "" {
			if req, _ := strconv.Atoi(m[3]); req != c.Level(criteria.Required).Failing {
				t.Errorf("%s says %d required failing, want %d: %s", what, req, c.Level(criteria.Required).Failing, line)
			}
		}
	}
	want := map[string]int{"new in this PR": len(c.New), "fixed by this PR": len(c.Fixed), "failing": len(c.Failing), "to review": c.ToReview(),
		"passing": len(c.Passing), "not applicable": len(c.NotApplicable), "waived": len(c.Waived)}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d %s, want %d: %s", what, got[k], k, n, line)
		}
	}
}

// byLabel finds a criterion by the label a Markdown surface shows.
func byLabel(r *report.Report, shown string) (report.Finding, bool) {
	label := strings.ReplaceAll(shown, `\`, "")
	for _, f := range r.Findings {
		if f.Label == label || f.Label == "" && f.ID == label {
			return f, true
		}
	}
	return report.Finding{}, false
}

var boldLabel = regexp.MustCompile(`\*\*([^*]+?) · `)

// checkNewInPR checks that "New in this PR" lists exactly the criteria the
// pull request made regress, and says exactly which it fixed.
func checkNewInPR(t *testing.T, what, md string, r *report.Report, c report.Counts) {
	t.Helper()
	_, block, ok := strings.Cut(md, "**New in this PR:**")
	if !r.PullRequest.Known() {
		if ok {
			t.Errorf("%s has a New in this PR without a known base", what)
		}
		return
	}
	if !ok {
		if !strings.Contains(md, "too long for a comment") {
			t.Errorf("%s has no New in this PR", what)
		}
		return
	}
	block, _, _ = strings.Cut(strings.TrimPrefix(block, "\n"), "\n\n")
	var news, fixed []string
	for _, l := range strings.Split(block, "\n") {
		if _, list, ok := strings.Cut(l, "fixed: "); ok {
			for _, item := range strings.Split(list, ", ") {
				f, _ := byLabel(r, strings.Split(item, " · ")[0])
				fixed = append(fixed, f.ID)
			}
			continue
		}
		for _, m := range boldLabel.FindAllStringSubmatch(l, 1) {
			f, _ := byLabel(r, m[1])
			news = append(news, f.ID)
		}
	}
	if !slices.Equal(news, c.New) || !slices.Equal(fixed, c.Fixed) {
		t.Errorf("%s: New in this PR lists %v and fixed %v, want %v and %v:\n%s", what, news, fixed, c.New, c.Fixed, block)
	}
}

// rowIcon is the icon a criterion's table row shows for its place in the
// counts.
func rowIcon(c report.Counts, id string) string {
	for icon, ids := range map[string][]string{"❌": c.Failing, "🟡": c.Review, "❔": c.Unknown, "✅": c.Passing, "➖": c.NotApplicable, "⚪": c.Waived} {
		if slices.Contains(ids, id) {
			return icon
		}
	}
	return "?"
}

// checkTableRows checks the icon of every row of the criteria tables and
// returns how many rows there are.
func checkTableRows(t *testing.T, what, md string, r *report.Report, c report.Counts) int {
	t.Helper()
	rows, inTable := 0, false
	for _, l := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(l, "| |"):
			inTable = strings.Contains(l, "Criterion") || strings.Contains(l, "Requirement")
		case strings.HasPrefix(l, "|---"):
		case !strings.HasPrefix(l, "| "):
			inTable = false
		case inTable:
			cells := strings.Split(l, " | ")
			i := slices.IndexFunc(cells, func(s string) bool { return strings.Contains(s, " · ") })
			if i < 0 {
				t.Errorf("%s: a row without a criterion: %s", what, l)
				continue
			}
			f, ok := byLabel(r, strings.Split(cells[i], " · ")[0])
			if !ok {
				t.Errorf("%s: a row of no criterion: %s", what, l)
				continue
			}
			rows++
			if icon := strings.TrimPrefix(cells[0], "| "); icon != rowIcon(c, f.ID) {
				t.Errorf("%s: %s shows %s, but it is counted as %s", what, f.ID, icon, rowIcon(c, f.ID))
			}
			if icon := strings.TrimPrefix(cells[0], "| "); icon == "✅" && strings.Contains(l, "new:") {
				t.Errorf("%s: %s passes next to what this pull request newly adds: %s", what, f.ID, l)
			}
		}
	}
	return rows
}

// checkAnnotations checks that each criterion's annotations are at the level
// its place in the counts calls for.
func checkAnnotations(t *testing.T, anns []render.Annotation, c report.Counts) {
	t.Helper()
	for _, a := range anns {
		id, title, ok := strings.Cut(a.Title, " · ")
		if !ok {
			continue // a new dependency, not a criterion
		}
		var allowed []string
		switch {
		case strings.HasSuffix(title, " regressed"):
			allowed = c.New
		case a.Level == "failure":
			allowed = c.Failing
		case a.Level == "warning":
			allowed = slices.Concat(c.Review, c.Unknown)
		case a.Level == "notice":
			allowed = c.Waived
		}
		if !slices.Contains(allowed, id) {
			t.Errorf("annotation %q at level %s on %s, which is not counted so", a.Title, a.Level, a.Path)
		}
	}
}

// checkMachineReadable checks the JSON report and SARIF against c.
func checkMachineReadable(t *testing.T, s shown, c report.Counts) {
	t.Helper()
	var back report.Report
	if err := json.Unmarshal(s.json, &back); err != nil {
		t.Fatal(err)
	}
	if back.Verdict != s.report.Verdict || len(back.Findings) != c.Total {
		t.Errorf("JSON: verdict %s with %d findings, want %s with %d", back.Verdict, len(back.Findings), s.report.Verdict, c.Total)
	}
	if pr := back.PullRequest; pr.Known() && (!slices.Equal(pr.Regressed, c.New) || !slices.Equal(pr.Fixed, c.Fixed)) {
		t.Errorf("JSON: regressed %v fixed %v, want %v and %v", pr.Regressed, pr.Fixed, c.New, c.Fixed)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID       string
				Suppressions []any
			}
		}
	}
	if err := json.Unmarshal(s.sarif, &sarif); err != nil {
		t.Fatal(err)
	}
	var results, suppressed []string
	for _, res := range sarif.Runs[0].Results {
		results = append(results, res.RuleID)
		if len(res.Suppressions) > 0 {
			suppressed = append(suppressed, res.RuleID)
		}
	}
	notPassing := slices.DeleteFunc(slices.Clone(s.report.Findings), func(f report.Finding) bool {
		return f.Outcome == report.Pass || f.Outcome == report.NotApplicable
	})
	var want []string
	for _, f := range notPassing {
		want = append(want, f.ID)
	}
	waived := slices.DeleteFunc(slices.Clone(c.Waived), func(id string) bool { return !slices.Contains(want, id) })
	if !slices.Equal(results, want) || !slices.Equal(suppressed, waived) {
		t.Errorf("SARIF: results %v suppressed %v, want %v and %v", results, suppressed, want, waived)
	}
}
