package openapi

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// methodNames maps the operation keys of a path item to method names.
var methodNames = map[string]string{
	"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE",
	"options": "OPTIONS", "head": "HEAD", "patch": "PATCH", "trace": "TRACE",
}

// readPaths reads every operation of the paths object, in document order.
func (r *reader) readPaths(paths *yaml.Node) {
	if paths == nil {
		if r.swagger || !strings.HasPrefix(r.doc.Version, "3.1") {
			r.defect(r.doc.VersionLine, "paths is missing; no operations read")
		}
		return
	}
	tooMany := false
	r.forEachEntry(paths, "paths", func(k, v *yaml.Node) {
		if tooMany {
			return
		}
		path := cut(k.Value)
		if strings.HasPrefix(path, "x-") {
			return // an extension
		}
		if !strings.HasPrefix(path, "/") {
			r.defect(k.Line, fmt.Sprintf("path %q does not start with \"/\"; read anyway", path))
		}
		item, file, ok := r.follow(v, "path ignored")
		if !ok || isNull(item) {
			return
		}
		defer r.enter(file)()
		if item.Kind != yaml.MappingNode {
			r.defect(k.Line, fmt.Sprintf("path %q is not a mapping; ignored", path))
			return
		}
		var pathParams []Parameter
		var methods []*yaml.Node // key, value pairs
		r.forEachEntry(item, "path "+path, func(k, v *yaml.Node) {
			switch {
			case k.Value == "parameters":
				pathParams = r.readParameters(v)
			case methodNames[k.Value] != "":
				methods = append(methods, k, v)
			}
		})
		for i := 0; i+1 < len(methods); i += 2 {
			if len(r.doc.Operations) >= maxOperations {
				r.defect(methods[i].Line, fmt.Sprintf("more than %d operations; the rest were not read", maxOperations))
				tooMany = true
				return
			}
			op := r.readOperation(methodNames[methods[i].Value], path, methods[i], methods[i+1], pathParams)
			op.Line = r.at(op.Line)
			r.doc.Operations = append(r.doc.Operations, op)
		}
	})
}

// readOperation reads one operation; pathParams are the path-level
// parameters, which the operation's own parameters override.
func (r *reader) readOperation(method, path string, key, value *yaml.Node, pathParams []Parameter) *Operation {
	op := &Operation{Method: method, Path: path, Line: key.Line}
	n := resolveAlias(value)
	if isNull(n) {
		op.Parameters = slices.Clone(pathParams)
		return op
	}
	if n.Kind != yaml.MappingNode {
		r.defect(key.Line, fmt.Sprintf("operation %s %s is not a mapping; read as empty", method, path))
		op.Parameters = slices.Clone(pathParams)
		return op
	}
	var (
		opParams           []Parameter
		bodyKey, body      *yaml.Node
		responses          *yaml.Node
		consumes, produces = r.consumes, r.produces
	)
	r.forEachEntry(n, method+" "+path, func(k, v *yaml.Node) {
		switch k.Value {
		case "operationId":
			op.OperationID = text(v)
		case "deprecated":
			op.Deprecated = isTrue(v)
		case "parameters":
			opParams = r.readParameters(v)
		case "requestBody":
			bodyKey, body = k, v
		case "responses":
			responses = v
		case "callbacks":
			r.forEachEntry(v, "callbacks", func(k, _ *yaml.Node) {
				op.Callbacks = append(op.Callbacks, cut(k.Value))
			})
		case "security":
			r.readSecurity(v)
		case "consumes":
			consumes = r.mediaTypeList(v)
		case "produces":
			produces = r.mediaTypeList(v)
		}
	})
	op.Parameters = mergeParameters(pathParams, opParams)
	if r.swagger {
		if len(consumes) == 0 {
			consumes = []string{"application/json"}
		}
		if len(produces) == 0 {
			produces = []string{"application/json"}
		}
		if r.charge(len(consumes)) {
			op.Parameters, op.RequestBody = swaggerBody(op.Parameters, consumes)
		}
	} else if body != nil {
		op.RequestBody = r.readRequestBody(bodyKey, body)
	}
	op.Responses = r.readResponses(responses, produces)
	return op
}

// mergeParameters applies operation-level parameters over path-level ones:
// a parameter with the same (in, name) replaces the path-level one in place.
func mergeParameters(pathParams, opParams []Parameter) []Parameter {
	params := slices.Clone(pathParams)
	if len(opParams) == 0 {
		return params
	}
	index := make(map[string]int, len(params))
	for i, p := range params {
		index[parameterKey(p)] = i
	}
	for _, p := range opParams {
		if i, ok := index[parameterKey(p)]; ok {
			params[i] = p
		} else {
			index[parameterKey(p)] = len(params)
			params = append(params, p)
		}
	}
	return params
}

// parameterKey identifies a parameter by location and name; header names
// are case-insensitive.
func parameterKey(p Parameter) string {
	if p.In == "header" {
		return p.In + " " + strings.ToLower(p.Name)
	}
	return p.In + " " + p.Name
}

// swaggerBody moves the Swagger 2.0 in: body parameter into a request body
// with the consumes media types.
func swaggerBody(params []Parameter, consumes []string) ([]Parameter, *Body) {
	var body *Body
	kept := params[:0:0]
	for _, p := range params {
		if p.In != "body" {
			kept = append(kept, p)
			continue
		}
		body = &Body{Required: p.Required, Line: p.Line}
		for _, t := range consumes {
			body.Content = append(body.Content, MediaType{Type: t, Line: p.Line, Schema: p.Schema})
		}
	}
	return kept, body
}

// readParameters reads a parameters list. A parameter declared twice with
// the same (in, name) is a defect; the second one is kept.
func (r *reader) readParameters(n *yaml.Node) []Parameter {
	var params []Parameter
	index := map[string]int{}
	r.forEachItem(n, "parameters", func(item *yaml.Node) {
		p, ok := r.readParameter(item)
		if !ok {
			return
		}
		key := parameterKey(p)
		if i, ok := index[key]; ok {
			r.defect(p.Line, fmt.Sprintf("%s parameter %q is declared twice; the second one was used", p.In, p.Name))
			params[i] = p
			return
		}
		index[key] = len(params)
		params = append(params, p)
	})
	return params
}

// readParameter reads one parameter, following its $ref. Line is where the
// parameter is listed.
func (r *reader) readParameter(item *yaml.Node) (Parameter, bool) {
	target, file, ok := r.follow(item, "parameter ignored")
	if !ok {
		return Parameter{}, false
	}
	if target.Kind != yaml.MappingNode {
		r.defect(item.Line, "parameter is not a mapping; ignored")
		return Parameter{}, false
	}
	p := Parameter{Line: r.at(item.Line)}
	defer r.enter(file)()
	var schema, content *yaml.Node
	r.forEachEntry(target, "parameter", func(k, v *yaml.Node) {
		switch k.Value {
		case "name":
			p.Name = text(v)
		case "in":
			p.In = text(v)
		case "required":
			p.Required = isTrue(v)
		case "deprecated":
			p.Deprecated = isTrue(v)
		case "description":
			p.Description = text(v)
		case "example":
			p.Examples = r.appendExampleAt(p.Examples, v)
		case "examples":
			p.Examples = r.appendExampleObjects(p.Examples, v)
		case "schema":
			schema = v
		case "content":
			content = v
		}
	})
	if p.Name == "" || p.In == "" {
		r.defect(item.Line, "parameter without name or in; ignored")
		return Parameter{}, false
	}
	switch {
	case r.swagger && p.In != "body":
		// Swagger 2.0 describes other parameters' values inline.
		p.Schema = &Schema{Line: target.Line, File: r.file}
		r.fillSchema(p.Schema, target, 0)
	case schema != nil:
		p.Schema = r.schema(schema, 0)
	case content != nil:
		if media := r.readContent(content); len(media) > 0 {
			p.Schema = media[0].Schema
		}
	}
	return p, true
}

// readRequestBody reads an OpenAPI 3 request body, following its $ref.
// Line is the line of the requestBody key.
func (r *reader) readRequestBody(key, value *yaml.Node) *Body {
	body := &Body{Line: r.at(key.Line)}
	target, file, ok := r.follow(value, "request body read as empty")
	if !ok {
		return body
	}
	defer r.enter(file)()
	r.forEachEntry(target, "requestBody", func(k, v *yaml.Node) {
		switch k.Value {
		case "required":
			body.Required = isTrue(v)
		case "content":
			body.Content = r.readContent(v)
		}
	})
	return body
}

// readContent reads a content map: media types with their schema and
// scalar examples.
func (r *reader) readContent(n *yaml.Node) []MediaType {
	var media []MediaType
	r.forEachEntry(n, "content", func(k, v *yaml.Node) {
		mt := MediaType{Type: cut(k.Value), Line: r.at(k.Line)}
		r.forEachEntry(v, "media type "+mt.Type, func(k, v *yaml.Node) {
			switch k.Value {
			case "schema":
				mt.Schema = r.schema(v, 0)
			case "example":
				mt.Examples = r.appendExampleAt(mt.Examples, v)
			case "examples":
				mt.Examples = r.appendExampleObjects(mt.Examples, v)
			}
		})
		media = append(media, mt)
	})
	return media
}

// appendExample appends n when it is a scalar.
func appendExample(examples []Example, n *yaml.Node) []Example {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return examples
	}
	return append(examples, Example{Value: cut(n.Value), Line: n.Line})
}

// appendExampleAt is appendExample outside a schema: the line is 0 when
// the example is in another file (see reader.at).
func (r *reader) appendExampleAt(examples []Example, n *yaml.Node) []Example {
	before := len(examples)
	examples = appendExample(examples, n)
	if len(examples) > before {
		examples[before].Line = r.at(examples[before].Line)
	}
	return examples
}

// appendExampleObjects appends the scalar values of an examples map
// (name → Example Object, possibly a $ref).
func (r *reader) appendExampleObjects(examples []Example, n *yaml.Node) []Example {
	r.forEachEntry(n, "examples", func(_, v *yaml.Node) {
		example, file, ok := r.follow(v, "example ignored")
		if !ok {
			return
		}
		defer r.enter(file)()
		if _, value := r.lookup(example, "value"); value != nil {
			examples = r.appendExampleAt(examples, value)
		}
	})
	return examples
}

// readResponses reads a responses map. For Swagger 2.0, a response schema
// is given one media type per produces entry.
func (r *reader) readResponses(n *yaml.Node, produces []string) []Response {
	var responses []Response
	r.forEachEntry(n, "responses", func(k, v *yaml.Node) {
		if strings.HasPrefix(k.Value, "x-") {
			return
		}
		resp := Response{Code: cut(k.Value), Line: r.at(k.Line)}
		target, file, ok := r.follow(v, "response read as empty")
		if !ok || isNull(target) {
			responses = append(responses, resp)
			return
		}
		defer r.enter(file)()
		var schemaKey, schema, examples *yaml.Node
		r.forEachEntry(target, "response "+resp.Code, func(k, v *yaml.Node) {
			switch k.Value {
			case "content":
				if !r.swagger {
					resp.Content = r.readContent(v)
				}
			case "headers":
				r.forEachEntry(v, "headers", func(k, _ *yaml.Node) {
					resp.Headers = append(resp.Headers, cut(k.Value))
				})
			case "schema":
				schemaKey, schema = k, v
			case "examples":
				examples = v
			}
		})
		if r.swagger && schema != nil && r.charge(len(produces)) {
			s := r.schema(schema, 0)
			examplesByType := map[string]*yaml.Node{}
			r.forEachEntry(examples, "examples", func(k, v *yaml.Node) { examplesByType[k.Value] = v })
			for _, t := range produces {
				mt := MediaType{Type: t, Line: r.at(schemaKey.Line), Schema: s}
				if example := examplesByType[t]; example != nil {
					mt.Examples = appendExample(nil, example)
				}
				resp.Content = append(resp.Content, mt)
			}
		}
		responses = append(responses, resp)
	})
	return responses
}
