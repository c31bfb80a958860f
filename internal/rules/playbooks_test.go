package rules

import (
	"strings"
	"testing"
)

func TestPlaybookOf(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		`ansible-playbook site.yml -i inventory/prod.ini`:                      "site.yml",
		`sh 'ansible-playbook -i inventory/$env deploy/georegistry.yml -vv'`:   "deploy/georegistry.yml",
		`ansible-playbook -e "clean_db=true path=x.yml" --limit web play.yaml`: "play.yaml",
		`ansible-playbook --inventory hosts.yml site.yml`:                      "site.yml",
		`ansible-playbook --extra-vars=@vars.yml site.yml`:                     "site.yml",
		`echo done`:                 "",
		`ansible-playbook -i hosts`: "",
	} {
		got, _ := playbookOf(line)
		if got != want {
			t.Errorf("playbookOf(%q) = %q, want %q", line, got, want)
		}
	}
}

func FuzzPlaybookOf(f *testing.F) {
	f.Add(`ansible-playbook -i inv site.yml`)
	f.Add(`ansible-playbook -e "a=b c.yml" --tags x`)
	f.Fuzz(func(t *testing.T, line string) {
		book, ok := playbookOf(line)
		if !ok {
			return
		}
		if !strings.Contains(line, book) || !strings.HasSuffix(book, ".yml") && !strings.HasSuffix(book, ".yaml") || strings.HasPrefix(book, "-") {
			t.Fatalf("playbookOf(%q) = %q", line, book)
		}
	})
}
