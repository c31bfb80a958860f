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

// notePlaybookRuns records the lines of a shell script that run
// ansible-playbook.
func (b *builder) notePlaybookRuns(p string, data []byte) {
	if !strings.HasSuffix(p, ".sh") && !bytes.HasPrefix(data, []byte("#!")) || !bytes.Contains(data, []byte("ansible-playbook")) {
		return
	}
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		if len(b.repo.PlaybookRuns) >= maxPlaybookRuns {
			return
		}
		text := strings.TrimSpace(string(line))
		if !strings.Contains(text, "ansible-playbook") || strings.HasPrefix(text, "#") {
			continue
		}
		b.repo.PlaybookRuns = append(b.repo.PlaybookRuns, CommandLine{Path: p, Line: i + 1, Text: text[:min(len(text), maxCommandText)]})
	}
}
