package evidence

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func dockerfile(text string) *Dockerfile {
	args, stages := parseDockerfile(text)
	return &Dockerfile{Path: "Dockerfile", Text: text, Stages: stages, Args: args}
}

func TestResolveBuildArguments(t *testing.T) {
	t.Parallel()
	d := dockerfile("ARG NODE_VERSION=22-alpine\nARG VARIANT\nARG REG=${REGISTRY:-docker.io}\n" +
		"FROM node:${NODE_VERSION} AS build\nFROM python:${VARIANT}\nFROM $REG/nginx:${TAG:-1.27}\nFROM build\n")
	got := d.Bases()
	want := []BaseImage{
		{Written: "node:${NODE_VERSION}", Ref: "node:22-alpine", Line: 4},
		{Written: "python:${VARIANT}", Ref: "python:${VARIANT}", Unresolved: []string{"VARIANT"}, Line: 5},
		{Written: "$REG/nginx:${TAG:-1.27}", Ref: "docker.io/nginx:1.27", Line: 6},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Bases mismatch (-want +got):\n%s", diff)
	}
	base, chain, ok := d.FinalImage()
	if !ok || base.Ref != "node:22-alpine" || len(chain) != 2 {
		t.Errorf("FinalImage = %+v, %d stages, %v; want node:22-alpine through build", base, len(chain), ok)
	}
}

func TestStageNamedByPattern(t *testing.T) {
	t.Parallel()
	d := dockerfile("ARG PACKAGE_SOURCE\nFROM ubuntu:24.04 AS base\nFROM base AS server-internal\nRUN true\nFROM server-${PACKAGE_SOURCE} AS final\nCOPY a /a\n")
	base, chain, _ := d.FinalImage()
	if base.Ref != "ubuntu:24.04" || len(chain) != 3 {
		t.Errorf("final image = %s through %d stages, want ubuntu:24.04 through 3", base.Ref, len(chain))
	}
	if bases := d.Bases(); len(bases) != 1 {
		t.Errorf("Bases = %+v, want only ubuntu:24.04", bases)
	}
	// A FROM that is only a variable names no stage.
	only := dockerfile("ARG IMG\nFROM node:22 AS build\nFROM ${IMG}\n")
	if base, _, _ := only.FinalImage(); base.Ref != "${IMG}" {
		t.Errorf("FROM ${IMG} resolved to %q", base.Ref)
	}
}

func TestToolImage(t *testing.T) {
	t.Parallel()
	if !dockerfile("FROM ubuntu:24.04\nRUN apt-get install -y debhelper\nWORKDIR /workspace\n").ToolImage() {
		t.Error("a packaging toolchain image counted as a product image")
	}
	if dockerfile("FROM ubuntu:24.04\nCOPY app /app\n").ToolImage() {
		t.Error("an image that copies the product counted as a tool image")
	}
}

func TestEnvPairs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args   string
		legacy bool
		want   []string
	}{
		{`RAILS_ENV="production" BUNDLE_WITHOUT="development test" BUNDLE_PATH=/usr/local/bundle`, true, []string{"RAILS_ENV=production", "BUNDLE_WITHOUT=development test", "BUNDLE_PATH=/usr/local/bundle"}},
		{`GRADLE_OPTS="-Dorg.gradle.daemon=false -Dfile.encoding=UTF-8"`, true, []string{"GRADLE_OPTS=-Dorg.gradle.daemon=false -Dfile.encoding=UTF-8"}},
		{`GRADLE_USER_HOME /mnt/gradle cache`, true, []string{"GRADLE_USER_HOME=/mnt/gradle cache"}},
		{`VERSION TAG=x`, false, []string{"VERSION=", "TAG=x"}},
	} {
		var got []string
		for _, p := range EnvPairs(c.args, c.legacy) {
			got = append(got, p.Name+"="+p.Value)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("EnvPairs(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}

func TestNonRootImage(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]bool{
		"nginxinc/nginx-unprivileged:1.28-alpine": true, "gcr.io/distroless/static-debian12:nonroot": true,
		"bitnami/odoo:14": false, "nginx:1.27": false, "example/api-rootless:2": true, "node:22-alpine": false,
	} {
		if got := NonRootImage(ref); got != want {
			t.Errorf("NonRootImage(%q) = %v, want %v", ref, got, want)
		}
	}
	if !VendorUserImage("docker.io/bitnami/odoo:14") || VendorUserImage("odoo:14") {
		t.Error("VendorUserImage: Bitnami images choose their user per image")
	}
	if user, _ := dockerfile("FROM node:22 AS base\nUSER 1000:1000\nFROM base\nCOPY . /app\n").FinalUser(); user != "1000:1000" {
		t.Errorf("FinalUser through a stage = %q, want 1000:1000", user)
	}
}

func TestEntrypointScripts(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"Dockerfile":                     {Data: []byte("FROM python:3.10-slim\nCOPY . /app\nENTRYPOINT [\"/app/script/entrypoint.sh\"]\n")},
		"script/entrypoint.sh":           {Data: []byte("#!/bin/bash\npython manage.py migrate\ngunicorn app.wsgi\n")},
		"sidecar/Dockerfile":             {Data: []byte("FROM ubuntu:24.04\nCOPY files/ss-entrypoint.sh /root/entrypoint.sh\nCMD [\"/root/entrypoint.sh\"]\n")},
		"sidecar/files/ss-entrypoint.sh": {Data: []byte("#!/bin/bash\nexec 2>&1\nexec /usr/bin/supervisord -n\n")},
		"tini/Dockerfile":                {Data: []byte("FROM alpine:3.20\nCOPY run.sh /run.sh\nENTRYPOINT [\"/sbin/tini\", \"--\", \"/run.sh\"]\n")},
	}
	for _, govstack := range []bool{false, true} {
		r := buildFS(t, fsys, Options{Detector: detector, GovStack: govstack})
		got := map[string]EntrypointScript{}
		for _, d := range r.Dockerfiles {
			if d.Entrypoint != nil {
				got[d.Path] = *d.Entrypoint
			}
		}
		want := map[string]EntrypointScript{
			"Dockerfile":         {Path: "script/entrypoint.sh", Line: 3},
			"sidecar/Dockerfile": {Path: "sidecar/files/ss-entrypoint.sh", Line: 3, Forwards: true},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("entrypoints (GovStack %v) mismatch (-want +got):\n%s", govstack, diff)
		}
	}
}
