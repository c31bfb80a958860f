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
var devSetupText = docWords.MustCompile(`(?i)\bfor (local )?development\b|\blocal (dev|development)\b|\bdev(elopment)? (server|setup|environment|stack|instance)\b|\bdevelopment purposes\b`)

// developmentStacks maps the compose files that are local development
// stacks to why.
func developmentStacks(r *evidence.Repo) map[string]string {
	out := map[string]string{}
	var said []docLine // read once, for the first compose file that asks
	saidRead := false
	docSays := func() []docLine {
		if !saidRead {
			said, saidRead = devSetupLines(r), true
		}
		return said
	}
	for _, c := range r.Compose {
		if why := developmentStack(c, docSays); why != "" {
			out[c.Path] = why
		}
	}
	return out
}

// developmentStack says why the compose file c is a local development
// stack rather than a deployment of the product, or "" when it is not.
func developmentStack(c *evidence.ComposeFile, docSays func() []docLine) string {
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
	if at := docSaysDevelopment(docSays, c.Path); at != "" {
		return "the documentation calls it a development setup (" + at + ")"
	}
	return ""
}

// devSetupLines returns, in order, the lines of the project's reference
// documents that call something a development setup.
func devSetupLines(r *evidence.Repo) []docLine {
	var out []docLine
	ix := texts(r)
	for _, d := range r.Docs {
		if !projectReference(d) || !ix.MatchString(d.Prose, devSetupText) {
			continue
		}
		for i, line := range strings.Split(d.Text, "\n") {
			if devSetupText.Regexp().MatchString(line) {
				out = append(out, docLine{doc: d, line: i + 1, text: line})
			}
		}
	}
	return out
}

// docSaysDevelopment finds a documentation line that names the compose
// file (or its folder) as a development setup, and returns where.
func docSaysDevelopment(docSays func() []docLine, file string) string {
	dir := path.Dir(file)
	if dir == "." {
		return "" // the root folder is everything
	}
	for _, l := range docSays() {
		if namesPath(l.text, file) || namesFolder(l.text, dir) {
			return fmt.Sprintf("%s:%d", l.doc.Path, l.line)
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
