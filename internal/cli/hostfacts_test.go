package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// TestActionReadsWhatGitHubKnows: a repository with no code of conduct and no
// named owner, held by an organisation whose default code of conduct applies
// and that has content reports and private vulnerability reporting on. What
// GitHub shows a reviewer settles dpg-3 and dpg-9c, with URLs, in at most
// three requests.
func TestActionReadsWhatGitHubKnows(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"LICENSE":   strings.Replace(mitLicence, "Copyright (c) 2024 Example Foundation\n", "", 1),
		"README.md": "# Clinic\n\nClinic keeps patient records for primary health clinics.\n\n## Installation\n\n```sh\nmake install\n```\n",
	}
	r := newRunner(t, "pull_request", payload(t, "pull_request", "opened"), files)
	on := true
	r.fake.Host("octo", "clinic", githubtest.HostedRepository{
		Repository: githubtest.Patch{"full_name": "octo/clinic", "html_url": "https://github.com/octo/clinic", "fork": false,
			"owner": githubtest.Patch{"login": "octo", "html_url": "https://github.com/octo", "type": "Organization"}},
		CommunityProfile: githubtest.Patch{"files": githubtest.Patch{
			"code_of_conduct": githubtest.Patch{"key": "contributor_covenant", "name": "Contributor Covenant",
				"url":      "https://api.github.com/codes_of_conduct/contributor_covenant",
				"html_url": "https://github.com/octo/.github/blob/main/CODE_OF_CONDUCT.md"},
			"code_of_conduct_file": githubtest.Patch{"url": "https://api.github.com/repos/octo/.github/contents/CODE_OF_CONDUCT.md",
				"html_url": "https://github.com/octo/.github/blob/main/CODE_OF_CONDUCT.md"},
		}, "content_reports_enabled": true},
		PrivateVulnerabilityReporting: &on,
	})
	if code := r.run(); code != ExitPass {
		t.Fatalf("exit %d\n%s\n%s", code, r.stdout.String(), r.stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(r.workspace, ".dpgcheck/report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]struct {
		outcome report.Outcome
		text    string
	}{
		"dpg-3":  {report.Pass, "owned by octo"},
		"dpg-9c": {report.Pass, "the organisation's code of conduct applies (from octo/.github)"},
	} {
		f := finding(t, &rep, id)
		if f.Outcome != want.outcome || !strings.Contains(f.Message, want.text) {
			t.Errorf("%s = %s %q, want %s with %q", id, f.Outcome, f.Message, want.outcome, want.text)
		}
		if len(f.Evidence) == 0 || !strings.HasPrefix(f.Evidence[0].URL, "https://github.com/octo") {
			t.Errorf("%s evidence = %+v, want the page a reviewer sees", id, f.Evidence)
		}
	}
	n := 0
	for _, q := range r.fake.Requests() {
		if q.Path == "/repos/octo/clinic" || strings.HasPrefix(q.Path, "/repos/octo/clinic/community") ||
			strings.HasPrefix(q.Path, "/repos/octo/clinic/private-vulnerability") {
			n++
		}
	}
	if n == 0 || n > 3 {
		t.Errorf("%d requests for what GitHub knows, want 1 to 3", n)
	}
}
