// Package glob matches slash-separated repository paths against the patterns
// users write in .github/dpgcheck.yml: "**" for any number of directories, and
// path.Match syntax (*, ?, [...]) within one element. A pattern without a
// slash matches a name at any depth, as in .gitignore.
package glob

import (
	"fmt"
	"path"
	"strings"
)

// maxStars bounds "**" elements so that matching stays cheap on hostile input.
const maxStars = 8

// Pattern is a validated pattern.
type Pattern struct {
	parts    []string
	anywhere bool // no slash: match the last element of any path
}

// Compile validates a pattern. A trailing slash is ignored.
func Compile(p string) (Pattern, error) {
	p = strings.TrimSuffix(strings.TrimPrefix(p, "./"), "/")
	if p == "" {
		return Pattern{}, fmt.Errorf("empty pattern")
	}
	if strings.HasPrefix(p, "/") {
		p = strings.TrimPrefix(p, "/")
	}
	parts := strings.Split(p, "/")
	stars := 0
	for _, part := range parts {
		if part == "**" {
			stars++
			continue
		}
		if strings.Contains(part, "**") {
			return Pattern{}, fmt.Errorf("pattern %q: ** must be a whole path element, as in docs/**/*.md", p)
		}
		if _, err := path.Match(part, ""); err != nil {
			return Pattern{}, fmt.Errorf("pattern %q: %w", p, err)
		}
	}
	if stars > maxStars {
		return Pattern{}, fmt.Errorf("pattern %q: more than %d ** elements", p, maxStars)
	}
	return Pattern{parts: parts, anywhere: len(parts) == 1 && parts[0] != "**"}, nil
}

// Match reports whether name (a slash-separated path relative to the
// repository root) matches the pattern.
func (p Pattern) Match(name string) bool {
	if len(p.parts) == 0 {
		return false
	}
	elems := strings.Split(name, "/")
	if p.anywhere {
		ok, _ := path.Match(p.parts[0], elems[len(elems)-1])
		return ok
	}
	return match(p.parts, elems)
}

func match(pat, elems []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(elems); i++ {
				if match(pat[1:], elems[i:]) {
					return true
				}
			}
			return false
		}
		if len(elems) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], elems[0]); !ok {
			return false
		}
		pat, elems = pat[1:], elems[1:]
	}
	return len(elems) == 0
}

// String returns the pattern as compiled.
func (p Pattern) String() string { return strings.Join(p.parts, "/") }

// Set is a list of patterns; a path matches the set when it matches any.
type Set []Pattern

// Match reports whether name matches any pattern of s.
func (s Set) Match(name string) bool {
	for _, p := range s {
		if p.Match(name) {
			return true
		}
	}
	return false
}
