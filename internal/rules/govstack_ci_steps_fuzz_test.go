package rules

import (
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
)

// FuzzCIConfig: any CI configuration text is scanned for test, analysis and
// coverage steps without panicking, and every step found is on a line of the
// file.
func FuzzCIConfig(f *testing.F) {
	f.Add(".github/workflows/ci.yml", "on:\n  push:\n    branches:\n      - \"{{ v }}\"\n  schedule:\n    - cron: '1 * * * *'\njobs:\n  t:\n    steps:\n      - run: ./gradlew -Dx=y build test # c\n      - uses: github/codeql-action/analyze@v3\n")
	f.Add(".circleci/config.yml", "orbs:\n  testutils: x/testutils@1\nworkflows:\n  w:\n    jobs:\n      - testutils/execute-tests:\n")
	f.Add(".gitlab-ci.yml", "test:\n  script:\n    - pytest --cov-fail-under=80\n    - echo pytest\n")
	f.Add(".github/workflows/x.yml", "on: [push, pull_request]\n\"on\":\n- :\n  - \n")
	f.Fuzz(func(t *testing.T, p, text string) {
		if len(text) > 1<<16 {
			return
		}
		r := &evidence.Repo{CI: []evidence.CIConfig{{Path: p, System: "CircleCI", Text: text}},
			DevConfigs: []evidence.DevConfig{{Path: "pom.xml", Kind: evidence.DevCoverage, Text: text}}}
		lines := strings.Count(text, "\n") + 1
		check := func(steps []ciStep) {
			for _, s := range steps {
				if s.line < 1 || s.line > lines {
					t.Fatalf("step %+v outside a %d-line file", s, lines)
				}
			}
		}
		check(ciTestSteps(r))
		check(ciStepsMatching(r, analysisStep, true))
		check(ciStepsMatching(r, ciCoverageMinimum, false))
		_ = ciGates(r.CI[0])
		for _, e := range coverageThresholds(r) {
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("threshold at %d outside a %d-line file", e.Line, lines)
			}
		}
		if u := uncommented(text, p); strings.Count(u, "\n") != strings.Count(text, "\n") {
			t.Fatalf("uncommented changed the line count")
		}
		_ = proseLanguage(text)
	})
}
