package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

var (
	// gemfileGem matches `gem "name"` and `gem("name"` with the rest of the line.
	gemfileGem = lazyregexp.New(`^\s*gem\s*\(?\s*(?:"([^"]+)"|'([^']+)')(.*)$`)
	// gemfileGroup matches `group :development, :test do`.
	gemfileGroup = lazyregexp.New(`^\s*group\b(.*)\bdo\b`)
	// rubyBlockKeyword matches statements that open a block closed by "end".
	rubyBlockKeyword = lazyregexp.New(`^\s*(?:if|unless|case|begin|while|until|for|def|class|module)\b`)
	// rubyDoBlock matches a line ending in `do` or `do |x|`.
	rubyDoBlock = lazyregexp.New(`\bdo\s*(?:\|[^|]*\|)?\s*$`)
	// rubyEnd matches a line that closes a block.
	rubyEnd = lazyregexp.New(`^\s*end\b`)
	// rubyEndsWithEnd matches one-line blocks (`if x then y end`).
	rubyEndsWithEnd = lazyregexp.New(`\bend\s*$`)
	// gemfileInlineGroup matches `group: :test`, `groups: [:development, :test]`
	// and `:group => :test`.
	gemfileInlineGroup = lazyregexp.New(`(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|"[^"]*"|'[^']*')`)
	// rubySymbolOrString matches :name, "name" and 'name'.
	rubySymbolOrString = lazyregexp.New(`:(\w+)|"([^"]*)"|'([^']*)'`)
	// rubyStringLiteral matches a whole argument that is a string literal.
	rubyStringLiteral = lazyregexp.New(`^(?:"([^"]*)"|'([^']*)')$`)
	// rubyComment matches a # comment that is not string interpolation.
	rubyComment = lazyregexp.New(`(^|\s)#[^{].*$|(^|\s)#$`)
)

// stripRubyComment removes a trailing # comment from a line.
func stripRubyComment(line string) string {
	if !strings.Contains(line, "#") {
		return line // the common case, without running the regexp
	}
	return rubyComment.ReplaceAllString(line, "")
}

// isDevGroupList reports whether every group named in a list such as
// `:development, :test` is a development or test group.
func isDevGroupList(list string) bool {
	found := false
	for _, m := range rubySymbolOrString.FindAllStringSubmatch(list, -1) {
		group := strings.ToLower(m[1] + m[2] + m[3])
		if !strings.Contains(group, "dev") && !strings.Contains(group, "test") {
			return false
		}
		found = true
	}
	return found
}

// parseGemfile parses a Bundler Gemfile line by line: `gem "name", "~> 1.0",
// ">= 1.0.1"` (constraints joined with ", "). Gems inside `group :development,
// :test do ... end` blocks or with a `group: :test` option are Dev. Nested
// blocks are tracked by do/if/unless.../end keywords.
func parseGemfile(b *builder, data []byte) error {
	var blocks []bool // for each open block: is it a development group?
	for i, line := range splitLines(data) {
		if b.full() {
			break
		}
		line = stripRubyComment(line)
		if strings.TrimSpace(line) == "" {
			continue
		}
		if rubyEnd.MatchString(line) {
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
			continue
		}
		if m := gemfileGem.FindStringSubmatch(line); m != nil {
			dev := false
			for _, d := range blocks {
				dev = dev || d
			}
			if g := gemfileInlineGroup.FindStringSubmatch(m[3]); g != nil {
				dev = dev || isDevGroupList(g[1])
			}
			b.addDep(Dep{Name: m[1] + m[2], Version: rubyLeadingStrings(m[3]), Line: i + 1, Dev: dev})
			continue
		}
		if m := gemfileGroup.FindStringSubmatch(line); m != nil {
			blocks = append(blocks, isDevGroupList(m[1]))
			continue
		}
		if rubyDoBlock.MatchString(line) || (rubyBlockKeyword.MatchString(line) && !rubyEndsWithEnd.MatchString(line)) {
			if len(blocks) < maxNesting {
				blocks = append(blocks, false)
			}
		}
	}
	return nil
}

// rubyLeadingStrings joins the string-literal arguments that follow the gem
// name (its version constraints), stopping at the first keyword option.
func rubyLeadingStrings(rest string) string {
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ")"))
	var versions []string
	for _, arg := range strings.Split(rest, ",") {
		arg = strings.TrimSpace(arg)
		if arg == "" {
			continue
		}
		m := rubyStringLiteral.FindStringSubmatch(arg)
		if m == nil {
			break
		}
		versions = append(versions, m[1]+m[2])
	}
	return strings.Join(versions, ", ")
}

var (
	// gemspecDependency matches spec.add_dependency / add_runtime_dependency /
	// add_development_dependency with the gem name as a string or %q<...>.
	gemspecDependency = lazyregexp.New(`\.add_(runtime_|development_)?dependency\s*\(?\s*(?:"([^"]+)"|'([^']+)'|%q[<({\[]([^>)}\]]+)[>)}\]])(.*)$`)
	// gemspecAttribute matches spec.name = ..., spec.license(s) = ...,
	// spec.author(s) = ...
	gemspecAttribute = lazyregexp.New(`^\s*\w+\.(name|licenses?|authors?)\s*=\s*(.*)$`)
	// rubyStringValues matches "x", 'x' and %q<x>.
	rubyStringValues = lazyregexp.New(`"([^"]*)"|'([^']*)'|%q[<({\[]([^>)}\]]*)[>)}\]]`)
	// rubyWordArray matches %w[a b] and %w(a b).
	rubyWordArray = lazyregexp.New(`%w[\[({<]([^\])}>]*)[\])}>]`)
)

// maxRubyArrayLines bounds how many lines an array value may span.
const maxRubyArrayLines = 100

// parseGemspec parses a *.gemspec best effort, line by line:
// add_dependency/add_runtime_dependency and add_development_dependency (Dev),
// name, license/licenses and author/authors (string, array or %w[] values,
// arrays may span lines).
func parseGemspec(b *builder, data []byte) error {
	lines := splitLines(data)
	for i := 0; i < len(lines) && !b.full(); i++ {
		line := stripRubyComment(lines[i])
		if m := gemspecDependency.FindStringSubmatch(line); m != nil {
			var versions []string
			for _, v := range rubyStringValues.FindAllStringSubmatch(m[5], -1) {
				versions = append(versions, v[1]+v[2]+v[3])
			}
			b.addDep(Dep{
				Name:    m[2] + m[3] + m[4],
				Version: strings.Join(versions, ", "),
				Line:    i + 1,
				Dev:     m[1] == "development_",
			})
			continue
		}
		m := gemspecAttribute.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		value, first := m[2], i
		// An array literal may continue on the following lines; those lines
		// are consumed (also when no "]" ends the array within the bound).
		if strings.Contains(value, "[") && !strings.Contains(value, "]") {
			var sb strings.Builder
			sb.WriteString(value)
			for j := i + 1; j < len(lines) && j <= first+maxRubyArrayLines; j++ {
				sb.WriteByte(' ')
				sb.WriteString(stripRubyComment(lines[j]))
				i = j
				if strings.Contains(lines[j], "]") {
					break
				}
			}
			value = sb.String()
		}
		values := rubyStrings(value)
		switch m[1] {
		case "name":
			if len(values) > 0 {
				b.setName(values[0])
			}
		case "license", "licenses":
			for _, v := range values {
				b.addLicense(v, first+1)
			}
		case "author", "authors":
			for _, v := range values {
				b.addAuthor(v)
			}
		}
	}
	return nil
}

// rubyStrings returns the string literals of a Ruby value, including the
// words of %w[] arrays.
func rubyStrings(value string) []string {
	var out []string
	for _, w := range rubyWordArray.FindAllStringSubmatch(value, -1) {
		out = append(out, strings.Fields(w[1])...)
	}
	for _, v := range rubyStringValues.FindAllStringSubmatch(value, -1) {
		out = append(out, v[1]+v[2]+v[3])
	}
	return out
}

var (
	// gemfileLockSpec matches a resolved gem: four spaces, `name (version)`.
	gemfileLockSpec = lazyregexp.New(`^    ([^\s(]+) \(([^)]*)\)\s*$`)
	// gemfileLockDependency matches a direct dependency: two spaces, `name`,
	// optional constraints and an optional "!" (from a git or path source).
	gemfileLockDependency = lazyregexp.New(`^  ([^\s(!]+)`)
)

// parseGemfileLock parses a Gemfile.lock: the resolved gems of the GEM and
// GIT sections (PATH sections are the project's own gems), marked Indirect
// unless listed under DEPENDENCIES.
func parseGemfileLock(b *builder, data []byte) error {
	type spec struct {
		name, version string
		line          int
	}
	var specs []spec
	direct := make(map[string]bool)
	section := ""
	for i, line := range splitLines(data) {
		if line == "" {
			continue
		}
		if line[0] != ' ' {
			section = strings.TrimSpace(line)
			continue
		}
		switch section {
		case "GEM", "GIT":
			if m := gemfileLockSpec.FindStringSubmatch(line); m != nil && len(specs) < maxDeps {
				specs = append(specs, spec{m[1], m[2], i + 1})
			}
		case "DEPENDENCIES":
			if m := gemfileLockDependency.FindStringSubmatch(line); m != nil {
				direct[m[1]] = true
			}
		}
	}
	for _, s := range specs {
		b.addDep(Dep{Name: s.name, Version: s.version, Line: s.line, Indirect: len(direct) > 0 && !direct[s.name]})
	}
	return nil
}
