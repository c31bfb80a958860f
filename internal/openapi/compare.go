package openapi

// Conformance compares a candidate's API with a building block's reference API.
type Conformance struct {
	Operations int          // operations in the reference
	Matched    []Match      // reference operations found in the candidate
	Missing    []*Operation // reference operations the candidate lacks
	Gaps       []Gap        // differences within matched operations
}

// Match pairs a reference operation with the candidate operation found for it.
type Match struct{ Reference, Candidate *Operation }

// Gap is one thing a matched candidate operation lacks.
type Gap struct {
	Kind      string // "parameter", "header", "response", "request-field", "response-field"
	Method    string
	Path      string // the reference path
	What      string // the name of the missing thing: parameter/header name, response code, field name
	Reference int    // line in the reference document
	Candidate int    // line of the candidate operation
}

// Gap kinds.
const (
	GapParameter     = "parameter"
	GapHeader        = "header"
	GapResponse      = "response"
	GapRequestField  = "request-field"
	GapResponseField = "response-field"
)

// Compare matches operations by method and normalised path: each document's
// server path prefix is stripped (servers[].url path, Swagger basePath), an
// Information-Mediator prefix /r1/{instance}/{class}/{code}/{subsystem}[/{service}]
// (literal segments or parameters) is stripped, path parameter names are
// ignored ({id} matches {personId}), trailing slashes ignored. Within a
// matched operation it reports: required reference parameters (query, path,
// cookie) the candidate lacks; required reference header parameters the
// candidate lacks (case-insensitive names); reference response codes the
// candidate does not document ("default" matches anything); required
// properties of the reference's JSON request body schema missing from the
// candidate's; properties of the reference's 2xx JSON response schemas missing
// from the candidate's (top level plus one level of nesting is enough).
//
// Properties are gathered through allOf, oneOf and anyOf and through array
// items. A reference schema under "*/*" counts as JSON when there is no
// JSON media type; the candidate's schema is its JSON one, or failing that
// its first one with a schema.
//
// A reference path parameter that appears in the reference path is
// satisfied by the path match itself, whatever the candidate calls it. A
// candidate response range ("2XX") covers the codes in it, and a reference
// "default" response is satisfied by any candidate response. When several
// candidate operations match, the one matching with the fewest assumptions
// (no prefix stripped before a server prefix, before an IM prefix) wins, then
// one not yet matched, then the first in document order.
func Compare(candidate, reference *Doc) Conformance {
	var c Conformance
	if reference == nil {
		return c
	}
	c.Operations = len(reference.Operations)
	index := indexOperations(candidate)
	used := map[*Operation]bool{}
	refServers := serverPrefixes(reference)
	for _, ref := range reference.Operations {
		cand := index.best(ref, refServers, used)
		if cand == nil {
			c.Missing = append(c.Missing, ref)
			continue
		}
		used[cand] = true
		c.Matched = append(c.Matched, Match{Reference: ref, Candidate: cand})
		c.Gaps = append(c.Gaps, operationGaps(ref, cand)...)
	}
	return c
}

// operationIndex finds candidate operations by method and path form.
type operationIndex struct {
	byKey map[string][]rankedOperation
	order map[*Operation]int
}

type rankedOperation struct {
	op   *Operation
	rank int
}

func indexOperations(d *Doc) operationIndex {
	index := operationIndex{byKey: map[string][]rankedOperation{}, order: map[*Operation]int{}}
	if d == nil {
		return index
	}
	servers := serverPrefixes(d)
	for i, op := range d.Operations {
		index.order[op] = i
		for _, f := range pathForms(op.Path, servers) {
			key := op.Method + " " + f.key
			index.byKey[key] = append(index.byKey[key], rankedOperation{op, f.rank})
		}
	}
	return index
}

// best returns the candidate operation that matches ref with the lowest
// combined rank, preferring operations not used yet, then document order.
func (x operationIndex) best(ref *Operation, refServers [][]string, used map[*Operation]bool) *Operation {
	var (
		best      *Operation
		bestScore int
	)
	better := func(op *Operation, score int) bool {
		switch {
		case best == nil || score < bestScore:
			return true
		case score > bestScore:
			return false
		case used[op] != used[best]:
			return !used[op]
		default:
			return x.order[op] < x.order[best]
		}
	}
	for _, f := range pathForms(ref.Path, refServers) {
		for _, cand := range x.byKey[ref.Method+" "+f.key] {
			if score := f.rank + cand.rank; better(cand.op, score) {
				best, bestScore = cand.op, score
			}
		}
	}
	return best
}
