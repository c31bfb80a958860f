package manifest

import (
	"errors"
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
)

// maxJSONBytes caps the JSON manifests and lockfiles read (the evidence
// layer reads lockfiles up to 32 MiB).
const maxJSONBytes = 32 << 20

// parseJSONObject parses data and requires a top-level object.
func parseJSONObject(b *builder, data []byte) (*jsonline.Value, error) {
	v, err := jsonline.Parse(data, jsonline.Options{MaxBytes: maxJSONBytes})
	var je *jsonline.Error
	switch {
	case errors.As(err, &je):
		return nil, b.errorf(je.Line, "invalid JSON: %s", je.Msg)
	case errors.Is(err, jsonline.ErrEmpty):
		return nil, b.errorf(1, "invalid JSON: unexpected end of input")
	case err != nil:
		return nil, b.errorf(0, "invalid JSON: %v", err)
	}
	if !v.Is(jsonline.Object) {
		return nil, b.errorf(v.Line, "invalid %s: top-level value is not a JSON object", fileKindName(b))
	}
	return v, nil
}

func fileKindName(b *builder) string {
	return fmt.Sprintf("%s %s", b.file.Ecosystem, b.file.Kind)
}

// membersOf returns the members of an object value, or nil.
func membersOf(v *jsonline.Value) []jsonline.Member {
	if !v.Is(jsonline.Object) {
		return nil
	}
	return v.Members
}
