package rules

import (
	"fmt"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A stateless web front end (a single-page application built into static
// files that a web server serves) keeps no data and offers no API of its
// own: it calls another system's API, which holds the data. Backups, an
// OpenAPI description and a published data model belong to that system.

// staticServerImage is a web server image that serves files.
var staticServerImage = lazyregexp.New(`(?i)(^|/)(nginx|nginx-unprivileged|httpd|caddy|lighttpd)(:|@|$)`)

// serverDep is a dependency that runs server code: a Node web framework, a
// server-side rendering framework, a database client.
var serverDep = lazyregexp.New(`^(express|fastify|koa|@nestjs/core|@hapi/hapi|hapi|restify|@loopback/core|loopback|sails|next|nuxt|@sveltejs/kit|@remix-run/node|@remix-run/server-runtime|socket\.io|json-server|@apollo/server|apollo-server|graphql-yoga|hono|h3|nitropack|@angular/ssr|@nguniversal/express-engine|@angular/platform-server)$`)

// stateImage is a service image that keeps state.
var stateImage = lazyregexp.New(`(?i)(^|/)(postgres|postgis|mysql|mariadb|mongo|mssql|oracle|cockroach|couchdb|timescale|redis|valkey|memcached|minio|elasticsearch|opensearch|solr|kafka|rabbitmq|influxdb|cassandra|neo4j|clickhouse|etcd|keycloak)`)

// frontendLanguages are the languages of browser code and its build.
var frontendLanguages = map[string]bool{"JavaScript": true, "TypeScript": true, "Shell": true, "Vue": true, "Svelte": true}

// statelessFrontend says why the repository is a stateless web front end,
// with the Dockerfile that shows it, or "" when it is not one: every
// product image serves files from a web server image, nothing runs or
// talks to a database, no server framework, no API description, no source
// outside browser languages, nothing in compose or Kubernetes that keeps
// state.
func statelessFrontend(r *evidence.Repo) (string, report.Evidence) {
	images := productDockerfiles(r)
	if len(images) == 0 || len(r.APISpecs) > 0 || usesDatabase(r) || len(depMatching(r, serverDep)) > 0 {
		return "", report.Evidence{}
	}
	for lang, n := range r.Languages {
		if n > 0 && !frontendLanguages[lang] {
			return "", report.Evidence{}
		}
	}
	var server string
	var at report.Evidence
	for _, d := range images {
		base, chain, ok := d.FinalImage()
		if !ok || !staticServerImage.MatchString(base.Ref) || !copiesFiles(chain[len(chain)-1]) {
			return "", report.Evidence{}
		}
		if server == "" {
			server, at = base.Ref, report.At(d.Path, chain[len(chain)-1].Line)
		}
	}
	for _, c := range r.Compose {
		for _, s := range c.Services {
			if stateImage.MatchString(s.Image) || len(s.Volumes) > 0 {
				return "", report.Evidence{}
			}
		}
	}
	for _, m := range r.K8s {
		if m.Kind == "StatefulSet" || m.Kind == "PersistentVolumeClaim" {
			return "", report.Evidence{}
		}
	}
	for _, h := range r.HelmCharts {
		for _, img := range h.Images {
			if stateImage.MatchString(img.Ref) {
				return "", report.Evidence{}
			}
		}
	}
	return fmt.Sprintf("a stateless web front end: its image serves built files from %s (%s), and the repository runs no database, volume, server framework or API of its own", server, at), at
}

// copiesFiles reports a stage that copies files in (the built application).
func copiesFiles(st evidence.Stage) bool {
	for _, ins := range st.Instructions {
		if ins.Cmd == "COPY" || ins.Cmd == "ADD" {
			return true
		}
	}
	return false
}

// unlessStatelessFrontend makes a requirement about the data or API a
// system keeps not applicable to a stateless front end, saying what it
// belongs to instead.
func unlessStatelessFrontend(belongs string, check func(*Input) Result) func(*Input) Result {
	return func(in *Input) Result {
		if why, at := statelessFrontend(in.Repo); why != "" {
			return notApplicable(why+"; "+belongs, at)
		}
		return check(in)
	}
}
