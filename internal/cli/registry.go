package cli

import (
	"context"
	"net/http"

	"github.com/dpgcheck/dpgcheck/internal/engine"
)

// readRegistry reads the DPGA registry record --registry names: a file or an
// http(s) URL, with the time limit of a reference specification and the
// record's own size cap. The engine parses and judges it.
func readRegistry(ctx context.Context, src string, client *http.Client) ([]byte, error) {
	return readSource(ctx, src, client, source{what: "registry record", flag: "--registry",
		max: engine.MaxRegistrySize, accept: "application/json, */*;q=0.5"})
}

// loadRegistry reads --registry into the engine's options: the record and
// the catalogue and standards with its dpg-registry criterion.
func loadRegistry(ctx context.Context, e evaluation, o *engine.Options) error {
	e.log.Info("reading the DPGA registry record", "from", displaySource(e.registry))
	data, err := readRegistry(ctx, e.registry, http.DefaultClient)
	if err != nil {
		return err
	}
	reg, cat, std, err := engine.LoadRegistry(o.Catalog, displaySource(e.registry), data)
	if err != nil {
		return asUsage(err, false)
	}
	reg.InRepo = pathInside(e.dir, e.registry)
	o.Registry, o.Catalog = reg, cat
	o.Standards = append(append([]string{}, o.Standards...), std.ID)
	return nil
}
