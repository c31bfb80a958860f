package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// maxSpecRoutes bounds the source lines recorded as serving an API
// description.
const maxSpecRoutes = 20

// specRoute is a route, in a string literal, that serves an API
// description generated at run time: "/<ns>/<version>/swagger.json",
// "/openapi.yaml", "/v3/api-docs".
var specRoute = fileWords.MustCompile("(?i)[\"'`][^\"'`\\s]{0,200}/(swagger|openapi)\\.(json|ya?ml)[\"'`]|[\"'`]/(v[23]/)?api-docs[\"'`/]")

// sourceSignals records what a product source file shows about the
// project's design: routes that serve a generated API description.
func (b *builder) sourceSignals(p string, data []byte, found textindex.Found) {
	if len(b.repo.SpecRoutes) >= maxSpecRoutes {
		return
	}
	if locs := found.FindAllInLines(specRoute, data, 1); len(locs) > 0 {
		b.repo.SpecRoutes = append(b.repo.SpecRoutes, SourceLine{Path: p, Line: bytes.Count(data[:locs[0][0]], []byte{'\n'}) + 1})
	}
}

// liquibaseProcedure is a Liquibase change that creates a stored procedure.
var liquibaseProcedure = lazyregexp.New(`(?i)<createProcedure\b`)

// isChangelog reports whether an XML file is a Liquibase changelog.
func isChangelog(p string, data []byte) bool {
	return strings.EqualFold(path.Ext(p), ".xml") && bytes.Contains(data[:min(len(data), 4096)], []byte("databaseChangeLog"))
}

// visitChangelog records the triggers, procedures and functions a
// Liquibase XML changelog creates, in <sql> blocks or <createProcedure>.
func (b *builder) visitChangelog(p string, data []byte) {
	b.repo.SQLFiles++
	b.sqlObjects(p, data)
	for _, m := range liquibaseProcedure.FindAllIndex(data, 20) {
		b.repo.SQLObjects = append(b.repo.SQLObjects, SQLObject{Path: p, Kind: "PROCEDURE", Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
}

// sqlObjects records the CREATE TRIGGER, PROCEDURE and FUNCTION statements
// of SQL text.
func (b *builder) sqlObjects(p string, data []byte) {
	for _, m := range sqlObject.FindAllSubmatchIndex(data, 20) {
		b.repo.SQLObjects = append(b.repo.SQLObjects, SQLObject{Path: p, Kind: strings.ToUpper(string(data[m[2]:m[3]])),
			Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
}

// codeSQLObject is a CREATE TRIGGER, PROCEDURE or FUNCTION statement in a
// string of migration code (Django's migrations.RunSQL, Alembic's
// op.execute, Rails' execute): at a line start, after an escaped newline or
// right after the opening quote.
var codeSQLObject = lazyregexp.New(`(?im)(?:^|\\n|["'(]|` + "`" + `)[ \t]*create\s+(?:or\s+replace\s+)?(?:constraint\s+)?(trigger|procedure|function)\s+[\w."]+`)

// migrationCode reports a source file of a migrations folder (Django,
// Alembic, Rails, Knex, Sequelize), where SQL is run from code.
func migrationCode(p string) bool {
	for _, dir := range strings.Split(path.Dir(p), "/") {
		switch strings.ToLower(dir) {
		case "migrations", "migrate", "alembic", "versions":
			return true
		}
	}
	return false
}

// codeSQLObjects records the triggers, procedures and functions that a
// migration's code creates with raw SQL.
func (b *builder) codeSQLObjects(p string, data []byte) {
	if !migrationCode(p) || !bytes.Contains(bytes.ToLower(data), []byte("create")) {
		return
	}
	for _, m := range codeSQLObject.FindAllSubmatchIndex(data, 20) {
		b.repo.SQLObjects = append(b.repo.SQLObjects, SQLObject{Path: p, Kind: strings.ToUpper(string(data[m[2]:m[3]])),
			Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
}

// blankSQL reports whether SQL text holds no statement: empty, or only
// whitespace and comments.
func blankSQL(data []byte) bool {
	for line := range bytes.SplitSeq(data, []byte{'\n'}) {
		t := bytes.TrimSpace(line)
		if len(t) > 0 && !bytes.HasPrefix(t, []byte("--")) {
			return false
		}
	}
	return true
}
