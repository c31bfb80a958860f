// Package archtest keeps the architecture of docs/architecture.md true: each
// internal package may import only the internal packages listed for it, and
// the pure layers may not touch the file system or the network.
package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/dpgcheck/dpgcheck/internal/"

// allowed lists, for each internal package, the internal packages it may import.
var allowed = map[string][]string{
	"criteria":   {},
	"report":     {"criteria"},
	"textlimit":  {},
	"glob":       {},
	"sdg":        {},
	"markup":     {},
	"license":    {},
	"manifest":   {"textlimit"},
	"publiccode": {"textlimit"},
	"dpga":       {"textlimit"},
	"config":     {"glob", "license", "sdg"},
	"evidence":   {"license", "manifest", "markup", "publiccode", "dpga"},
	"rules":      {"config", "criteria", "evidence", "license", "report", "sdg"},
	"render":     {"criteria", "report"},
	"cli":        {"config", "criteria", "evidence", "license", "render", "report", "rules"},
}

// pure packages decide or present; they must not read files or use the network.
var pure = []string{"criteria", "report", "license", "sdg", "glob", "markup", "manifest", "publiccode", "dpga", "config", "rules", "render"}

func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "github.com/dpgcheck/dpgcheck/internal/...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath, mod)
		if name == "archtest" || strings.Contains(name, "/internal/") {
			continue
		}
		seen++
		allow, ok := allowed[name]
		if !ok {
			t.Errorf("package %s is not in the architecture table; add it to allowed", name)
			continue
		}
		for _, imp := range p.Imports {
			if dep, ok := strings.CutPrefix(imp, mod); ok && !slices.Contains(allow, dep) {
				t.Errorf("%s imports %s; allowed: %v", name, dep, allow)
			}
			if slices.Contains(pure, name) && (imp == "os" || strings.HasPrefix(imp, "net/http") || imp == "net") {
				t.Errorf("%s imports %s; it must stay free of I/O", name, imp)
			}
		}
	}
	if seen < len(allowed) {
		t.Errorf("saw %d packages, the table lists %d", seen, len(allowed))
	}
}
