package githubtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// HostedRepository is what the fake says about one repository through
// GET /repos/{owner}/{repo}, its community profile and its private
// vulnerability reporting setting. Each answer is the example in GitHub's
// OpenAPI description with a patch applied, and must conform to the
// description's schema (a non-conforming answer fails the test). A nil patch
// answers 404; Fail injects other faults.
type HostedRepository struct {
	Repository                    Patch // GET /repos/{owner}/{repo} ("full-repository")
	CommunityProfile              Patch // GET /repos/{owner}/{repo}/community/profile ("community-profile")
	PrivateVulnerabilityReporting *bool // GET /repos/{owner}/{repo}/private-vulnerability-reporting: "enabled"
}

// Patch is a JSON merge patch (RFC 7386) over an example answer: a nested map
// merges into the example's object, a nil value removes the member, Null sets
// it to JSON null, anything else replaces it.
type Patch map[string]any

// Null is an explicit JSON null in a Patch.
var Null = json.RawMessage("null")

// exampleRepairs fixes the examples of GitHub's OpenAPI description that do
// not conform to its own schemas, by the operation's path.
var exampleRepairs = map[string]Patch{
	// language is required (nullable) in "full-repository" and "repository",
	// and absent from the example and its source.
	"/repos/{owner}/{repo}": {"language": Null, "source": Patch{"language": Null}},
}

// Host serves owner/name's repository, community profile and private
// vulnerability reporting answers; other paths under /repos/owner/name go to
// a longer Routes entry or to the fake's own endpoints.
func (s *Server) Host(owner, name string, h HostedRepository) {
	base := "/repos/" + owner + "/" + name
	s.Routes["GET "+base] = func(w http.ResponseWriter, r *http.Request) {
		switch strings.TrimPrefix(r.URL.Path, base) {
		case "":
			s.answerExample(w, r, h.Repository)
		case "/community/profile":
			s.answerExample(w, r, h.CommunityProfile)
		case "/private-vulnerability-reporting":
			if h.PrivateVulnerabilityReporting == nil {
				writeError(w, http.StatusNotFound, "Not Found")
				return
			}
			s.answerExample(w, r, Patch{"enabled": *h.PrivateVulnerabilityReporting})
		default:
			body, _ := io.ReadAll(r.Body)
			s.builtin(w, r, body) // comments, installations: not this route's
		}
	}
}

// answerExample answers r with the operation's 200 example patched by p, after
// checking the answer against the operation's response schema.
func (s *Server) answerExample(w http.ResponseWriter, r *http.Request, p Patch) {
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	body, err := exampleAnswer(r, p)
	if err != nil {
		s.t.Errorf("fake GitHub: %s %s: %v", r.Method, r.URL.Path, err)
		// 501, which clients do not retry: the test is already failing.
		writeError(w, http.StatusNotImplemented, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// exampleAnswer builds and validates the patched example answer to r.
func exampleAnswer(r *http.Request, p Patch) ([]byte, error) {
	rt, err := router()
	if err != nil {
		return nil, err
	}
	route, params, err := rt.FindRoute(r)
	if err != nil {
		return nil, fmt.Errorf("find the operation: %w", err)
	}
	resp := route.Operation.Responses.Status(http.StatusOK)
	if resp == nil || resp.Value == nil || resp.Value.Content.Get("application/json") == nil {
		return nil, fmt.Errorf("GitHub's description has no JSON 200 answer for %s", route.Path)
	}
	var example any = map[string]any{}
	examples := resp.Value.Content.Get("application/json").Examples
	if keys := slices.Sorted(maps.Keys(examples)); len(keys) > 0 && examples[keys[0]].Value != nil {
		example, err = deepCopy(examples[keys[0]].Value.Value)
		if err != nil {
			return nil, fmt.Errorf("copy the example answer: %w", err)
		}
	}
	if repair, ok := exampleRepairs[route.Path]; ok {
		example = mergePatch(example, map[string]any(repair))
	}
	body, err := json.Marshal(mergePatch(example, map[string]any(p)))
	if err != nil {
		return nil, fmt.Errorf("encode the answer: %w", err)
	}
	header := http.Header{"Content-Type": {"application/json"}}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 http.StatusOK, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		return nil, fmt.Errorf("the fake's answer does not conform to GitHub's OpenAPI description: %s", schemaErrors(err))
	}
	return body, nil
}

// schemaErrors lists where an answer breaks the schema, one "/pointer:
// reason" each, without kin-openapi's dump of the schema and the value.
func schemaErrors(err error) string {
	var parts []string
	var walk func(error)
	walk = func(err error) {
		var many openapi3.MultiError
		var one *openapi3.SchemaError
		switch {
		case errors.As(err, &many):
			for _, e := range many {
				walk(e)
			}
		case errors.As(err, &one):
			parts = append(parts, "/"+strings.Join(one.JSONPointer(), "/")+": "+one.Reason)
		default:
			parts = append(parts, err.Error())
		}
	}
	walk(err)
	return strings.Join(parts, "; ")
}

// mergePatch applies an RFC 7386 merge patch to target.
func mergePatch(target any, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		if pp, ok := patch.(Patch); ok {
			pm = pp
		} else {
			return patch
		}
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
			continue
		}
		tm[k] = mergePatch(tm[k], v)
	}
	return tm
}

// deepCopy copies a decoded JSON value, so that patches never change the
// description's examples, which every test shares.
func deepCopy(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}
