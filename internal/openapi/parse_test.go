package openapi

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// oas30Want is what testdata/oas30.yaml reads as.
func oas30Want() *Doc {
	place := &Schema{Ref: "#/components/schemas/Place", Type: "object", Line: 148, Properties: []Property{
		{Name: "city", Line: 150, Schema: &Schema{Type: "string", Line: 151}},
	}}
	address := &Schema{Ref: "#/components/schemas/Address", Line: 141, AllOf: []*Schema{
		place,
		{Type: "object", Line: 143, Properties: []Property{
			{Name: "street", Line: 145, Schema: &Schema{Type: "string", Line: 146}},
		}},
	}}
	person := &Schema{Ref: "#/components/schemas/Person", Type: "object", Line: 118, Required: []string{"name", "dateOfBirth"}}
	person.Properties = []Property{
		{Name: "id", Line: 121, Schema: &Schema{Type: "string", Format: "uuid", Line: 122}},
		{Name: "name", Line: 124, Schema: &Schema{Type: "string", Line: 125, Examples: []Example{{"Jane Doe", 126}}}},
		{Name: "dateOfBirth", Line: 127, Schema: &Schema{Type: "string", Format: "date-time", Line: 128, Examples: []Example{{"28-04-1977", 130}}}},
		{Name: "gender", Line: 131, Schema: &Schema{Type: "string", Enum: true, EnumValues: []string{"F", "M", "X"}, Line: 132}},
		{Name: "address", Line: 134, Schema: address},
		{Name: "children", Line: 136, Schema: &Schema{Type: "array", Line: 137, Items: person}},
	}
	personID := Parameter{Name: "personId", In: "path", Required: true, Line: 13,
		Schema: &Schema{Type: "string", Line: 93, Pattern: "^[a-z0-9-]+$", MaxLength: intPtr(36)}}
	return &Doc{
		Format: "openapi", Version: "3.0.3", VersionLine: 1,
		Title: "Person registry", InfoVersion: "1.2.0", InfoVersionLine: 4,
		Servers: []Server{{"https://registry.example.org/api/v1", 6}, {"/api/v1", 7}},
		Operations: []*Operation{
			{
				Method: "GET", Path: "/persons/{personId}", Line: 19, OperationID: "getPerson",
				Parameters: []Parameter{
					personID,
					{Name: "Information-Mediator-Client", In: "header", Required: true, Line: 14, Schema: &Schema{Type: "string", Line: 18}},
					{Name: "fields", In: "query", Line: 22, Schema: &Schema{Type: "string", Line: 25}},
				},
				Responses: []Response{
					{Code: "200", Line: 27, Headers: []string{"X-Request-Id"}, Content: []MediaType{
						{Type: "application/json", Line: 34, Schema: person}, // the example is a mapping: skipped
					}},
					{Code: "404", Line: 39, Content: []MediaType{
						{Type: "application/problem+json", Line: 107, Schema: &Schema{Type: "object", Line: 109, Properties: []Property{
							{Name: "title", Line: 111, Schema: &Schema{Type: "string", Line: 112}},
						}}},
					}},
				},
			},
			{
				Method: "PUT", Path: "/persons/{personId}", Line: 41, OperationID: "updatePerson", Deprecated: true,
				Parameters: []Parameter{
					personID,
					// Overrides the path-level header: header names are case-insensitive.
					{Name: "information-mediator-client", In: "header", Line: 45, Schema: &Schema{Type: "string", Line: 49}},
				},
				RequestBody: &Body{Required: true, Line: 50, Content: []MediaType{{Type: "application/json", Line: 100, Schema: person}}},
				Responses:   []Response{{Code: "204", Line: 53}},
				Callbacks:   []string{"personChanged"},
			},
			{
				Method: "POST", Path: "/persons", Line: 63, OperationID: "createPerson",
				RequestBody: &Body{Required: true, Line: 67, Content: []MediaType{
					{Type: "application/json", Line: 70, Schema: person, Examples: []Example{{"jane", 75}, {"John", 115}}},
				}},
				Responses: []Response{{Code: "201", Line: 82}, {Code: "default", Line: 84}},
			},
		},
		SecuritySchemes: []SecurityScheme{
			{Name: "bearerAuth", Type: "http", Scheme: "bearer", Line: 153, Applied: true}, // global
			{Name: "apiKey", Type: "apiKey", Line: 156, Applied: true},                     // one operation
			{Name: "oauth", Type: "oauth2", Line: 160},                                     // declared only
		},
		GlobalSecurity: true,
		Schemas:        map[string]*Schema{"Person": person, "Address": address, "Place": place},
	}
}

func oas31Want() *Doc {
	return &Doc{
		Format: "openapi", Version: "3.1.0", VersionLine: 1,
		Title: "Events", InfoVersion: "2.0.0", InfoVersionLine: 4,
		Operations: []*Operation{{
			Method: "GET", Path: "/events/{eventId}", Line: 7,
			Parameters: []Parameter{{Name: "eventId", In: "path", Required: true, Line: 9, Schema: &Schema{Type: "string", Line: 13}}},
			Responses: []Response{
				{Code: "200", Line: 15, Content: []MediaType{{Type: "application/json", Line: 18, Schema: &Schema{
					Type: "object", Line: 20, Properties: []Property{
						{Name: "occurredAt", Line: 22, Schema: &Schema{Type: "string", Format: "date-time", Line: 23,
							Examples: []Example{{"2024-05-01T11:25:00+02:00", 26}, {"42", 28}}}}, // the mapping example is skipped
						{Name: "tags", Line: 29, Schema: &Schema{Type: "array", Line: 30, Items: &Schema{Line: 31}}}, // items: true
					},
				}}}},
				{Code: "2XX", Line: 32},
			},
		}},
		SecuritySchemes: []SecurityScheme{{Name: "certs", Type: "mutualTLS", Line: 52}},
		Webhooks:        []string{"newEvent", "eventDeleted"},
	}
}

func swagger2Want() *Doc {
	item := &Schema{Ref: "#/definitions/Item", Type: "object", Line: 63, Required: []string{"name"}, Properties: []Property{
		{Name: "name", Line: 66, Schema: &Schema{Type: "string", Line: 67, MaxLength: intPtr(80), Examples: []Example{{"spoon", 69}}}},
	}}
	itemID := Parameter{Name: "itemId", In: "path", Required: true, Line: 20, Schema: &Schema{Type: "integer", Format: "int64", Line: 53}}
	return &Doc{
		Format: "swagger", Version: "2.0", VersionLine: 1,
		Title: "Legacy registry", InfoVersion: "0.9.1", InfoVersionLine: 4,
		Servers: []Server{{"http://legacy.example.org/v2", 5}},
		Operations: []*Operation{
			{
				Method: "GET", Path: "/items/{itemId}", Line: 21,
				Parameters: []Parameter{itemID},
				Responses: []Response{
					{Code: "200", Line: 24, Headers: []string{"ETag"}, Content: []MediaType{
						{Type: "application/json", Line: 26, Schema: item}, // the example is a mapping: skipped
					}},
					{Code: "404", Line: 33},
				},
			},
			{
				Method: "PUT", Path: "/items/{itemId}", Line: 35,
				Parameters: []Parameter{
					itemID,
					{Name: "dryRun", In: "query", Line: 45, Schema: &Schema{Type: "boolean", Line: 45}},
				},
				RequestBody: &Body{Required: true, Line: 40, Content: []MediaType{
					{Type: "application/merge-patch+json", Line: 40, Schema: item},
				}},
				Responses: []Response{{Code: "200", Line: 49}},
			},
		},
		SecuritySchemes: []SecurityScheme{{Name: "basic", Type: "basic", Line: 11}, {Name: "key", Type: "apiKey", Line: 13, Applied: true}},
		Schemas:         map[string]*Schema{"Item": item},
	}
}

func TestParseTestdata(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file string
		want *Doc
	}{
		{"oas30.yaml", oas30Want()},
		{"oas31.yaml", oas31Want()},
		{"swagger2.yaml", swagger2Want()},
		{"tabs.json", &Doc{
			Format: "openapi", Version: "3.0.0", VersionLine: 2,
			Title: "Registration", InfoVersion: "0.1.1", InfoVersionLine: 5,
			Operations: []*Operation{{
				Method: "POST", Path: "/registrations", Line: 9,
				Parameters: []Parameter{{Name: "Information-Mediator-Client", In: "header", Required: true, Line: 11,
					Schema: &Schema{Type: "string", Line: 30, Examples: []Example{{"eGovStack/GOV/90000009/registration", 30}}}}},
				Responses: []Response{{Code: "201", Line: 17}},
			}},
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got := parseTestdata(t, tt.file)
			if d := diff(tt.want, got); d != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.file, d)
			}
		})
	}
}

func TestParseTabsJSONNeedsTheJSONReader(t *testing.T) {
	t.Parallel()
	// The file ends with a tab-indented blank line and escapes "/" as "\/":
	// the YAML parser rejects both, so the JSON reader must take over.
	if _, err := decodeYAML(readTestdata(t, "tabs.json")); err == nil {
		t.Fatal("the YAML parser accepted tabs.json; the test no longer covers the JSON reader")
	}
}

func TestParseDefects(t *testing.T) {
	t.Parallel()
	got := parseTestdata(t, "defects.yaml")
	want := []Defect{
		{2, "info.version is missing; left empty"},
		{4, `Swagger 2.0 key "basePath" in an OpenAPI 3 document; ignored`},
		{13, `path parameter "id" is declared twice; the second one was used`},
		{22, `duplicate key "200"; the second one was used`},
		{27, `$ref "#/components/schemas/DatabaseInfo" does not resolve; treated as an empty schema`},
	}
	if d := diff(want, got.Defects); d != "" {
		t.Errorf("defects mismatch (-want +got):\n%s", d)
	}
	// The document is still read: the second 200 and the second id win.
	op := got.Operations[0]
	if d := diff([]Parameter{{Name: "id", In: "path", Required: true, Line: 13, Schema: &Schema{Type: "integer", Line: 17}}}, op.Parameters); d != "" {
		t.Errorf("parameters mismatch (-want +got):\n%s", d)
	}
	wantResponses := []Response{{Code: "200", Line: 22, Content: []MediaType{
		{Type: "application/json", Line: 25, Schema: &Schema{Ref: "#/components/schemas/DatabaseInfo", Line: 27}},
	}}}
	if d := diff(wantResponses, op.Responses); d != "" {
		t.Errorf("responses mismatch (-want +got):\n%s", d)
	}
}

func TestParseSmallDocuments(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, doc   string
		wantDefects []Defect
		wantOps     []string // METHOD path
	}{
		{
			name:        "missing info",
			doc:         "openapi: 3.0.0\npaths: {}\n",
			wantDefects: []Defect{{1, "info is missing; title and version left empty"}},
		},
		{
			name:        "missing title",
			doc:         "openapi: 3.0.0\ninfo:\n  version: '1'\npaths: {}\n",
			wantDefects: []Defect{{2, "info.title is missing; left empty"}},
		},
		{
			name:        "missing paths",
			doc:         "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n",
			wantDefects: []Defect{{1, "paths is missing; no operations read"}},
		},
		{
			name: "3.1 without paths",
			doc:  "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n",
		},
		{
			name: "unsupported versions",
			doc:  "openapi: 2.5.0\nswagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
			wantDefects: []Defect{
				{1, `unsupported OpenAPI version "2.5.0"; read as OpenAPI 3`},
				{2, "both openapi and swagger keys; read as OpenAPI 3"},
			},
		},
		{
			name: "external and cyclic refs",
			doc: `openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a:
    $ref: 'other.yaml#/paths/~1a'
  /b:
    get:
      parameters:
        - $ref: '#/components/parameters/loop'
        - $ref: 'https://example.org/params.yaml#/p'
      responses:
        '200':
          $ref: '#/components/responses/Missing'
components:
  parameters:
    loop:
      $ref: '#/components/parameters/loop2'
    loop2:
      $ref: '#/components/parameters/loop'
`,
			wantDefects: []Defect{
				{5, `$ref "other.yaml#/paths/~1a" points to another file or URL, which is not fetched; path ignored`},
				{9, `$ref "#/components/parameters/loop" is part of a cycle of $refs; parameter ignored`},
				{10, `$ref "https://example.org/params.yaml#/p" points to another file or URL, which is not fetched; parameter ignored`},
				{13, `$ref "#/components/responses/Missing" does not resolve; response read as empty`},
			},
			wantOps: []string{"GET /b"},
		},
		{
			name: "local path item ref and escaped pointer",
			doc: `openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      responses:
        '200': {description: ok}
  /b/{id}:
    $ref: '#/paths/~1a~1%7Bid%7D'
`,
			wantOps: []string{"GET /a/{id}", "GET /b/{id}"},
		},
		{
			name: "undefined security scheme and non-mapping things",
			doc: `openapi: 3.0.0
info: {title: t, version: '1'}
security:
  - missing: []
paths:
  /a: 7
  b:
    get: {}
  /c:
    get: [1]
    post:
      parameters:
        - {name: x}
        - 5
      responses:
        '200':
          content:
            application/json:
              schema: 5
`,
			wantDefects: []Defect{
				{4, `security scheme "missing" is used but not defined; the requirement cannot be checked`},
				{6, `path "/a" is not a mapping; ignored`},
				{7, `path "b" does not start with "/"; read anyway`},
				{10, "operation GET /c is not a mapping; read as empty"},
				{13, "parameter without name or in; ignored"},
				{14, "parameter is not a mapping; ignored"},
				{19, "schema is not a mapping; treated as an empty schema"},
			},
			wantOps: []string{"GET b", "GET /c", "POST /c"},
		},
		{
			name: "merge keys and anchors",
			doc: `openapi: 3.0.0
info: {title: t, version: '1'}
x-common: &common
  responses:
    '200': {description: ok}
paths:
  /a:
    get:
      <<: *common
      operationId: a
    put: *common
`,
			wantOps: []string{"GET /a", "PUT /a"},
		},
		{
			name: "duplicate keys three times",
			doc:  "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\npaths:\n  /x: {get: {}}\n",
			wantDefects: []Defect{
				{4, `duplicate key "paths"; the last one was used`},
				{5, `duplicate key "paths"; the last one was used`},
			},
			wantOps: []string{"GET /x"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := Parse(tt.name, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(tt.wantDefects, doc.Defects); d != "" {
				t.Errorf("defects mismatch (-want +got):\n%s", d)
			}
			var ops []string
			for _, op := range doc.Operations {
				ops = append(ops, op.Method+" "+op.Path)
			}
			if d := diff(tt.wantOps, ops); d != "" {
				t.Errorf("operations mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseMergeKeyContent(t *testing.T) {
	t.Parallel()
	doc, err := Parse("merge", []byte(`openapi: 3.0.0
info: {title: t, version: '1'}
x-base: &base
  operationId: base
  responses:
    '200': {description: ok}
paths:
  /a:
    get:
      <<: *base
      operationId: own
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []*Operation{{Method: "GET", Path: "/a", Line: 9, OperationID: "own", Responses: []Response{{Code: "200", Line: 6}}}}
	if d := diff(want, doc.Operations); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"not yaml", []byte("key: [unclosed\n"), "x.yaml: neither YAML nor JSON"},
		{"broken json", []byte("{\"openapi\": \"3.0.0\",, }"), "x.yaml: neither YAML nor JSON: as JSON"},
		{"empty", nil, "x.yaml: not an OpenAPI or Swagger document: the top level is not a mapping"},
		{"a list", []byte("- a\n- b\n"), "x.yaml: not an OpenAPI or Swagger document: the top level is not a mapping"},
		{"other yaml", []byte("name: ci\non: push\n"), "x.yaml: not an OpenAPI or Swagger document: no openapi or swagger key"},
		{"too large", make([]byte, maxInputBytes+1), "x.yaml: 8388609 bytes is more than the 8388608 bytes read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := Parse("x.yaml", tt.data)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("Parse() = %v, %v; want error starting %q", doc, err, tt.wantErr)
			}
		})
	}
}

// aliasBomb returns a document whose response schema nests nine levels of
// ten aliases each: a billion schemas once expanded.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-bomb:\n  l0: &l0 {type: string}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d\n    properties: {", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "p%d: *l%d", j, i-1)
		}
		b.WriteString("}\n")
	}
	b.WriteString("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: *l9\n")
	return []byte(b.String())
}

func TestParseAliasBomb(t *testing.T) {
	t.Parallel()
	data := aliasBomb()
	doc, err := Parse("bomb", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Defects) != 0 {
		t.Errorf("defects = %v, want none: anchored schemas are shared", doc.Defects)
	}
	visits := 0
	doc.EachSchema(func(string, *Schema) { visits++ })
	if visits != 10 {
		t.Errorf("EachSchema visited %d schemas, want 10 (one per level)", visits)
	}
	if defects := Validate(data); len(defects) != 1 || !strings.Contains(defects[0].Msg, "through aliases; not validated") {
		t.Errorf("Validate() = %v, want one defect refusing the alias expansion", defects)
	}
}

func TestParseStopsAtTheVisitBudget(t *testing.T) {
	t.Parallel()
	// 100 paths × 8 methods × 1000 aliased parameters: 800,000 visits.
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-param: &param {name: p, in: query}\nx-list: &list [")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*param")
	}
	b.WriteString("]\nx-op: &op {parameters: *list}\nx-item: &item {get: *op, put: *op, post: *op, delete: *op, options: *op, head: *op, patch: *op, trace: *op}\npaths:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  /p%d: *item\n", i)
	}
	doc, err := Parse("fan-out", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	// The budget is the document's 1,121 nodes plus 500,000.
	want := []Defect{
		{Line: 3, Msg: `query parameter "p" is declared twice; the second one was used`},
		{Msg: "the document needs more than 501121 node visits with aliases and $refs expanded; the rest was not read"},
	}
	if d := diff(want, doc.Defects); d != "" {
		t.Errorf("defects mismatch (-want +got):\n%s", d)
	}
	if n := len(doc.Operations); n == 0 || n >= 800 {
		t.Errorf("%d operations read, want the budget to stop reading part way", n)
	}
}

func TestParseRecursiveAlias(t *testing.T) {
	t.Parallel()
	doc, err := Parse("loop", []byte(`openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: &s
                type: object
                properties:
                  self: *s
                allOf: [*s]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Defects) != 0 {
		t.Errorf("defects = %v, want none", doc.Defects)
	}
	s := doc.Operations[0].Responses[0].Content[0].Schema
	if s.Properties[0].Schema != s || s.AllOf[0] != s {
		t.Errorf("the alias inside its own anchor should give the schema itself")
	}
}

func TestParseOperationLimit(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n")
	for i := range maxOperations/8 + 1 {
		b.WriteString("  /p" + strconv.Itoa(i))
		b.WriteString(": {get: {}, put: {}, post: {}, delete: {}, options: {}, head: {}, patch: {}, trace: {}}\n")
	}
	doc, err := Parse("many", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Operations) != maxOperations {
		t.Errorf("%d operations, want %d", len(doc.Operations), maxOperations)
	}
	want := Defect{Line: 4 + maxOperations/8, Msg: "more than 20000 operations; the rest were not read"}
	if len(doc.Defects) != 1 || doc.Defects[0] != want {
		t.Errorf("defects = %v, want [%v]", doc.Defects, want)
	}
}

func TestParseCutsLongStrings(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", maxText) // two bytes each
	doc, err := Parse("long", []byte("openapi: 3.0.0\ninfo: {title: "+long+", version: '1'}\npaths: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Title) != maxText || !strings.HasPrefix(long, doc.Title) {
		t.Errorf("title of %d bytes, want the first %d bytes of the original", len(doc.Title), maxText)
	}
}

func TestEachSchema(t *testing.T) {
	t.Parallel()
	doc := parseTestdata(t, "oas30.yaml")
	type visit struct {
		Where string
		Line  int
	}
	var got []visit
	doc.EachSchema(func(where string, s *Schema) { got = append(got, visit{where, s.Line}) })
	want := []visit{
		{"GET /persons/{personId} parameter personId", 93},
		{"GET /persons/{personId} parameter Information-Mediator-Client", 18},
		{"GET /persons/{personId} parameter fields", 25},
		{"GET /persons/{personId} response 200 application/json", 118},
		{"GET /persons/{personId} response 200 application/json .id", 122},
		{"GET /persons/{personId} response 200 application/json .name", 125},
		{"GET /persons/{personId} response 200 application/json .dateOfBirth", 128},
		{"GET /persons/{personId} response 200 application/json .gender", 132},
		{"GET /persons/{personId} response 200 application/json .address", 141},
		{"GET /persons/{personId} response 200 application/json .address", 148},
		{"GET /persons/{personId} response 200 application/json .address.city", 151},
		{"GET /persons/{personId} response 200 application/json .address", 143},
		{"GET /persons/{personId} response 200 application/json .address.street", 146},
		{"GET /persons/{personId} response 200 application/json .children", 137},
		// .children[] is Person again: already visited.
		{"GET /persons/{personId} response 404 application/problem+json", 109},
		{"GET /persons/{personId} response 404 application/problem+json .title", 112},
		{"PUT /persons/{personId} parameter information-mediator-client", 49},
		// Person, used again by PUT and POST bodies, is visited once.
	}
	if d := diff(want, got); d != "" {
		t.Errorf("EachSchema mismatch (-want +got):\n%s", d)
	}
}
