package gitfs

import (
	"strconv"
	"strings"
)

// extensions holds the repository extensions gitfs must know about.
type extensions struct {
	objectFormat string // extensions.objectFormat: "sha1" (or empty) or "sha256"
	refStorage   string // extensions.refStorage: "files" (or empty) or "reftable"
}

// parseExtensions reads the [extensions] section of a git config file. It
// understands the config syntax git writes (sections, "key = value", comments
// and quotes), not all of it: includes are not followed.
func parseExtensions(config []byte) extensions {
	var ext extensions
	section := ""
	for _, line := range strings.Split(string(config), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				section = ""
				continue
			}
			name := strings.TrimSpace(line[1:end])
			if i := strings.IndexAny(name, " \t\""); i >= 0 {
				name = "" // a subsection: not [extensions]
			}
			section = strings.ToLower(name)
			line = strings.TrimSpace(line[end+1:])
			if line == "" {
				continue
			}
		}
		if section != "extensions" {
			continue
		}
		key, value, _ := strings.Cut(line, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		value = configValue(value)
		switch key {
		case "objectformat":
			ext.objectFormat = value
		case "refstorage":
			ext.refStorage = value
		}
	}
	return ext
}

// configValue strips a value's inline comment and quotes.
func configValue(v string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '#' || c == ';'):
			return strings.TrimSpace(b.String())
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// strconvQuote quotes a value from the repository for an error message.
func strconvQuote(s string) string { return strconv.QuoteToASCII(cut(s, 64)) }
