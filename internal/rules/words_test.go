package rules

import (
	"regexp"
	"testing"
)

func TestContainsWordIsRegexpWordBoundary(t *testing.T) {
	t.Parallel()
	texts := []string{"", "DB_HOST", "set DB_HOST=1", "MY_DB_HOST", "DB_HOSTNAME", "DB_HOST_", "`DB_HOST`", "x.DB_HOST.y",
		"DB_HOSTDB_HOST DB_HOST", "éDB_HOSTé", "DB_HOST\n", "a-b", "-a-b-", "$PORT", "PORT", "a $PORT b", "\xffPORT\xff", "ключ"}
	names := []string{"DB_HOST", "PORT", "$PORT", "a-b", "-", "_", "ключ", "x.y"}
	for _, name := range names {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
		for _, text := range texts {
			if got, want := containsWord(text, name), re.MatchString(text); got != want {
				t.Errorf("containsWord(%q, %q) = %v, regexp says %v", text, name, got, want)
			}
		}
	}
}
