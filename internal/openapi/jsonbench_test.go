package openapi

import (
	"bytes"
	"encoding/json"
	"testing"

	"go.yaml.in/yaml/v3"
)

// BenchmarkDecodeJSON1MB reads the generated 1 MB specification as
// indented JSON through the JSON reader (the path hand-edited JSON that
// the YAML parser rejects takes).
func BenchmarkDecodeJSON1MB(b *testing.B) {
	var v any
	if err := yaml.Unmarshal(generatedSpec(1<<20), &v); err != nil {
		b.Fatal(err)
	}
	data, err := json.MarshalIndent(stringKeys(v), "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"generated"`), []byte("\"gen\terated\""), 1) // a raw tab
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
