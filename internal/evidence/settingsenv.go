package evidence

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

// Settings files with one block per environment (Rails' config/*.yml,
// Symfony's and Laravel's per-environment YAML): the `default:`,
// `development:` and `test:` blocks hold values a developer's machine and
// the test suite use, and `production:` (and `staging:`) override the
// secrets from ENV or the framework's encrypted credentials. A secret in a
// development block that no production block ends up with is a development
// default, not a product secret.

// devEnvironments are blocks for development and tests; productionEnvironments
// are blocks a deployment runs with.
var (
	devEnvironments        = []string{"default", "defaults", "development", "dev", "test", "testing", "local", "ci"}
	productionEnvironments = []string{"production", "prod", "staging", "stage", "preprod"}
)

// asideDevDefault is why a secret in a development block does not count.
const asideDevDefault = "a development or test default: production and staging set it from the environment or credentials"

// erbTag is an ERB tag (<%= ENV.fetch("X") %>): Rails evaluates it before
// reading the YAML, and its inner quotes would break the YAML.
var erbTag = lazyregexp.New(`<%.*?%>`)

// erbValue marks where an ERB tag was: a value computed at run time.
const erbValue = "ERB"

// setAsideDevDefaults marks the secrets of a per-environment settings file
// that only development and test blocks hold.
func setAsideDevDefaults(p string, text []byte, secrets []Secret) {
	if len(secrets) == 0 || !settingsYAML(p) || !bytes.Contains(text, []byte("\nproduction:")) && !bytes.HasPrefix(text, []byte("production:")) {
		return
	}
	// Replace each ERB tag by a plain scalar of the same length, so that
	// lines and columns stay where they were.
	plain := erbTag.ReplaceAllFunc(text, func(m []byte) []byte {
		return []byte(erbValue + strings.Repeat("_", len(m)-len(erbValue)))
	})
	var doc yaml.Node
	if yaml.Unmarshal(plain, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := doc.Content[0]
	var dev, prod []*yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		name := strings.ToLower(root.Content[i].Value)
		switch {
		case slices.Contains(devEnvironments, name):
			dev = append(dev, root.Content[i+1])
		case slices.Contains(productionEnvironments, name):
			prod = append(prod, root.Content[i+1])
		}
	}
	if len(dev) == 0 || len(prod) == 0 {
		return
	}
	for i, s := range secrets {
		if s.Aside != "" || s.Line == 0 {
			continue
		}
		for _, block := range dev {
			keys, value := settingAt(block, s.Line, 0)
			if value == nil {
				continue
			}
			if !slices.ContainsFunc(prod, func(b *yaml.Node) bool { return resolveSetting(b, keys, 0) == value }) {
				secrets[i].Aside = asideDevDefault
			}
			break
		}
	}
}

// settingsYAML reports a YAML settings file.
func settingsYAML(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yml", ".yaml":
		return true
	}
	return false
}

// maxSettingDepth bounds the nesting followed in a settings file.
const maxSettingDepth = 8

// settingAt finds the setting written on a line of a block (its own keys,
// not merged ones): the key path and the value node.
func settingAt(block *yaml.Node, line, depth int) ([]string, *yaml.Node) {
	if block == nil || block.Kind != yaml.MappingNode || depth > maxSettingDepth {
		return nil, nil
	}
	for i := 0; i+1 < len(block.Content); i += 2 {
		k, v := block.Content[i], block.Content[i+1]
		if k.Value == "<<" {
			continue
		}
		if k.Line == line && v.Kind == yaml.ScalarNode || v.Kind == yaml.ScalarNode && v.Line == line {
			return []string{k.Value}, v
		}
		if keys, value := settingAt(v, line, depth+1); value != nil {
			return append([]string{k.Value}, keys...), value
		}
	}
	return nil, nil
}

// resolveSetting finds the value a block ends up with for a key path: its
// own keys first, then those of the blocks it merges (`<<: *default`), as
// YAML merges them (shallowly: a nested mapping of its own replaces the
// merged one).
func resolveSetting(block *yaml.Node, keys []string, depth int) *yaml.Node {
	if block != nil && block.Kind == yaml.AliasNode {
		block = block.Alias
	}
	if block == nil || block.Kind != yaml.MappingNode || len(keys) == 0 || depth > maxSettingDepth {
		return nil
	}
	var merged []*yaml.Node
	for i := 0; i+1 < len(block.Content); i += 2 {
		k, v := block.Content[i], block.Content[i+1]
		switch {
		case k.Value == "<<":
			if v.Kind == yaml.SequenceNode {
				merged = append(merged, v.Content...)
			} else {
				merged = append(merged, v)
			}
		case k.Value == keys[0]:
			if v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			if len(keys) == 1 {
				return v
			}
			return resolveSetting(v, keys[1:], depth+1)
		}
	}
	for _, m := range merged {
		if v := resolveSetting(m, keys, depth+1); v != nil {
			return v
		}
	}
	return nil
}
