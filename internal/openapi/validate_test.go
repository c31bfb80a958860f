package openapi

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data []byte
		want []Defect
	}{
		{"valid 3.0", readTestdata(t, "oas30.yaml"), nil},
		{"valid 3.1", readTestdata(t, "oas31.yaml"), nil},
		{"json the YAML parser rejects", readTestdata(t, "tabs.json"), nil},
		{"swagger 2.0", readTestdata(t, "swagger2.yaml"), []Defect{
			{1, "Swagger 2.0 document; convert it to OpenAPI 3 to validate it"},
		}},
		{"duplicate key", readTestdata(t, "defects.yaml"), []Defect{
			{22, "cannot load the document: failed to unmarshal data: json error: invalid character 'o' looking for beginning of value, yaml error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 22: mapping key \"200\" already defined at line 20"},
		}},
		{"not yaml", []byte("a: [b\n"), []Defect{
			{1, "neither YAML nor JSON: yaml: line 1: did not find expected ',' or ']'; not validated"},
		}},
		{"not openapi", []byte("name: ci\n"), []Defect{{0, "not an OpenAPI document: no openapi key; not validated"}}},
		{"a list", []byte("- a\n"), []Defect{{0, "not an OpenAPI document: the top level is not a mapping; not validated"}}},
		{"external ref", []byte(`openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          $ref: 'https://example.org/responses.yaml#/ok'
`), []Defect{{0, `cannot load the document: error resolving reference "https://example.org/responses.yaml#/ok": https://example.org/responses.yaml is not fetched`}}},
		{"located errors", []byte(`openapi: 3.0.0
info:
  title: t
paths:
  /a/{id}:
    get:
      responses:
        '200':
          description: ok
components:
  schemas:
    Bad:
      type: wrong
`), []Defect{
			{2, "invalid info: value of version must be a non-empty string"},
			{4, "invalid paths: operation GET /a/{id} must define exactly all path parameters (missing: [id])"},
			{12, `invalid components: schema "Bad": unsupported 'type' value "wrong"`},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := diff(tt.want, Validate(tt.data)); d != "" {
				t.Errorf("Validate mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidateTooLarge(t *testing.T) {
	t.Parallel()
	got := Validate([]byte("openapi: 3.0.0\n" + strings.Repeat("#", maxInputBytes)))
	want := []Defect{{0, "the document is larger than 8388608 bytes; not validated"}}
	if d := diff(want, got); d != "" {
		t.Errorf("Validate mismatch (-want +got):\n%s", d)
	}
}
