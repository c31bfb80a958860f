package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var charsetParam = lazyregexp.New(`(?i);\s*charset=([^;\s]+)`)

// data#1: text is Unicode (UTF-8).
func unicodeText(in *Input) Result {
	r := in.Repo
	var bad []report.Evidence
	var items []string
	for _, p := range r.InvalidText {
		bad = append(bad, report.At(p, 0))
		items = append(items, p+" is not valid UTF-8")
	}
	eachMediaType(r, func(s *evidence.APISpec, mt openapi.MediaType) {
		if m := charsetParam.FindStringSubmatch(mt.Type); m != nil && !strings.EqualFold(strings.Trim(m[1], `"`), "utf-8") {
			bad = append(bad, specLine(s, mt.Line))
			items = append(items, fmt.Sprintf("%s:%d declares %s", s.Path, mt.Line, mt.Type))
		}
	})
	if len(items) > 0 {
		return failWith(listUpTo(items, 2), bad, items...)
	}
	r2 := manual(in)
	r2.Message = "the repository's text files are UTF-8 and no API declares another charset; the database and runtime encodings need a reviewer"
	return r2
}

// eachMediaType calls fn for every request and response media type of every
// parsed API description.
func eachMediaType(r *evidence.Repo, fn func(*evidence.APISpec, openapi.MediaType)) {
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Content {
					fn(s, mt)
				}
			}
			for _, resp := range op.Responses {
				for _, mt := range resp.Content {
					fn(s, mt)
				}
			}
		}
	}
}

var standardMedia = lazyregexp.New(`(?i)^(application/([\w.+-]+\+)?(json|xml)|application/(x-ndjson|jsonl?|geo\+json|ld\+json|problem\+json|x-www-form-urlencoded|octet-stream|pdf|zip|gzip|yaml|x-yaml|cbor|protobuf|x-protobuf|vnd\.openxmlformats[\w.-]*|vnd\.oasis\.opendocument[\w.-]*|vnd\.ms-excel|jwt|jose|cloudevents\+json|fhir\+(json|xml)|dicom)|text/[\w.+-]+|multipart/[\w.+-]+|image/[\w.+-]+|audio/[\w.+-]+|video/[\w.+-]+|font/[\w.+-]+)$`)
var proprietaryMedia = lazyregexp.New(`(?i)java-serialized|pickle|x-php-serialized|x-python-serialize|x-ruby-marshal|x-dotnet-binary|x-kryo`)

// data#3: standard data formats (JSON by default) for inputs and outputs.
func standardFormats(in *Input) Result {
	if len(openAPIs(in.Repo)) == 0 {
		return manual(in)
	}
	var bad, review, jsonEv []report.Evidence
	var badItems, reviewItems []string
	eachMediaType(in.Repo, func(s *evidence.APISpec, mt openapi.MediaType) {
		base := strings.TrimSpace(strings.SplitN(mt.Type, ";", 2)[0])
		at := specLine(s, mt.Line)
		switch {
		case proprietaryMedia.MatchString(base):
			bad = append(bad, at)
			badItems = append(badItems, fmt.Sprintf("%s:%d uses %s, a language-native serialization", s.Path, mt.Line, base))
		case strings.Contains(strings.ToLower(base), "json"):
			jsonEv = append(jsonEv, at)
		case base == "*/*":
			review = append(review, at)
			reviewItems = append(reviewItems, fmt.Sprintf("%s:%d declares */* (what a generator writes when the code names no media type)", s.Path, mt.Line))
		case !standardMedia.MatchString(base):
			review = append(review, at)
			reviewItems = append(reviewItems, fmt.Sprintf("%s:%d declares %s", s.Path, mt.Line, base))
		}
	})
	switch {
	case len(badItems) > 0:
		return failWith(badItems[0], bad, badItems...)
	case len(reviewItems) > 0:
		return reviewWith("media types that are not registered standard formats: "+listUpTo(reviewItems, 2)+"; confirm standard tooling can parse them", review, reviewItems...)
	case len(jsonEv) > 0:
		return passWith("the API exchanges JSON and other standard media types", jsonEv)
	}
	r := manual(in)
	r.Message = "the API descriptions declare no request or response media types; " + r.Message
	return r
}

var gdprDocs = docWords.MustCompile(`(?i)\bGDPR\b|data[- ]protection|privacy (policy|notice|statement)|data subject|right to (erasure|be forgotten|access)|\bDPIA\b`)

// data#4: GDPR-compatible data protection.
func dataProtection(in *Input) Result {
	if r, ok := noPersonalData(in); ok {
		return r
	}
	return withEvidence(func(in *Input) []report.Evidence {
		return docsMatching(in.Repo, gdprDocs, 3)
	}, "data-protection documentation")(in)
}

// noPersonalData is the not-applicable result when the configuration says
// the project handles no personal data.
func noPersonalData(in *Input) (Result, bool) {
	if h := in.Config.Handles; declaredFalse(h.PII, h.Keys, "pii") {
		return notApplicable("the project handles no personal data (configuration)", in.configAt(in.Config.Handles.Keys["pii"].Line)), true
	}
	return Result{}, false
}

// validationFramework is a library whose job is validating input against
// declared constraints (annotations, schemas in code, serializers: a
// Django REST Framework serializer validates every request it reads).
var validationFramework = lazyregexp.New(`(?i)^(djangorestframework|webargs|joi|@hapi/joi|zod|yup|class-validator|express-validator|celebrate|@sinclair/typebox|valibot|superstruct|pydantic|marshmallow|cerberus|voluptuous|github\.com/go-playground/validator(/v\d+)?|github\.com/go-ozzo/ozzo-validation(/v\d+)?|org\.hibernate\.validator:hibernate-validator|org\.hibernate:hibernate-validator|jakarta\.validation:jakarta\.validation-api|javax\.validation:validation-api|org\.springframework\.boot:spring-boot-starter-validation|fluentvalidation|dry-validation|dry-schema|ecto)$`)

// schemaLibrary is a JSON Schema library: it may validate input, or
// generate or check documents; the code shows which.
var schemaLibrary = lazyregexp.New(`(?i)^(ajv|jsonschema|fastjsonschema|jsonschema-rs|json-schema|json_schemer|com\.networknt:json-schema-validator|com\.github\.java-json-tools:json-schema-validator|github\.com/santhosh-tekuri/jsonschema(/v\d+)?|github\.com/xeipuuli/gojsonschema|newtonsoft\.json\.schema|njsonschema)$`)

// data#5: input is validated against declared constraints. What counts is
// what the API accepts: constraints on request bodies and parameters, or a
// validation framework; an enum in a response says nothing about input.
func dataValidation(in *Input) Result {
	r := in.Repo
	var constrained, enums []report.Evidence
	bodies := 0
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			if op.RequestBody != nil {
				bodies++
			}
			eachRequestSchema(op, func(sc *openapi.Schema) {
				switch {
				case len(sc.Required) > 0 || sc.Pattern != "" || sc.MaxLength != nil:
					constrained = append(constrained, schemaAt(s, sc, sc.Line))
				case sc.Enum:
					enums = append(enums, schemaAt(s, sc, sc.Line))
				}
			})
		}
	}
	constrained = slices.CompactFunc(constrained, func(a, b report.Evidence) bool { return a == b })
	libs := serverValidationLibs(r, validationFramework)
	switch {
	case len(constrained) == 0 && len(libs) == 0 && len(enums) > 0:
		// An enum mirrors a type of the code (a generated description writes
		// one for every Java enum); alone it does not show validation.
		return reviewWith(fmt.Sprintf("the request schemas declare only enums (%s), no required field, pattern or length; show that received data is validated", plural(len(enums), "enum")), enums)
	case len(constrained) > 0:
		return passWith(fmt.Sprintf("the API's request schemas declare constraints (required, pattern, maxLength) in %s", plural(len(constrained), "schema")),
			append(constrained[:min(len(constrained), 4)], libs...), "that the service enforces them on create and update needs a test or a reviewer")
	case len(libs) > 0:
		return passWith("input is validated with a validation framework the project depends on", libs, "the constraints live in code; publishing them as JSON Schema or OpenAPI makes them reviewable")
	}
	if schemaLibs := directDepMatching(r, schemaLibrary); len(schemaLibs) > 0 {
		return reviewWith("a JSON Schema library is a dependency, but nothing shows it validates input (it may generate or check documents); show where received data is validated", schemaLibs)
	}
	if bodies > 0 {
		return failWith(fmt.Sprintf("the API accepts %s but its request schemas declare no constraint (required, enum, pattern, maxLength) and no validation framework is a dependency", plural(bodies, "request body")), nil)
	}
	return manual(in)
}

// eachRequestSchema calls fn for every schema of what an operation
// accepts: its parameters and request body, nested schemas included.
func eachRequestSchema(op *openapi.Operation, fn func(*openapi.Schema)) {
	seen := map[*openapi.Schema]bool{}
	var walk func(*openapi.Schema, int)
	walk = func(sc *openapi.Schema, depth int) {
		if sc == nil || seen[sc] || depth > 32 {
			return
		}
		seen[sc] = true
		fn(sc)
		for _, p := range sc.Properties {
			walk(p.Schema, depth+1)
		}
		walk(sc.Items, depth+1)
		for _, group := range [][]*openapi.Schema{sc.AllOf, sc.OneOf, sc.AnyOf} {
			for _, m := range group {
				walk(m, depth+1)
			}
		}
	}
	for _, p := range op.Parameters {
		walk(p.Schema, 0)
	}
	if op.RequestBody != nil {
		for _, mt := range op.RequestBody.Content {
			walk(mt.Schema, 0)
		}
	}
}

// data#6: existing domain standards, else a published data model. A
// standard is in use when the product depends on a library implementing it
// or has code or schemas named after it; documentation naming it is for a
// reviewer (it may be a plan, a history entry or another system's).
func domainData(in *Input) Result {
	r := in.Repo
	if names, ev := domainStandardsInUse(r); len(names) > 0 {
		return passWith("domain data standards in use: "+listUpTo(names, 4), ev, "deviations from the standards should be documented")
	}
	if names, ev := domainStandardsNamed(r); len(names) > 0 {
		return reviewWith("the documentation names domain data standards ("+listUpTo(names, 4)+") but no dependency or code implements them; confirm the product uses them", ev)
	}
	if model := dataModel(r); len(model) > 0 {
		return reviewWith("no domain data standard is named; a machine-readable data model is published, which satisfies the requirement only where the domain has no standard", model)
	}
	if gen := generatedSpecEvidence(r); len(gen) > 0 {
		return reviewWith("no domain data standard is named; the API description (the data model) is generated at run time; export a copy to publish it", gen)
	}
	// Whether the domain has a standard, and which, is for a reviewer: an
	// absence in the files is not a violation.
	return reviewWith("no domain data standard is named and no machine-readable data model is published; name the standards the data follows (FHIR, ISO 20022, E.164 ...) or publish the data model", nil)
}

var modelFile = lazyregexp.New(`(?i)(\.schema\.json|\.proto|\.graphqls?|\.xsd|\.avsc)$`)

// dataModel returns published machine-readable data models: OpenAPI schema
// components, JSON Schema, Protobuf, GraphQL, XSD or Avro files.
func dataModel(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	for _, s := range openAPIs(r) {
		if len(s.Doc.Schemas) > 0 {
			ev = append(ev, specLine(s, s.Line))
		}
	}
	return append(ev, filesMatching(r, modelFile, 3)...)
}

// softDeleteField marks a deleted record. Archiving is not deletion: an
// isArchived flag (on a database, a registry version) keeps the thing in
// use, read-only.
var softDeleteField = lazyregexp.New(`(?i)^(deleted_?at|deleted_?on|is_?deleted|deleted|deleted_?by|deletion_?date|deleted_?date)$`)
var softDeleteDep = lazyregexp.New(`(?i)^(paranoia|acts_as_paranoid|discard|django-safedelete|django-softdelete|django-soft-delete|sequelize-paranoid|mongoose-delete|gorm\.io/plugin/soft_delete)$`)

// data#7: soft deletion by default.
func softDelete(in *Input) Result {
	r := in.Repo
	var deletes, marks []report.Evidence
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			if op.Method == "DELETE" {
				deletes = append(deletes, specLine(s, op.Line))
			}
		}
		s.Doc.EachSchema(func(_ string, sc *openapi.Schema) {
			for _, p := range sc.Properties {
				if softDeleteField.MatchString(p.Name) {
					marks = append(marks, specLine(s, p.Line))
				}
			}
		})
	}
	marks = append(marks, depMatching(r, softDeleteDep)...)
	switch {
	case len(marks) > 0:
		return passWith("records carry a soft-delete marker (deletedAt, isDeleted, or a soft-delete library)", marks,
			"that hard deletion is limited to legal erasure and logged needs a reviewer")
	case len(deletes) > 0:
		return reviewWith(fmt.Sprintf("the API has %s but no schema carries a soft-delete marker (deletedAt, deletedBy); confirm deletions keep the logical record", plural(len(deletes), "DELETE operation")), deletes)
	case !keepsData(r):
		return notApplicable("no database and no DELETE operation found")
	}
	return manual(in)
}

var machineMedia = lazyregexp.New(`(?i)json|xml|text/csv|ndjson|spreadsheet|ms-excel|opendocument`)
var humanMedia = lazyregexp.New(`(?i)application/pdf|text/html|text/plain|application/xhtml`)

// data#8: exports in machine-readable and human-readable formats: what
// successful responses return, what an Accept header may ask for, or what
// Swagger 2.0 operations produce.
func dataExport(in *Input) Result {
	if len(openAPIs(in.Repo)) == 0 {
		return withEvidence(func(in *Input) []report.Evidence {
			return docsMatching(in.Repo, exportInDocs, 2)
		}, "export documentation")(in)
	}
	var machine, human, wildcard []report.Evidence
	note := func(s *evidence.APISpec, t string, line int) {
		switch {
		case strings.HasPrefix(strings.TrimSpace(t), "*/*"):
			wildcard = append(wildcard, specLine(s, line))
		case humanMedia.MatchString(t):
			human = append(human, specLine(s, line))
		case machineMedia.MatchString(t):
			machine = append(machine, specLine(s, line))
		}
	}
	for _, s := range openAPIs(in.Repo) {
		for _, op := range s.Doc.Operations {
			for _, resp := range op.Responses {
				if !strings.HasPrefix(resp.Code, "2") {
					continue
				}
				for _, mt := range resp.Content {
					note(s, mt.Type, mt.Line)
				}
			}
			for _, p := range op.Parameters {
				if p.In == "header" && strings.EqualFold(p.Name, "accept") && p.Schema != nil {
					for _, v := range p.Schema.EnumValues {
						note(s, v, p.Line)
					}
				}
			}
		}
	}
	switch {
	case len(human) > 0 && len(machine) > 0:
		return passWith("the API returns data in machine-readable (JSON, XML, CSV) and human-readable (PDF, HTML, text) formats",
			append(machine[:1], human[:min(len(human), 3)]...), "export timestamps and the source system identifier need a reviewer")
	case len(wildcard) > 0:
		return reviewWith("the API description declares */* responses (what a generator writes when the code names no media type), so the formats returned cannot be read from it; show the machine- and human-readable exports", wildcard)
	case len(machine) > 0:
		return failWith("the API returns machine-readable data only: no operation returns PDF, HTML or plain text", machine[:1])
	case len(human) > 0:
		return reviewWith("the API returns human-readable formats but no JSON, XML or CSV is declared; show the machine-readable export", human)
	}
	return reviewWith("the API descriptions declare no media type for their successful responses; show the machine- and human-readable exports", nil)
}

var provenanceField = lazyregexp.New(`(?i)^(created_?by|updated_?by|modified_?by|source_?system|provenance|lineage|audit_?trail|history)$`)
var provenanceDep = lazyregexp.New(`(?i)^(django-simple-history|django-auditlog|django-reversion|paper_trail|audited|org\.hibernate(\.orm)?:hibernate-envers|openlineage-python|io\.openlineage:openlineage-java|sequelize-paper-trail|mongoose-history|javers-core|org\.javers:javers-core)$`)

// data#9: lineage and provenance.
func provenance(in *Input) Result {
	r := in.Repo
	ev := depMatching(r, provenanceDep)
	for _, s := range openAPIs(r) {
		s.Doc.EachSchema(func(_ string, sc *openapi.Schema) {
			for _, p := range sc.Properties {
				if provenanceField.MatchString(p.Name) {
					ev = append(ev, specLine(s, p.Line))
				}
			}
		})
	}
	if len(ev) > 0 {
		return passWith("records carry provenance (createdBy, updatedBy, sourceSystem) or a change-history library is used", ev,
			"that authorised audit roles can query the history needs a reviewer")
	}
	return manual(in)
}

// data#12: a published data model. One generated at run time (from code,
// or a GraphQL schema served by introspection) is published only to whoever
// runs the system: for a reviewer, with a request to export a copy.
func publishedDataModel(in *Input) Result {
	if ev := dataModel(in.Repo); len(ev) > 0 {
		return passWith("the data model is published in machine-readable form", ev, "a data-model document or diagram and a DCAT-AP or Dublin Core mapping need a reviewer")
	}
	if gen := append(generatedSpecEvidence(in.Repo), directDepMatching(in.Repo, graphQLServerDep)...); len(gen) > 0 {
		return reviewWith("the data model is generated from the code and served at run time (an OpenAPI or GraphQL schema); commit an exported copy so it is published with the code", gen)
	}
	if names, ev := domainStandardsInUse(in.Repo); len(names) > 0 {
		return reviewWith("the data follows "+listUpTo(names, 3)+", whose models are published; a reviewer confirms the profiles and extensions the product adds are published too", ev)
	}
	if ev := documentedDataModel(in.Repo); len(ev) > 0 {
		return reviewWith(fmt.Sprintf("the data model is documented (%s) but not in a machine-readable form; a reviewer judges it, and publishing it as JSON Schema or OpenAPI components makes it reusable", ev[0].Path), ev)
	}
	return failWith("no machine-readable data model: no OpenAPI components/schemas, JSON Schema, Protobuf, GraphQL, XSD or Avro file", nil)
}

// dataModelDoc is a document named for the data model or database schema.
var dataModelDoc = lazyregexp.New(`(?i)(^|/)[\w-]*((db|database|data)[-_ ]?(schema|model)|entity[-_ ]relationship|erd)[\w-]*\.(md|markdown|rst|adoc|txt)$`)

// ddlFile is a committed SQL schema (DDL) file.
var ddlFile = lazyregexp.New(`(?i)(^|/)[\w-]*(schema|ddl)[\w-]*\.sql$`)

// keyColumns are the words of a table of fields with keys.
var keyColumns = lazyregexp.New(`(?i)\b(primary key|foreign key)\b`)

// documentedDataModel returns documents that describe the data model (a
// schema document with its tables, fields and keys) and SQL DDL files: a
// published model, though not a machine-readable one.
func documentedDataModel(r *evidence.Repo) []report.Evidence {
	var out []report.Evidence
	for _, d := range r.Docs {
		if dataModelDoc.MatchString(d.Path) && keyColumns.MatchString(d.Text) {
			out = append(out, report.At(d.Path, 1))
			break
		}
	}
	return append(out, filesMatching(r, ddlFile, 1)...)
}

// graphQLServerDep is a GraphQL server library: its schema is served by
// introspection at run time.
var graphQLServerDep = lazyregexp.New(`(?i)^(graphene|graphene-django|strawberry-graphql|ariadne|graphql-core|apollo-server.*|@apollo/server|graphql-yoga|@nestjs/graphql|type-graphql|graphql-ruby|graphql|com\.graphql-java:.*|org\.springframework\.boot:spring-boot-starter-graphql|github\.com/99designs/gqlgen|github\.com/graphql-go/graphql)$`)

var anonymiserDep = lazyregexp.New(`(?i)^(presidio-analyzer|presidio-anonymizer|arx|anonymizer|django-anonymizer|pg_anonymizer|postgresql_anonymizer)$`)

// data#14: anonymization and pseudonymization, where there is personal data.
func anonymization(in *Input) Result {
	if r, ok := noPersonalData(in); ok {
		return r
	}
	return withEvidence(func(in *Input) []report.Evidence {
		return append(depMatching(in.Repo, anonymiserDep),
			docsMatching(in.Repo, anonymisationDocs, 2)...)
	}, "anonymization tooling or documentation")(in)
}

var anonymisationDocs = docWords.MustCompile(`(?i)\b(anonymi[sz]|pseudonymi[sz])\w*`)

// data#req-11: a policy a reviewer checks; the documentation shows whether
// it exists.
var (
	residency = docsOrManual(docWords.MustCompile(`(?i)\b(data (residency|sovereignty|locali[sz]ation)|in-country (hosting|storage)|cross-border (data )?transfer)\b`), "data residency")
)

var retentionDocs = docWords.MustCompile(`(?i)\b(data )?retention (period|policy|policies|schedule)|\b(archiv|purg)(e|ing) (of )?(old |expired )?(data|records)\b`)

// data#req-10: a retention and archival policy is implemented. A document
// naming retention (a metadata field called "retention policy", a demo's
// README) is not a policy with periods per data type and purge jobs: the
// mention is evidence for a reviewer, never a pass.
func retention(in *Input) Result {
	r := manual(in)
	if ev := docsMatching(in.Repo, retentionDocs, 2); len(ev) > 0 {
		r.Evidence = ev
		r.Message = "retention is mentioned in the documentation; a reviewer confirms retention periods per data type, archiving or destruction on expiry, and their logging"
	}
	return r
}
