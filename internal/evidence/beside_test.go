package evidence

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/rootfs"
)

// besideTree writes a repository whose files give every kind of evidence
// the walk records beside itself (secrets, key-file references, auth
// markers, scripts, playbook runs, imports, SQL objects, headers, routes),
// interleaved with files recorded on the walk itself (key files, SQL
// files, Helm helpers), and more of each than the caps keep.
func besideTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"README.md":        "# Registry\n\nInstall with `make`. See docs/.\n",
		"LICENSE":          "MIT License\n\nCopyright (c) 2024 Example\n",
		"docs/ops.md":      "# Operations\n\nexport DB_PASSWORD=changeme\nRun `ansible-playbook site.yml`.\n",
		"api/openapi.yaml": validSpec,
		"api/schemas.yaml": "Person:\n  type: object\n",
		"svc30/charts/app/templates/_helpers.tpl": "{{- define \"app.secret\" -}}\nDB_PASSWORD: \"Zx8vQ2mN7pL4kR9tW3\"\nAPI_TOKEN: ghp_" + strings.Repeat("c3D4", 9) + "\n{{- end }}\n",
		"examples/demo/.env":                      "API_TOKEN=ghp_" + strings.Repeat("a1B2", 9) + "\n",
		"db/changelog.xml":                        "<databaseChangeLog><changeSet><createProcedure>x</createProcedure><sql>CREATE TRIGGER t1 BEFORE INSERT</sql></changeSet></databaseChangeLog>\n",
	}
	for i := range 60 {
		d := fmt.Sprintf("svc%02d", i)
		files[d+"/app.py"] = fmt.Sprintf("# Copyright (c) 2023 Team %d\nimport os, requests\nfrom flask import Flask\nSECRET_KEY = os.environ.get(\"SECRET_KEY\", \"k%02d-Zx9qLm2vT7rB4nW8yH3s\")\n@login_required\ndef f(): pass\nkey = open(\"certs/server%d.pem\")\n", i, i, i)
		files[d+"/web/index.ts"] = fmt.Sprintf("// SPDX-License-Identifier: MIT\nimport axios from 'axios';\nconst s = process.env.JWT_SECRET || 'jwt-%02d-Qw8eRt5yUi2oP';\napp.get(\"/v3/api-docs/\", h);\n", i)
		files[d+"/deploy.sh"] = fmt.Sprintf("#!/bin/sh\nexec \"$@\"\nansible-playbook -i hosts site%d.yml\n", i)
		files[d+"/migrations/0001_init.py"] = "op.execute(\"CREATE OR REPLACE FUNCTION audit() RETURNS trigger AS $$ $$\")\n"
		files[d+"/Auth.java"] = "http.authorizeRequests().anyRequest().authenticated();\nString DB_PASSWORD = \"hunter2-" + d + "-long-enough\";\n"
		if i%7 == 0 {
			files[d+"/schema.sql"] = "CREATE FUNCTION f" + d + "() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n"
			files[d+"/keys/id_rsa"] = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
		}
	}
	var tarball bytes.Buffer // a committed archive holding a private key
	tw := tar.NewWriter(&tarball)
	tw.WriteHeader(&tar.Header{Name: "backup/id_rsa", Mode: 0o600, Size: 3, Typeflag: tar.TypeReg})
	tw.Write([]byte("key"))
	tw.Close()
	files["svc40/backup.tar"] = tarball.String()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBesideBuildsWhatInTurnBuilds: the Repo built with work beside the
// walk is the Repo of a walk that does everything in turn, in every field
// and order, for DPG and for GovStack.
func TestBesideBuildsWhatInTurnBuilds(t *testing.T) {
	t.Parallel()
	dir := besideTree(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, gov := range []bool{false, true} {
		var repos [3]*Repo
		for i, mode := range []buildMode{inTurn, besideWalk, besideHeld} {
			fsys := rootfs.New(root)
			r, err := build(context.Background(), fsys, Options{Detector: detector, GovStack: gov}, mode)
			fsys.Close()
			if err != nil {
				t.Fatal(err)
			}
			repos[i] = r
		}
		seq := reflect.ValueOf(repos[0]).Elem()
		for m, r := range repos[1:] {
			par := reflect.ValueOf(r).Elem()
			for i := range seq.NumField() {
				f := seq.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				if !reflect.DeepEqual(seq.Field(i).Interface(), par.Field(i).Interface()) {
					t.Errorf("GovStack %v, mode %d: %s differs:\n in turn %+v\n beside  %+v", gov, m+1, f.Name, seq.Field(i).Interface(), par.Field(i).Interface())
				}
			}
		}
		if gov && (len(repos[1].Secrets) < 60 || len(repos[1].AuthMarkers) != maxAuthMarkers || len(repos[1].SQLObjects) < 60 || repos[1].SQLFiles < 9) {
			t.Errorf("the tree gave %d secrets, %d auth markers, %d SQL objects, %d SQL files: it does not exercise the caps and drains",
				len(repos[1].Secrets), len(repos[1].AuthMarkers), len(repos[1].SQLObjects), repos[1].SQLFiles)
		}
	}
}
