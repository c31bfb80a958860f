package dpga

import "strings"

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
func parseObject(data []byte) (*node, error) {
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	if root.kind != objectKind {
		return nil, &ParseError{Line: root.line, Msg: "the document is " + describe(root) + ", not a JSON object"}
	}
	return root, nil
}

// fromTree reads the Application of a record's root object.
func fromTree(root *node) *Application {
	a := &Application{
		Name:        text(root.get("name")),
		Description: text(root.get("description")),
		Stage:       text(root.get("stage")),
	}
	a.Shapes = shapesOf(root)
	readTypes(a, root)
	readLicenses(a, root)
	readSDGs(a, root)
	readOrganizations(a, root)
	readOwnership(a, root.get("clearOwnership"))
	readPlatformIndependence(a, root.get("platformIndependence"))
	readDocumentation(a, root.get("documentation"))
	readNonPII(a, root.get("NonPII"))
	readPrivacy(a, root.get("privacy"))
	readStandards(a, root)
	readDoNoHarm(a, root)
	readRepositories(a, root)
	locations := root.get("locations")
	a.DevelopmentCountries = texts(locations.get("developmentCountries"))
	a.DeploymentCountries = texts(locations.get("deploymentCountries"))
	return a
}

// describe names the JSON type of n for messages.
func describe(n *node) string {
	switch n.kind {
	case arrayKind:
		return "an array"
	case stringKind:
		return "a string"
	case numberKind:
		return "a number"
	case boolKind:
		return "a boolean"
	case nullKind:
		return "null"
	}
	return "an object"
}

// shapesOf lists the shapes that have at least one marking key in root.
func shapesOf(root *node) []string {
	top := map[string]kind{}
	for i, k := range root.keys {
		if _, seen := top[k]; !seen {
			top[k] = root.items[i].kind
		}
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
func readTypes(a *Application, root *node) {
	for _, key := range []string{"type", "categories"} {
		for _, s := range texts(root.get(key)) {
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
	s = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)
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
