package evidence

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseStages(t *testing.T) {
	t.Parallel()
	text := "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang:1.26 AS build\nRUN go build\nfrom \\\n  gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n"
	want := []Stage{{Image: "golang:1.26", Name: "build", Line: 2}, {Image: "gcr.io/distroless/static:nonroot", Line: 4}}
	if diff := cmp.Diff(want, parseStages(text)); diff != "" {
		t.Errorf("parseStages mismatch (-want +got):\n%s", diff)
	}
}

func TestParseCompose(t *testing.T) {
	t.Parallel()
	got, err := parseCompose([]byte("services:\n  db:\n    image: postgres:16\n  app:\n    build: .\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Service{{Name: "db", Image: "postgres:16", Line: 3}, {Name: "app", Line: 4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseCompose mismatch (-want +got):\n%s", diff)
	}
}

func TestValuesImages(t *testing.T) {
	t.Parallel()
	values := "image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: 7.4.1\nsidecar:\n  image: busybox:1.36\n"
	want := []Image{{Ref: "docker.io/bitnami/redis:7.4.1", Path: "values.yaml", Line: 3}, {Ref: "busybox:1.36", Path: "values.yaml", Line: 6}}
	if diff := cmp.Diff(want, valuesImages("values.yaml", []byte(values))); diff != "" {
		t.Errorf("valuesImages mismatch (-want +got):\n%s", diff)
	}
}

func TestGithubRepo(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://github.com/opencrvs/opencrvs-core.git": "opencrvs/opencrvs-core",
		"git@github.com:dhis2/dhis2-core.git":           "dhis2/dhis2-core",
		"https://gitlab.com/x/y.git":                    "",
	} {
		if got := githubRepo(in); got != want {
			t.Errorf("githubRepo(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactURL("https://user:ghp_secret@github.com/a/b.git"); got != "https://github.com/a/b.git" {
		t.Errorf("redactURL kept credentials: %q", got)
	}
}
