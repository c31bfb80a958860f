package evidence

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestImportsUsed(t *testing.T) {
	b := &builder{repo: &Repo{}}
	readImports(b, "app/models.py", "import os, yaml.constructor\nfrom dateutil.parser import parse\n  from cerberus import Validator\nfrom rest_framework import serializers\n")
	readImports(b, "web/src/form.tsx", "import * as yup from 'yup';\nconst fp = require(\"lodash/fp\");\nimport x from '@scope/pkg/sub';\nimport './local';\n")
	readImports(b, "web/.eslintrc.js", "module.exports = { extends: ['airbnb', 'plugin:vue/recommended'] };\n")
	im := &b.repo.Imports
	for dist, want := range map[string]bool{"PyYAML": true, "python-dateutil": true, "Cerberus": true, "djangorestframework": true, "kafka-python": false, "requests": false} {
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
		b.record(importsOf(name, data, fileWords.Scan(data)))
		for n := range b.repo.Imports.JS {
			if n == "" || len(n) > 214 {
				t.Fatalf("bad name %q", n)
			}
		}
		b.repo.Imports.UsesPython(name)
		b.repo.Imports.UsesJS(name)
	})
}

// Django migrations that create a constraint trigger with RunSQL (escaped
// newlines in one string) hold database logic like a .sql file.
func TestMigrationCodeSQLObjects(t *testing.T) {
	src := []byte("from django.db import migrations\n\nops = [\n    migrations.RunSQL(\n        sql=\"\\nCREATE OR REPLACE FUNCTION same_version() RETURNS trigger AS $F$ BEGIN RETURN NEW; END; $F$ LANGUAGE plpgsql;\",\n    ),\n    migrations.RunSQL(\n        sql=\"\\n        CREATE CONSTRAINT TRIGGER same_version_constraint AFTER INSERT ON t FOR EACH ROW EXECUTE PROCEDURE same_version();\",\n    ),\n    migrations.AddField(model_name=\"x\", name=\"create_trigger\", field=None),\n]\n")
	b := &builder{repo: &Repo{}}
	b.record(codeSQLObjectsOf("app/migrations/0002_triggers.py", src))
	var got []string
	for _, o := range b.repo.SQLObjects {
		got = append(got, fmt.Sprintf("%s:%d", o.Kind, o.Line))
	}
	if strings.Join(got, " ") != "FUNCTION:5 TRIGGER:8" {
		t.Errorf("SQL objects = %v, want FUNCTION:5 TRIGGER:8", got)
	}
	b = &builder{repo: &Repo{}}
	b.record(codeSQLObjectsOf("app/views.py", src))
	if len(b.repo.SQLObjects) != 0 {
		t.Errorf("outside a migrations folder: %v", b.repo.SQLObjects)
	}
}

// FuzzCodeSQLObjects: any migration text; every object has a kind and a
// line inside the text.
func FuzzCodeSQLObjects(f *testing.F) {
	f.Add([]byte("op.execute(\"\"\"\nCREATE TRIGGER t AFTER INSERT ON x\n\"\"\")"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &builder{repo: &Repo{}}
		b.record(codeSQLObjectsOf("db/migrate/1_x.rb", data))
		for _, o := range b.repo.SQLObjects {
			if o.Kind == "" || o.Line < 1 || o.Line > len(data)+1 {
				t.Fatalf("bad object %+v", o)
			}
		}
	})
}

// readImports reads the imports of one source file, as the walk does.
func readImports(b *builder, p, text string) {
	b.record(importsOf(p, []byte(text), fileWords.Scan([]byte(text))))
}

// sqlObjectsByRegexp is what sqlObjectsIn must answer: codeSQLObject's
// matches, with kinds and lines.
func sqlObjectsByRegexp(data []byte, max int) []SQLObject {
	var out []SQLObject
	for _, m := range codeSQLObject.FindAllSubmatchIndex(data, max) {
		out = append(out, SQLObject{Kind: strings.ToUpper(string(data[m[2]:m[3]])), Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
	return out
}

func FuzzSQLObjectsAgreeWithRegexp(f *testing.F) {
	for _, s := range []string{
		"op.execute(\"\"\"\n  CREATE OR REPLACE FUNCTION audit() RETURNS trigger\n\"\"\")\ncreate trigger t_audit",
		"x = 'create trigger a' + \"create  procedure b\"\\ncreate function c",
		"\tCREATE\n\tTRIGGER x\ncreatecreate trigger y\n(create constraint trigger z",
		"İstanbul create table t;\n create function f_İ",
		"exec(`create\n\nprocedure p`) create procedure q",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, want := sqlObjectsIn(data, 20), sqlObjectsByRegexp(data, 20)
		if !slices.Equal(got, want) {
			t.Fatalf("%q:\n got %v\nwant %v", data, got, want)
		}
	})
}
