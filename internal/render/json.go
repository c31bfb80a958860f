package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// JSON writes the report in the documented JSON format (version 1).
func JSON(w io.Writer, r *report.Report, _ Options) error {
	return writeJSON(w, r, false)
}

// writeJSON writes v as indented JSON. Strings keep their exact content, but
// bidi characters, DEL and C1 controls are written as \u escapes
// (safetext.JSON), as encoding/json already does for the C0 controls: a file
// name cannot reorder the report when a person reads it, and a consumer
// decodes the original name.
func writeJSON(w io.Writer, v any, escapeHTML bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.JSON(buf.Bytes()))
	return err
}
