package openapi

import "unicode/utf8"

// Bounds on what a document from an untrusted repository can make the
// reader do. Real building-block specifications are far below all of them
// (the largest GovStack file is about 100 KB).
const (
	// maxInputBytes is the largest document Parse and Validate accept.
	maxInputBytes = 8 << 20
	// extraVisits bounds the node visits the reader makes while building
	// the model beyond one per node of the document: repeated visits through
	// YAML aliases and $refs count, so alias bombs and $ref fan-out stop
	// early, while any document up to maxInputBytes can be read in full.
	extraVisits = 500_000
	// maxExpandedNodes bounds the size of the document with aliases
	// expanded before it is handed to kin-openapi, which expands them.
	maxExpandedNodes = 2_000_000
	// maxRefDepth bounds a chain of $refs pointing at $refs, and the nesting
	// of inline schemas.
	maxRefDepth = 32
	// maxSchemaNesting bounds inline schema nesting (properties of items of
	// properties ...).
	maxSchemaNesting = 64
	// maxOperations bounds the operations read from one document.
	maxOperations = 20_000
	// maxText bounds every string copied into the model.
	maxText = 2000
	// maxRefFiles bounds the other files of the repository one document's
	// $refs make the reader (or the validator) read.
	maxRefFiles = 64
	// maxEnumValues bounds the enum values kept for one schema.
	maxEnumValues = 64
	// maxDefects bounds the defects reported for one document; one more
	// defect says how many were left out.
	maxDefects = 1000
)

// cut returns s cut to at most maxText bytes, at a rune boundary.
func cut(s string) string {
	if len(s) <= maxText {
		return s
	}
	i := maxText
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// MaxSize is the largest document, in bytes, Parse and Validate accept.
const MaxSize = maxInputBytes
