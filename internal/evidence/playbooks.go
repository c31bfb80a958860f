package evidence

import (
	"bytes"
	"strings"
)

// Playbook runs: the lines of the product's shell scripts that run Ansible
// (ansible-playbook site.yml ...). A deploy script that runs playbooks
// kept in another repository does not put the deployment in this one.

// CommandLine is a command found on a line of a file.
type CommandLine struct {
	Path string
	Line int
	Text string // the line, trimmed, at most maxCommandText bytes
}

const (
	maxPlaybookRuns = 200
	maxCommandText  = 500
)

// playbookRunsOf finds the lines of a shell script that run
// ansible-playbook, and returns what records them.
func playbookRunsOf(p string, data []byte) func(*builder) {
	if !strings.HasSuffix(p, ".sh") && !bytes.HasPrefix(data, []byte("#!")) || !bytes.Contains(data, []byte("ansible-playbook")) {
		return nil
	}
	var runs []CommandLine
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		text := strings.TrimSpace(string(line))
		if !strings.Contains(text, "ansible-playbook") || strings.HasPrefix(text, "#") {
			continue
		}
		runs = append(runs, CommandLine{Path: p, Line: i + 1, Text: text[:min(len(text), maxCommandText)]})
		if len(runs) == maxPlaybookRuns {
			break
		}
	}
	return func(b *builder) {
		for _, r := range runs {
			if len(b.repo.PlaybookRuns) >= maxPlaybookRuns {
				return
			}
			b.repo.PlaybookRuns = append(b.repo.PlaybookRuns, r)
		}
	}
}
