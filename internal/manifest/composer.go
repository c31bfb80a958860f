package manifest

import (
	"strings"
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
	for _, m := range root.members {
		switch m.key {
		case "name":
			b.setName(m.value.str())
		case "license":
			if m.value.kind == jsonString {
				b.addLicense(m.value.text, m.line)
			} else if m.value.kind == jsonArray {
				for _, l := range m.value.elems {
					b.addLicense(l.str(), l.line)
				}
			}
		case "authors":
			if m.value.kind == jsonArray {
				for _, a := range m.value.elems {
					b.addAuthor(a.get("name").str())
				}
			}
		case "require", "require-dev":
			for _, d := range m.value.membersOrNil() {
				if !strings.Contains(d.key, "/") {
					continue // a platform package such as php or ext-json
				}
				b.addDep(Dep{Name: d.key, Version: d.value.str(), Line: d.line, Dev: m.key == "require-dev"})
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
	for _, m := range root.members {
		if (m.key != "packages" && m.key != "packages-dev") || m.value.kind != jsonArray {
			continue
		}
		for _, pkg := range m.value.elems {
			name := pkg.member("name")
			if name == nil {
				continue
			}
			b.addDep(Dep{
				Name:    name.value.str(),
				Version: pkg.get("version").str(),
				Line:    name.line,
				Dev:     m.key == "packages-dev",
				License: composerLicense(pkg.get("license")),
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
func composerLicense(v *jsonValue) string {
	if v == nil {
		return ""
	}
	if v.kind == jsonString {
		return v.text
	}
	if v.kind != jsonArray {
		return ""
	}
	var parts []string
	for _, e := range v.elems {
		if s := strings.TrimSpace(e.str()); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " OR ")
}
