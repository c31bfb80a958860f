package evidence

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseStages(t *testing.T) {
	t.Parallel()
	text := "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang:1.26 AS build\nRUN go build \\\n  -o /app .\nfrom \\\n  gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nuser 10001\nENTRYPOINT [\"/app\"]\n"
	want := []Stage{
		{Image: "golang:1.26", Name: "build", Line: 2, Instructions: []Instruction{{Cmd: "RUN", Args: "go build  -o /app .", Line: 3}}},
		{Image: "gcr.io/distroless/static:nonroot", Line: 5, Instructions: []Instruction{
			{Cmd: "COPY", Args: "--from=build /app /app", Line: 7}, {Cmd: "USER", Args: "10001", Line: 8}, {Cmd: "ENTRYPOINT", Args: `["/app"]`, Line: 9}}},
	}
	if diff := cmp.Diff(want, parseStages(text)); diff != "" {
		t.Errorf("parseStages mismatch (-want +got):\n%s", diff)
	}
}

func TestParseCompose(t *testing.T) {
	t.Parallel()
	got, err := parseCompose([]byte("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PW}\n      POSTGRES_USER: app\n" +
		"    volumes: [pgdata:/var/lib/postgresql/data]\n  app:\n    build: .\n    entrypoint: [/entrypoint.sh]\n    command: start_dev\n    depends_on: [db]\n    privileged: true\n    mem_limit: 512m\n    healthcheck: {test: [CMD, true]}\n" +
		"volumes:\n  pgdata: {external: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &ComposeFile{
		Services: []Service{
			{Name: "db", Image: "postgres:16", Line: 3, Volumes: []string{"pgdata"}, Environment: []EnvVar{
				{Name: "POSTGRES_PASSWORD", Value: "${PW}", Line: 5}, {Name: "POSTGRES_USER", Value: "app", Set: true, Line: 6}}},
			{Name: "app", Line: 8, Build: true, BuildContext: ".", DependsOn: []string{"db"}, Healthcheck: true, Limits: true,
				Command: "/entrypoint.sh start_dev", Escapes: []Named{{Name: "privileged: true", Line: 13}}},
		},
		External:  []Named{{Name: "volumes/pgdata", Line: 17}},
		Variables: []Named{{Name: "PW", Line: 5}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseCompose mismatch (-want +got):\n%s", diff)
	}
}

func TestValuesImages(t *testing.T) {
	t.Parallel()
	values := "image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: 7.4.1\nsidecar:\n  image: busybox:1.36\nresources: {}\n"
	want := []Image{{Ref: "docker.io/bitnami/redis:7.4.1", Path: "values.yaml", Line: 3}, {Ref: "busybox:1.36", Path: "values.yaml", Line: 6}}
	var c HelmChart
	c.addValues("values.yaml", []byte(values))
	if diff := cmp.Diff(want, c.Images); diff != "" {
		t.Errorf("addValues images mismatch (-want +got):\n%s", diff)
	}
	if c.Limits || c.Autoscaling {
		t.Error("resources: {} counted as limits, or autoscaling found")
	}
	var l HelmChart
	l.addValues("values.yaml", []byte("api:\n  resources:\n    limits: {cpu: 500m, memory: 256Mi}\n  autoscaling:\n    enabled: true\n"))
	if !l.Limits || !l.Autoscaling {
		t.Error("api.resources.limits or api.autoscaling.enabled not found")
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

func TestComposeBuildUserAndMergeKey(t *testing.T) {
	t.Parallel()
	got, err := parseCompose([]byte("x-env: &common\n  LOG_LEVEL: info\n  DB_HOST: db\nservices:\n  base:\n    image: ghcr.io/org/base:${VERSION}\n" +
		"    build: {context: ., dockerfile: ./packages/Dockerfile.base}\n    user: root\n    environment:\n      <<: *common\n      TAG: ${TAG:-develop}\n" +
		"      PW: $DB_PASSWORD\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := got.Services[0]
	if s.BuildContext != "." || s.BuildFile != "./packages/Dockerfile.base" || s.User != "root" {
		t.Errorf("build %q %q, user %q", s.BuildContext, s.BuildFile, s.User)
	}
	var names []string
	for _, e := range s.Environment {
		names = append(names, e.Name)
	}
	if diff := cmp.Diff([]string{"LOG_LEVEL", "DB_HOST", "TAG", "PW"}, names); diff != "" {
		t.Errorf("environment names mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"TAG"}, got.Optional); diff != "" {
		t.Errorf("optional interpolations mismatch (-want +got):\n%s", diff)
	}
	if len(got.Variables) != 3 {
		t.Errorf("variables = %+v, want VERSION, TAG, DB_PASSWORD", got.Variables)
	}
}
