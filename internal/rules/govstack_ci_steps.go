package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// CI steps: what a pipeline runs, read line by line. A comment, a step's
// name or description, an echo and a job key are not commands: "name: Run
// pytest" says nothing, "run: pytest" runs the tests.

// ciStep is a command of a CI configuration that matched.
type ciStep struct {
	path    string
	line    int
	command string // the matched text
	gating  bool   // the pipeline runs on pushes, pull or merge requests (not only on a schedule)
	dir     string // the folder the step runs in ("" for the root or unknown)
}

func (s ciStep) at() report.Evidence { return report.At(s.path, s.line) }

// ciTestCommand is a command that runs tests: a test runner, or a build
// tool's goal that runs them (gradle build, mvn verify, make test), with
// flags and wrappers in between.
var ciTestCommand = lazyregexp.New(`(?i)(^|[\s;&|(/"'=` + "`" + `])(` +
	`go\s+test|cargo\s+(test|nextest)|dotnet\s+test|mix\s+test|phpunit|rspec|rake\s+(test|spec)|rails\s+test|` +
	`(npm|pnpm|bun)\s+(run\s+)?test[\w:-]*|yarn\s+(run\s+)?test[\w:-]*|jest|vitest|mocha|karma\s+start|ng\s+test|` +
	`cypress\s+run|playwright\s+test|test-storybook|newman\s+run|wdio|` +
	`pytest|py\.test|tox|nox|behave|cucumber(-js)?|robot|` +
	`manage\.py\s+test|oca_run_tests|odoo(-bin)?\s[^\n]*--test-enable|` +
	`(mvnw?|maven)\s[^\n]*\b(test|verify|install|integration-test)|` +
	`gradlew?\s[^\n]*\b(test|check|build|intTest|integrationTest|e2eTest|systemTest)|` +
	`make\s+(\S+\s+){0,2}[\w-]*(test|check|e2e|integration)[\w-]*|` +
	`R\s+CMD\s+check|ctest|` +
	`[\w./-]*tests?[\w.-]*\.sh` +
	`)\b`)

// skipsTests is a build invocation that turns the tests off.
var skipsTests = lazyregexp.New(`-DskipTests(\s|$|=true)|-Dmaven\.test\.skip=true|\s-x\s+test\b`)

// circleTestJob is a CircleCI job taken from an orb whose name says it runs
// tests ("- testutils/execute-tests", not "- testutils/create-config").
var circleTestJob = lazyregexp.New(`(?i)^([\w-]+/[\w-]*test[\w-]*)\s*:?$`)

// notCommandKeys are YAML keys whose value is a label, a condition or a
// reference, never a command.
var notCommandKeys = map[string]bool{"name": true, "description": true, "title": true, "displayname": true,
	"testruntitle": true, "needs": true, "id": true, "if": true, "label": true, "group": true, "path": true,
	"key": true, "restore-keys": true, "working-directory": true, "environment": true, "concurrency": true,
	"branches": true, "paths": true, "tags": true, "requires": true, "filters": true, "cache": true}

// commandLines calls fn with the lines of a CI configuration that can hold
// commands (1-based line numbers); allowUses keeps "uses:" lines (an action
// is a step too, for analysis tools).
func commandLines(c evidence.CIConfig, allowUses bool, fn func(line int, text, dir string) bool) {
	dir := "" // the step's working-directory
	for i, l := range strings.Split(c.Text, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
			continue
		}
		if strings.HasPrefix(t, "- ") {
			dir = "" // a new step
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "- "))
		if v, ok := strings.CutPrefix(t, "working-directory:"); ok {
			dir = cleanDir(v)
		}
		if i := strings.Index(t, " #"); i >= 0 {
			t = strings.TrimSpace(t[:i]) // a trailing comment
		}
		if t == "" || strings.HasPrefix(t, "echo ") {
			continue
		}
		if k, v, ok := strings.Cut(t, ":"); ok && isYAMLKey(k) {
			key := strings.ToLower(strings.Trim(k, `"'`))
			val := strings.TrimSpace(v)
			if notCommandKeys[key] || key == "uses" && !allowUses || val == "" || isFlagValue(val) {
				continue
			}
		}
		d := dir
		if strings.Contains(t, "cd") { // every match holds it; most lines do not
			if m := cdCommand.FindStringSubmatch(t); m != nil {
				d = cleanDir(m[1])
			}
		}
		if !fn(i+1, t, d) {
			return
		}
	}
}

// cdCommand is a command line that first changes folder ("cd api && mvn test").
var cdCommand = lazyregexp.New(`(?:^|:\s*|[;&|]\s*)cd\s+([\w./${}-]+)\s*(&&|;)`)

// cleanDir turns a working directory into a repository path: "" for the
// root or anything the tool cannot resolve (a variable).
func cleanDir(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	if strings.ContainsAny(v, "${}") {
		return ""
	}
	v = strings.Trim(path.Clean(strings.TrimPrefix(v, "./")), "/")
	if v == "." || strings.HasPrefix(v, "..") {
		return ""
	}
	return v
}

// covers reports whether a CI step run in its folder can reach a file.
func (s ciStep) covers(file string) bool {
	return s.dir == "" || file == s.dir || strings.HasPrefix(file, s.dir+"/")
}

func isYAMLKey(k string) bool {
	k = strings.Trim(k, `"'`)
	if k == "" || len(k) > 40 {
		return false
	}
	for _, r := range k {
		if !(r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// isFlagValue is a matrix or input value such as "true" or 'false': a key
// named after a tool ("sonar: true") is a switch, not a run of the tool.
func isFlagValue(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"' `)) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	return false
}

// ciTestSteps returns the first test command of each CI configuration.
func ciTestSteps(r *evidence.Repo) []ciStep {
	var out []ciStep
	may := textindex.FilterOf(ciTestCommand.String()) // most lines hold none of its literals
	for _, c := range r.CI {
		gating := ciGates(c)
		commandLines(c, false, func(line int, t, dir string) bool {
			if may.May(t) {
				if m := ciTestCommand.FindStringSubmatch(t); m != nil && !skipsTests.MatchString(t) {
					out = append(out, ciStep{path: c.Path, line: line, command: shortCommand(strings.TrimSpace(m[2])), gating: gating, dir: dir})
					return false
				}
			}
			if c.System == "CircleCI" {
				if m := circleTestJob.FindStringSubmatch(t); m != nil {
					out = append(out, ciStep{path: c.Path, line: line, command: "orb job " + m[1], gating: gating})
					return false
				}
			}
			return true
		})
	}
	return gatingFirst(out)
}

// gatingFirst orders steps of pipelines that run on changes first: they are
// what checks a change before it merges.
func gatingFirst(steps []ciStep) []ciStep {
	slices.SortStableFunc(steps, func(a, b ciStep) int {
		switch {
		case a.gating == b.gating:
			return 0
		case a.gating:
			return -1
		}
		return 1
	})
	return steps
}

// shortCommand shortens a long matched command to its tool and its goal
// ("gradlew … intTest").
func shortCommand(c string) string {
	f := strings.Fields(c)
	if len(c) <= 40 || len(f) < 3 {
		return c
	}
	return f[0] + " … " + f[len(f)-1]
}

// ciStepsMatching returns the first command of each CI configuration that
// matches re.
func ciStepsMatching(r *evidence.Repo, re *lazyregexp.Regexp, allowUses bool) []ciStep {
	var out []ciStep
	may := textindex.FilterOf(re.String()) // most lines hold none of re's literals
	for _, c := range r.CI {
		gating := ciGates(c)
		commandLines(c, allowUses, func(line int, t, dir string) bool {
			if !may.May(t) {
				return true
			}
			if m := re.FindString(t); m != "" {
				out = append(out, ciStep{path: c.Path, line: line, command: shortCommand(strings.TrimSpace(m)), gating: gating, dir: dir})
				return false
			}
			return true
		})
	}
	return gatingFirst(out)
}

func stepEvidence(steps []ciStep) []report.Evidence {
	var ev []report.Evidence
	for _, s := range steps {
		ev = append(ev, s.at())
	}
	return ev
}

var (
	workflowOn      = lazyregexp.New(`(?m)^(on|"on"|'on'|true):[ \t]*(.*)$`)
	changeTrigger   = lazyregexp.New(`\b(push|pull_request|pull_request_target|merge_group|workflow_call)\b`)
	unrenderedValue = lazyregexp.New(`(^|[^$]){{`)
)

// ciGates reports whether a pipeline runs on changes (pushes, pull or merge
// requests), so that what it checks can stop a merge. A GitHub workflow
// triggered only on a schedule or by hand does not; nor does one whose
// branch filters are unrendered template placeholders ("{{ odoo_version }}"),
// which match no branch. Other CI systems run on pushes by default.
func ciGates(c evidence.CIConfig) bool {
	if !strings.HasPrefix(c.Path, ".github/workflows/") {
		return true
	}
	loc := workflowOn.FindStringSubmatchIndex(c.Text)
	if loc == nil {
		return true // no "on:" the tool can read: do not accuse
	}
	if inline := c.Text[loc[4]:loc[5]]; strings.TrimSpace(inline) != "" {
		return changeTrigger.MatchString(inline)
	}
	block := topLevelBlock(c.Text[loc[1]:])
	gates := false
	for _, trig := range triggerBlocks(block) {
		if changeTrigger.MatchString(trig.name) && !allPlaceholders(trig.body) {
			gates = true
		}
	}
	return gates
}

// topLevelBlock returns the indented lines that follow a top-level key.
func topLevelBlock(rest string) string {
	rest = strings.TrimPrefix(rest, "\n")
	var b strings.Builder
	for _, l := range strings.Split(rest, "\n") {
		if l != "" && l[0] != ' ' && l[0] != '\t' && l[0] != '#' {
			break
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

type trigger struct{ name, body string }

// triggerBlocks splits an "on:" block into its triggers.
func triggerBlocks(block string) []trigger {
	var out []trigger
	indent := -1
	for _, l := range strings.Split(block, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 {
			indent = n
		}
		if n == indent {
			name, _, _ := strings.Cut(strings.TrimPrefix(t, "- "), ":")
			out = append(out, trigger{name: name})
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].body += t + "\n"
		}
	}
	return out
}

// allPlaceholders reports whether a trigger's branch filters are all
// unrendered template placeholders.
func allPlaceholders(body string) bool {
	filters, placeholders := 0, 0
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- "))
		if l == "" || strings.HasSuffix(l, ":") || strings.HasPrefix(l, "types:") {
			continue
		}
		filters++
		if unrenderedValue.MatchString(l) {
			placeholders++
		}
	}
	return filters > 0 && filters == placeholders
}
