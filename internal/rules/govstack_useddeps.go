package rules

import (
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A dependency is evidence of what the product does only when the product
// uses it: declared in requirements.txt or package.json but imported
// nowhere (and, for an ESLint plugin, named by no ESLint configuration), it
// shows nothing. Python and JavaScript imports are checked; for other
// ecosystems, and when no source file of the language was read, a declared
// dependency still counts.

// depUsed reports whether the product's code uses a declared dependency.
func depUsed(r *evidence.Repo, eco manifest.Ecosystem, name string) bool {
	var used, ok bool
	switch eco {
	case manifest.PyPI:
		used, ok = r.Imports.UsesPython(name)
	case manifest.NPM:
		used, ok = r.Imports.UsesJS(name)
	default:
		return true
	}
	return used || !ok
}

// usedDirectDepMatching is directDepMatching limited to dependencies the
// product's code uses.
func usedDirectDepMatching(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind != manifest.Manifest {
			continue
		}
		for _, d := range m.Deps {
			if !d.Dev && !d.Indirect && re.MatchString(d.Name) && depUsed(r, m.Ecosystem, d.Name) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}

// usedDeclaredTool is declaredTool with ESLint plugins limited to those an
// ESLint configuration loads (test tools are used by tests, which are not
// read for imports).
func usedDeclaredTool(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind == manifest.Lockfile {
			continue
		}
		for _, d := range m.Deps {
			if re.MatchString(d.Name) && (!eslintPlugin.MatchString(d.Name) || depUsed(r, m.Ecosystem, d.Name)) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}

var eslintPlugin = lazyregexp.New(`^(@[\w.-]+/)?eslint-plugin(-|$)`)

// browserUI are packages that make a package.json a browser application:
// a validation library declared beside them validates forms in the
// browser, not the data the service receives.
var browserUI = lazyregexp.New(`^(react|react-dom|vue|@angular/core|svelte|preact|solid-js|@ember/.*|ember-source)$`)

// serverValidationLibs are the validation libraries of a manifest that is
// not a browser application's, used by the product's code.
func serverValidationLibs(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind != manifest.Manifest {
			continue
		}
		if m.Ecosystem == manifest.NPM && declaresBrowserUI(m) {
			continue
		}
		for _, d := range m.Deps {
			if !d.Dev && !d.Indirect && re.MatchString(d.Name) && depUsed(r, m.Ecosystem, d.Name) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}

func declaresBrowserUI(m *manifest.File) bool {
	for _, d := range m.Deps {
		if browserUI.MatchString(d.Name) {
			return true
		}
	}
	return false
}
