package engine

import (
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/dpga"
	"github.com/dpgcheck/dpgcheck/internal/rules"
)

// MaxRegistrySize caps a DPGA registry record (--registry): real records
// are a few kilobytes.
const MaxRegistrySize = 1 << 20

// LoadRegistry parses the project's DPGA registry record (the bytes the
// caller read from a file or URL, shown as source) and returns it with a
// catalogue that has the dpg-registry criterion. Errors are *ConfigError
// naming the source and the line and field at fault.
func LoadRegistry(cat *criteria.Catalog, source string, data []byte) (*rules.Registry, *criteria.Catalog, criteria.Standard, error) {
	var none criteria.Standard
	if len(data) > MaxRegistrySize {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("registry record %s is larger than %d KB", source, MaxRegistrySize>>10)}
	}
	rec, err := dpga.ParseRecord(data)
	if err != nil {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("registry record %s: %w", source, err)}
	}
	std, crit := criteria.DPGRegistry(source, rec.Name)
	with, err := cat.With(std, crit)
	if err != nil {
		return nil, nil, none, &ConfigError{Err: fmt.Errorf("--registry %s: %w", source, err)}
	}
	return &rules.Registry{Source: source, Record: rec}, with, std, nil
}
