package openapi

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parse reads an OpenAPI 3.x or Swagger 2.0 document (YAML or JSON). It fails
// only when data is neither YAML nor JSON, or is not an OpenAPI/Swagger
// document; every other problem becomes a Defect. name is used in errors.
func Parse(name string, data []byte) (*Doc, error) {
	return parse(name, data, nil, defaultSplit)
}

// FileReader reads a file of the repository that a $ref points to. path is
// slash-separated, clean and relative to the repository root, and never
// leaves it. The reader owns the access policy and the size caps; an error
// means the file is not available.
type FileReader func(path string) ([]byte, error)

// ParseWith is Parse for a document at name (a slash-separated path relative
// to the repository root) whose $refs to other files of the repository are
// read through files: a multi-file description is read whole. At most
// maxRefFiles files are read, adding up to at most maxInputBytes bytes.
func ParseWith(name string, data []byte, files FileReader) (*Doc, error) {
	return parse(name, data, files, defaultSplit)
}

func parse(name string, data []byte, files FileReader, split splitOptions) (*Doc, error) {
	if len(data) > maxInputBytes {
		return nil, fmt.Errorf("%s: %d bytes is more than the %d bytes read", name, len(data), maxInputBytes)
	}
	root, err := decodeTree(data, split)
	if err != nil {
		return nil, fmt.Errorf("%s: neither YAML nor JSON: %w", name, err)
	}
	if root = resolveAlias(root); root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not an OpenAPI or Swagger document: %w", name, errNotMapping)
	}
	r := &reader{root: root, doc: &Doc{}, schemaByRef: map[refKey]*Schema{}, maxVisits: extraVisits,
		name: path.Clean(name), files: files}
	r.tidy(root)
	openapiKey, openapiValue := lookup(root, "openapi")
	swaggerKey, swaggerValue := lookup(root, "swagger")
	switch {
	case openapiKey != nil:
		r.doc.Format, r.doc.Version, r.doc.VersionLine = "openapi", text(openapiValue), openapiKey.Line
		if swaggerKey != nil {
			r.defect(swaggerKey.Line, "both openapi and swagger keys; read as OpenAPI 3")
		}
		if !strings.HasPrefix(r.doc.Version, "3.") {
			r.defect(openapiKey.Line, fmt.Sprintf("unsupported OpenAPI version %q; read as OpenAPI 3", r.doc.Version))
		}
	case swaggerKey != nil:
		r.swagger = true
		r.doc.Format, r.doc.Version, r.doc.VersionLine = "swagger", text(swaggerValue), swaggerKey.Line
		if r.doc.Version != "2.0" {
			r.defect(swaggerKey.Line, fmt.Sprintf("unsupported Swagger version %q; read as Swagger 2.0", r.doc.Version))
		}
	default:
		return nil, fmt.Errorf("%s: not an OpenAPI or Swagger document: no openapi or swagger key", name)
	}
	r.readDocument()
	return r.doc, nil
}

// readDocument reads the top level, then the schemas that $refs point to.
func (r *reader) readDocument() {
	r.readInfo()
	if r.swagger {
		r.readSwaggerTopLevel()
	} else {
		r.readOpenAPITopLevel()
	}
	_, paths := lookup(r.root, "paths")
	r.readPaths(paths)
	r.fillPendingSchemas()
	r.checkSecurityUses()
	r.doc.Defects = finishDefects(r.defects)
}

// readInfo reads info.title and info.version.
func (r *reader) readInfo() {
	infoKey, info := lookup(r.root, "info")
	if infoKey == nil {
		r.defect(r.doc.VersionLine, "info is missing; title and version left empty")
		return
	}
	if m := resolveAlias(info); m == nil || m.Kind != yaml.MappingNode {
		r.defect(infoKey.Line, "info is not a mapping; title and version left empty")
		return
	}
	titleKey, title := lookup(info, "title")
	r.doc.Title = text(title)
	if titleKey == nil || r.doc.Title == "" {
		r.defect(infoKey.Line, "info.title is missing; left empty")
	}
	versionKey, version := lookup(info, "version")
	r.doc.InfoVersion = text(version)
	if versionKey == nil || r.doc.InfoVersion == "" {
		r.defect(infoKey.Line, "info.version is missing; left empty")
	} else {
		r.doc.InfoVersionLine = versionKey.Line
	}
}

// swagger2Keys are top-level keys of Swagger 2.0 that OpenAPI 3 replaced.
var swagger2Keys = map[string]string{
	"host":                "ignored",
	"basePath":            "ignored",
	"schemes":             "ignored",
	"consumes":            "ignored",
	"produces":            "ignored",
	"securityDefinitions": "ignored",
	"definitions":         "ignored except as a $ref target",
	"parameters":          "ignored except as a $ref target",
	"responses":           "ignored except as a $ref target",
}

// openapi3Keys are top-level keys of OpenAPI 3 unknown to Swagger 2.0.
var openapi3Keys = []string{"servers", "components", "webhooks", "jsonSchemaDialect"}

// readOpenAPITopLevel reads servers, security schemes, webhooks and schemas
// of an OpenAPI 3 document, and reports Swagger 2.0 keys left in it.
func (r *reader) readOpenAPITopLevel() {
	root := r.root
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if what, ok := swagger2Keys[k.Value]; ok && k.Kind == yaml.ScalarNode {
			r.defect(k.Line, fmt.Sprintf("Swagger 2.0 key %q in an OpenAPI 3 document; %s", k.Value, what))
		}
	}
	if _, servers := lookup(root, "servers"); servers != nil {
		r.forEachItem(servers, "servers", func(item *yaml.Node) {
			urlKey, u := r.lookup(item, "url")
			if urlKey == nil {
				r.defect(item.Line, "server without url; ignored")
				return
			}
			r.doc.Servers = append(r.doc.Servers, Server{URL: text(u), Line: u.Line})
		})
	}
	_, components := lookup(root, "components")
	_, schemes := lookup(components, "securitySchemes")
	r.forEachEntry(schemes, "components.securitySchemes", func(k, v *yaml.Node) {
		scheme, file, ok := r.follow(v, "security scheme read without a type")
		s := SecurityScheme{Name: cut(k.Value), Line: k.Line}
		if ok {
			defer r.enter(file)()
			_, typ := r.lookup(scheme, "type")
			_, httpScheme := r.lookup(scheme, "scheme")
			s.Type, s.Scheme = text(typ), strings.ToLower(text(httpScheme))
		}
		r.doc.SecuritySchemes = append(r.doc.SecuritySchemes, s)
	})
	_, webhooks := lookup(root, "webhooks")
	r.forEachEntry(webhooks, "webhooks", func(k, _ *yaml.Node) {
		r.doc.Webhooks = append(r.doc.Webhooks, cut(k.Value))
	})
	_, schemas := lookup(components, "schemas")
	r.readNamedSchemas(schemas, "components.schemas", "#/components/schemas/")
	r.readGlobalSecurity()
}

// readSwaggerTopLevel reads the server, media types, security definitions
// and definitions of a Swagger 2.0 document, and reports OpenAPI 3 keys in it.
func (r *reader) readSwaggerTopLevel() {
	root := r.root
	for _, key := range openapi3Keys {
		if k, _ := lookup(root, key); k != nil {
			r.defect(k.Line, fmt.Sprintf("OpenAPI 3 key %q in a Swagger 2.0 document; ignored", key))
		}
	}
	hostKey, host := lookup(root, "host")
	baseKey, basePath := lookup(root, "basePath")
	_, schemes := lookup(root, "schemes")
	if hostKey != nil || baseKey != nil {
		scheme := "https"
		if s := resolveAlias(schemes); s != nil && s.Kind == yaml.SequenceNode && len(s.Content) > 0 {
			if first := text(s.Content[0]); first != "" {
				scheme = first
			}
		}
		server := Server{URL: cut(text(basePath))}
		if hostKey != nil {
			server = Server{URL: cut(scheme + "://" + text(host) + text(basePath)), Line: hostKey.Line}
		} else {
			server.Line = baseKey.Line
		}
		r.doc.Servers = append(r.doc.Servers, server)
	}
	_, consumes := lookup(root, "consumes")
	r.consumes = r.mediaTypeList(consumes)
	_, produces := lookup(root, "produces")
	r.produces = r.mediaTypeList(produces)
	_, definitions := lookup(root, "securityDefinitions")
	r.forEachEntry(definitions, "securityDefinitions", func(k, v *yaml.Node) {
		_, typ := r.lookup(v, "type")
		r.doc.SecuritySchemes = append(r.doc.SecuritySchemes, SecurityScheme{Name: cut(k.Value), Type: text(typ), Line: k.Line})
	})
	_, schemas := lookup(root, "definitions")
	r.readNamedSchemas(schemas, "definitions", "#/definitions/")
	r.readGlobalSecurity()
}

// readNamedSchemas fills Doc.Schemas with one shared schema per name.
func (r *reader) readNamedSchemas(n *yaml.Node, where, prefix string) {
	r.forEachEntry(n, where, func(k, _ *yaml.Node) {
		if r.doc.Schemas == nil {
			r.doc.Schemas = map[string]*Schema{}
		}
		pointer := prefix + pointerEscape(k.Value)
		r.doc.Schemas[cut(k.Value)] = r.refSchema(refKey{pointer: pointer[1:]}, pointer, k.Line)
	})
}

// readGlobalSecurity reads the top-level security requirement.
func (r *reader) readGlobalSecurity() {
	_, security := lookup(r.root, "security")
	r.doc.GlobalSecurity = r.readSecurity(security)
}

// readSecurity records the scheme names a security requirement list uses
// and reports whether one of its requirements is non-empty.
func (r *reader) readSecurity(n *yaml.Node) bool {
	nonEmpty := false
	r.forEachItem(n, "security", func(requirement *yaml.Node) {
		r.forEachEntry(requirement, "security requirement", func(k, _ *yaml.Node) {
			nonEmpty = true
			r.securityUses = append(r.securityUses, securityUse{name: cut(k.Value), line: k.Line})
		})
	})
	return nonEmpty
}

// checkSecurityUses marks the schemes requirements apply and reports
// requirements naming no scheme.
func (r *reader) checkSecurityUses() {
	defined := make(map[string]int, len(r.doc.SecuritySchemes))
	for i, s := range r.doc.SecuritySchemes {
		defined[s.Name] = i
	}
	for _, use := range r.securityUses {
		i, ok := defined[use.name]
		if !ok {
			r.defect(use.line, fmt.Sprintf("security scheme %q is used but not defined; the requirement cannot be checked", use.name))
			continue
		}
		r.doc.SecuritySchemes[i].Applied = true
	}
}

// mediaTypeList reads a Swagger 2.0 consumes or produces list.
func (r *reader) mediaTypeList(n *yaml.Node) []string {
	var types []string
	r.forEachItem(n, "media type list", func(item *yaml.Node) {
		if t := text(item); t != "" {
			types = append(types, t)
		}
	})
	return types
}
