package evidence

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// A folder whose own README says its contents are for development or
// testing only ("strictly meant for testing and development", "never be
// used in a production environment") holds no deployment of the product: its
// Dockerfiles, compose files, Kubernetes manifests and secrets are set aside
// once the walk has read the README. Names cannot tell (Docker/securityserver
// is such a folder).
var devOnlyStatement = regexp.MustCompile(`(?i)(only|strictly|solely|exclusively) (meant |intended |to be used |used )?(for )?(local )?(testing|development|dev|demo)|(should|must) never be used in (a )?production|not (meant |intended |suitable )?for (use in )?production|for (local )?(development|testing) purposes only`)

// setAsideDevFolders applies what folder READMEs say about their folder.
func (b *builder) setAsideDevFolders() {
	var dirs []string
	for _, d := range b.repo.Docs {
		dir := path.Dir(d.Path)
		if dir == "." || stem(d.Path) != "README" {
			continue
		}
		head := d.Prose[:min(len(d.Prose), 4000)]
		if devOnlyStatement.MatchString(head) {
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
	r := b.repo
	r.Dockerfiles = slices.DeleteFunc(r.Dockerfiles, func(x *Dockerfile) bool { return b.asideAfterWalk(under(x.Path), x.Path, kindDockerfile) })
	r.Compose = slices.DeleteFunc(r.Compose, func(x *ComposeFile) bool { return b.asideAfterWalk(under(x.Path), x.Path, kindCompose) })
	r.K8s = slices.DeleteFunc(r.K8s, func(x *K8sManifest) bool { return b.asideAfterWalk(under(x.Path), x.Path, kindStructured) })
	r.Secrets = slices.DeleteFunc(r.Secrets, func(x Secret) bool { return under(x.Path) != "" })
}

// asideAfterWalk records a file of a development-only folder as set aside,
// and reports whether it is one.
func (b *builder) asideAfterWalk(dir, p string, k kind) bool {
	if dir == "" {
		return false
	}
	b.setAside(dir, "development or testing only, as its README says", k)
	b.repo.AsideFiles = append(b.repo.AsideFiles, p)
	return true
}
