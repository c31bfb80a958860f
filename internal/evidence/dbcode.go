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

// specRouteOf finds what a product source file shows about the project's
// design, a route that serves a generated API description, and returns
// what records it (nil: nothing).
func specRouteOf(p string, data []byte, found textindex.Found) func(*builder) {
	locs := found.FindAllInLines(specRoute, data, 1)
	if len(locs) == 0 {
		return nil
	}
	l := SourceLine{Path: p, Line: bytes.Count(data[:locs[0][0]], []byte{'\n'}) + 1}
	return func(b *builder) {
		if len(b.repo.SpecRoutes) < maxSpecRoutes {
			b.repo.SpecRoutes = append(b.repo.SpecRoutes, l)
		}
	}
}

// liquibaseProcedure is a Liquibase change that creates a stored procedure.
var liquibaseProcedure = lazyregexp.New(`(?i)<createProcedure\b`)

// isChangelog reports whether an XML file is a Liquibase changelog.
func isChangelog(p string, data []byte) bool {
	return strings.EqualFold(path.Ext(p), ".xml") && bytes.Contains(data[:min(len(data), 4096)], []byte("databaseChangeLog"))
}

// changelogOf finds the triggers, procedures and functions a Liquibase
// XML changelog creates, in <sql> blocks or <createProcedure>, and returns
// what records them and the file.
func changelogOf(p string, data []byte) func(*builder) {
	objs := sqlObjectsOf(p, data)
	for _, m := range liquibaseProcedure.FindAllIndex(data, 20) {
		objs = append(objs, SQLObject{Path: p, Kind: "PROCEDURE", Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
	return func(b *builder) {
		b.repo.SQLFiles++
		b.repo.SQLObjects = append(b.repo.SQLObjects, objs...)
	}
}

// sqlObjectsOf returns the CREATE TRIGGER, PROCEDURE and FUNCTION
// statements of SQL text.
func sqlObjectsOf(p string, data []byte) []SQLObject {
	var out []SQLObject
	for _, m := range sqlObject.FindAllSubmatchIndex(data, 20) {
		out = append(out, SQLObject{Path: p, Kind: strings.ToUpper(string(data[m[2]:m[3]])),
			Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
	return out
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

// codeSQLObjectsOf finds the triggers, procedures and functions that a
// migration's code creates with raw SQL, and returns what records them.
func codeSQLObjectsOf(p string, data []byte) func(*builder) {
	if !migrationCode(p) {
		return nil
	}
	objs := sqlObjectsIn(data, 20)
	if len(objs) == 0 {
		return nil
	}
	for i := range objs {
		objs[i].Path = p
	}
	return func(b *builder) { b.repo.SQLObjects = append(b.repo.SQLObjects, objs...) }
}

// sqlObjectStatement is codeSQLObject from its "create" on, anchored.
var sqlObjectStatement = lazyregexp.New(`(?i)^create\s+(?:or\s+replace\s+)?(?:constraint\s+)?(trigger|procedure|function)\s+[\w."]+`)

// sqlObjectsIn returns the kinds and lines of the first max matches of
// codeSQLObject in data, as its FindAllSubmatchIndex would. The regexp has
// no literal to start from, and migrations (openeyes has 1,700) are long;
// here only each "create" is looked at: what comes before it on its line
// must start a match, and the statement is matched from there.
func sqlObjectsIn(data []byte, max int) []SQLObject {
	var out []SQLObject
	lower := make([]byte, len(data)) // ASCII folding keeps offsets
	for i, c := range data {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for at := 0; len(out) < max; {
		i := bytes.Index(lower[at:], []byte("create"))
		if i < 0 {
			break
		}
		i += at
		j := i
		for j > at && (data[j-1] == ' ' || data[j-1] == '\t') {
			j--
		}
		starts := j == 0 || data[j-1] == '\n' ||
			j-1 >= at && strings.IndexByte(`"'(`+"`", data[j-1]) >= 0 ||
			j-2 >= at && data[j-2] == '\\' && (data[j-1] == 'n' || data[j-1] == 'N')
		m := sqlObjectStatement.FindSubmatchIndex(data[i:])
		if !starts || m == nil {
			at = i + 1
			continue
		}
		out = append(out, SQLObject{Kind: strings.ToUpper(string(data[i+m[2] : i+m[3]])), Line: bytes.Count(data[:i], []byte{'\n'}) + 1})
		at = i + m[1]
	}
	return out
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
