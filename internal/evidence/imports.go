package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Imports: the packages the product's own source code imports, so that a
// dependency that is declared but never used is not taken as evidence of
// what the product does (kafka-python in requirements.txt with no import
// of kafka anywhere is not messaging).

// maxImportNames bounds the names kept per language.
const maxImportNames = 20000

// Imported is what the product's source files import, per language.
type Imported struct {
	// Python holds top-level module names ("kafka", "cerberus"), lower case.
	Python map[string]bool
	// JS holds package names ("yup", "@scope/pkg") required or imported by
	// JavaScript and TypeScript files, and the plugins and shared configs
	// that ESLint configuration files name ("jsx-a11y", "airbnb").
	JS map[string]bool
	// PythonFiles and JSFiles count the files read for them: with none read,
	// whether a dependency is used cannot be told.
	PythonFiles, JSFiles int
}

var (
	pyImport = fileWords.MustCompile(`(?m)^[ \t]*(?:from[ \t]+([A-Za-z_][\w]*)[\w.]*[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))`)
	// eslintRef is a quoted name in an ESLint configuration.
	eslintRef = lazyregexp.New(`["']([@\w][\w@/.:-]*)["']`)
)

// importsOf finds the imports of one product source file, and returns what
// records them, in the order they appear (nil: not a Python or JavaScript
// file).
func importsOf(p string, data []byte, found textindex.Found) func(*builder) {
	var names []string
	switch ext := strings.ToLower(path.Ext(p)); ext {
	case ".py":
		for _, loc := range found.FindAllInLines(pyImport, data, -1) {
			if loc[2] >= 0 {
				names = append(names, strings.ToLower(string(data[loc[2]:loc[3]])))
				continue
			}
			for _, mod := range bytes.Split(data[loc[4]:loc[5]], []byte(",")) {
				top, _, _ := strings.Cut(strings.TrimSpace(string(mod)), ".")
				names = append(names, strings.ToLower(top))
			}
		}
		return func(b *builder) { recordNames(&b.repo.Imports.Python, &b.repo.Imports.PythonFiles, names) }
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte":
		jsModuleRefs(data, func(name []byte) { names = append(names, packageOf(string(name))) })
		if eslintConfig(p) {
			for _, m := range eslintRef.FindAllSubmatch(data, -1) {
				names = append(names, eslintName(string(m[1])))
			}
		}
		return func(b *builder) { recordNames(&b.repo.Imports.JS, &b.repo.Imports.JSFiles, names) }
	}
	return nil
}

// eslintConfig reports an ESLint configuration file.
func eslintConfig(p string) bool {
	base := strings.ToLower(path.Base(p))
	return strings.HasPrefix(base, ".eslintrc") || strings.HasPrefix(base, "eslint.config.")
}

// eslintName turns a name in an ESLint configuration into the plugin or
// shared configuration it names: "plugin:jsx-a11y/recommended" is jsx-a11y,
// "eslint-plugin-jsx-a11y" is jsx-a11y, "airbnb/hooks" is airbnb.
func eslintName(s string) string {
	s = strings.TrimPrefix(s, "plugin:")
	if !strings.HasPrefix(s, "@") {
		s, _, _ = strings.Cut(s, "/")
	}
	s = strings.TrimPrefix(s, "eslint-plugin-")
	return strings.TrimPrefix(s, "eslint-config-")
}

// packageOf returns the package a module specifier names: "lodash/fp" is
// lodash, "@scope/pkg/sub" is @scope/pkg; relative paths are "".
func packageOf(spec string) string {
	if strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") {
		return ""
	}
	spec = strings.TrimPrefix(spec, "node:")
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// recordNames counts a file of one language and adds the names it imports.
func recordNames(set *map[string]bool, files *int, names []string) {
	if *set == nil {
		*set = map[string]bool{}
	}
	*files++
	for _, n := range names {
		addName(*set, n)
	}
}

func addName(set map[string]bool, name string) {
	if name != "" && len(name) <= 214 && len(set) < maxImportNames {
		set[name] = true
	}
}

// pythonImportNames are distributions whose import name does not follow
// from their name.
var pythonImportNames = map[string]string{
	"djangorestframework": "rest_framework", "pyyaml": "yaml", "beautifulsoup4": "bs4", "pillow": "pil",
	"scikit_learn": "sklearn", "python_dateutil": "dateutil", "pyjwt": "jwt", "psycopg2_binary": "psycopg2",
}

// UsesPython reports whether a PyPI distribution is imported by the
// product's Python code, by the names it is usually imported as
// ("kafka-python" as kafka, "PyYAML" as yaml, "python-dateutil" as
// dateutil). ok is false when no Python file was read.
func (im *Imported) UsesPython(dist string) (used, ok bool) {
	if im.PythonFiles == 0 {
		return false, false
	}
	d := strings.ReplaceAll(strings.ToLower(dist), "-", "_")
	d = strings.ReplaceAll(d, ".", "_")
	cands := []string{d, strings.TrimPrefix(d, "python_"), strings.TrimSuffix(d, "_python"), strings.TrimPrefix(d, "py"),
		strings.TrimSuffix(d, "_py"), strings.ReplaceAll(d, "_", "")}
	if head, _, ok := strings.Cut(d, "_"); ok {
		cands = append(cands, head)
	}
	if m, ok := pythonImportNames[d]; ok {
		cands = append(cands, m)
	}
	for _, c := range cands {
		if im.Python[c] {
			return true, true
		}
	}
	return false, true
}

// UsesJS reports whether an npm package is imported by the product's
// JavaScript or named by its ESLint configuration (an ESLint plugin or
// shared config by its short name). ok is false when no such file was read.
func (im *Imported) UsesJS(pkg string) (used, ok bool) {
	if im.JSFiles == 0 {
		return false, false
	}
	name := strings.ToLower(pkg)
	if im.JS[name] {
		return true, true
	}
	short := strings.TrimPrefix(strings.TrimPrefix(name, "eslint-plugin-"), "eslint-config-")
	if short != name && im.JS[short] {
		return true, true
	}
	// airbnb's shared configuration loads the React, JSX accessibility
	// and import plugins.
	if (short == "jsx-a11y" || short == "react" || short == "react-hooks" || short == "import") && im.JS["airbnb"] {
		return true, true
	}
	return false, true
}
