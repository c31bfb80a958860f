package dpga

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
)

// Parse reads a whole DPGA application record. It returns a *ParseError when
// data is not valid JSON (with the line of the fault) or not a JSON object;
// fields of unexpected types are skipped.
func Parse(data []byte) (*Application, error) {
	root, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	return fromTree(root), nil
}

// parseObject reads data into a tree whose root is a JSON object.
func parseObject(data []byte) (*jsonline.Value, error) {
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	if root.Kind != jsonline.Object {
		return nil, &ParseError{Line: root.Line, Msg: "the document is " + describe(root) + ", not a JSON object"}
	}
	return root, nil
}

// fromTree reads the Application of a record's root object.
func fromTree(root *jsonline.Value) *Application {
	a := &Application{
		Name:        text(root.Get("name")),
		Description: text(root.Get("description")),
		Stage:       text(root.Get("stage")),
	}
	a.Shapes = shapesOf(root)
	readTypes(a, root)
	readLicenses(a, root)
	readSDGs(a, root)
	readOrganizations(a, root)
	readOwnership(a, root.Get("clearOwnership"))
	readPlatformIndependence(a, root.Get("platformIndependence"))
	readDocumentation(a, root.Get("documentation"))
	readNonPII(a, root.Get("NonPII"))
	readPrivacy(a, root.Get("privacy"))
	readStandards(a, root)
	readDoNoHarm(a, root)
	readRepositories(a, root)
	locations := root.Get("locations")
	a.DevelopmentCountries = texts(locations.Get("developmentCountries"))
	a.DeploymentCountries = texts(locations.Get("deploymentCountries"))
	return a
}

// describe names the JSON type of n for messages.
func describe(n *jsonline.Value) string {
	switch n.Kind {
	case jsonline.Array:
		return "an array"
	case jsonline.String:
		return "a string"
	case jsonline.Number:
		return "a number"
	case jsonline.Bool:
		return "a boolean"
	case jsonline.Null:
		return "null"
	}
	return "an object"
}

// shapesOf lists the shapes that have at least one marking key in root.
func shapesOf(root *jsonline.Value) []string {
	top := map[string]jsonline.Kind{}
	for _, m := range root.Members {
		top[m.Key] = m.Value.Kind // the last of duplicate keys, as Get
	}
	var shapes []string
	for i, score := range shapeScores(top) {
		if score > 0 {
			shapes = append(shapes, shapeSignatures[i].shape)
		}
	}
	return shapes
}

// readTypes normalises the nominee "type" and the portal "categories".
func readTypes(a *Application, root *jsonline.Value) {
	for _, key := range []string{"type", "categories"} {
		for _, s := range texts(root.Get(key)) {
			if t := normalType(s); t != "" {
				a.Types = appendNew(a.Types, t)
			}
		}
	}
}

// normalType maps "software", "Open Software", "aimodel", "AI Model", ...
// to one of software, data, content, ai-model and standard, or "".
func normalType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "open ")
	s = typeSeparators.Replace(s)
	switch strings.TrimSuffix(s, "s") {
	case "software":
		return "software"
	case "data":
		return "data"
	case "content":
		return "content"
	case "standard":
		return "standard"
	case "aimodel", "ai":
		return "ai-model"
	}
	return ""
}

// typeSeparators are left out of a DPG type ("open software" is software).
var typeSeparators = strings.NewReplacer(" ", "", "-", "", "_", "")
