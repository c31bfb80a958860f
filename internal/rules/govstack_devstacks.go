package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// A compose file that starts a developer's local environment is not the
// product's deployment: the passwords it writes for a local database are
// development defaults. It shows itself by what it runs (a development
// server with live reload), by its name
// (docker-compose.dev.yml, local/) or by what the documentation says of it
// ("For development, if you need a local DHIS2 server, use
// docker/docker-compose-dhis2.yml"; "sormas-cargoserver: setup for a local
// dev server").

// devServerCommand is a command that runs a development server: Django's
// runserver, webpack's dev server, npm/yarn dev scripts, live reload.
var devServerCommand = lazyregexp.New(`(?i)\bstart_dev\b|\brunserver\b|\b(npm|pnpm|yarn)( run)? (dev|serve|start:dev|watch)\b|webpack|\bnodemon\b|\bng serve\b|\bflask run\b|--reload\b|\brails s(erver)?\b|\bquarkus:dev\b|\bbootRun\b|\b(jetty|cargo|spring-boot):run\b|\bvite\s*$`)

// devName is a file or folder name token of a development setup.
var devName = map[string]bool{"dev": true, "develop": true, "development": true, "local": true, "devcontainer": true}

// devSetupText says a file or folder is a development setup.
var devSetupText = lazyregexp.New(`(?i)\bfor (local )?development\b|\blocal (dev|development)\b|\bdev(elopment)? (server|setup|environment|stack|instance)\b|\bdevelopment purposes\b`)

// developmentStacks maps the compose files that are local development
// stacks to why.
func developmentStacks(r *evidence.Repo) map[string]string {
	out := map[string]string{}
	for _, c := range r.Compose {
		if why := developmentStack(r, c); why != "" {
			out[c.Path] = why
		}
	}
	return out
}

// developmentStack says why the compose file c is a local development
// stack rather than a deployment of the product, or "" when it is not.
func developmentStack(r *evidence.Repo, c *evidence.ComposeFile) string {
	for _, s := range c.Services {
		if m := devServerCommand.FindString(s.Command); m != "" && productService(s) {
			return fmt.Sprintf("service %s runs a development server (%q)", s.Name, m)
		}
	}
	for _, tok := range strings.FieldsFunc(strings.ToLower(strings.TrimSuffix(c.Path, path.Ext(c.Path))), func(r rune) bool {
		return r == '/' || r == '-' || r == '_' || r == '.'
	}) {
		if devName[tok] {
			return "its name says development (" + c.Path + ")"
		}
	}
	if at := docSaysDevelopment(r, c.Path); at != "" {
		return "the documentation calls it a development setup (" + at + ")"
	}
	return ""
}

// docSaysDevelopment finds a documentation line that names the compose
// file (or its folder) as a development setup, and returns where.
func docSaysDevelopment(r *evidence.Repo, file string) string {
	names := []string{file}
	if dir := path.Dir(file); dir != "." {
		names = append(names, dir)
	} else {
		return "" // the root folder is everything
	}
	for _, d := range r.Docs {
		if !projectReference(d) || !devSetupText.MatchString(d.Prose) {
			continue
		}
		for i, line := range strings.Split(d.Text, "\n") {
			if !devSetupText.MatchString(line) {
				continue
			}
			if namesPath(line, file) || len(names) > 1 && namesFolder(line, names[1]) {
				return fmt.Sprintf("%s:%d", d.Path, i+1)
			}
		}
	}
	return ""
}

// namesPath reports whether line names p as a whole path, not as part of a
// longer one.
func namesPath(line, p string) bool {
	for i := 0; ; {
		j := strings.Index(line[i:], p)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(p)
		before := j == 0 || !pathChar(line[j-1])
		after := end == len(line) || !pathChar(line[end]) || line[end] == '.' && (end+1 == len(line) || line[end+1] == ' ')
		if before && after {
			return true
		}
		i = end
	}
}

// namesFolder reports whether line names the folder dir: by a name no
// English word has (sormas-cargoserver, docker/dev), or followed by a
// slash ("docker/"): "via docker compose" does not name docker/.
func namesFolder(line, dir string) bool {
	if strings.ContainsAny(dir, "-_/.0123456789") {
		return namesPath(line, dir)
	}
	for i := 0; ; {
		j := strings.Index(line[i:], dir+"/")
		if j < 0 {
			return false
		}
		if j += i; j == 0 || !pathChar(line[j-1]) {
			return true
		}
		i = j + len(dir)
	}
}

func pathChar(b byte) bool {
	return b == '/' || b == '-' || b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
