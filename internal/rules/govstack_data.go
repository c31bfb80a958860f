package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var charsetParam = regexp.MustCompile(`(?i);\s*charset=([^;\s]+)`)

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

var timeField = regexp.MustCompile(`(?i)(date|time|timestamp|birth|expir|_at$|[a-z]At$|^(created|updated|modified|deleted|issued|valid(from|until|to)?)$)`)

// data#2: timestamps are ISO 8601 in UTC.
func iso8601(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return manual(in)
	}
	var good, bad []report.Evidence
	var problems []string
	for _, s := range specs {
		s.Doc.EachSchema(func(where string, sc *openapi.Schema) {
			for _, p := range sc.Properties {
				if p.Schema == nil || !timeField.MatchString(p.Name) || !isString(p.Schema) {
					continue
				}
				ps := p.Schema
				switch ps.Format {
				case "date-time", "date":
					good = append(good, specLine(s, p.Line))
				case "":
					bad = append(bad, specLine(s, p.Line))
					problems = append(problems, fmt.Sprintf("%s:%d %s.%s is a string without format: date-time or date", s.Path, p.Line, where, p.Name))
					continue
				default:
					if !strings.Contains(strings.ToLower(ps.Format), "iso") {
						bad = append(bad, specLine(s, p.Line))
						problems = append(problems, fmt.Sprintf("%s:%d %s.%s has format %q, not date-time or date", s.Path, p.Line, where, p.Name, ps.Format))
						continue
					}
				}
				for _, ex := range ps.Examples {
					if msg := notISO8601(ps.Format, ex.Value); msg != "" {
						bad = append(bad, specLine(s, max(ex.Line, p.Line)))
						problems = append(problems, fmt.Sprintf("%s:%d example %q of %s.%s %s", s.Path, max(ex.Line, p.Line), ex.Value, where, p.Name, msg))
					}
				}
			}
		})
	}
	switch {
	case len(problems) > 0:
		return failWith(problems[0], bad, problems...)
	case len(good) > 0:
		return passWith(fmt.Sprintf("%s declare ISO 8601 formats", plural(len(good), "date or time field")), good,
			"storage in UTC (timestamptz or a UTC session time zone) needs a reviewer")
	}
	r := manual(in)
	r.Message = "no date or time field found in the API descriptions; " + r.Message
	return r
}

func isString(s *openapi.Schema) bool { return s.Type == "string" || s.Type == "" && s.Format != "" }

// notISO8601 says why an example is not ISO 8601 for a format, or "".
func notISO8601(format, v string) string {
	switch format {
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "is not an ISO 8601 date (YYYY-MM-DD)"
		}
	case "date-time":
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return "is not an ISO 8601 date-time (for example 2025-11-12T13:30:00Z)"
		}
		if _, off := t.Zone(); off != 0 {
			return "is not in UTC (end it with Z)"
		}
	}
	return ""
}

var standardMedia = regexp.MustCompile(`(?i)^(application/([\w.+-]+\+)?(json|xml)|application/(x-ndjson|jsonl?|geo\+json|ld\+json|problem\+json|x-www-form-urlencoded|octet-stream|pdf|zip|gzip|yaml|x-yaml|cbor|protobuf|x-protobuf|vnd\.openxmlformats[\w.-]*|vnd\.oasis\.opendocument[\w.-]*|vnd\.ms-excel|jwt|jose|cloudevents\+json|fhir\+(json|xml)|dicom)|text/[\w.+-]+|multipart/[\w.+-]+|image/[\w.+-]+|audio/[\w.+-]+|video/[\w.+-]+|font/[\w.+-]+)$`)
var proprietaryMedia = regexp.MustCompile(`(?i)java-serialized|pickle|x-php-serialized|x-python-serialize|x-ruby-marshal|x-dotnet-binary|x-kryo`)

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

var gdprDocs = regexp.MustCompile(`(?i)\bGDPR\b|data[- ]protection|privacy (policy|notice|statement)|data subject|right to (erasure|be forgotten|access)|\bDPIA\b`)

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

var validationDep = regexp.MustCompile(`(?i)^(ajv|joi|zod|yup|class-validator|express-validator|celebrate|@hapi/joi|pydantic|marshmallow|cerberus|jsonschema|fastjsonschema|voluptuous|github\.com/go-playground/validator(/v\d+)?|github\.com/santhosh-tekuri/jsonschema(/v\d+)?|github\.com/xeipuuli/gojsonschema|org\.hibernate\.validator:hibernate-validator|jakarta\.validation:jakarta\.validation-api|org\.springframework\.boot:spring-boot-starter-validation|com\.networknt:json-schema-validator|fluentvalidation|dry-validation|ecto)$`)

// data#5: input is validated against declared schema constraints.
func dataValidation(in *Input) Result {
	r := in.Repo
	var constrained []report.Evidence
	bodies := 0
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			if op.RequestBody != nil {
				bodies++
			}
		}
		s.Doc.EachSchema(func(_ string, sc *openapi.Schema) {
			if len(sc.Required) > 0 || sc.Enum || sc.Pattern != "" || sc.MaxLength != nil {
				constrained = append(constrained, specLine(s, sc.Line))
			}
		})
	}
	libs := depMatching(r, validationDep)
	switch {
	case len(constrained) > 0:
		return passWith(fmt.Sprintf("the API schemas declare %s (required, enum, pattern, maxLength)", plural(len(constrained), "constrained schema")),
			append(constrained[:min(len(constrained), 4)], libs...), "that the service enforces them on create and update needs a test or a reviewer")
	case bodies > 0:
		return failWith(fmt.Sprintf("the API accepts %s but its schemas declare no constraint (required, enum, pattern, maxLength)", plural(bodies, "request body")), nil)
	case len(libs) > 0:
		return passWith("input is validated with a schema library", libs, "the constraints live in code; publishing them as JSON Schema or OpenAPI makes them reviewable")
	}
	return manual(in)
}

// domainStandards are the open standards that define domain data.
var domainStandards = map[string]bool{
	"FHIR": true, "HL7": true, "SNOMED CT": true, "LOINC": true, "ICD-10/11": true, "GS1": true,
	"ISO 20022": true, "SDMX": true, "ADX": true, "IATI": true, "OGC": true, "GeoJSON": true,
	"W3C Verifiable Credentials": true, "ODK XForms": true, "DCAT": true, "SCIM": true,
}

// data#6: existing domain standards, else a published data model.
func domainData(in *Input) Result {
	r := in.Repo
	stds, ev := standardsInUse(r)
	var domain []string
	for _, s := range stds {
		if domainStandards[s] {
			domain = append(domain, s)
		}
	}
	if len(domain) > 0 {
		return passWith("domain data standards in use: "+listUpTo(domain, 4), ev, "deviations from the standards should be documented")
	}
	if model := dataModel(r); len(model) > 0 {
		return reviewWith("no domain data standard is named; a machine-readable data model is published, which satisfies the requirement only where the domain has no standard", model)
	}
	return failWith("no domain data standard is named and no machine-readable data model is published", nil)
}

var modelFile = regexp.MustCompile(`(?i)(\.schema\.json|\.proto|\.graphqls?|\.xsd|\.avsc)$`)

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

var softDeleteField = regexp.MustCompile(`(?i)^(deleted_?at|is_?deleted|deleted|deleted_?by|archived_?at|is_?archived)$`)
var softDeleteDep = regexp.MustCompile(`(?i)^(paranoia|acts_as_paranoid|discard|django-safedelete|django-softdelete|django-soft-delete|sequelize-paranoid|mongoose-delete|gorm\.io/plugin/soft_delete)$`)

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
	case !usesDatabase(r):
		return notApplicable("no database and no DELETE operation found")
	}
	return manual(in)
}

var machineMedia = regexp.MustCompile(`(?i)json|xml|text/csv|ndjson`)
var humanMedia = regexp.MustCompile(`(?i)application/pdf|text/html|text/plain`)

// data#8: exports in machine-readable and human-readable formats.
func dataExport(in *Input) Result {
	if len(openAPIs(in.Repo)) == 0 {
		return withEvidence(func(in *Input) []report.Evidence {
			return docsMatching(in.Repo, exportInDocs, 2)
		}, "export documentation")(in)
	}
	var machine, human []report.Evidence
	for _, s := range openAPIs(in.Repo) {
		for _, op := range s.Doc.Operations {
			for _, resp := range op.Responses {
				if !strings.HasPrefix(resp.Code, "2") {
					continue
				}
				for _, mt := range resp.Content {
					if machineMedia.MatchString(mt.Type) {
						machine = append(machine, specLine(s, mt.Line))
					}
					if humanMedia.MatchString(mt.Type) {
						human = append(human, specLine(s, mt.Line))
					}
				}
			}
		}
	}
	switch {
	case len(human) > 0 && len(machine) > 0:
		return passWith("the API returns data in machine-readable (JSON, XML, CSV) and human-readable (PDF, HTML, text) formats",
			append(machine[:1], human[:min(len(human), 3)]...), "export timestamps and the source system identifier need a reviewer")
	case len(machine) > 0:
		return failWith("the API returns machine-readable data only: no operation returns PDF, HTML or plain text", machine[:1])
	}
	return failWith("no successful API response returns JSON, XML or CSV", nil)
}

var provenanceField = regexp.MustCompile(`(?i)^(created_?by|updated_?by|modified_?by|source_?system|provenance|lineage|audit_?trail|history)$`)
var provenanceDep = regexp.MustCompile(`(?i)^(django-simple-history|django-auditlog|django-reversion|paper_trail|audited|org\.hibernate(\.orm)?:hibernate-envers|openlineage-python|io\.openlineage:openlineage-java|sequelize-paper-trail|mongoose-history|javers-core|org\.javers:javers-core)$`)

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

// data#12: a published data model.
func publishedDataModel(in *Input) Result {
	if ev := dataModel(in.Repo); len(ev) > 0 {
		return passWith("the data model is published in machine-readable form", ev, "a data-model document or diagram and a DCAT-AP or Dublin Core mapping need a reviewer")
	}
	return failWith("no machine-readable data model: no OpenAPI components/schemas, JSON Schema, Protobuf, GraphQL, XSD or Avro file", nil)
}

var anonymiserDep = regexp.MustCompile(`(?i)^(presidio-analyzer|presidio-anonymizer|arx|anonymizer|django-anonymizer|pg_anonymizer|postgresql_anonymizer)$`)

// data#14: anonymization and pseudonymization, where there is personal data.
func anonymization(in *Input) Result {
	if r, ok := noPersonalData(in); ok {
		return r
	}
	return withEvidence(func(in *Input) []report.Evidence {
		return append(depMatching(in.Repo, anonymiserDep),
			docsMatching(in.Repo, regexp.MustCompile(`(?i)\b(anonymi[sz]|pseudonymi[sz])\w*`), 2)...)
	}, "anonymization tooling or documentation")(in)
}

// data#req-10, #req-11, #req-13: policies a reviewer checks; the
// documentation shows whether they exist.
var (
	retention      = docsOrManual(regexp.MustCompile(`(?i)\b(data )?retention (period|policy|policies|schedule)|\b(archiv|purg)(e|ing) (of )?(old |expired )?(data|records)\b`), "a data retention policy")
	residency      = docsOrManual(regexp.MustCompile(`(?i)\b(data (residency|sovereignty|locali[sz]ation)|in-country (hosting|storage)|cross-border (data )?transfer)\b`), "data residency")
	classification = docsOrManual(regexp.MustCompile(`(?i)\b(data classification|x-data-classification|classified as (public|internal|confidential)|sensitivity (level|classification)s?)\b`), "data classification")
)
