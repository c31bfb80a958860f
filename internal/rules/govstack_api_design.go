package rules

import (
	"fmt"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var sessionDep = lazyregexp.New(`(?i)^(express-session|cookie-session|koa-session|flask-session|django-session-timeout|connect-redis|connect-mongo|spring-session-core|org\.springframework\.session:.*|github\.com/gorilla/sessions|github\.com/alexedwards/scs(/v\d+)?)$`)

// architecture#req-4: stateless APIs. Server-side session libraries tie a
// client to one instance.
func statelessAPIs(in *Input) Result {
	if ev := depMatching(in.Repo, sessionDep); len(ev) > 0 {
		return reviewWith("a server-side session library is a dependency; confirm session state lives in a shared store or a token, not in the instance", ev)
	}
	return manual(in)
}

var verbInPath = lazyregexp.New(`/(get|create|update|delete|remove|add|fetch|insert|modify|set)([A-Z_-][^/]*)?(/|$)`)

// architecture#req-7: REST API design guidelines parts 2-7: resource paths
// without verbs, documented error responses.
func restGuidelines(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return manual(in)
	}
	var bad []report.Evidence
	var problems []string
	for _, s := range specs {
		for _, op := range s.Doc.Operations {
			if m := verbInPath.FindString(op.Path); m != "" {
				bad = append(bad, specLine(s, op.Line))
				problems = append(problems, fmt.Sprintf("%s %s (%s:%d) puts a verb in the path; name the resource and let the method say the action", op.Method, op.Path, s.Path, op.Line))
			}
			if !hasErrorResponse(op.Responses) {
				bad = append(bad, specLine(s, op.Line))
				problems = append(problems, fmt.Sprintf("%s %s (%s:%d) documents no 4xx or default error response", op.Method, op.Path, s.Path, op.Line))
			}
		}
	}
	if len(problems) > 0 {
		return failWith(problems[0], bad, problems...)
	}
	r := manual(in)
	r.Message = "paths name resources and every operation documents its errors; the rest of parts 2-7 (pagination, filtering, HATEOAS) needs a reviewer"
	return r
}

func hasErrorResponse(rs []openapi.Response) bool {
	for _, r := range rs {
		if strings.HasPrefix(r.Code, "4") || strings.EqualFold(r.Code, "4XX") || r.Code == "default" {
			return true
		}
	}
	return false
}

var uiDir = lazyregexp.New(`(?i)^(frontend|client|web|webapp|ui|app-ui|portal)/`)
var serviceDir = lazyregexp.New(`(?i)^(backend|server|api|service|services)/`)

// architecture#req-8: the user interface and the service logic are separate.
func separatedUI(in *Input) Result {
	r := in.Repo
	if !hasUI(r) {
		return notApplicable("no user interface found")
	}
	ui, svc := filesMatching(r, uiDir, 1), filesMatching(r, serviceDir, 1)
	if len(ui) > 0 && len(svc) > 0 {
		return reviewWith("the user interface and the service sit in separate trees; confirm the interface reaches the service only through its API", append(ui, svc...))
	}
	return manual(in)
}

// specGeneratorDep is a library that generates an API description from the
// code and serves it at run time.
var specGeneratorDep = lazyregexp.New(`(?i)springdoc|springfox|drf-yasg|drf-spectacular|swagger-jsdoc|swaggo/swag|^fastapi$|@nestjs/swagger|swashbuckle|nswag|flasgger|^apispec$|rswag|l5-swagger|zircote/swagger-php|swagger-ui-express|^tsoa$|trpc-to-openapi|trpc-openapi|@fastify/swagger|hapi-swagger|express-openapi|flask-smorest|flask-restx|connexion|django-ninja|quarkus-smallrye-openapi|microprofile-openapi`)

// generatedSpecEvidence returns what shows that the project's API
// description is generated from code or served at run time: a generator
// library among the direct dependencies, or a route that serves it.
func generatedSpecEvidence(r *evidence.Repo) []report.Evidence {
	ev := directDepMatching(r, specGeneratorDep)
	for _, l := range r.SpecRoutes[:min(len(r.SpecRoutes), 3)] {
		ev = append(ev, report.At(l.Path, l.Line))
	}
	return ev
}
