package openapi

import (
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// pendingSchema is a schema created for a $ref whose target is read later,
// so that $refs never recurse: the reader fills pending schemas one after
// the other until none is left.
type pendingSchema struct {
	schema *Schema
	key    refKey
	ref    string // as written
	line   int    // where the $ref is written
	file   string // the file it is written in
}

// schema reads the schema at n. A reference object gives the shared schema
// of its $ref.
func (r *reader) schema(n *yaml.Node, depth int) *Schema {
	n = resolveAlias(n)
	if n == nil {
		return nil
	}
	if s, ok := r.schemaByNode[n]; ok {
		return s
	}
	if ref, line, isRef := refOf(n); isRef {
		// Finding the $ref scanned the mapping: charge it. (For other
		// schemas, fillSchema charges the same scan.)
		if !r.charge(len(n.Content) / 2) {
			return &Schema{Line: n.Line, File: r.file}
		}
		key, problem := r.keyOf(r.file, ref)
		if problem != "" {
			r.defect(line, fmt.Sprintf("$ref %q %s; treated as an empty schema", cut(ref), problem))
			return &Schema{Ref: cut(ref), Line: line, File: r.file}
		}
		return r.refSchema(key, ref, line)
	}
	s := &Schema{Line: n.Line, File: r.file}
	if n.Anchor != "" {
		// A YAML anchor is shared like a $ref: every alias to it gets the
		// same schema, so aliases cannot multiply the work, and an alias
		// inside its own anchor makes a cycle instead of endless nesting.
		if r.schemaByNode == nil {
			r.schemaByNode = map[*yaml.Node]*Schema{}
		}
		r.schemaByNode[n] = s
	}
	r.fillSchema(s, n, depth)
	return s
}

// refSchema returns the schema for key (written as ref at line of r.file),
// creating it (empty, to be filled later) the first time key is seen.
func (r *reader) refSchema(key refKey, ref string, line int) *Schema {
	if s, ok := r.schemaByRef[key]; ok {
		return s
	}
	s := &Schema{Ref: cut(key.String()), Line: line, File: r.file}
	r.schemaByRef[key] = s
	r.pending = append(r.pending, pendingSchema{schema: s, key: key, ref: ref, line: line, file: r.file})
	return s
}

// fillPendingSchemas reads the targets of $refs, including those the
// targets themselves contain.
func (r *reader) fillPendingSchemas() {
	for i := 0; i < len(r.pending); i++ {
		p := r.pending[i]
		leave := r.enter(p.file)
		target, file, ok := r.followRef(p.key, p.ref, p.line, "treated as an empty schema")
		leave()
		if !ok {
			continue
		}
		p.schema.Line, p.schema.File = target.Line, file
		leave = r.enter(file)
		r.fillSchema(p.schema, target, 0)
		leave()
	}
	r.pending = nil
}

// fillSchema reads the keys of schema object n into s.
func (r *reader) fillSchema(s *Schema, n *yaml.Node, depth int) {
	if !r.charge(1) {
		return
	}
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && (n.Value == "true" || n.Value == "false" || n.Tag == "!!null") {
			return // an OpenAPI 3.1 boolean schema, or nothing
		}
		r.defect(n.Line, "schema is not a mapping; treated as an empty schema")
		return
	}
	if depth > maxSchemaNesting {
		r.defect(n.Line, "schemas are nested too deeply; the inner ones were not read")
		return
	}
	r.forEachEntry(n, "schema", func(k, v *yaml.Node) {
		switch k.Value {
		case "type":
			s.Type = schemaType(v)
		case "format":
			s.Format = text(v)
		case "properties":
			r.forEachEntry(v, "properties", func(k, v *yaml.Node) {
				s.Properties = append(s.Properties, Property{Name: cut(k.Value), Line: k.Line, Schema: r.schema(v, depth+1)})
			})
		case "required":
			if seq := resolveAlias(v); seq != nil && seq.Kind == yaml.SequenceNode {
				r.forEachItem(seq, "required", func(item *yaml.Node) {
					if name, ok := scalar(item); ok {
						s.Required = append(s.Required, name)
					}
				})
			}
		case "items":
			if seq := resolveAlias(v); seq != nil && seq.Kind == yaml.SequenceNode {
				if len(seq.Content) > 0 { // tuple form of old JSON Schema: take the first
					s.Items = r.schema(seq.Content[0], depth+1)
				}
				return
			}
			s.Items = r.schema(v, depth+1)
		case "allOf":
			s.AllOf = r.schemaList(v, depth+1)
		case "oneOf":
			s.OneOf = r.schemaList(v, depth+1)
		case "anyOf":
			s.AnyOf = r.schemaList(v, depth+1)
		case "enum":
			s.Enum = true
			r.forEachItem(v, "enum", func(item *yaml.Node) {
				if value, ok := scalar(item); ok && len(s.EnumValues) < maxEnumValues {
					s.EnumValues = append(s.EnumValues, value)
				}
			})
		case "pattern":
			s.Pattern = text(v)
		case "maxLength":
			if length, err := strconv.Atoi(text(v)); err == nil && length >= 0 {
				s.MaxLength = &length
			}
		case "example":
			s.Examples = appendExample(s.Examples, v)
		case "examples":
			if seq := resolveAlias(v); seq != nil && seq.Kind == yaml.SequenceNode {
				r.forEachItem(seq, "examples", func(item *yaml.Node) {
					s.Examples = appendExample(s.Examples, item)
				})
			}
		}
	})
}

// schemaList reads a list of schemas (allOf, oneOf, anyOf).
func (r *reader) schemaList(n *yaml.Node, depth int) []*Schema {
	var list []*Schema
	r.forEachItem(n, "schema list", func(item *yaml.Node) {
		if s := r.schema(item, depth); s != nil {
			list = append(list, s)
		}
	})
	return list
}

// schemaType returns a schema's type; for an OpenAPI 3.1 list of types, the
// first one that is not "null" ("null" when it is the only one).
func schemaType(n *yaml.Node) string {
	n = resolveAlias(n)
	if n == nil {
		return ""
	}
	if n.Kind == yaml.ScalarNode {
		return cut(n.Value)
	}
	if n.Kind != yaml.SequenceNode {
		return ""
	}
	first := ""
	for _, item := range n.Content[:min(len(n.Content), 16)] {
		t, ok := scalar(item)
		if !ok {
			continue
		}
		if t != "null" {
			return t
		}
		first = t
	}
	return first
}
