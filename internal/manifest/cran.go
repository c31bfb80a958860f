package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// dcfField is one field of a Debian Control File (the format of R's
// DESCRIPTION), with its value split into physical lines.
type dcfField struct {
	name  string
	line  int
	parts []linePart
}

// text returns the value with its lines joined by newlines.
func (f *dcfField) text() string {
	texts := make([]string, len(f.parts))
	for i, p := range f.parts {
		texts[i] = p.text
	}
	return strings.Join(texts, "\n")
}

// oneLine returns the value with whitespace runs collapsed to single spaces.
func (f *dcfField) oneLine() string {
	return strings.Join(strings.Fields(f.text()), " ")
}

// parseDCF reads "Field: value" lines and their indented continuation lines.
func parseDCF(b *builder, data []byte) ([]*dcfField, error) {
	var fields []*dcfField
	for i, line := range splitLines(data) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(fields) == 0 {
				return nil, b.errorf(i+1, "invalid DESCRIPTION: continuation line before the first field")
			}
			f := fields[len(fields)-1]
			f.parts = append(f.parts, linePart{strings.TrimSpace(line), i + 1})
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, b.errorf(i+1, "invalid DESCRIPTION: want \"Field: value\" or an indented continuation line")
		}
		fields = append(fields, &dcfField{name: name, line: i + 1, parts: []linePart{{strings.TrimSpace(value), i + 1}}})
	}
	return fields, nil
}

// rPackageEntry matches one entry of a DESCRIPTION dependency list:
// "dplyr (>= 1.0.0)".
var rPackageEntry = lazyregexp.New(`^([A-Za-z][A-Za-z0-9.]*)\s*(?:\(([^)]*)\))?`)

// parseDescription parses an R package DESCRIPTION: Depends (without R),
// Imports and LinkingTo, Suggests (Dev), License, Package as Name, and the
// authors: persons of Authors@R with an "aut" or "cph" role, or else the
// Author field.
func parseDescription(b *builder, data []byte) error {
	fields, err := parseDCF(b, data)
	if err != nil {
		return err
	}
	var authorField string
	hasAuthorsR := false
	for _, f := range fields {
		switch f.name {
		case "Package":
			b.setName(f.oneLine())
		case "License":
			b.addLicense(f.oneLine(), f.line)
		case "Depends", "Imports", "LinkingTo", "Suggests":
			addRDependencies(b, f, f.name == "Suggests")
		case "Authors@R":
			hasAuthorsR = true
			for _, name := range rPersons(f.text()) {
				b.addAuthor(name)
			}
		case "Author":
			authorField = f.oneLine()
		}
	}
	if !hasAuthorsR {
		b.addAuthor(authorField)
	}
	return nil
}

// addRDependencies adds the comma-separated entries of a dependency field,
// each on the line where its name is written.
func addRDependencies(b *builder, f *dcfField, dev bool) {
	for _, p := range f.parts {
		for _, entry := range strings.Split(p.text, ",") {
			m := rPackageEntry.FindStringSubmatch(strings.TrimSpace(entry))
			if m == nil || m[1] == "R" {
				continue
			}
			version := strings.Join(strings.Fields(m[2]), " ")
			b.addDep(Dep{Name: m[1], Version: version, Line: p.line, Dev: dev})
		}
	}
}

// rPersonArgs are the positional parameters of utils::person().
var rPersonArgs = []string{"given", "family", "middle", "email", "role", "comment"}

// rNamedArg matches `name = value` in an R call.
var rNamedArg = lazyregexp.New(`(?s)^\s*([A-Za-z][A-Za-z0-9._]*)\s*=([^=].*|)$`)

// rPersons returns "Given Family" for each person(...) call of an Authors@R
// expression whose roles include "aut" or "cph".
func rPersons(expr string) []string {
	var names []string
	for i := 0; i < len(expr); {
		j := strings.Index(expr[i:], "person(")
		if j < 0 {
			break
		}
		args, end := rCallArgs(expr, i+j+len("person("))
		i = end
		values := make(map[string][]string)
		positional := 0
		for _, arg := range args {
			key := ""
			if m := rNamedArg.FindStringSubmatch(arg); m != nil {
				key, arg = m[1], m[2]
				switch key {
				case "first":
					key = "given"
				case "last":
					key = "family"
				}
			} else if positional < len(rPersonArgs) {
				key = rPersonArgs[positional]
				positional++
			}
			values[key] = rStrings(arg)
		}
		roles := strings.Join(values["role"], " ")
		if !strings.Contains(roles, "aut") && !strings.Contains(roles, "cph") {
			continue
		}
		name := strings.TrimSpace(strings.Join(values["given"], " ") + " " + strings.Join(values["family"], " "))
		if name != "" {
			names = append(names, name)
		}
	}
	return names
}

// rCallArgs splits the arguments of an R call whose "(" ends just before
// start, and returns the index after its closing ")".
func rCallArgs(expr string, start int) ([]string, int) {
	var args []string
	depth, argStart := 1, start
	for i := start; i < len(expr); i++ {
		switch c := expr[i]; c {
		case '"', '\'':
			for i++; i < len(expr) && expr[i] != c; i++ {
				if expr[i] == '\\' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return append(args, expr[argStart:i]), i + 1
			}
		case ',':
			if depth == 1 {
				args = append(args, expr[argStart:i])
				argStart = i + 1
			}
		}
	}
	return append(args, expr[argStart:]), len(expr)
}

// rStringLiteral matches an R string literal.
var rStringLiteral = lazyregexp.New(`"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'`)

// rStrings returns the string literals of an R value ("x" or c("x", "y")).
func rStrings(value string) []string {
	var out []string
	for _, m := range rStringLiteral.FindAllStringSubmatch(value, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// parseRenvLock parses renv.lock: the "Packages" map of name → {"Package",
// "Version"}, and "License" where renv (1.1 and later) copies the package's
// DESCRIPTION fields. The lockfile does not say which packages are direct.
func parseRenvLock(b *builder, data []byte) error {
	root, err := parseJSONObject(b, data)
	if err != nil {
		return err
	}
	for _, m := range membersOf(root.Get("Packages")) {
		name := firstNonEmpty(m.Value.Get("Package").Str(), m.Key)
		b.addDep(Dep{Name: name, Version: m.Value.Get("Version").Str(), Line: m.Line, License: m.Value.Get("License").Str()})
	}
	return nil
}
