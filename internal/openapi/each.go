package openapi

// EachSchema calls fn for every schema reachable from operations (parameters,
// bodies, responses), with a dotted path such as "POST /persons response 200
// application/json .dateOfBirth", following $refs once (cycle-safe).
//
// Each schema is visited once, at the first place it is reached in document
// order: a component schema used by ten operations is reported under the
// first of them. Parameters are named "GET /persons parameter limit",
// request bodies "POST /persons request application/json"; array items add
// "[]" and composition (allOf, oneOf, anyOf) adds nothing to the path.
// Nesting deeper than 64 levels is not visited.
func (d *Doc) EachSchema(fn func(where string, s *Schema)) {
	w := schemaWalker{seen: map[*Schema]bool{}, fn: fn}
	for _, op := range d.Operations {
		base := op.Method + " " + op.Path
		for _, p := range op.Parameters {
			w.walk(base+" parameter "+p.Name, "", p.Schema, 0)
		}
		if op.RequestBody != nil {
			for _, mt := range op.RequestBody.Content {
				w.walk(base+" request "+mt.Type, "", mt.Schema, 0)
			}
		}
		for _, resp := range op.Responses {
			for _, mt := range resp.Content {
				w.walk(base+" response "+resp.Code+" "+mt.Type, "", mt.Schema, 0)
			}
		}
	}
}

// schemaWalker visits each schema once.
type schemaWalker struct {
	seen map[*Schema]bool
	fn   func(where string, s *Schema)
}

// walk visits s, found at field (".a.b", "[]", "" for the top) under base.
func (w *schemaWalker) walk(base, field string, s *Schema, depth int) {
	if s == nil || w.seen[s] || depth > maxSchemaNesting {
		return
	}
	w.seen[s] = true
	where := base
	if field != "" {
		where += " " + field
	}
	w.fn(where, s)
	for _, p := range s.Properties {
		w.walk(base, field+"."+p.Name, p.Schema, depth+1)
	}
	w.walk(base, field+"[]", s.Items, depth+1)
	for _, group := range [][]*Schema{s.AllOf, s.OneOf, s.AnyOf} {
		for _, member := range group {
			w.walk(base, field, member, depth+1)
		}
	}
}
