package evidence

import (
	"testing"
)

func TestImportsUsed(t *testing.T) {
	b := &builder{repo: &Repo{}}
	b.importsIn("app/models.py", []byte("import os, yaml.constructor\nfrom dateutil.parser import parse\n  from cerberus import Validator\n"))
	b.importsIn("web/src/form.tsx", []byte("import * as yup from 'yup';\nconst fp = require(\"lodash/fp\");\nimport x from '@scope/pkg/sub';\nimport './local';\n"))
	b.importsIn("web/.eslintrc.js", []byte("module.exports = { extends: ['airbnb', 'plugin:vue/recommended'] };\n"))
	im := &b.repo.Imports
	for dist, want := range map[string]bool{"PyYAML": true, "python-dateutil": true, "Cerberus": true, "kafka-python": false, "requests": false} {
		if got, ok := im.UsesPython(dist); !ok || got != want {
			t.Errorf("UsesPython(%q) = %v, %v; want %v", dist, got, ok, want)
		}
	}
	for pkg, want := range map[string]bool{"yup": true, "lodash": true, "@scope/pkg": true, "eslint-plugin-vue": true,
		"eslint-plugin-jsx-a11y": true, "eslint-config-airbnb": true, "joi": false, "eslint-plugin-security": false} {
		if got, ok := im.UsesJS(pkg); !ok || got != want {
			t.Errorf("UsesJS(%q) = %v, %v; want %v", pkg, got, ok, want)
		}
	}
	var none Imported
	if _, ok := none.UsesPython("kafka-python"); ok {
		t.Error("with no Python file read, use cannot be told")
	}
}

// FuzzImports: the import readers never panic and keep names bounded.
func FuzzImports(f *testing.F) {
	f.Add("a.py", []byte("from a.b import c\nimport x, y.z\n"))
	f.Add("a.ts", []byte("import a from '@s/p/q'; require('node:fs'); import('./x')"))
	f.Add(".eslintrc.js", []byte(`{"extends": ["plugin:@typescript-eslint/recommended", "eslint-config-"]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b := &builder{repo: &Repo{}}
		b.importsIn(name, data)
		for n := range b.repo.Imports.JS {
			if n == "" || len(n) > 214 {
				t.Fatalf("bad name %q", n)
			}
		}
		b.repo.Imports.UsesPython(name)
		b.repo.Imports.UsesJS(name)
	})
}
