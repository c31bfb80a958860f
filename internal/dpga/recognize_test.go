package dpga

import (
	"io"
	"os"
	"testing"
)

const packageJSON = `{
  "name": "forms-frontend",
  "version": "1.4.0",
  "description": "Forms for citizens",
  "license": "MIT",
  "type": "module",
  "repository": {"type": "git", "url": "https://github.com/example/forms"},
  "categories": ["Other"],
  "scripts": {"build": "vite build"},
  "dependencies": {"react": "^18.0.0"}
}`

const openAPIJSON = `{
  "openapi": "3.0.3",
  "info": {"title": "Registry API", "version": "1.0.0", "license": {"name": "Apache-2.0"}},
  "servers": [{"url": "https://api.example.org"}],
  "tags": [{"name": "privacy"}],
  "paths": {"/sdgs": {"get": {"responses": {"200": {"description": "ok"}}}}},
  "components": {"schemas": {"SDG": {"type": "object"}}},
  "externalDocs": {"url": "https://docs.example.org"}
}`

const tsconfigJSON = `{
  "compilerOptions": {"target": "ES2022", "strict": true, "paths": {"@/*": ["./src/*"]}},
  "include": ["src"],
  "exclude": ["node_modules"]
}`

// composerJSON has a licence list, which is one nominee marker, not two.
const composerJSON = `{"name": "example/forms", "type": "library", "license": ["MIT"], "require": {"php": ">=8.1"}}`

func TestRecognize(t *testing.T) {
	t.Parallel()
	portal := readTestdata(t, "portal.json")
	tests := []struct {
		name string
		in   []byte
		want bool
	}{
		{"nominee", readTestdata(t, "nominee.json"), true},
		{"legacy nominee", readTestdata(t, "legacy.json"), true},
		{"screening", readTestdata(t, "screening.json"), true},
		{"portal", portal, true},
		{"portal prefix", portal[:1000], true},
		{"compact nominee", []byte(`{"SDGs":[{"SDGNumber":3}],"license":[{"spdx":"MIT"}]}`), true},
		{"byte order mark", []byte("\xef\xbb\xbf{\"clearOwnership\": {}, \"doNoHarm\": {}}"), true},
		{"truncated inside a value", []byte(`{"openlicenses": [], "sdgs": {"sdg": ["SDG1: No Pov`), true},
		{"package.json", []byte(packageJSON), false},
		{"OpenAPI", []byte(openAPIJSON), false},
		{"tsconfig.json", []byte(tsconfigJSON), false},
		{"composer.json", []byte(composerJSON), false},
		{"empty object", []byte(`{}`), false},
		{"empty", nil, false},
		{"array", []byte(`[{"SDGs": [], "license": []}]`), false},
		{"nested markers", []byte(`{"data": {"SDGs": [], "license": []}}`), false},
		{"one marker per shape", []byte(`{"SDGs": [], "doNoHarm": {}, "openlicenses": []}`), false},
		{"markers with other types", []byte(`{"SDGs": "3", "license": "MIT", "clearOwnership": "Yes"}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Recognize(tt.in); got != tt.want {
				t.Errorf("Recognize = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRecognizeGitHubOpenAPI checks the first kilobytes of GitHub's REST API
// description, a large real-world OpenAPI document, when it is available.
func TestRecognizeGitHubOpenAPI(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../../../shared/data/github/api.github.com.json")
	if err != nil {
		t.Skip("../shared/data/github is absent (a fresh clone has no ../shared); skipping")
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		t.Fatal(err)
	}
	if Recognize(head[:n]) {
		t.Error("Recognize(api.github.com.json) = true, want false")
	}
}
