package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

var (
	// mixApp matches `app: :my_app` in project/0.
	mixApp = lazyregexp.New(`\bapp:\s*:([A-Za-z_][A-Za-z0-9_]*)`)
	// mixLicenses matches the start of `licenses: [...]` in package/0.
	mixLicenses = lazyregexp.New(`\blicenses:\s*\[`)
	// mixDepsFunction matches the definition of deps/0.
	mixDepsFunction = lazyregexp.New(`(?m)^([ \t]*)defp?\s+deps\b`)
	// mixDepTuple matches the start of a dependency tuple `{:name`.
	mixDepTuple = lazyregexp.New(`^\{\s*:([A-Za-z_][A-Za-z0-9_]*)`)
	// mixString matches an Elixir string literal.
	mixString = lazyregexp.New(`"((?:[^"\\]|\\.)*)"`)
)

// maxMixScan bounds how far a list or tuple is scanned for its end.
const maxMixScan = 64 << 10

// parseMixExs parses a Mix project file best effort: the dependency tuples of
// deps/0 (`{:name, "~> 1.0", only: [:dev, :test]}`; tuples without a version
// such as git or path dependencies have none; `only:` without :prod is Dev),
// `licenses: [...]` and `app: :name`.
func parseMixExs(b *builder, data []byte) error {
	text := string(data)
	lines := newLineIndex(data)
	if m := mixApp.FindStringSubmatch(text); m != nil {
		b.setName(m[1])
	}
	for _, m := range mixLicenses.FindAllStringIndex(text, maxDeclarations) {
		end := strings.IndexByte(text[m[1]:min(len(text), m[1]+maxMixScan)], ']')
		if end < 0 {
			continue
		}
		list := text[m[1] : m[1]+end]
		for _, s := range mixString.FindAllStringSubmatchIndex(list, -1) {
			b.addLicense(list[s[2]:s[3]], lines.line(m[1]+s[0]))
		}
	}
	start, end := mixDepsRegion(text)
	for i := start; i < end && !b.full(); i++ {
		switch text[i] {
		case '#':
			for i < end && text[i] != '\n' {
				i++
			}
		case '"':
			i = skipElixirString(text, i, end)
		case '{':
			m := mixDepTuple.FindStringSubmatch(text[i:min(end, i+256)])
			if m == nil {
				continue
			}
			closing := elixirClosing(text, i, min(end, i+maxMixScan))
			elems := splitElixirTopLevel(text[i+1 : closing])
			dep := Dep{Name: m[1], Line: lines.line(i)}
			if len(elems) > 1 {
				if v := strings.TrimSpace(elems[1]); strings.HasPrefix(v, `"`) {
					dep.Version = strings.Trim(v, `"`)
				}
			}
			for _, e := range elems[1:] {
				if only, ok := strings.CutPrefix(strings.TrimSpace(e), "only:"); ok {
					dep.Dev = !strings.Contains(only, "prod")
				}
			}
			b.addDep(dep)
			i = closing
		}
	}
	return nil
}

// mixDepsRegion returns the byte range of the deps/0 function body, or the
// whole file when there is no such function.
func mixDepsRegion(text string) (int, int) {
	m := mixDepsFunction.FindStringSubmatchIndex(text)
	if m == nil {
		return 0, len(text)
	}
	defIndent := m[3] - m[2]
	offset := m[1]
	// Skip the rest of the def line, then find an `end` at or left of it.
	if nl := strings.IndexByte(text[offset:], '\n'); nl >= 0 {
		offset += nl + 1
	} else {
		return m[1], len(text)
	}
	for offset < len(text) {
		next := strings.IndexByte(text[offset:], '\n')
		line := text[offset:]
		if next >= 0 {
			line = text[offset : offset+next]
		}
		trimmed := strings.TrimSpace(line)
		if indentOf(line) <= defIndent && (trimmed == "end" || strings.HasPrefix(trimmed, "end ")) {
			return m[1], offset
		}
		if next < 0 {
			break
		}
		offset += next + 1
	}
	return m[1], len(text)
}

// skipElixirString returns the index of the closing quote of the string that
// starts at text[i] (or end).
func skipElixirString(text string, i, end int) int {
	for i++; i < end && text[i] != '"'; i++ {
		if text[i] == '\\' {
			i++
		}
	}
	return min(i, end)
}

// elixirClosing returns the index of the bracket closing the one at
// text[open], skipping strings, or limit if there is none before it.
func elixirClosing(text string, open, limit int) int {
	depth := 0
	for i := open; i < limit; i++ {
		switch text[i] {
		case '"':
			i = skipElixirString(text, i, limit)
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return limit
}

// splitElixirTopLevel splits s at the commas that are not nested in
// brackets or strings.
func splitElixirTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = skipElixirString(s, i, len(s))
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// mixLockEntry matches `"name": {:hex, :package, "version", ...` and the git
// and path forms of mix.lock.
var (
	mixLockEntry = lazyregexp.New(`^\s*"([^"]+)"\s*:\s*\{\s*:(\w+)\s*,\s*(.*)$`)
	mixLockHex   = lazyregexp.New(`^:"?([^\s,"]+)"?\s*,\s*"([^"]*)"`)
)

// parseMixLock parses mix.lock line by line. Hex entries give the package
// name and version; git and path entries have no version.
func parseMixLock(b *builder, data []byte) error {
	for i, line := range splitLines(data) {
		m := mixLockEntry.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		dep := Dep{Name: m[1], Line: i + 1}
		if m[2] == "hex" {
			if h := mixLockHex.FindStringSubmatch(m[3]); h != nil {
				dep.Name, dep.Version = h[1], h[2]
			}
		}
		b.addDep(dep)
	}
	return nil
}
