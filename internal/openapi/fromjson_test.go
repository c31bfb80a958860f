package openapi

import (
	"encoding/json"
	"fmt"
	"testing"

	"go.yaml.in/yaml/v3"
)

// toJSON converts a YAML document to indented JSON.
func toJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(stringKeys(v), "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stringKeys turns the map[any]any that YAML gives for integer keys into
// map[string]any.
func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = stringKeys(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = stringKeys(x)
		}
	}
	return v
}

func TestJSONReaderMatchesYAMLParser(t *testing.T) {
	t.Parallel()
	for name, data := range map[string][]byte{
		"oas30 as JSON":    toJSON(t, readTestdata(t, "oas30.yaml")),
		"swagger2 as JSON": toJSON(t, readTestdata(t, "swagger2.yaml")),
		"scalars":          []byte("{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"],\n \"b\": {}, \"c\": []}"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fromYAML, err := decodeYAML(data)
			if err != nil {
				t.Fatal(err)
			}
			fromJSON, err := decodeJSON(data)
			if err != nil {
				t.Fatal(err)
			}
			if want, got := treeText(fromYAML), treeText(fromJSON); want != got {
				t.Errorf("JSON reader differs from the YAML parser:\n%s", firstDifference(want, got))
			}
		})
	}
}

func TestJSONReaderErrors(t *testing.T) {
	t.Parallel()
	for _, data := range []string{"", "{", "{\"a\": }", "[1, 2", "{\"a\": \"line\nbreak\"}", "{}\n{}"} {
		if _, err := decodeJSON([]byte(data)); err == nil {
			t.Errorf("decodeJSON(%q) succeeded, want an error", data)
		}
	}
}
