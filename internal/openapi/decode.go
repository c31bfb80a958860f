package openapi

import (
	"bytes"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// decodeTree turns a YAML or JSON document into a yaml.Node tree and returns
// its top-level node. JSON is read by the YAML parser too, so that line
// numbers come out the same way; JSON the YAML parser rejects (tab
// characters, for one) is read by encoding/json instead. Large YAML
// documents are read in pieces in parallel (see split.go).
func decodeTree(data []byte, split splitOptions) (*yaml.Node, error) {
	data = bytes.TrimPrefix(data, byteOrderMark)
	json := looksLikeJSON(data)
	if !json {
		if root, ok := decodeYAMLSplit(data, split); ok {
			return root, nil
		}
	}
	root, err := decodeYAML(data)
	if err == nil {
		return root, nil
	}
	if json {
		root, jsonErr := decodeJSON(data)
		if jsonErr == nil {
			return root, nil
		}
		return nil, fmt.Errorf("as JSON: %w", jsonErr)
	}
	return nil, err
}

// byteOrderMark is the UTF-8 byte order mark some editors write.
var byteOrderMark = []byte("\xef\xbb\xbf")

// decodeYAML reads the first YAML document of data. An empty document gives
// a nil root and no error.
func decodeYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The YAML parser turns its own failures into errors but re-panics
		// on internal errors; untrusted input must not crash the checker.
		if p := recover(); p != nil {
			root, err = nil, fmt.Errorf("yaml: parser failed: %v", p)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return documentRoot(&doc), nil
}

// documentRoot returns the content of a document node.
func documentRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return nil
}

// looksLikeJSON reports whether the first significant character of data
// opens a JSON object or array.
func looksLikeJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// errNotMapping is returned when the top level of a document is not a
// mapping.
var errNotMapping = errors.New("the top level is not a mapping")
