package evidence

import (
	"bytes"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// A YAML API description names its format in a top-level key; a JSON one in a
// top-level member. Both usually come first, so the head of the file is enough.
var (
	yamlSpecKey  = lazyregexp.New(`(?m)^["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?([0-9][0-9A-Za-z.\-]*)["']?\s*(?:#.*)?$`)
	jsonSpecKey  = lazyregexp.New(`"(openapi|swagger|asyncapi)"\s*:\s*"([0-9][0-9A-Za-z.\-]*)"`)
	yamlTitleKey = lazyregexp.New(`(?m)^\s{1,8}title\s*:\s*["']?([^"'\r\n#]*)`)
	jsonTitleKey = lazyregexp.New(`"title"\s*:\s*"([^"\\]{0,200})"`)
)

// sniffSpec recognises an OpenAPI 3.x, Swagger 2.0 or AsyncAPI document from
// the head of a file.
func sniffSpec(head []byte) *APISpec {
	trimmed := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	var m [][]byte
	var title []byte
	isJSON := len(trimmed) > 0 && trimmed[0] == '{'
	if isJSON {
		m = jsonSpecKey.FindSubmatch(head)
		if t := jsonTitleKey.FindSubmatch(head); t != nil {
			title = t[1]
		}
	} else {
		m = yamlSpecKey.FindSubmatch(head)
		if t := yamlTitleKey.FindSubmatch(head); t != nil {
			title = t[1]
		}
	}
	if m == nil {
		return nil
	}
	kind, version := string(m[1]), string(m[2])
	switch {
	case kind == "openapi" && !strings.HasPrefix(version, "3"):
		return nil
	case kind == "swagger" && !strings.HasPrefix(version, "2"):
		return nil
	}
	// A JSON document must also look like an API description, not any object
	// that happens to carry the key.
	if isJSON && !bytes.Contains(head, []byte(`"info"`)) && !bytes.Contains(head, []byte(`"paths"`)) && !bytes.Contains(head, []byte(`"channels"`)) {
		return nil
	}
	idx := bytes.Index(head, m[0])
	return &APISpec{
		Kind:    kind,
		Version: version,
		Line:    bytes.Count(head[:idx], []byte{'\n'}) + 1,
		Title:   strings.TrimSpace(string(title)),
	}
}
