package evidence

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadTextNeverReadsInPart(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"README.md": {Data: []byte("# App\n")},
		"big.txt":   {Data: []byte(strings.Repeat("x", capText+1))},
		"docs/a.md": {Data: []byte("a")},
	}
	if data, ok := ReadText(fsys, "README.md"); !ok || string(data) != "# App\n" {
		t.Errorf("README.md = %q, %v", data, ok)
	}
	for _, name := range []string{"big.txt", "docs", "missing.md"} {
		if data, ok := ReadText(fsys, name); ok || data != nil {
			t.Errorf("%s: read %d bytes, want nothing (over the cap, a folder, missing)", name, len(data))
		}
	}
}
