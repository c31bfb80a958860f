package manifest

import (
	"strconv"
	"strings"
)

// parseGoMod parses a go.mod: the module path as Name and the require
// directives (single-line and block forms), with "// indirect" requirements
// marked Indirect. replace, exclude, retract and tool directives do not add
// dependencies.
func parseGoMod(b *builder, data []byte) error {
	block := "" // the directive of the enclosing ( ... ) block
	blockLine := 0
	for i, raw := range splitLines(data) {
		line := i + 1
		code, comment, _ := strings.Cut(raw, "//")
		fields := strings.Fields(code)
		if len(fields) == 0 {
			continue
		}
		if block != "" {
			if fields[0] == ")" {
				block = ""
				continue
			}
			if block == "require" {
				if err := addGoRequire(b, fields, comment, line); err != nil {
					return err
				}
			}
			continue
		}
		verb, args := fields[0], fields[1:]
		if len(args) >= 1 && args[0] == "(" {
			if len(args) == 2 && args[1] == ")" {
				continue // an empty block on one line
			}
			if len(args) > 1 {
				return b.errorf(line, "invalid go.mod: unexpected %q after %s (", args[1], verb)
			}
			block, blockLine = verb, line
			continue
		}
		switch verb {
		case "module":
			if len(args) != 1 {
				return b.errorf(line, "invalid go.mod: usage: module module/path")
			}
			b.setName(goModPath(args[0]))
		case "require":
			if err := addGoRequire(b, args, comment, line); err != nil {
				return err
			}
		}
	}
	if block != "" {
		return b.errorf(blockLine, "invalid go.mod: %s block is not closed", block)
	}
	return nil
}

// addGoRequire adds one requirement "path version [// indirect]".
func addGoRequire(b *builder, fields []string, comment string, line int) error {
	if len(fields) != 2 {
		return b.errorf(line, "invalid go.mod: usage: require module/path v1.2.3")
	}
	b.addDep(Dep{
		Name:     goModPath(fields[0]),
		Version:  fields[1],
		Line:     line,
		Indirect: isIndirectComment(comment),
	})
	return nil
}

// isIndirectComment reports whether a go.mod line comment marks an indirect
// requirement ("// indirect" or "// indirect; reason").
func isIndirectComment(comment string) bool {
	comment = strings.TrimSpace(comment)
	return comment == "indirect" || strings.HasPrefix(comment, "indirect;")
}

// goModPath removes the quotes of a quoted module path.
func goModPath(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '`') {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}

// parseGoSum parses go.sum lines "module version hash". Lines for a module's
// go.mod file alone ("version/go.mod") are skipped: they record the module
// graph, not code that is built.
func parseGoSum(b *builder, data []byte) error {
	for i, raw := range splitLines(data) {
		fields := strings.Fields(raw)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			return b.errorf(i+1, "invalid go.sum: want \"module version hash\", got %d fields", len(fields))
		}
		if strings.HasSuffix(fields[1], "/go.mod") {
			continue
		}
		b.addDep(Dep{Name: fields[0], Version: fields[1], Line: i + 1})
	}
	return nil
}
