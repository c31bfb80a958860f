package manifest

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

var (
	// gradleCall matches a statement that starts with an identifier (a
	// dependency configuration such as implementation) and its arguments.
	gradleCall = lazyregexp.New(`^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:\(|\s)(.*)$`)
	// gradleQuoted matches a Groovy or Kotlin string literal.
	gradleQuoted = lazyregexp.New(`"([^"\\]*)"|'([^'\\]*)'`)
	// gradleMapNotation matches group: 'g', name: 'a', version: 'v' (Groovy)
	// and group = "g", name = "a", version = "v" (Kotlin).
	gradleMapNotation = lazyregexp.New(`\bgroup\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']*)["'])?`)
	// gradleKotlinModule matches kotlin("stdlib") and kotlin("stdlib", "1.9.0").
	gradleKotlinModule = lazyregexp.New(`\bkotlin\(\s*"([^"]+)"(?:\s*,\s*"([^"]*)")?\s*\)`)
	// gradleLineComment matches a // comment (not the // of a URL).
	gradleLineComment = lazyregexp.New(`(^|\s)//.*$`)
)

// gradleConfigurationSuffixes end the names of dependency configurations
// (lower-cased): implementation, testImplementation, api, compileOnly, ...
var gradleConfigurationSuffixes = []string{
	"implementation", "api", "compileonly", "compileonlyapi", "runtimeonly",
	"compile", "runtime", "annotationprocessor", "developmentonly",
}

// isGradleConfiguration reports whether name is a dependency configuration.
func isGradleConfiguration(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "kapt") || strings.HasPrefix(lower, "ksp") {
		return true
	}
	for _, s := range gradleConfigurationSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// parseGradle parses build.gradle and build.gradle.kts best effort, line by
// line: a statement starting with a dependency configuration and giving
// string notation ("g:a:v", also inside platform(...)), map notation or
// kotlin("x"). Test configurations are Dev. Version catalog references
// (libs.x) and project(...) dependencies are not resolved and not reported.
func parseGradle(b *builder, data []byte) error {
	inBlockComment := false
	for i, line := range splitLines(data) {
		if b.full() {
			break
		}
		if inBlockComment {
			end := strings.Index(line, "*/")
			if end < 0 {
				continue
			}
			inBlockComment = false
			line = line[end+2:]
		}
		if start := strings.Index(line, "/*"); start >= 0 {
			if end := strings.Index(line[start:], "*/"); end >= 0 {
				line = line[:start] + " " + line[start+end+2:]
			} else {
				inBlockComment = true
				line = line[:start]
			}
		}
		if strings.Contains(line, "//") {
			line = gradleLineComment.ReplaceAllString(line, "")
		}
		m := gradleCall.FindStringSubmatch(line)
		if m == nil || !isGradleConfiguration(m[1]) {
			continue
		}
		dev := strings.Contains(strings.ToLower(m[1]), "test")
		args := m[2]
		add := func(name, version string) {
			b.addDep(Dep{Name: name, Version: version, Line: i + 1, Dev: dev})
		}
		if mm := gradleMapNotation.FindStringSubmatch(args); mm != nil {
			add(mm[1]+":"+mm[2], mm[3])
			continue
		}
		for _, km := range gradleKotlinModule.FindAllStringSubmatch(args, -1) {
			add("org.jetbrains.kotlin:kotlin-"+km[1], km[2])
		}
		for _, q := range gradleQuoted.FindAllStringSubmatch(args, -1) {
			if name, version, ok := gradleCoordinates(q[1] + q[2]); ok {
				add(name, version)
			}
		}
	}
	return nil
}

// gradleCoordinates splits "group:artifact[:version[:classifier]][@ext]".
func gradleCoordinates(s string) (name, version string, ok bool) {
	s, _, _ = strings.Cut(s, "@")
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 4 {
		return "", "", false
	}
	for _, p := range parts[:2] {
		if p == "" || strings.ContainsAny(p, " \t/\\") {
			return "", "", false
		}
	}
	if len(parts) >= 3 {
		version = parts[2]
	}
	return parts[0] + ":" + parts[1], version, true
}

// parseGradleLockfile parses gradle.lockfile lines "group:artifact:version=
// configurations". Entries locked only for test configurations are Dev.
func parseGradleLockfile(b *builder, data []byte) error {
	for i, line := range splitLines(data) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		coords, configs, ok := strings.Cut(line, "=")
		if !ok || coords == "empty" {
			continue
		}
		name, version, ok := gradleCoordinates(coords)
		if !ok {
			continue
		}
		dev := configs != ""
		for _, c := range strings.Split(configs, ",") {
			if !strings.Contains(strings.ToLower(c), "test") {
				dev = false
			}
		}
		b.addDep(Dep{Name: name, Version: version, Line: i + 1, Dev: dev})
	}
	return nil
}
