package evidence

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// An environment template (.env.example, env.sample) that explains its
// variables in comments ("# REQUIRED: minimum variables needed to run the
// application") documents them for an operator. A bare list of names does
// not: it says neither what a variable does nor whether it is required.

// EnvTemplate is a commented environment template and the variables it
// names, set or commented out.
type EnvTemplate struct {
	Path  string
	Names []Named
}

// capEnvTemplate bounds the bytes of an environment template read.
const capEnvTemplate = 256 << 10

// minTemplateComments is how many comment lines make a template explain
// its variables.
const minTemplateComments = 3

var envTemplateLine = lazyregexp.New(`^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=`)

// isEnvTemplate reports an environment template by its base name:
// .env.example, .env.sample, .env.template, .env.dist, env.example,
// env.sample, example.env.
func isEnvTemplate(base string) bool {
	b := strings.ToLower(base)
	if !strings.Contains(b, "env") {
		return false
	}
	for _, t := range []string{"example", "sample", "template", "dist"} {
		if b == ".env."+t || b == "env."+t || b == t+".env" || strings.HasPrefix(b, ".env."+t+".") || strings.HasSuffix(b, ".env."+t) {
			return true
		}
	}
	return false
}

// parseEnvTemplate returns the variables of a template that explains them
// in comments, or nil when it has too few comments to be documentation.
func parseEnvTemplate(text string) []Named {
	var names []Named
	comments := 0
	for i, line := range strings.Split(text, "\n") {
		if m := envTemplateLine.FindStringSubmatch(line); m != nil {
			if len(names) < 2000 {
				names = append(names, Named{Name: m[1], Line: i + 1})
			}
			continue
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") && len(strings.Fields(t)) > 2 {
			comments++
		}
	}
	if comments < minTemplateComments {
		return nil
	}
	return names
}

// visitEnvTemplate reads an environment template.
func (b *builder) visitEnvTemplate(p string, size int64) {
	if size > capEnvTemplate {
		return
	}
	data, err := readCapped(b.fsys, p, capEnvTemplate)
	if err != nil {
		return
	}
	text, ok := decodeText(data)
	if !ok {
		return
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if names := parseEnvTemplate(text); len(names) > 0 && len(b.repo.EnvTemplates) < 50 {
		b.repo.EnvTemplates = append(b.repo.EnvTemplates, EnvTemplate{Path: p, Names: names})
	}
}
