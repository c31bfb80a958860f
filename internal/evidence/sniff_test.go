package evidence

import "testing"

func TestSniffSpec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		head          string
		kind, version string
		line          int
		title         string
	}{
		{"# API\nopenapi: 3.0.3\ninfo:\n  title: Records API\n  version: 1.0.0\n", "openapi", "3.0.3", 2, "Records API"},
		{"openapi: \"3.1.0\"\ninfo: {title: x}\n", "openapi", "3.1.0", 1, ""},
		{"swagger: '2.0'\ninfo:\n  title: Old\n", "swagger", "2.0", 1, "Old"},
		{"asyncapi: 2.6.0\ninfo:\n  title: Events\n", "asyncapi", "2.6.0", 1, "Events"},
		{"{\n  \"openapi\": \"3.0.1\",\n  \"info\": {\"title\": \"J\", \"version\": \"1\"}\n}", "openapi", "3.0.1", 2, "J"},
	}
	for _, tt := range tests {
		s := sniffSpec([]byte(tt.head))
		if s == nil {
			t.Errorf("sniffSpec(%q) = nil", tt.head)
			continue
		}
		if s.Kind != tt.kind || s.Version != tt.version || s.Line != tt.line || s.Title != tt.title {
			t.Errorf("sniffSpec(%q) = %+v", tt.head, s)
		}
	}
	for _, head := range []string{
		"name: x\nversion: 1\n",
		"{\"name\": \"x\", \"openapi\": \"3.0.0\"}", // a JSON object that merely has the key
		"openapi: 2.0\n",                            // not a real OpenAPI version
		"  openapi: 3.0.0\n",                        // not top-level
		"services:\n  openapi:\n    image: x\n",     // a compose service named openapi
	} {
		if s := sniffSpec([]byte(head)); s != nil {
			t.Errorf("sniffSpec(%q) = %+v, want nil", head, s)
		}
	}
}
