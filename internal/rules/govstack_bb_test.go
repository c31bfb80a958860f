package rules

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// registryReference is a trimmed building-block reference API: templated
// registry paths, as the Digital Registries Data API has them.
const registryReference = `openapi: 3.0.3
info: {title: Digital registries, version: 1.3.0}
paths:
  /data/{registryName}/{versionNumber}:
    get:
      parameters:
        - {name: registryName, in: path, required: true, schema: {type: string}}
        - {name: versionNumber, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /data/{registryName}/{versionNumber}/read:
    post:
      parameters:
        - {name: registryName, in: path, required: true, schema: {type: string}}
        - {name: versionNumber, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /data/{registryName}/{versionNumber}/{id}/delete:
    delete:
      parameters:
        - {name: registryName, in: path, required: true, schema: {type: string}}
        - {name: versionNumber, in: path, required: true, schema: {type: string}}
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: deleted}}
`

// concreteCandidate implements every operation for one registry, under an
// /api/v1 prefix no server declares.
const concreteCandidate = `openapi: 3.0.3
info: {title: emulator, version: 1.0.0}
paths:
  /api/v1/data/prsn/1.0:
    get: {responses: {'200': {description: ok}}}
  /api/v1/data/prsn/1.0/read:
    post: {responses: {'200': {description: ok}}}
  /api/v1/data/prsn/1.0/{id}/delete:
    delete:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: deleted}}
`

// olderCandidate is an older export of the same API, in JSON, that lacks
// the delete operation.
const olderCandidate = `{"swagger": "2.0", "info": {"title": "emulator", "version": "0.9"},
"paths": {"/api/v1/data/prsn/1.0": {"get": {"responses": {"200": {"description": "ok"}}}},
"/api/v1/data/prsn/1.0/read": {"post": {"responses": {"200": {"description": "ok"}}}}}}
`

func conformanceOf(t *testing.T, files map[string]string) Result {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	repo, err := evidence.Build(context.Background(), fsys, evidence.Options{Detector: detector, GovStack: true})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := openapi.Parse("reference.yaml", []byte(registryReference))
	if err != nil {
		t.Fatal(err)
	}
	return apiConformance(&Input{Repo: repo, Reference: &Reference{Name: "digital-registries", Source: "reference.yaml", Doc: ref}})
}

// A concrete registry's paths implement the reference's templated ones,
// and of two descriptions of the API the one that conforms decides.
func TestAPIConformanceConcretePathsAndSeveralSpecs(t *testing.T) {
	t.Parallel()
	r := conformanceOf(t, map[string]string{"docs/swagger.yaml": concreteCandidate, "docs/swagger.json": olderCandidate})
	if r.Outcome != report.Pass || r.API == nil || r.API.Level != 2 {
		t.Fatalf("outcome %s (%+v): %s\n%q", r.Outcome, r.API, r.Message, r.Details)
	}
	if !strings.Contains(r.Message, "in docs/swagger.yaml") {
		t.Errorf("message does not say which description conforms: %s", r.Message)
	}
	want := []string{
		"docs/swagger.json implements 2 of 3 operations with 0 gaps",
		"docs/swagger.yaml implements 3 of 3 operations with 0 gaps",
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(r.Details, "\n"), w) {
			t.Errorf("no detail %q in %q", w, r.Details)
		}
	}
}

func TestAPIConformanceNoDescriptionConforms(t *testing.T) {
	t.Parallel()
	r := conformanceOf(t, map[string]string{"docs/swagger.json": olderCandidate})
	if r.Outcome != report.Fail || !strings.Contains(r.Message, "2 of 3 digital-registries operations implemented") ||
		!strings.Contains(r.Message, "missing DELETE /data/{registryName}/{versionNumber}/{id}/delete") {
		t.Errorf("outcome %s: %s", r.Outcome, r.Message)
	}
}
