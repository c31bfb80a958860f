package render

import (
	"encoding/json"
	"io"

	"github.com/dpgcheck/dpgcheck/internal/report"
)

// JSON writes the report in the documented JSON format (version 1).
func JSON(w io.Writer, r *report.Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
