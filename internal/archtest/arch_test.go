// Package archtest keeps the architecture of docs/architecture.md true: each
// internal package may import only the internal packages listed for it, and
// the pure layers may not touch the file system or the network.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const mod = "github.com/dpgcheck/dpgcheck/internal/"

// everywhere lists the packages every internal package may import: they
// own a mechanism, not a decision.
var everywhere = []string{"lazyregexp"}

// allowed lists, for each internal package, the internal packages it may
// import besides those of everywhere.
var allowed = map[string][]string{
	"lazyregexp":        {}, // regular expressions compiled on first use
	"criteria":          {},
	"report":            {"criteria"},
	"hosting":           {},
	"textlimit":         {},
	"textindex":         {},
	"safetext":          {},
	"glob":              {},
	"sdg":               {},
	"markup":            {},
	"jsonline":          {}, // JSON with the line of every value
	"license":           {},
	"manifest":          {"jsonline", "textlimit"},
	"publiccode":        {"textlimit"},
	"dpga":              {"jsonline", "textlimit"},
	"openapi":           {"jsonline"},
	"gitfs":             {},
	"tarball":           {},
	"rootfs":            {},
	"linediff":          {},
	"depdiff":           {"manifest"},
	"compare":           {"criteria", "linediff", "report"},
	"config":            {"glob", "license", "sdg"},
	"evidence":          {"license", "manifest", "markup", "publiccode", "dpga", "openapi", "textindex"},
	"rules":             {"config", "criteria", "dpga", "evidence", "hosting", "license", "manifest", "openapi", "report", "sdg", "textlimit", "textindex"},
	"application":       {"license", "report"},
	"render":            {"application", "criteria", "report", "safetext"},
	"render/rendertest": {"criteria", "report"}, // the renderers' test reports
	"action":            {},
	"github":            {"hosting", "textlimit"},
	"github/githubtest": {},
	// publish shows a report on GitHub for the Action and the App server.
	"publish": {"github", "render", "report"},
	// download fetches a commit's tree through the API, extracted safely.
	"download": {"github", "tarball"},
	// server is the GitHub App: webhooks, a queue of jobs, each evaluated
	// by the engine and published as the Action publishes.
	"server": {"criteria", "download", "engine", "github", "hosting", "publish", "render", "report", "rootfs"},
	"batch":  {"report", "safetext"},
	"engine": {"compare", "config", "criteria", "depdiff", "dpga", "evidence", "hosting", "license", "manifest", "openapi", "report", "rules"},
	// The command line wires: flags, opening trees, downloads, publishing.
	// Domain decisions (licences, manifests, dependencies, specs) are the
	// engine's.
	"cli": {"action", "batch", "config", "criteria", "download", "engine", "gitfs", "github", "hosting", "publish", "render", "report", "rootfs", "safetext", "server", "tarball"},
}

// pure packages decide or present; they must not read files or use the network.
var pure = []string{"jsonline", "textindex", "criteria", "report", "hosting", "license", "sdg", "glob", "markup", "manifest", "publiccode", "dpga", "openapi", "config", "rules", "render", "safetext", "engine", "application", "batch"}

// imports reads the non-test imports of every internal package from source.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	root := ".."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "archtest") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		if strings.Contains(pkg, "/internal/") || strings.HasPrefix(pkg, "license/internal") {
			return nil // generators and other internal helpers
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !slices.Contains(out[pkg], path) {
				out[pkg] = append(out[pkg], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImports(t *testing.T) {
	t.Parallel()
	pkgs := imports(t)
	for name, imps := range pkgs {
		allow, ok := allowed[name]
		if !ok {
			t.Errorf("package %s is not in the architecture table; add it to allowed", name)
			continue
		}
		for _, imp := range imps {
			if dep, ok := strings.CutPrefix(imp, mod); ok && !slices.Contains(allow, dep) && !slices.Contains(everywhere, dep) {
				t.Errorf("%s imports %s; allowed: %v", name, dep, allow)
			}
			if slices.Contains(pure, name) && (imp == "os" || imp == "net" || strings.HasPrefix(imp, "net/http")) {
				t.Errorf("%s imports %s; it must stay free of I/O", name, imp)
			}
		}
	}
	for name := range allowed {
		if _, ok := pkgs[name]; !ok {
			t.Errorf("the table lists %s, which does not exist", name)
		}
	}
}
