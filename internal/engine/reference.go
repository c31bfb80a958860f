package engine

import (
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/rules"
)

// LoadReference parses a building block's reference specification (the
// bytes the caller read from a file or URL, shown as source) and returns it
// with a catalogue that has the building block's API criterion. Errors are
// *ConfigError: the user named a specification that cannot be used.
func LoadReference(cat *criteria.Catalog, name, source string, data []byte) (*rules.Reference, *criteria.Catalog, criteria.Standard, error) {
	var none criteria.Standard
	doc, err := openapi.Parse(source, data)
	if err != nil {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("reference specification %s: %w", source, err)}
	}
	std, crit, err := criteria.BuildingBlockAPI(name, doc.InfoVersion, source)
	if err != nil {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("--building-block: %w", err)}
	}
	withBB, err := cat.With(std, crit)
	if err != nil {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("--building-block %s: %w", name, err)}
	}
	return &rules.Reference{Name: name, Source: source, Doc: doc}, withBB, std, nil
}

// MaxReferenceSize caps a reference specification, as the walk caps a
// repository's own.
const MaxReferenceSize = openapi.MaxSize

// referenceNotices lists the reference specification's own defects, apart
// from the candidate's gaps.
func referenceNotices(ref *rules.Reference, max int) []string {
	var out []string
	name := ref.Source
	for i, d := range ref.Doc.Defects {
		if i == max {
			out = append(out, fmt.Sprintf("reference specification %s: %d more defects", name, len(ref.Doc.Defects)-max))
			break
		}
		at := name
		if d.Line > 0 {
			at = fmt.Sprintf("%s:%d", name, d.Line)
		}
		out = append(out, fmt.Sprintf("reference specification defect (read leniently) %s: %s", at, d.Msg))
	}
	return out
}
