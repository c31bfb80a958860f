package config

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/license"
)

func known(id string) bool { return strings.HasPrefix(id, "dpg-") }

const full = `version: 1
type: [software, data]
owner:
  name: Example Foundation
  url: https://example.org
sdgs:
  - goal: 3
    targets: ["3.8", "3.d"]
    relevance: Electronic health records for primary care.
    evidence: ["https://example.org/impact"]
handles:
  user-content: false
attestations:
  dpg-7:
    evidence: ["https://example.org/privacy", docs/privacy.md]
    note: GDPR and Kenya DPA 2019
    by: Jane Doe, DPO
waivers:
  - criterion: dpg-4
    reason: MongoDB replacement scheduled for v3
    expires: 2027-06-30
ignore:
  - examples/**
  - "*.generated.md"
product:
  - samples/reference-deployment
`

func TestParseFull(t *testing.T) {
	t.Parallel()
	c, err := Parse(".github/dpgcheck.yml", []byte(full), known)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.ProjectTypes(), []license.ProjectType{license.Software, license.Data}) {
		t.Errorf("types = %v", c.Type)
	}
	if c.Owner.Name != "Example Foundation" || c.Owner.Pos.Line != 4 {
		t.Errorf("owner = %+v", c.Owner)
	}
	if len(c.SDGs) != 1 || c.SDGs[0].Pos.Line != 7 || c.SDGs[0].Targets[1] != "3.d" {
		t.Errorf("sdgs = %+v", c.SDGs)
	}
	if c.Handles.UserContent == nil || *c.Handles.UserContent || c.Handles.PII != nil {
		t.Errorf("handles = %+v", c.Handles)
	}
	if c.Handles.Keys["user-content"].Line != 12 {
		t.Errorf("user-content at %+v, want line 12", c.Handles.Keys["user-content"])
	}
	a, ok := c.Attestation("dpg-7")
	if !ok || a.By != "Jane Doe, DPO" || a.Pos.Line != 15 {
		t.Errorf("attestation = %+v", a)
	}
	w, ok := c.Waiver("dpg-4")
	if !ok || w.Expired(time.Date(2027, 6, 30, 23, 0, 0, 0, time.UTC)) || !w.Expired(time.Date(2027, 7, 1, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("waiver = %+v", w)
	}
	if !c.IgnoreSet.Match("examples/a/b.go") || !c.IgnoreSet.Match("docs/x.generated.md") || c.IgnoreSet.Match("src/a.go") {
		t.Errorf("ignore set wrong: %v", c.IgnoreSet)
	}
	if !c.ProductSet.Match("samples/reference-deployment") || c.ProductSet.Match("samples/other") {
		t.Errorf("product set wrong: %v", c.ProductSet)
	}
}

func TestParseEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "# only a comment\n", "---\n"} {
		c, err := Parse("c.yml", []byte(in), known)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got := c.ProjectTypes(); !slices.Equal(got, []license.ProjectType{license.Software}) {
			t.Errorf("empty config types = %v, want software", got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // the whole error text
	}{
		{"typo: 1\n", `c.yml:1:1: unknown key "typo"; valid keys here are version, type, owner, sdgs, handles, attestations, waivers, ignore, product`},
		{"owner:\n  nme: X\n", `c.yml:2:3: unknown key "nme"; valid keys here are name, url, country`},
		{"type: sofware\n", `c.yml:1:7: unknown project type "sofware"; valid types are "software", "data", "content", "ai-model"`},
		{"sdgs:\n  - goal: 18\n", `c.yml:2:5: goal 18 is not an SDG; goals are numbered 1 to 17`},
		{"sdgs:\n  - goal: 3\n    targets: ['3.12']\n", `c.yml:2:5: SDG 3 has no target "3.12"; its targets are 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.a, 3.b, 3.c, 3.d`},
		{"sdgs:\n  - goal: 3\n    targets: ['4.1']\n", `c.yml:2:5: target "4.1" is not a target of SDG 3: write it as 3.N, such as "3.1"`},
		{"sdgs:\n  - goal: three\n", `c.yml:2:11: expected a whole number, found "three"`},
		{"sdgs:\n  - goal: 3\n    evidence: [see README]\n", `c.yml:2:5: SDG 3 evidence "see README" is not an http(s) URL; reviewers need a public link`},
		{"waivers:\n  - criterion: dpg-4\n", `c.yml:2:5: waiver for dpg-4 needs a reason; reviewers and PR authors see it`},
		{"waivers:\n  - criterion: nope-1\n    reason: r\n", `c.yml:2:5: waiver for unknown criterion "nope-1"; criteria are ids such as dpg-4`},
		{"waivers:\n  - {criterion: dpg-4, reason: r, expires: soon}\n", `c.yml:2:5: waiver expiry "soon" is not a date in the form 2026-12-31`},
		{"attestations:\n  dpg-7: {note: trust me}\n", `c.yml:2:10: attestation for dpg-7 needs evidence: a list of URLs or repository paths`},
		{"attestations:\n  dpg-7: {evidence: [../../etc/passwd]}\n", `c.yml:2:10: attestation evidence "../../etc/passwd" for dpg-7 is neither an http(s) URL nor a path inside the repository`},
		{"handles:\n  pii: maybe\n", `c.yml:2:8: expected true or false, found "maybe"`},
		{"version: 2\n", `c.yml:1:1: version 2 is not supported; this dpgcheck reads version 1`},
		{"ignore: ['a**b']\n", `c.yml:1:1: ignore: pattern "a**b": ** must be a whole path element, as in docs/**/*.md`},
		{"owner: {name: X}\nowner: {name: Y}\n", `c.yml:2:1: key "owner" appears twice`},
		{"owner: [1\n", `c.yml:1: invalid YAML: did not find expected ',' or ']'`},
		{"- a\n- b\n", `c.yml:1:1: expected a mapping of keys to values, found a list`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yml", []byte(tt.in), known)
		var cerr *Error
		if !errors.As(err, &cerr) {
			t.Errorf("Parse(%q) error = %v, want a *config.Error", tt.in, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestParseAliasBomb(t *testing.T) {
	t.Parallel()
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nignore: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	if _, err := Parse("c.yml", []byte(bomb), known); err == nil {
		t.Fatal("alias bomb parsed without error")
	}
}

func TestParseSizeCap(t *testing.T) {
	t.Parallel()
	big := "ignore:\n" + strings.Repeat("  - a\n", MaxSize/6+1)
	if _, err := Parse("c.yml", []byte(big), known); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("oversized config: err = %v, want a size error", err)
	}
}

// TestSchemaMatchesTypes keeps dpgcheck.schema.json and the Go types in step:
// every YAML key of a struct is a schema property and the other way round.
func TestSchemaMatchesTypes(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("dpgcheck.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	compareSchema(t, "config", reflect.TypeOf(Config{}), schema)
}

func compareSchema(t *testing.T, where string, typ reflect.Type, s map[string]any) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		if s["additionalProperties"] != false {
			t.Errorf("%s: schema allows additional properties; the parser rejects unknown keys", where)
		}
		props, _ := s["properties"].(map[string]any)
		keys, index := fieldsOf(typ)
		for _, k := range keys {
			sub, ok := props[k].(map[string]any)
			if !ok {
				t.Errorf("%s: key %q is in the Go type but not in the schema", where, k)
				continue
			}
			if typ.Field(index[k]).Type == reflect.TypeOf(Types{}) {
				continue
			}
			compareSchema(t, where+"."+k, typ.Field(index[k]).Type, sub)
		}
		for k := range props {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: key %q is in the schema but not in the Go type", where, k)
			}
		}
	case reflect.Slice:
		if s["type"] != "array" {
			t.Errorf("%s: schema type %v, want array", where, s["type"])
		}
		items, _ := s["items"].(map[string]any)
		compareSchema(t, where+"[]", typ.Elem(), items)
	case reflect.Map:
		if s["type"] != "object" {
			t.Errorf("%s: schema type %v, want object", where, s["type"])
		}
		sub, _ := s["additionalProperties"].(map[string]any)
		compareSchema(t, where+".*", typ.Elem(), sub)
	case reflect.String:
		if s["type"] != "string" {
			t.Errorf("%s: schema type %v, want string", where, s["type"])
		}
	case reflect.Int:
		if s["type"] != "integer" {
			t.Errorf("%s: schema type %v, want integer", where, s["type"])
		}
	case reflect.Bool:
		if s["type"] != "boolean" {
			t.Errorf("%s: schema type %v, want boolean", where, s["type"])
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("sdgs: [{goal: 3, targets: [3.1]}]\nhandles: {pii: true}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yml", data, known)
		if err != nil {
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
			return
		}
		for _, s := range c.SDGs {
			if s.Goal < 1 || s.Goal > 17 {
				t.Fatalf("accepted goal %d", s.Goal)
			}
		}
		for _, w := range c.Waivers {
			if strings.TrimSpace(w.Reason) == "" {
				t.Fatalf("accepted waiver without reason: %+v", w)
			}
		}
	})
}
