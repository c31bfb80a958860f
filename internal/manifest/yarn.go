package manifest

import (
	"strings"
)

// yarnEntry is one top-level block of a yarn.lock: a key listing one or more
// specs ("a@^1, a@^1.2"), and the fields below it.
type yarnEntry struct {
	line       int
	specs      []string
	version    string
	resolution string // Berry only: "name@npm:1.2.3"
	softLink   bool   // Berry linkType: soft (workspaces, links)
	deps       []string
}

// parseYarnLock parses both yarn.lock formats line by line: the classic v1
// format (`"a@^1", a@^2:` / `  version "1.2.3"`) and the YAML format of Yarn
// Berry (`"a@npm:^1":` / `  version: 1.2.3`, with a __metadata block). Berry
// lockfiles also record the workspaces' dependencies, which tells direct from
// indirect packages; v1 lockfiles do not.
func parseYarnLock(b *builder, data []byte) error {
	var entries []*yarnEntry
	var cur *yarnEntry
	section := ""
	for i, line := range splitLines(data) {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := indentOf(line)
		if indent == 0 {
			cur = nil
			key, ok := strings.CutSuffix(trimmed, ":")
			if !ok || key == "__metadata" {
				continue
			}
			cur = &yarnEntry{line: i + 1}
			for _, spec := range strings.Split(unquote(key), ",") {
				if spec = unquote(spec); spec != "" {
					cur.specs = append(cur.specs, spec)
				}
			}
			entries = append(entries, cur)
			continue
		}
		if cur == nil {
			continue
		}
		field, value := yarnField(trimmed)
		if indent <= 2 {
			section = field
			switch field {
			case "version":
				cur.version = value
			case "resolution":
				cur.resolution = value
			case "linkType":
				cur.softLink = value == "soft"
			}
			continue
		}
		if section == "dependencies" && field != "" {
			cur.deps = append(cur.deps, field)
		}
	}

	direct := make(map[string]bool)
	for _, e := range entries {
		if e.isWorkspace() {
			for _, d := range e.deps {
				direct[d] = true
			}
		}
	}
	for _, e := range entries {
		if b.full() {
			break
		}
		if e.isWorkspace() || e.softLink || len(e.specs) == 0 {
			continue
		}
		name := yarnSpecName(e.specs[0])
		if e.resolution != "" {
			name = yarnSpecName(e.resolution)
		}
		b.addDep(Dep{
			Name:     name,
			Version:  e.version,
			Line:     e.line,
			Indirect: len(direct) > 0 && !direct[yarnKeyName(e.specs[0])],
		})
	}
	return nil
}

// isWorkspace reports whether the entry is a Berry workspace (the project
// itself or one of its packages).
func (e *yarnEntry) isWorkspace() bool {
	for _, s := range e.specs {
		if strings.Contains(s, "@workspace:") {
			return true
		}
	}
	return false
}

// yarnField splits `version "1.2.3"` (v1) or `version: 1.2.3` (Berry) or
// `"@s/a" "^1"` into a field name and unquoted value.
func yarnField(s string) (field, value string) {
	if s == "" {
		return "", ""
	}
	if s[0] == '"' {
		if end := strings.IndexByte(s[1:], '"'); end >= 0 {
			field, value = s[1:end+1], s[end+2:]
			value = strings.TrimPrefix(strings.TrimSpace(value), ":")
			return field, unquote(value)
		}
	}
	end := strings.IndexAny(s, ": ")
	if end < 0 {
		return s, ""
	}
	field, value = s[:end], s[end+1:]
	return field, unquote(value)
}

// yarnKeyName returns the name a spec is declared under: "a" for "a@^1",
// "@s/a" for "@s/a@npm:^1", "alias" for "alias@npm:real@^1".
func yarnKeyName(spec string) string {
	if at := strings.Index(spec[min(1, len(spec)):], "@"); at >= 0 {
		return spec[:at+1]
	}
	return spec
}

// yarnSpecName returns the real package name of a spec or resolution,
// resolving npm aliases ("alias@npm:real@^1" is "real").
func yarnSpecName(spec string) string {
	name := yarnKeyName(spec)
	rng := strings.TrimPrefix(spec[len(name):], "@")
	if rest, ok := strings.CutPrefix(rng, "npm:"); ok {
		if at := strings.LastIndex(rest, "@"); at > 0 {
			return rest[:at]
		}
	}
	return name
}
