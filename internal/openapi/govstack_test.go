package openapi

import (
	"strings"
	"testing"
)

// The official GovStack building-block specifications, read from the shared
// data folder (see readShared). They are not clean, which is the point.

var govstackSpecs = []struct {
	file       string
	format     string
	version    string
	operations int
}{
	{"messaging-api.yaml", "openapi", "3.0.1", 4},
	{"digital-registries-data-api-1.3.0.yaml", "openapi", "3.0.0", 10},
	{"workflow-api.yaml", "openapi", "3.0.0", 9},
	{"im-directory-services-api.yaml", "openapi", "3.0.0", 4},
	{"im-pubsub-api.yaml", "openapi", "3.1.0", 14},
}

func TestGovStackSpecsParse(t *testing.T) {
	t.Parallel()
	for _, tt := range govstackSpecs {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			doc := parseShared(t, tt.file)
			if doc.Format != tt.format || doc.Version != tt.version || len(doc.Operations) != tt.operations {
				t.Errorf("got %s %s with %d operations, want %s %s with %d", doc.Format, doc.Version, len(doc.Operations), tt.format, tt.version, tt.operations)
			}
			t.Logf("%s: %d operations, %d defects", tt.file, len(doc.Operations), len(doc.Defects))
			for _, d := range doc.Defects {
				t.Logf("  line %d: %s", d.Line, d.Msg)
			}
		})
	}
}

func TestGovStackMessagingSwagger2Keys(t *testing.T) {
	t.Parallel()
	doc := parseShared(t, "messaging-api.yaml")
	want := []Defect{
		{13, `Swagger 2.0 key "basePath" in an OpenAPI 3 document; ignored`},
		{21, `Swagger 2.0 key "schemes" in an OpenAPI 3 document; ignored`},
		{163, `Swagger 2.0 key "securityDefinitions" in an OpenAPI 3 document; ignored`},
		{168, `Swagger 2.0 key "definitions" in an OpenAPI 3 document; ignored except as a $ref target`},
	}
	var got []Defect
	for _, d := range doc.Defects {
		if strings.HasPrefix(d.Msg, "Swagger 2.0 key") {
			got = append(got, d)
		}
	}
	if d := diff(want, got); d != "" {
		t.Errorf("Swagger 2.0 key defects mismatch (-want +got):\n%s", d)
	}
	// The $refs to #/definitions/... still resolve.
	body := doc.Operations[0].Parameters[1]
	if body.Name != "body" || body.Schema == nil || body.Schema.Ref != "#/definitions/email" || len(body.Schema.Properties) != 4 {
		t.Errorf("parameter %q schema = %+v, want #/definitions/email with 4 properties", body.Name, body.Schema)
	}
}

func TestGovStackPubSubDuplicatePathParameter(t *testing.T) {
	t.Parallel()
	doc := parseShared(t, "im-pubsub-api.yaml")
	want := []Defect{{309, `path parameter "eventType" is declared twice; the second one was used`}}
	if d := diff(want, doc.Defects); d != "" {
		t.Errorf("defects mismatch (-want +got):\n%s", d)
	}
}

func TestGovStackDigitalRegistriesMediatorHeader(t *testing.T) {
	t.Parallel()
	doc := parseShared(t, "digital-registries-data-api-1.3.0.yaml")
	var with []string
	for _, op := range doc.Operations {
		for _, p := range op.Parameters {
			if p.In == "header" && p.Name == "Information-Mediator-Client" {
				with = append(with, op.Method+" "+op.Path)
			}
		}
	}
	t.Logf("operations with an Information-Mediator-Client header: %d of %d", len(with), len(doc.Operations))
	if len(with) == 0 {
		t.Error("no operation has an Information-Mediator-Client header parameter")
	}
}

func TestGovStackValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range govstackSpecs {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			defects := Validate(readShared(t, tt.file))
			t.Logf("%s: Validate gives %d defects", tt.file, len(defects))
			for _, d := range defects {
				t.Logf("  line %d: %s", d.Line, d.Msg)
			}
			switch tt.file {
			case "messaging-api.yaml":
				if len(defects) == 0 {
					t.Error("no defects for messaging-api.yaml, which has Swagger 2.0 keys and an undefined security scheme")
				}
			case "im-directory-services-api.yaml":
				if len(defects) != 0 {
					t.Errorf("defects for im-directory-services-api.yaml, which is valid without example validation: %v", defects)
				}
			}
		})
	}
}
