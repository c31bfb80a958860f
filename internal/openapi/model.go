// Package openapi reads OpenAPI 3.x and Swagger 2.0 descriptions found in
// untrusted repositories and compares a candidate's API with a GovStack
// building block's reference API.
//
// It owns three things:
//
//   - a lenient reader (Parse) that turns a YAML or JSON description into a
//     small model (Doc) with exact line numbers, resolving local $refs and
//     recording every problem that does not stop reading as a Defect: the
//     official GovStack specifications carry duplicate keys, unresolved
//     $refs, Swagger 2.0 keys inside OpenAPI 3 documents and duplicate
//     parameters, and must still be read;
//   - a strict check (Validate) against the OpenAPI 3 specification, done by
//     kin-openapi without example validation and without fetching anything;
//   - a conformance comparison (Compare) that matches operations across
//     server prefixes, Information Mediator /r1/... prefixes and renamed path
//     parameters, and lists what the candidate lacks.
//
// Everything is bounded: input size, nodes visited, $ref depth, operations
// and string lengths (see limits.go). No input makes it panic.
package openapi

// Doc is an OpenAPI 3.x or Swagger 2.0 description, read leniently: problems
// that do not stop reading are recorded as Defects.
type Doc struct {
	Format          string // "openapi" or "swagger"
	Version         string // the document's own openapi/swagger value: "3.0.3", "3.1.0", "2.0"
	VersionLine     int
	Title           string
	InfoVersion     string // info.version
	InfoVersionLine int
	// Servers lists servers[] (3.x); for Swagger 2.0 it holds one Server
	// built from host+basePath (scheme from schemes[0], default https).
	Servers []Server
	// Operations lists every operation, in document order.
	Operations []*Operation
	// SecuritySchemes lists components.securitySchemes (3.x) or
	// securityDefinitions (2.0), in document order.
	SecuritySchemes []SecurityScheme
	// GlobalSecurity is true when the document has a non-empty top-level
	// security requirement.
	GlobalSecurity bool
	// Webhooks lists the names of OpenAPI 3.1 webhooks.
	Webhooks []string
	// Schemas holds components.schemas (3.x) or definitions (2.0) by name.
	// They are the same values that operations point to through $refs, so
	// their Ref is the canonical reference to them.
	Schemas map[string]*Schema
	// Defects lists the problems found while reading, ordered by line
	// (unknown lines, 0, last).
	Defects []Defect
}

// Server is one server URL.
type Server struct {
	URL  string
	Line int
}

// Operation is one HTTP operation of a path.
type Operation struct {
	Method      string // upper case: GET, POST, ...
	Path        string // as written in paths
	Line        int    // line of the method key
	OperationID string
	Deprecated  bool
	// Parameters holds path-level and operation-level parameters, $refs
	// resolved, operation-level ones overriding path-level ones by (in, name).
	Parameters []Parameter
	// RequestBody is the 3.x requestBody, or for Swagger 2.0 the in: body
	// parameter (with consumes as content types); nil when there is none.
	RequestBody *Body
	Responses   []Response // in document order
	Callbacks   []string   // names of callbacks
}

// Parameter is one operation parameter. Line is where it is listed (the
// $ref's line for a referenced parameter).
type Parameter struct {
	Name, In    string
	Description string
	Required    bool
	Deprecated  bool
	Line        int
	Schema      *Schema
	Examples    []Example // the parameter's own example and examples.*.value
}

// Body is a request body.
type Body struct {
	Required bool
	Line     int
	Content  []MediaType
}

// MediaType is one entry of a content map. Examples holds the scalar
// example and examples.*.value under the media type.
type MediaType struct {
	Type     string
	Line     int
	Schema   *Schema
	Examples []Example
}

// Response is one documented response.
type Response struct {
	Code    string
	Line    int
	Content []MediaType
	Headers []string // header names
}

// Schema is the part of a JSON schema the checks need. A schema reached
// through a $ref is shared by every place that uses the same $ref, and its
// Line is the line of the definition.
type Schema struct {
	Ref string // the $ref it came from, if any ("#/components/schemas/X", "common.yaml#/components/schemas/X")
	// File is the repository file the schema is written in when it is not
	// the document itself (a $ref to another file): Line, and the lines of
	// its properties and examples, are lines of that file.
	File       string
	Type       string // first non-null type when OpenAPI 3.1 gives a list
	Format     string
	Line       int
	Properties []Property // in document order
	Required   []string
	Items      *Schema
	AllOf      []*Schema
	OneOf      []*Schema
	AnyOf      []*Schema
	Enum       bool     // the schema has an enum
	EnumValues []string // its scalar values, at most maxEnumValues
	Pattern    string
	MaxLength  *int
	Examples   []Example // example, and examples[] (3.1)
}

// Property is one entry of a schema's properties.
type Property struct {
	Name   string
	Line   int
	Schema *Schema
}

// Example is a scalar example, as text. Non-scalar examples are skipped.
type Example struct {
	Value string
	Line  int
}

// SecurityScheme is one security scheme. Type is apiKey, http, oauth2,
// openIdConnect or mutualTLS (Swagger 2.0: basic, apiKey, oauth2); Scheme is
// the http scheme (bearer, basic), empty otherwise.
type SecurityScheme struct {
	Name   string
	Type   string
	Scheme string
	Line   int
	// Applied is true when a non-empty security requirement of the
	// document (top-level or an operation's) names the scheme. A scheme
	// only declared, with `security: []` or no requirement at all, protects
	// nothing.
	Applied bool
}

// Defect is a problem found while reading or validating a document. Msg is
// lower case and says what is wrong and what was done about it. Line is 0
// when unknown.
type Defect struct {
	Line int
	Msg  string
}
