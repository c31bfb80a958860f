package manifest

import (
	"bytes"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// pep508Name matches the distribution name at the start of a PEP 508
// requirement.
var pep508Name = lazyregexp.New(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)

// parseRequirement parses a PEP 508 requirement such as
// `requests[security]>=2.8.1,<3 ; python_version < "3.8"` into its name and
// version specifier. Extras and environment markers are dropped; a direct
// reference (`name @ https://...`) has no version. ok is false for anything
// that is not a requirement by name (paths, URLs, archives, prose).
func parseRequirement(s string) (name, version string, ok bool) {
	s, _, _ = strings.Cut(s, ";")
	s = strings.TrimSpace(s)
	name = pep508Name.FindString(s)
	if name == "" || isArchiveName(name) {
		return "", "", false
	}
	rest := strings.TrimSpace(s[len(name):])
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", "", false
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	switch {
	case rest == "":
	case rest[0] == '@':
		// Direct reference: the URL is not a version.
	case rest[0] == '(':
		version = strings.TrimSpace(strings.TrimSuffix(rest[1:], ")"))
	case strings.IndexByte("<>=!~", rest[0]) >= 0:
		version = rest
	default:
		return "", "", false
	}
	return name, version, true
}

// isArchiveName reports whether a "name" is in fact a file name.
func isArchiveName(name string) bool {
	for _, ext := range []string{".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".egg"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return true
		}
	}
	return false
}

// isRequirementsFile reports whether a file is a pip requirements file:
// requirements*.txt, or any *.txt in a directory named "requirements".
func isRequirementsFile(dir, base string) bool {
	if !strings.HasSuffix(base, ".txt") {
		return false
	}
	return strings.HasPrefix(base, "requirements") || dir == "requirements"
}

// requirementsNameIsDev reports whether a requirements file name marks a
// development scope: requirements-dev.txt, requirements_test.txt,
// requirements/docs.txt and the like.
func requirementsNameIsDev(base string) bool {
	stem := strings.TrimPrefix(strings.TrimSuffix(base, ".txt"), "requirements")
	for _, word := range strings.FieldsFunc(stem, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		switch strings.ToLower(word) {
		case "dev", "develop", "development", "test", "tests", "testing", "doc", "docs", "lint":
			return true
		}
	}
	return false
}

// requirementsComment matches a pip comment: "#" at the start of a line or
// after whitespace.
var requirementsComment = lazyregexp.New(`(^|\s)#.*$`)

// parseRequirementsFile returns the parser for a pip requirements file. Its
// dependencies are Dev when the file name marks a development scope.
func parseRequirementsFile(base string) parseFunc {
	dev := requirementsNameIsDev(base)
	return func(b *builder, data []byte) error {
		lines := splitLines(data)
		for i := 0; i < len(lines) && !b.full(); i++ {
			start := i
			line := lines[i]
			if strings.HasSuffix(line, `\`) {
				// Join continuation lines without quadratic copying.
				var joined strings.Builder
				for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
					joined.WriteString(line[:len(line)-1])
					joined.WriteByte(' ')
					i++
					line = lines[i]
				}
				joined.WriteString(strings.TrimSuffix(line, `\`))
				line = joined.String()
			}
			line = strings.TrimSpace(requirementsComment.ReplaceAllString(line, ""))
			if line == "" || line[0] == '-' {
				continue // options: -r, -c, -e, --index-url, --hash ...
			}
			if i := strings.Index(line, " --"); i >= 0 {
				line = line[:i] // per-requirement options such as --hash
			}
			if name, version, ok := parseRequirement(line); ok {
				b.addDep(Dep{Name: name, Version: version, Line: start + 1, Dev: dev})
			}
		}
		return nil
	}
}

// iniEntry is one key of an INI file with its value split into physical
// lines (the first may be empty when the value starts on the next line).
type iniEntry struct {
	section string
	key     string
	line    int
	parts   []linePart
}

// linePart is a piece of text and the line it is on.
type linePart struct {
	text string
	line int
}

// parseINI reads setup.cfg-style INI content: [sections], "key = value" or
// "key: value", indented continuation lines, and full-line "#"/";" comments.
// Section names and keys are lower-cased, with "-" in keys read as "_".
func parseINI(data []byte) []*iniEntry {
	var entries []*iniEntry
	var cur *iniEntry
	section := ""
	for i, line := range splitLines(data) {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		if indentOf(line) > 0 && cur != nil {
			cur.parts = append(cur.parts, linePart{trimmed, i + 1})
			continue
		}
		cur = nil
		if trimmed[0] == '[' {
			section = strings.ToLower(strings.TrimSpace(strings.Trim(trimmed, "[]")))
			continue
		}
		sep := strings.IndexAny(trimmed, "=:")
		if sep <= 0 {
			continue
		}
		key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(trimmed[:sep])), "-", "_")
		cur = &iniEntry{section: section, key: key, line: i + 1}
		if v := strings.TrimSpace(trimmed[sep+1:]); v != "" {
			cur.parts = append(cur.parts, linePart{v, i + 1})
		}
		entries = append(entries, cur)
	}
	return entries
}

// text returns an INI value joined into one line.
func (e *iniEntry) text() string {
	texts := make([]string, len(e.parts))
	for i, p := range e.parts {
		texts[i] = p.text
	}
	return strings.Join(texts, " ")
}

// parseSetupCfg parses a setuptools setup.cfg: [metadata] name, license,
// author and licence classifiers; [options] install_requires and
// tests_require (Dev); [options.extras_require] (Dev).
func parseSetupCfg(b *builder, data []byte) error {
	for _, e := range parseINI(data) {
		switch e.section + "." + e.key {
		case "metadata.name":
			b.setName(e.text())
		case "metadata.license":
			b.addLicense(e.text(), e.line)
		case "metadata.author":
			b.addAuthor(e.text())
		case "metadata.classifiers":
			for _, p := range e.parts {
				if strings.HasPrefix(p.text, "License ::") {
					b.addLicense(p.text, p.line)
				}
			}
		case "options.install_requires":
			addRequirementParts(b, e.parts, false)
		case "options.tests_require":
			addRequirementParts(b, e.parts, true)
		default:
			if e.section == "options.extras_require" {
				addRequirementParts(b, e.parts, true)
			}
		}
	}
	return nil
}

// addRequirementParts adds one requirement per INI value line.
func addRequirementParts(b *builder, parts []linePart, dev bool) {
	for _, p := range parts {
		text := strings.TrimSpace(requirementsComment.ReplaceAllString(p.text, ""))
		if strings.HasPrefix(text, "file:") {
			continue // requirements read from another file
		}
		if name, version, ok := parseRequirement(text); ok {
			b.addDep(Dep{Name: name, Version: version, Line: p.line, Dev: dev})
		}
	}
}

// setupPyKeyword matches a string-valued keyword argument of setup().
var setupPyKeyword = lazyregexp.New(`\b(name|license|license_expression|author)\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// setupPyList matches the start of a literal list/dict keyword argument.
// A module-level CLASSIFIERS = [...] (passed as classifiers=CLASSIFIERS) is
// read as the classifiers.
var setupPyList = lazyregexp.New(`\b(install_requires|tests_require|extras_require|classifiers|CLASSIFIERS)\s*=\s*[\[\{(]`)

// parseSetupPy extracts from a setup.py, best effort and without executing
// it: string literals for name, license and author, and the list literals of
// install_requires, tests_require and extras_require (Dev), and licence
// classifiers. Values computed in Python are not seen.
func parseSetupPy(b *builder, data []byte) error {
	lines := newLineIndex(data)
	seen := make(map[string]bool)
	offset := 0
	for i, line := range strings.SplitAfter(string(data), "\n") {
		for _, m := range setupPyKeyword.FindAllStringSubmatch(line, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			switch value := m[2] + m[3]; m[1] {
			case "name":
				b.setName(value)
			case "license", "license_expression":
				b.addLicense(value, i+1)
			case "author":
				b.addAuthor(value)
			}
		}
		for _, m := range setupPyList.FindAllStringSubmatchIndex(line, -1) {
			keyword := strings.ToLower(line[m[2]:m[3]])
			if seen[keyword] {
				continue
			}
			seen[keyword] = true
			for _, s := range pyLiteralStrings(data, offset+m[1]-1, lines) {
				switch {
				case s.isKey:
				case keyword == "classifiers":
					if strings.HasPrefix(s.text, "License ::") {
						b.addLicense(s.text, s.line)
					}
				default:
					if name, version, ok := parseRequirement(s.text); ok {
						b.addDep(Dep{Name: name, Version: version, Line: s.line, Dev: keyword != "install_requires"})
					}
				}
			}
		}
		offset += len(line)
	}
	b.sortByLine()
	return nil
}

// pyString is a string literal found in Python source.
type pyString struct {
	text  string
	line  int
	isKey bool // followed by ":" (a dict key)
}

// maxPyLiteral bounds how far a list literal is scanned.
const maxPyLiteral = 1 << 20

// pyLiteralStrings returns the string literals inside the bracketed literal
// that starts at data[start] ("[", "{" or "("), stopping at its closing
// bracket. Comments are skipped; escapes are kept as written.
func pyLiteralStrings(data []byte, start int, lines *lineIndex) []pyString {
	var out []pyString
	depth := 0
	end := min(len(data), start+maxPyLiteral)
	for i := start; i < end; i++ {
		switch c := data[i]; c {
		case '#':
			for i < end && data[i] != '\n' {
				i++
			}
		case '[', '{', '(':
			depth++
		case ']', '}', ')':
			depth--
			if depth <= 0 {
				return out
			}
		case '"', '\'':
			quote := data[i : i+1]
			if i+2 < end && data[i+1] == c && data[i+2] == c {
				quote = data[i : i+3]
			}
			j := i + len(quote)
			for j < end && !bytes.HasPrefix(data[j:end], quote) {
				if data[j] == '\\' {
					j++
				}
				if len(quote) == 1 && j < end && data[j] == '\n' {
					break // unterminated
				}
				j++
			}
			s := pyString{text: string(data[min(i+len(quote), j):min(j, end)]), line: lines.line(i)}
			i = j + len(quote) - 1
			k := i + 1
			for k < end && (data[k] == ' ' || data[k] == '\t') {
				k++
			}
			s.isKey = k < end && data[k] == ':'
			out = append(out, s)
		}
	}
	return out
}
