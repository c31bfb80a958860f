package dpga

import (
	"errors"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
)

// What parseTree keeps of a document. Values beyond these caps are read and
// dropped, so a hostile record costs bounded memory.
const (
	// maxDocumentBytes caps the input (records are a few kilobytes).
	maxDocumentBytes = 8 << 20
	// maxDepth bounds the nesting kept; DPGA records are four levels deep.
	maxDepth = 32
	// maxNodes bounds the values kept from one document.
	maxNodes = 100000
)

// parseTree reads data, which must hold exactly one JSON value, keeping at
// most MaxItems members of every array and object.
func parseTree(data []byte) (*jsonline.Value, error) {
	root, err := jsonline.Parse(data, jsonline.Options{
		MaxBytes:  maxDocumentBytes,
		MaxItems:  MaxItems,
		MaxValues: maxNodes,
		MaxDepth:  maxDepth,
	})
	var je *jsonline.Error
	switch {
	case err == nil:
		return root, nil
	case errors.Is(err, jsonline.ErrEmpty):
		return nil, &ParseError{Msg: "the file is empty; a DPGA application is a JSON object"}
	case errors.As(err, &je):
		return nil, &ParseError{Line: je.Line, Msg: "invalid JSON: " + clip(je.Msg)}
	}
	return nil, &ParseError{Msg: "invalid JSON: " + clip(err.Error())}
}
