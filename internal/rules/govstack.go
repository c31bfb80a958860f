package rules

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// manual is the result for a criterion that only a person or a running
// system can judge: it asks for review and says what evidence the standard
// expects; an attestation makes it pass.
func manual(in *Input) Result {
	c := in.criterion
	if succ, ok := in.Catalog.Lookup(c.Maps); ok && c.Maps != "" {
		// A 23Q4 rule has no classifiers of its own: its successor's apply.
		c.Observability, c.Evidence = cmp.Or(c.Observability, succ.Observability), cmp.Or(c.Evidence, succ.Evidence)
	}
	msg := "a repository cannot show this; a reviewer needs evidence"
	if c.Observability == "OBSERVABLE" {
		msg = "a running system shows this, not the repository; a reviewer needs evidence"
	}
	r := Result{Outcome: report.NeedsReview, Message: msg}
	if c.Evidence != "" {
		r.Details = []string{"evidence expected: " + c.Evidence}
	}
	r.Remediation = c.Remediation
	if !tellsToAttest(r.Remediation) {
		r.Remediation = strings.TrimSpace(r.Remediation + " " + attestHint(c.ID))
	}
	return r
}

// withEvidence is reviewer, plus what the repository does show.
func withEvidence(found func(*Input) []report.Evidence, what string) func(*Input) Result {
	return func(in *Input) Result {
		r := manual(in)
		if ev := found(in); len(ev) > 0 {
			r.Evidence = ev
			r.Message = what + " found; " + r.Message
		}
		return r
	}
}

// openAPIs returns the OpenAPI and Swagger documents that parsed.
func openAPIs(r *evidence.Repo) []*evidence.APISpec {
	var out []*evidence.APISpec
	for _, s := range r.APISpecs {
		if s.Doc != nil {
			out = append(out, s)
		}
	}
	return out
}

// filesMatching returns product files whose path matches re, at most max.
func filesMatching(r *evidence.Repo, re *lazyregexp.Regexp, max int) []report.Evidence {
	return pathsIn(r.Files, re, max)
}

// testFilesMatching is filesMatching over the whole tree, tests, mocks and
// examples included: what the rules about testing look for.
func testFilesMatching(r *evidence.Repo, re *lazyregexp.Regexp, max int) []report.Evidence {
	out := pathsIn(r.AsideFiles, re, max)
	return append(out, pathsIn(r.Files, re, max-len(out))...)
}

func pathsIn(files []string, re *lazyregexp.Regexp, max int) []report.Evidence {
	var out []report.Evidence
	if max <= 0 {
		return nil
	}
	may := textindex.FilterOf(re.String())
	for _, f := range files {
		if may.May(f) && re.MatchString(f) {
			out = append(out, report.At(f, 0))
			if len(out) >= max {
				break
			}
		}
	}
	return out
}

// ciMatching returns CI configurations whose text matches p, with the line.
func ciMatching(r *evidence.Repo, p *textindex.Pattern) []report.Evidence {
	var out []report.Evidence
	ix := texts(r)
	for _, c := range r.CI {
		if loc := ix.FindStringIndex(c.Text, p); loc != nil {
			out = append(out, report.At(c.Path, strings.Count(c.Text[:loc[0]], "\n")+1))
		}
	}
	return out
}

// docsMatching returns documentation hits as evidence.
func docsMatching(r *evidence.Repo, re *textindex.Pattern, max int) []report.Evidence {
	var out []report.Evidence
	for _, h := range searchDocs(r, re, max) {
		out = append(out, h.at())
	}
	return out
}

func depMatching(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	if p, line, ok := findDep(r, re); ok {
		return []report.Evidence{report.At(p, line)}
	}
	return nil
}

var uiFile = lazyregexp.New(`(?i)\.(html?|vue|svelte|jsx|tsx|css|scss)$`)
var uiDep = lazyregexp.New(`^(react|react-dom|vue|@angular/core|svelte|next|nuxt|@sveltejs/kit|solid-js|preact|ember-source)$`)

// hasUI reports whether the project has a user interface: web pages,
// components or a front-end framework.
func hasUI(r *evidence.Repo) bool {
	if len(depMatching(r, uiDep)) > 0 {
		return true
	}
	for _, f := range r.Files {
		if uiFile.MatchString(f) && !strings.HasPrefix(f, "docs/") && !apiDocPage.MatchString(f) {
			return true
		}
	}
	return false
}

// apiDocPage is an API documentation page served by a backend (Swagger UI,
// ReDoc), not a user interface.
var apiDocPage = lazyregexp.New(`(?i)(^|/)[^/]*(swagger|redoc|rapidoc|api-?docs?)[^/]*\.html?$`)

var dbImage = lazyregexp.New(`(?i)(^|/)(postgres|postgis|mysql|mariadb|mongo|mongodb|mssql|oracle|cockroach|couchdb|timescale)`)
var dbDep = lazyregexp.New(`(?i)^(pg|postgres|mysql2?|mongodb|mongoose|sequelize|typeorm|prisma|@prisma/client|knex|psycopg2(-binary)?|psycopg|sqlalchemy|django|pymongo|gorm\.io/gorm|github\.com/lib/pq|github\.com/jackc/pgx(/v\d+)?|org\.postgresql:postgresql|mysql:mysql-connector-java|com\.mysql:mysql-connector-j|org\.hibernate.*|org\.springframework\.boot:spring-boot-starter-data-jpa|activerecord|ecto_sql|npgsql|Microsoft\.EntityFrameworkCore.*)$`)

// usesDatabase reports whether the project runs or talks to a database.
func usesDatabase(r *evidence.Repo) bool {
	for _, img := range imagesOf(r) {
		if dbImage.MatchString(img.ref) {
			return true
		}
	}
	return len(depMatching(r, dbDep)) > 0 || r.SQLFiles > 0
}

// imagesOf lists container images of Dockerfiles, compose and Helm.
func imagesOf(r *evidence.Repo) []imageUse {
	return projectImages(&Input{Repo: r})
}

// composeService is a compose service and the file it is in.
type composeService struct {
	file string
	svc  evidence.Service
}

// composeServices returns every compose service with its file.
func composeServices(r *evidence.Repo) []composeService {
	var out []composeService
	for _, c := range r.Compose {
		for _, s := range c.Services {
			out = append(out, composeService{c.Path, s})
		}
	}
	return out
}

// notApplicable is a Result for criteria that do not apply.
func notApplicable(msg string, ev ...report.Evidence) Result {
	return Result{Outcome: report.NotApplicable, Message: msg, Evidence: ev}
}

func passWith(msg string, ev []report.Evidence, details ...string) Result {
	return Result{Outcome: report.Pass, Message: msg, Evidence: ev[:min(len(ev), 8)], Details: details}
}

func failWith(msg string, ev []report.Evidence, details ...string) Result {
	return Result{Outcome: report.Fail, Message: msg, Evidence: ev[:min(len(ev), 8)], Details: details}
}

func reviewWith(msg string, ev []report.Evidence, details ...string) Result {
	return Result{Outcome: report.NeedsReview, Message: msg, Evidence: ev[:min(len(ev), 8)], Details: details}
}

// specLine is evidence at a line of an API description.
func specLine(s *evidence.APISpec, line int) report.Evidence { return report.At(s.Path, line) }

// names lists up to n names.
func names(items []string, n int) string {
	return listUpTo(slices.Compact(slices.Sorted(slices.Values(items))), n)
}

// directDepMatching returns where the product declares, in a manifest, a
// direct runtime dependency whose name matches re. A lockfile lists what
// other packages pull in, `// indirect` and development dependencies do not
// ship: none of them is the project adopting a library.
func directDepMatching(r *evidence.Repo, re *lazyregexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind != manifest.Manifest {
			continue
		}
		for _, d := range m.Deps {
			if !d.Dev && !d.Indirect && re.MatchString(d.Name) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}
