package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DependencyUpdate is one ecosystem a dependency bot keeps up to date:
// "npm", "pip", "github-actions"; "all" for a Renovate configuration, which
// covers every package manager it finds unless told otherwise.
type DependencyUpdate struct {
	Path      string
	Line      int
	Ecosystem string
	Directory string // the folder Dependabot watches, "/" by default
}

// readDependencyBot reads a Dependabot or Renovate configuration for the
// ecosystems it covers.
func (b *builder) readDependencyBot(p string, size int64) {
	if size > capSmall {
		return
	}
	data, err := readCapped(b.fsys, p, capSmall)
	if err != nil {
		return
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	b.repo.DependencyUpdates = append(b.repo.DependencyUpdates, parseDependencyBot(p, data)...)
}

// parseDependencyBot lists the ecosystems of a dependabot.yml
// (updates[].package-ecosystem), or "all" for a Renovate file.
func parseDependencyBot(p string, data []byte) []DependencyUpdate {
	if !strings.HasPrefix(path.Base(p), "dependabot.") {
		if strings.Contains(string(data), "enabledManagers") {
			return []DependencyUpdate{{Path: p, Line: 1, Ecosystem: "some"}}
		}
		return []DependencyUpdate{{Path: p, Line: 1, Ecosystem: "all"}}
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	updates := mapValue(doc.Content[0], "updates")
	if updates == nil || updates.Kind != yaml.SequenceNode {
		return nil
	}
	var out []DependencyUpdate
	for _, u := range updates.Content[:min(len(updates.Content), 200)] {
		eco := mapValue(u, "package-ecosystem")
		if eco == nil || eco.Kind != yaml.ScalarNode {
			continue
		}
		d := DependencyUpdate{Path: p, Line: eco.Line, Ecosystem: strings.ToLower(eco.Value), Directory: "/"}
		if dir := mapValue(u, "directory"); dir != nil && dir.Kind == yaml.ScalarNode {
			d.Directory = dir.Value
		}
		out = append(out, d)
	}
	return out
}
