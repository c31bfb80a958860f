package evidence

import (
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// notForProduction is what a folder's README says, near its top, when the
// container setup in the folder is not the product's deployment: "strictly
// meant for testing and development purposes", "not meant for production
// use", "should never be used in a production environment".
var notForProduction = lazyregexp.New(`(?i)\b(?:meant|intended|designed|made)\s+(?:only\s+|solely\s+)?for\s+(?:local\s+)?(?:testing|development|demo|demonstration)(?:\s+(?:and|or|&)\s+(?:testing|development|demo\w*))?\s+(?:purposes|use|only|environments?)\b` +
	`|\bnot\s+(?:meant|intended|suitable|recommended|designed|supported|ready)\s+(?:to\s+be\s+used\s+)?(?:for|in)\s+(?:a\s+|any\s+)?production\b` +
	`|\b(?:do\s+not|don't|never|must\s+not|should\s+not|should\s+never)\s+(?:be\s+)?(?:use[ds]?|deploy(?:ed)?|run)\b[^.\n]{0,40}?\bin\s+(?:a\s+|any\s+)?production\b` +
	`|\bfor\s+(?:testing|development|demo)\s+purposes\s+only\b`)

// readmeHeadLines is how far into a README the statement must be: a
// "do not use in production" deep in a long guide is about one step.
const readmeHeadLines = 25

// setAsideNonProduction sets aside the container and orchestration files of
// folders whose README says they are not for production (a development or
// test image, a demo stack). The README stays documentation.
func (b *builder) setAsideNonProduction() {
	var dirs []string
	for _, d := range b.repo.Docs {
		dir := path.Dir(d.Path)
		if dir == "." || !strings.HasPrefix(strings.ToUpper(path.Base(d.Path)), "README") {
			continue
		}
		if b.opts.Product != nil && b.opts.Product(dir) {
			continue
		}
		head := d.Prose
		if lines := strings.SplitN(head, "\n", readmeHeadLines+1); len(lines) > readmeHeadLines {
			head = strings.Join(lines[:readmeHeadLines], "\n")
		}
		if notForProduction.MatchString(head) {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) == 0 {
		return
	}
	under := func(p string) string {
		for _, d := range dirs {
			if strings.HasPrefix(p, d+"/") {
				return d
			}
		}
		return ""
	}
	const why = "not for production (its README says so)"
	aside := func(p string, k kind) bool {
		d := under(p)
		if d == "" {
			return false
		}
		b.setAside(d, why, k)
		if i := slices.Index(b.repo.Files, p); i >= 0 {
			b.repo.Files = slices.Delete(b.repo.Files, i, i+1)
			b.repo.AsideFiles = append(b.repo.AsideFiles, p)
		}
		return true
	}
	b.repo.Dockerfiles = slices.DeleteFunc(b.repo.Dockerfiles, func(d *Dockerfile) bool { return aside(d.Path, kindDockerfile) })
	b.repo.Compose = slices.DeleteFunc(b.repo.Compose, func(c *ComposeFile) bool { return aside(c.Path, kindCompose) })
	done := map[string]bool{}
	b.repo.K8s = slices.DeleteFunc(b.repo.K8s, func(m *K8sManifest) bool {
		if under(m.Path) == "" {
			return false
		}
		if !done[m.Path] {
			done[m.Path] = true
			aside(m.Path, kindStructured)
		}
		return true
	})
	for dir := range b.chartDirs {
		if aside(dir+"/Chart.yaml", kindHelmChart) {
			delete(b.chartDirs, dir)
		}
	}
	// A password in a development image's build arguments is not the
	// product's committed secret.
	b.repo.Secrets = slices.DeleteFunc(b.repo.Secrets, func(s Secret) bool { return under(s.Path) != "" })
}
