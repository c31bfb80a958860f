package evidence

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

const validSpec = `openapi: 3.0.3
info: {title: Registry, version: "1.0"}
paths:
  /persons/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a person
          content:
            application/json:
              schema: {$ref: "./schemas.yaml#/Person"}
`

// TestSpecsValidatedBesideTheWalk: every description of a GovStack walk is
// validated, each with its own result, whatever the order the background
// validation finishes in; a description split over files is validated
// with the files its $refs name.
func TestSpecsValidatedBesideTheWalk(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for i := range 40 {
		fsys[fmt.Sprintf("api/v%02d/schemas.yaml", i)] = &fstest.MapFile{Data: []byte("Person:\n  type: object\n  properties:\n    name: {type: string}\n")}
		spec := strings.ReplaceAll(validSpec, "/persons/", fmt.Sprintf("/persons%d/", i))
		if i%3 == 0 {
			spec = strings.Replace(spec, "openapi: 3.0.3", "openapi: 3.0.3\nservers: not-a-list", 1)
		}
		fsys[fmt.Sprintf("api/v%02d/openapi.yaml", i)] = &fstest.MapFile{Data: []byte(spec)}
	}
	r := buildFS(t, fsys, Options{GovStack: true})
	if len(r.APISpecs) != 40 {
		t.Fatalf("found %d descriptions, want 40", len(r.APISpecs))
	}
	for _, s := range r.APISpecs {
		var i int
		fmt.Sscanf(s.Path, "api/v%02d/", &i)
		if !s.Validated {
			t.Errorf("%s was not validated", s.Path)
		}
		if bad := len(s.Invalid) > 0; bad != (i%3 == 0) {
			t.Errorf("%s: invalid %v (%v), want %v", s.Path, bad, s.Invalid, i%3 == 0)
		}
	}
	if r := buildFS(t, fsys, Options{}); len(r.APISpecs) == 0 || r.APISpecs[0].Validated {
		t.Error("a DPG walk validated descriptions; only GovStack asks")
	}
}
