package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
)

// parseComposerJSON parses a Composer composer.json: "require" and
// "require-dev" (Dev), skipping platform requirements (php, ext-*, lib-*,
// composer-*: names without a vendor "/"); "license" as a string or array;
// "authors"[].name; and "name".
func parseComposerJSON(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, m := range root.Members {
		switch m.Key {
		case "name":
			b.setName(m.Value.Str())
		case "license":
			if m.Value.Kind == jsonline.String {
				b.addLicense(m.Value.Text, m.Line)
			} else if m.Value.Kind == jsonline.Array {
				for _, l := range m.Value.Elems {
					b.addLicense(l.Str(), l.Line)
				}
			}
		case "authors":
			if m.Value.Kind == jsonline.Array {
				for _, a := range m.Value.Elems {
					b.addAuthor(a.Get("name").Str())
				}
			}
		case "require", "require-dev":
			for _, d := range membersOf(m.Value) {
				if !strings.Contains(d.Key, "/") {
					continue // a platform package such as php or ext-json
				}
				b.addDep(Dep{Name: d.Key, Version: d.Value.Str(), Line: d.Line, Dev: m.Key == "require-dev"})
			}
		}
	}
	return nil
}

// parseComposerLock parses composer.lock: "packages" and "packages-dev" (Dev),
// with each package's "license". The lockfile does not say which packages
// are direct.
func parseComposerLock(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, m := range root.Members {
		if (m.Key != "packages" && m.Key != "packages-dev") || m.Value.Kind != jsonline.Array {
			continue
		}
		for _, pkg := range m.Value.Elems {
			name := pkg.Member("name")
			if name == nil {
				continue
			}
			b.addDep(Dep{
				Name:    name.Value.Str(),
				Version: pkg.Get("version").Str(),
				Line:    name.Line,
				Dev:     m.Key == "packages-dev",
				License: composerLicense(pkg.Get("license")),
			})
		}
	}
	return nil
}

// composerLicense returns a locked package's "license": Composer writes an
// array of SPDX ids or expressions the user may choose from, which becomes
// one expression joined with " OR " (OR binds loosest in SPDX, so elements
// that are expressions themselves keep their meaning). A plain string is
// returned as written.
func composerLicense(v *jsonline.Value) string {
	if v == nil {
		return ""
	}
	if v.Kind == jsonline.String {
		return v.Text
	}
	if v.Kind != jsonline.Array {
		return ""
	}
	var parts []string
	for _, e := range v.Elems {
		if s := strings.TrimSpace(e.Str()); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " OR ")
}
