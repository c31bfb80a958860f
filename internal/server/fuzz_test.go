package server

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseEvent: any body, for each event dpgcheck reads, is a job, an
// ignored event or an error; never a panic, and a job always names an
// installation, a repository and a full commit id.
func FuzzParseEvent(f *testing.F) {
	if all, err := examples(); err == nil {
		for _, event := range []string{"pull_request", "check_suite", "check_run"} {
			for _, raw := range all[event] {
				f.Add(event, []byte(raw))
			}
		}
	}
	f.Add("pull_request", []byte(`{"action":"opened","installation":{"id":1},"repository":{"full_name":"a/b"},"pull_request":{"number":1,"head":{"sha":"`+sha(1)+`"},"base":{"sha":"`+sha(2)+`"}}}`))
	f.Add("check_run", []byte(`{"action":"rerequested","installation":{"id":1},"repository":{"full_name":"a/b"},"check_run":{"head_sha":"`+sha(1)+`","check_suite":null}}`))
	f.Add("check_suite", []byte(`{"action":"requested","installation":{"id":-1},"check_suite":{}}`))
	f.Fuzz(func(t *testing.T, event string, body []byte) {
		j, err := ParseEvent(event, body)
		if err != nil {
			if j != (Job{}) {
				t.Errorf("an error with a job: %+v", j)
			}
			if _, known := actions[event]; !known && !errors.Is(err, ErrIgnored) {
				t.Errorf("event %q is not one dpgcheck reads, but the error is %v", event, err)
			}
			return
		}
		if j.Installation <= 0 || j.Repo.Owner == "" || j.Repo.Name == "" || strings.Contains(j.Repo.Name, "/") || !fullSHA.MatchString(j.HeadSHA) {
			t.Errorf("a job without installation, repository or commit: %+v", j)
		}
		if j.BaseSHA != "" && !fullSHA.MatchString(j.BaseSHA) {
			t.Errorf("a base that is not a commit id: %q", j.BaseSHA)
		}
		if j.PR < 0 {
			t.Errorf("pull request %d", j.PR)
		}
		if j.key() == "" {
			t.Error("no key")
		}
	})
}
