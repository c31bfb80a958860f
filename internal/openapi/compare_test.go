package openapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"go.yaml.in/yaml/v3"
)

// operationNames lists "METHOD path" for operations.
func operationNames(ops []*Operation) []string {
	var names []string
	for _, op := range ops {
		names = append(names, op.Method+" "+op.Path)
	}
	return names
}

// matchNames lists "reference path → candidate path" for matches.
func matchNames(matches []Match) []string {
	var names []string
	for _, m := range matches {
		names = append(names, m.Reference.Method+" "+m.Reference.Path+" → "+m.Candidate.Path)
	}
	return names
}

func TestCompare(t *testing.T) {
	t.Parallel()
	reference := parseTestdata(t, "reference.yaml")
	for _, tt := range []struct {
		name        string
		candidate   *Doc
		wantMatched []string
		wantMissing []string
		wantGaps    []Gap
	}{
		{
			name:      "identical copy",
			candidate: parseTestdata(t, "reference.yaml"),
			wantMatched: []string{
				"GET /persons → /persons",
				"POST /persons → /persons",
				"GET /persons/{id} → /persons/{id}",
				"DELETE /persons/{id} → /persons/{id}",
				"GET /persons/{id}/documents/ → /persons/{id}/documents/",
			},
		},
		{
			name:      "server prefix, IM prefix and renamed parameters",
			candidate: parseTestdata(t, "candidate-prefixed.yaml"),
			wantMatched: []string{
				"GET /persons → /r1/GOV/COM/123/registry/persons",
				"POST /persons → /r1/GOV/COM/123/registry/persons",
				"GET /persons/{id} → /r1/GOV/COM/123/registry/persons/{personId}/",
				"DELETE /persons/{id} → /r1/GOV/COM/123/registry/persons/{personId}/",
				"GET /persons/{id}/documents/ → /r1/GOV/COM/123/registry/persons/{personId}/documents",
			},
		},
		{
			name:      "one of each gap",
			candidate: parseTestdata(t, "candidate-gaps.yaml"),
			wantMatched: []string{
				"GET /persons → /persons",
				"POST /persons → /persons",
				"GET /persons/{id} → /persons/{personId}",
				"GET /persons/{id}/documents/ → /persons/{personId}/documents",
			},
			wantMissing: []string{"DELETE /persons/{id}"},
			wantGaps: []Gap{
				{Kind: GapResponse, Method: "POST", Path: "/persons", What: "400", Reference: 44, Candidate: 31},
				{Kind: GapRequestField, Method: "POST", Path: "/persons", What: "birthDate", Reference: 104, Candidate: 31},
				{Kind: GapResponseField, Method: "GET", Path: "/persons/{id}", What: "address.postcode", Reference: 121, Candidate: 61},
				{Kind: GapHeader, Method: "GET", Path: "/persons/{id}/documents/", What: "Information-Mediator-Client", Reference: 71, Candidate: 72},
			},
		},
		{
			name:        "no candidate",
			candidate:   nil,
			wantMissing: []string{"GET /persons", "POST /persons", "GET /persons/{id}", "DELETE /persons/{id}", "GET /persons/{id}/documents/"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(tt.candidate, reference)
			if got.Operations != 5 {
				t.Errorf("Operations = %d, want 5", got.Operations)
			}
			if d := diff(tt.wantMatched, matchNames(got.Matched)); d != "" {
				t.Errorf("matched mismatch (-want +got):\n%s", d)
			}
			if d := diff(tt.wantMissing, operationNames(got.Missing)); d != "" {
				t.Errorf("missing mismatch (-want +got):\n%s", d)
			}
			if d := diff(tt.wantGaps, got.Gaps); d != "" {
				t.Errorf("gaps mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestCompareParameterGaps(t *testing.T) {
	t.Parallel()
	reference := mustParse(t, `openapi: 3.0.0
info: {title: r, version: '1'}
paths:
  /r1/{instance}/{class}/{code}/{subsystem}/items/{itemId}:
    get:
      parameters:
        - {name: instance, in: path, required: true}
        - {name: class, in: path, required: true}
        - {name: code, in: path, required: true}
        - {name: subsystem, in: path, required: true}
        - {name: itemId, in: path, required: true}
        - {name: page, in: query, required: true}
        - {name: session, in: cookie, required: true}
        - {name: optional, in: query}
        - {name: X-Trace, in: header}
      responses:
        default: {description: any}
`)
	candidate := mustParse(t, `swagger: '2.0'
info: {title: c, version: '1'}
basePath: /api
paths:
  /items/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        200: {description: ok}
`)
	got := Compare(candidate, reference)
	wantGaps := []Gap{
		{Kind: GapParameter, Method: "GET", Path: "/r1/{instance}/{class}/{code}/{subsystem}/items/{itemId}", What: "page", Reference: 12, Candidate: 6},
		{Kind: GapParameter, Method: "GET", Path: "/r1/{instance}/{class}/{code}/{subsystem}/items/{itemId}", What: "session", Reference: 13, Candidate: 6},
	}
	if d := diff(wantGaps, got.Gaps); d != "" {
		t.Errorf("gaps mismatch (-want +got):\n%s", d)
	}
	if len(got.Matched) != 1 {
		t.Errorf("matched %d operations, want 1", len(got.Matched))
	}
}

func TestComparePrefersTheClosestMatch(t *testing.T) {
	t.Parallel()
	// Without the service code, /pub/v1/{type} and /pull/v1/{type} both
	// become /v1/{}: each must still find its own counterpart.
	reference := mustParse(t, `openapi: 3.1.0
info: {title: r, version: '1'}
paths:
  /r1/{a}/{b}/{c}/{d}/pub/v1/{eventType}:
    get: {responses: {'200': {description: ok}}}
  /r1/{a}/{b}/{c}/{d}/pull/v1/{eventType}:
    get: {responses: {'200': {description: ok}}}
`)
	candidate := mustParse(t, `openapi: 3.0.0
info: {title: c, version: '1'}
servers: [{url: 'https://ss.example.org/r1/EE/GOV/70000000/events'}]
paths:
  /pull/v1/{type}:
    get: {responses: {'200': {description: ok}}}
  /pub/v1/{type}:
    get: {responses: {'200': {description: ok}}}
`)
	got := Compare(candidate, reference)
	want := []string{
		"GET /r1/{a}/{b}/{c}/{d}/pub/v1/{eventType} → /pub/v1/{type}",
		"GET /r1/{a}/{b}/{c}/{d}/pull/v1/{eventType} → /pull/v1/{type}",
	}
	if d := diff(want, matchNames(got.Matched)); d != "" {
		t.Errorf("matched mismatch (-want +got):\n%s", d)
	}
}

func TestPathForms(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		path    string
		servers []string
		want    []pathForm
	}{
		{"/persons/{id}/", nil, []pathForm{{"/persons/{}", 0}}},
		{"//a//b", nil, []pathForm{{"/a/b", 0}}},
		{"/files/{name}.{ext}", nil, []pathForm{{"/files/{}.{}", 0}}},
		{"/r1/GOV/COM/123/registry/persons", nil, []pathForm{
			{"/r1/GOV/COM/123/registry/persons", 0}, {"/persons", 1},
		}},
		{"/r1/{i}/{c}/{m}/{s}/svc/items", nil, []pathForm{
			{"/r1/{}/{}/{}/{}/svc/items", 0}, {"/svc/items", 1}, {"/items", 2},
		}},
		{"/persons", []string{"https://h.example.org/api/v1/", "http://ss/r1/A/B/C/D"}, []pathForm{
			{"/persons", 0}, {"/api/v1/persons", 1}, {"/r1/A/B/C/D/persons", 1},
		}},
		{"/api/v1/persons", []string{"/api/v1"}, []pathForm{
			{"/api/v1/persons", 0}, {"/api/v1/api/v1/persons", 1}, {"/persons", 1},
		}},
	} {
		var servers [][]string
		for _, s := range tt.servers {
			servers = append(servers, pathSegments(serverPath(s)))
		}
		if d := cmp.Diff(tt.want, pathForms(tt.path, servers), cmp.AllowUnexported(pathForm{})); d != "" {
			t.Errorf("pathForms(%q, %q) mismatch (-want +got):\n%s", tt.path, tt.servers, d)
		}
	}
}

func TestServerPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://h.example.org/api/v1": "/api/v1",
		"https://h.example.org":        "",
		"/api/v1/":                     "/api/v1/",
		"localhost:8080/base?x=1":      "/base",
		"{scheme}://{host}/{version}":  "/{version}",
		"":                             "",
		"https://h/a%20b":              "/a b",
	} {
		if got := serverPath(in); got != want {
			t.Errorf("serverPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompareDigitalRegistriesWithItself(t *testing.T) {
	t.Parallel()
	reference := parseShared(t, "digital-registries-data-api-1.3.0.yaml")
	candidate := parseShared(t, "digital-registries-data-api-1.3.0.yaml")
	got := Compare(candidate, reference)
	if got.Operations != 10 || len(got.Matched) != 10 || len(got.Missing) != 0 || len(got.Gaps) != 0 {
		t.Errorf("Compare = %d operations, %d matched, missing %v, gaps %v; want all 10 matched",
			got.Operations, len(got.Matched), operationNames(got.Missing), got.Gaps)
	}
	for _, m := range got.Matched {
		if m.Reference.Line != m.Candidate.Line {
			t.Errorf("%s %s matched the operation at line %d, want line %d", m.Reference.Method, m.Reference.Path, m.Candidate.Line, m.Reference.Line)
		}
	}
}

func TestCompareWorkflowWithATrimmedCopy(t *testing.T) {
	t.Parallel()
	data := readShared(t, "workflow-api.yaml")
	reference, err := Parse("workflow-api.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	// The trimmed copy drops two paths.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	_, paths := lookup(root.Content[0], "paths")
	var dropped []string
	for _, drop := range []string{"/processes/{processId}/start", "/instances/{instanceId}"} {
		for i := 0; i+1 < len(paths.Content); i += 2 {
			if paths.Content[i].Value == drop {
				paths.Content = append(paths.Content[:i], paths.Content[i+2:]...)
				dropped = append(dropped, drop)
				break
			}
		}
	}
	if len(dropped) != 2 {
		t.Fatalf("dropped %q; the workflow spec no longer has the expected paths", dropped)
	}
	trimmed, err := yaml.Marshal(&root)
	if err != nil {
		t.Fatal(err)
	}
	candidate, err := Parse("trimmed.yaml", trimmed)
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(candidate, reference)
	wantMissing := []string{"POST /processes/{processId}/start", "GET /instances/{instanceId}"}
	if d := diff(wantMissing, operationNames(got.Missing)); d != "" {
		t.Errorf("missing mismatch (-want +got):\n%s", d)
	}
	if len(got.Matched) != got.Operations-2 || len(got.Gaps) != 0 {
		t.Errorf("matched %d of %d with gaps %v; want all others matched, no gaps", len(got.Matched), got.Operations, got.Gaps)
	}
}

// mustParse parses an inline document.
func mustParse(t *testing.T, doc string) *Doc {
	t.Helper()
	d, err := Parse("inline.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCompareConcretePathsForTemplates(t *testing.T) {
	t.Parallel()
	reference, err := Parse("reference.yaml", []byte(`openapi: 3.0.3
info: {title: registries, version: 1.0.0}
paths:
  /data/{registryName}/{versionNumber}:
    get: {responses: {'200': {description: ok}}}
  /data/{registryName}/{versionNumber}/read:
    post: {responses: {'200': {description: ok}}}
  /data/{registryName}/{versionNumber}/{id}/delete:
    delete: {responses: {'204': {description: ok}}}
  /persons/{id}:
    get: {responses: {'200': {description: ok}}}
`))
	if err != nil {
		t.Fatal(err)
	}
	candidate, err := Parse("candidate.yaml", []byte(`openapi: 3.0.3
info: {title: emulator, version: 1.0.0}
paths:
  /api/v1/data/prsn/1.0:
    get: {responses: {'200': {description: ok}}}
  /api/v1/data/prsn/1.0/read:
    post: {responses: {'200': {description: ok}}}
  /api/v1/data/prsn/1.0/{id}/delete:
    delete: {responses: {'204': {description: ok}}}
  /persons/search:
    get: {responses: {'200': {description: ok}}}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := Compare(candidate, reference)
	want := []string{
		"GET /data/{registryName}/{versionNumber} → /api/v1/data/prsn/1.0",
		"POST /data/{registryName}/{versionNumber}/read → /api/v1/data/prsn/1.0/read",
		"DELETE /data/{registryName}/{versionNumber}/{id}/delete → /api/v1/data/prsn/1.0/{id}/delete",
	}
	if d := cmp.Diff(want, matchNames(c.Matched)); d != "" {
		t.Errorf("matched (-want +got):\n%s", d)
	}
	// /persons/search is an action, not a person's id.
	if d := cmp.Diff([]string{"GET /persons/{id}"}, operationNames(c.Missing)); d != "" {
		t.Errorf("missing (-want +got):\n%s", d)
	}
}
