package evidence

import (
	"testing"
	"testing/fstest"
)

func TestPlaybookRunsRecorded(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"scripts/deploy.sh": {Data: []byte("#!/bin/sh\n# ansible-playbook old.yml\ncd ops && ansible-playbook -i inv site.yml\n")},
		"ops/snapshot.sh":   {Data: []byte("ansible-playbook snapshot.yml\n")},
		"docs/deploy.md":    {Data: []byte("Run `ansible-playbook site.yml`.\n")},
	}
	r := buildFS(t, fsys, Options{Detector: detector, GovStack: true})
	want := []CommandLine{
		{Path: "ops/snapshot.sh", Line: 1, Text: "ansible-playbook snapshot.yml"},
		{Path: "scripts/deploy.sh", Line: 3, Text: "cd ops && ansible-playbook -i inv site.yml"},
	}
	if len(r.PlaybookRuns) != len(want) {
		t.Fatalf("playbook runs = %+v, want %+v", r.PlaybookRuns, want)
	}
	for i := range want {
		if r.PlaybookRuns[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, r.PlaybookRuns[i], want[i])
		}
	}
}
