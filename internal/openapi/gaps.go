package openapi

import "strings"

// operationGaps lists what cand lacks of ref, in this order: parameters,
// headers, responses, request fields, response fields.
func operationGaps(ref, cand *Operation) []Gap {
	var gaps []Gap
	add := func(kind, what string, line int) {
		gaps = append(gaps, Gap{Kind: kind, Method: ref.Method, Path: ref.Path, What: what, Reference: line, Candidate: cand.Line})
	}
	for _, p := range ref.Parameters {
		if !p.Required || p.In != "query" && p.In != "path" && p.In != "cookie" {
			continue
		}
		if p.In == "path" && strings.Contains(ref.Path, "{"+p.Name+"}") {
			continue // matched by the path itself
		}
		if !hasParameter(cand, p) {
			add(GapParameter, p.Name, p.Line)
		}
	}
	for _, p := range ref.Parameters {
		if p.Required && p.In == "header" && !hasParameter(cand, p) {
			add(GapHeader, p.Name, p.Line)
		}
	}
	for _, resp := range ref.Responses {
		if candidateResponse(cand, resp.Code) == nil {
			add(GapResponse, resp.Code, resp.Line)
		}
	}
	for _, f := range requestFieldGaps(ref, cand) {
		add(GapRequestField, f.Name, f.Line)
	}
	for _, resp := range ref.Responses {
		if !isSuccess(resp.Code) {
			continue
		}
		candResp := candidateResponse(cand, resp.Code)
		if candResp == nil {
			continue // already a response gap
		}
		for _, f := range responseFieldGaps(&resp, candResp) {
			add(GapResponseField, f.Name, f.Line)
		}
	}
	return gaps
}

// hasParameter reports whether cand has a parameter like p (header names
// compared without case).
func hasParameter(cand *Operation, p Parameter) bool {
	key := parameterKey(p)
	for _, q := range cand.Parameters {
		if parameterKey(q) == key {
			return true
		}
	}
	return false
}

// candidateResponse returns the candidate response documenting code: the
// same code, a range covering it ("2XX") or a code in the range code is,
// or "default". A reference "default" is documented by any response.
func candidateResponse(cand *Operation, code string) *Response {
	var byRange, byDefault *Response
	for i := range cand.Responses {
		resp := &cand.Responses[i]
		switch {
		case resp.Code == code:
			return resp
		case len(resp.Code) == 3 && len(code) == 3 && resp.Code[0] == code[0] && (isRange(resp.Code) || isRange(code)):
			byRange = resp
		case strings.EqualFold(resp.Code, "default"):
			byDefault = resp
		}
	}
	switch {
	case byRange != nil:
		return byRange
	case byDefault != nil:
		return byDefault
	case strings.EqualFold(code, "default") && len(cand.Responses) > 0:
		return &cand.Responses[0]
	}
	return nil
}

// isRange reports whether code is a response range such as "2XX".
func isRange(code string) bool {
	return len(code) == 3 && strings.EqualFold(code[1:], "XX")
}

// isSuccess reports whether code is a 2xx code or the 2XX range.
func isSuccess(code string) bool {
	return len(code) == 3 && code[0] == '2'
}

// requestFieldGaps lists the required properties of ref's JSON request
// body that cand's request body lacks.
func requestFieldGaps(ref, cand *Operation) []Property {
	if ref.RequestBody == nil {
		return nil
	}
	refMedia := jsonMediaType(ref.RequestBody.Content)
	if refMedia == nil || refMedia.Schema == nil {
		return nil
	}
	var candFields map[string]*Property
	if cand.RequestBody != nil {
		if m := candidateMediaType(cand.RequestBody.Content); m != nil {
			candFields = fieldsByName(objectFields(m.Schema))
		}
	}
	refFields := fieldsByName(objectFields(refMedia.Schema))
	var missing []Property
	for _, name := range requiredFields(refMedia.Schema) {
		if candFields[name] != nil {
			continue
		}
		line := refMedia.Schema.Line
		if p := refFields[name]; p != nil {
			line = p.Line
		}
		missing = append(missing, Property{Name: name, Line: line})
	}
	return missing
}

// responseFieldGaps lists the properties of a reference response's JSON
// schema, and of their own object schemas one level down ("parent.child"),
// that the candidate response lacks.
func responseFieldGaps(ref, cand *Response) []Property {
	refMedia := jsonMediaType(ref.Content)
	if refMedia == nil || refMedia.Schema == nil {
		return nil
	}
	var candFields map[string]*Property
	if m := candidateMediaType(cand.Content); m != nil {
		candFields = fieldsByName(objectFields(m.Schema))
	}
	var missing []Property
	for _, p := range objectFields(refMedia.Schema) {
		candField := candFields[p.Name]
		if candField == nil {
			missing = append(missing, p)
			continue
		}
		candNested := fieldsByName(objectFields(candField.Schema))
		for _, q := range objectFields(p.Schema) {
			if candNested[q.Name] == nil {
				missing = append(missing, Property{Name: p.Name + "." + q.Name, Line: q.Line})
			}
		}
	}
	return missing
}

// jsonMediaType returns the first JSON media type of a content list, or
// failing that a wildcard one ("*/*", "application/*"), which several
// building blocks use for their JSON responses.
func jsonMediaType(content []MediaType) *MediaType {
	for i := range content {
		if isJSONMediaType(content[i].Type) {
			return &content[i]
		}
	}
	for i := range content {
		if t := strings.TrimSpace(content[i].Type); t == "*/*" || t == "application/*" {
			return &content[i]
		}
	}
	return nil
}

// candidateMediaType returns the candidate's JSON media type, or failing
// that its first media type with a schema: a candidate describing its body
// under another type still has the fields.
func candidateMediaType(content []MediaType) *MediaType {
	if m := jsonMediaType(content); m != nil {
		return m
	}
	for i := range content {
		if content[i].Schema != nil {
			return &content[i]
		}
	}
	return nil
}

// isJSONMediaType reports whether t is application/json, text/json or a
// +json type, parameters ignored.
func isJSONMediaType(t string) bool {
	t, _, _ = strings.Cut(strings.ToLower(t), ";")
	t = strings.TrimSpace(t)
	return t == "application/json" || t == "text/json" || strings.HasSuffix(t, "+json")
}

// maxFieldDepth bounds how many schemas deep objectFields looks through
// composition and array items.
const maxFieldDepth = 8

// objectFields returns the properties of an object schema, including those
// of its allOf, oneOf and anyOf members, looking through arrays to their
// items; the first property of each name wins.
func objectFields(s *Schema) []Property {
	var fields []Property
	names := map[string]bool{}
	seen := map[*Schema]bool{}
	var collect func(s *Schema, depth int)
	collect = func(s *Schema, depth int) {
		if s == nil || seen[s] || depth > maxFieldDepth {
			return
		}
		seen[s] = true
		for _, p := range s.Properties {
			if !names[p.Name] {
				names[p.Name] = true
				fields = append(fields, p)
			}
		}
		if len(s.Properties) == 0 {
			collect(s.Items, depth+1)
		}
		for _, group := range [][]*Schema{s.AllOf, s.OneOf, s.AnyOf} {
			for _, member := range group {
				collect(member, depth+1)
			}
		}
	}
	collect(s, 0)
	return fields
}

// requiredFields returns the required property names of a schema and of
// its allOf members (which must all hold).
func requiredFields(s *Schema) []string {
	var names []string
	listed := map[string]bool{}
	seen := map[*Schema]bool{}
	var collect func(s *Schema, depth int)
	collect = func(s *Schema, depth int) {
		if s == nil || seen[s] || depth > maxFieldDepth {
			return
		}
		seen[s] = true
		for _, name := range s.Required {
			if !listed[name] {
				listed[name] = true
				names = append(names, name)
			}
		}
		for _, member := range s.AllOf {
			collect(member, depth+1)
		}
	}
	collect(s, 0)
	return names
}

// fieldsByName indexes fields by name.
func fieldsByName(fields []Property) map[string]*Property {
	index := make(map[string]*Property, len(fields))
	for i := range fields {
		index[fields[i].Name] = &fields[i]
	}
	return index
}
