package dpga

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// schemaDir holds the upstream DPGA JSON Schemas (DPGAlliance/
// publicgoods-candidates), relative to this package. They are read here
// and never copied into the project.
const schemaDir = "../../../shared/data/dpg"

// understood maps every required top-level field of the nominee and
// screening schemas to a check that Parse extracted it from an example
// record generated from the schema.
var understood = map[string]func(*Application) bool{
	"name":                 func(a *Application) bool { return a.Name != "" },
	"description":          func(a *Application) bool { return a.Description != "" },
	"license":              func(a *Application) bool { return len(a.Licenses) > 0 && a.Licenses[0].URL != "" },
	"organizations":        func(a *Application) bool { return len(a.Organizations) > 0 && len(a.Owners) > 0 },
	"SDGs":                 func(a *Application) bool { return len(a.SDGs) > 0 && a.SDGs[0].Evidence != "" },
	"type":                 func(a *Application) bool { return len(a.Types) > 0 },
	"stage":                func(a *Application) bool { return a.Stage != "" },
	"clearOwnership":       func(a *Application) bool { return a.OwnershipExplicit != "" && a.CopyrightURL != "" },
	"platformIndependence": func(a *Application) bool { return a.MandatoryDepsRestrict != "" && a.PlatformIndependent != "" },
	"documentation":        func(a *Application) bool { return len(a.DocumentationURLs) > 0 },
	"NonPII":               func(a *Application) bool { return a.CollectsNonPII != "" && a.NonPIIAccess != "" },
	"locations":            func(a *Application) bool { return len(a.DevelopmentCountries) > 0 && len(a.DeploymentCountries) > 0 },
	"privacy":              func(a *Application) bool { return a.PrivacyCompliant != "" && len(a.PrivacyLaws) > 0 },
	"standards":            func(a *Application) bool { return len(a.Standards) > 0 && len(a.BestPractices) > 0 },
	"doNoHarm": func(a *Application) bool {
		return a.CollectsPII != "" && a.ContentCollected != "" && a.UserInteraction != "" && a.HarassmentPolicy != ""
	},
}

func TestUpstreamSchemas(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(schemaDir); err != nil {
		t.Skip("../shared/data/dpg is absent (a fresh clone has no ../shared); skipping the upstream schema check")
	}
	for file, shape := range map[string]string{"nominee-schema.json": ShapeNominee, "screening-schema.json": ShapeScreening} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join(schemaDir, file))
			if err != nil {
				t.Fatal(err)
			}
			if Recognize(raw) {
				t.Errorf("Recognize(%s) = true; a JSON Schema is not an application", file)
			}
			var schema map[string]any
			if err := json.Unmarshal(raw, &schema); err != nil {
				t.Fatal(err)
			}
			example, err := json.MarshalIndent(exampleOf(schema), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if !Recognize(example) {
				t.Errorf("Recognize(example of %s) = false", file)
			}
			a, err := Parse(example)
			if err != nil {
				t.Fatalf("Parse(example of %s): %v", file, err)
			}
			if !contains(a.Shapes, shape) {
				t.Errorf("Shapes = %v, want %s among them", a.Shapes, shape)
			}
			required, _ := schema["required"].([]any)
			if len(required) == 0 {
				t.Fatalf("%s lists no required fields", file)
			}
			for _, r := range required {
				field, _ := r.(string)
				check, ok := understood[field]
				switch {
				case !ok:
					t.Errorf("%s requires %q, which Parse does not read", file, field)
				case !check(a):
					t.Errorf("%s: Parse did not extract %q from the example\n%s", file, field, example)
				}
			}
		})
	}
}

// exampleOf builds a value that satisfies a (simple) JSON Schema: the first
// enum value, an example string with a URL, one item per array, and every
// property of an object.
func exampleOf(schema map[string]any) any {
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	if anyOf, ok := schema["anyOf"].([]any); ok && len(anyOf) > 0 {
		if first, ok := anyOf[0].(map[string]any); ok {
			return exampleOf(first)
		}
	}
	switch schema["type"] {
	case "object":
		out := map[string]any{}
		props, _ := schema["properties"].(map[string]any)
		for name, p := range props {
			if sub, ok := p.(map[string]any); ok {
				out[name] = exampleOf(sub)
			}
		}
		return out
	case "array":
		items, _ := schema["items"].(map[string]any)
		return []any{exampleOf(items)}
	case "number", "integer":
		return 1
	case "boolean":
		return true
	}
	return "example https://example.org/evidence"
}
