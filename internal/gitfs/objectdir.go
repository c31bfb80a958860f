package gitfs

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// objectDir is one objects directory: the repository's own or an alternate.
// Its packs are listed when first needed.
type objectDir struct {
	path string

	listOnce sync.Once
	packs    []*packFile
	listErr  error
}

func newObjectDir(path string) *objectDir { return &objectDir{path: path} }

// packList returns the packs of objects/pack that have both an .idx and a
// .pack file, in name order.
func (d *objectDir) packList() ([]*packFile, error) {
	d.listOnce.Do(func() {
		dir := filepath.Join(d.path, "pack")
		entries, err := os.ReadDir(dir)
		if err != nil {
			if !os.IsNotExist(err) {
				d.listErr = err
			}
			return
		}
		for _, e := range entries {
			base, ok := strings.CutSuffix(e.Name(), ".idx")
			if !ok || !strings.HasPrefix(base, "pack-") || !e.Type().IsRegular() {
				continue
			}
			packPath := filepath.Join(dir, base+".pack")
			if st, err := os.Stat(packPath); err != nil || !st.Mode().IsRegular() {
				continue // an index whose pack is gone
			}
			d.packs = append(d.packs, newPackFile(filepath.Join(dir, e.Name()), packPath))
		}
	})
	return d.packs, d.listErr
}

// loosePath returns where the loose object h would be stored.
func (d *objectDir) loosePath(h Hash) string {
	s := h.String()
	return filepath.Join(d.path, s[:2], s[2:])
}

// close closes the pack files that were opened.
func (d *objectDir) close() error {
	var first error
	for _, p := range d.packs {
		if err := p.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// readAlternates returns the existing object directories listed in
// objects/info/alternates, one level deep: an alternate's own alternates are
// not followed. Relative paths are relative to the objects directory, as in
// git; comments, blank lines, duplicates and missing directories are skipped.
func readAlternates(objects string) []string {
	data, err := readSmallFile(filepath.Join(objects, "info", "alternates"), maxConfigSize)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '"' {
			unq, err := strconv.Unquote(line)
			if err != nil {
				continue
			}
			line = unq
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(objects, line)
		}
		line = filepath.Clean(line)
		if line == filepath.Clean(objects) || slices.Contains(out, line) {
			continue
		}
		if st, err := os.Stat(line); err != nil || !st.IsDir() {
			continue
		}
		out = append(out, line)
		if len(out) == maxAlternates {
			break
		}
	}
	return out
}
