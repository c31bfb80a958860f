package openapi

import (
	"strconv"
	"strings"
)

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
	// byShape holds every form by method and number of segments, for
	// matching a reference's templated path with a candidate's concrete one.
	byShape map[string][]shapedOperation
	// literals counts the operations having each literal segment at each
	// position (see plausibleValue).
	literals map[literalAt]int
	// budget bounds the segment comparisons of template matching.
	budget *int
}

type literalAt struct {
	position int
	segment  string
}

type rankedOperation struct {
	op   *Operation
	rank int
}

type shapedOperation struct {
	op       *Operation
	segments []string
	rank     int
}

// templateRank is what matching a template with a concrete path assumes
// beyond the forms' ranks; each substituted segment adds one more.
const templateRank = 3

// maxTemplateComparisons bounds the segment comparisons of template
// matching over one Compare.
const maxTemplateComparisons = 2_000_000

func indexOperations(d *Doc) operationIndex {
	budget := maxTemplateComparisons
	index := operationIndex{byKey: map[string][]rankedOperation{}, order: map[*Operation]int{},
		byShape: map[string][]shapedOperation{}, literals: map[literalAt]int{}, budget: &budget}
	if d == nil {
		return index
	}
	servers := serverPrefixes(d)
	for i, op := range d.Operations {
		index.order[op] = i
		for i, segment := range pathSegments(op.Path) {
			index.literals[literalAt{i, segment}]++
		}
		for _, f := range pathForms(op.Path, servers) {
			key := op.Method + " " + f.key
			index.byKey[key] = append(index.byKey[key], rankedOperation{op, f.rank})
			segments := formSegments(f.key)
			shape := shapeKey(op.Method, len(segments))
			index.byShape[shape] = append(index.byShape[shape], shapedOperation{op, segments, f.rank})
		}
	}
	return index
}

// formSegments splits a form key ("/a/{}/b") back into segments.
func formSegments(key string) []string {
	if key == "/" {
		return nil
	}
	return strings.Split(key[1:], "/")
}

func shapeKey(method string, segments int) string {
	return method + " " + strconv.Itoa(segments)
}

// substitutions counts the segments where a parameter of one path stands
// for a literal of the other ({registryName} for "prsn"), or -1 when the
// paths differ otherwise. Literal segments must be equal; a parameter
// matches a literal only when it is the whole segment, and a candidate's
// literal must look like a value (see plausibleValue).
func (x operationIndex) substitutions(ref, cand []string, own *Operation) int {
	n := 0
	for i, r := range ref {
		c := cand[i]
		switch {
		case r == c:
		case r == "{}" && !strings.Contains(c, "{") && x.plausibleValue(own, c):
			n++
		case c == "{}" && !strings.Contains(r, "{"):
			n++
		default:
			return -1
		}
	}
	return n
}

// plausibleValue reports whether a candidate's literal segment can be the
// value of a reference's path parameter: it has a digit ("1.0", "v2"), or
// the candidate's paths use it in more than one operation ("prsn" in
// /data/prsn/1.0/read and /data/prsn/1.0/create), as a deployment's
// registry name would be. A segment used once ("search" in
// /persons/search) is an action, not an identifier.
func (x operationIndex) plausibleValue(op *Operation, segment string) bool {
	if strings.ContainsAny(segment, "0123456789") {
		return true
	}
	for i, s := range pathSegments(op.Path) {
		if s == segment && x.literals[literalAt{i, s}] > 1 {
			return true
		}
	}
	return false
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
	forms := pathForms(ref.Path, refServers)
	for _, f := range forms {
		for _, cand := range x.byKey[ref.Method+" "+f.key] {
			if score := f.rank + cand.rank; better(cand.op, score) {
				best, bestScore = cand.op, score
			}
		}
	}
	if best != nil {
		return best
	}
	// A concrete path for a templated one: /data/prsn/1.0/read implements
	// /data/{registryName}/{versionNumber}/read; and a path under an API
	// prefix the candidate declares no server for: /api/v1/data/... .
	for _, f := range forms {
		segments := formSegments(f.key)
		for extra := range maxUndeclaredPrefix + 1 {
			for _, cand := range x.byShape[shapeKey(ref.Method, len(segments)+extra)] {
				if *x.budget -= len(segments) + extra + 1; *x.budget < 0 {
					return best
				}
				if !apiPrefix(cand.segments[:extra]) {
					continue
				}
				n := x.substitutions(segments, cand.segments[extra:], cand.op)
				if n < 0 || n == 0 && extra == 0 { // an exact match was tried first
					continue
				}
				score := f.rank + cand.rank + n
				if n > 0 {
					score += templateRank
				}
				if extra > 0 {
					score += undeclaredPrefixRank
				}
				if better(cand.op, score) {
					best, bestScore = cand.op, score
				}
			}
		}
	}
	return best
}

// maxUndeclaredPrefix bounds the leading segments of a candidate path
// taken for an API prefix no server declares; undeclaredPrefixRank is what
// that assumes.
const (
	maxUndeclaredPrefix  = 3
	undeclaredPrefixRank = 2
)

// apiPrefix reports whether segments are the usual segments of an API
// prefix: /api, /rest, /v1, /api/v1.2, /services.
func apiPrefix(segments []string) bool {
	for _, s := range segments {
		l := strings.ToLower(s)
		switch {
		case l == "api", l == "apis", l == "rest", l == "service", l == "services":
		case len(l) > 1 && l[0] == 'v' && strings.Trim(l[1:], "0123456789.") == "":
		default:
			return false
		}
	}
	return true
}
