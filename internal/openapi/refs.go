package openapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Local $refs ("#/components/schemas/X", "#/definitions/X", ...) are JSON
// pointers into the document itself and are resolved against its tree, so
// any part of the document can be referenced, including Swagger 2.0
// sections left inside an OpenAPI 3 document. References to other files or
// URLs are never fetched.

// refOf returns the $ref of a reference object: a mapping with a "$ref" key.
// Sibling keys are ignored, as OpenAPI 3.0 says.
func refOf(n *yaml.Node) (ref string, line int, ok bool) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return "", 0, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == "$ref" {
			v := resolveAlias(n.Content[i+1])
			if v == nil || v.Kind != yaml.ScalarNode {
				return "", n.Content[i].Line, true
			}
			return v.Value, v.Line, true
		}
	}
	return "", 0, false
}

// pointerResult is a cached JSON pointer lookup.
type pointerResult struct {
	node    *yaml.Node
	problem string // why node is nil
}

// follow returns the node n stands for: n itself, or, when n is a reference
// object, the node its $ref chain ends at. When the chain does not resolve
// it records a defect ending in consequence ("treated as an empty schema")
// and returns false.
func (r *reader) follow(n *yaml.Node, consequence string) (*yaml.Node, bool) {
	ref, line, isRef := refOf(n)
	if !isRef {
		m := resolveAlias(n)
		return m, m != nil // callers charge for reading it
	}
	// Finding the $ref scanned the mapping: charge it.
	if !r.charge(len(resolveAlias(n).Content) / 2) {
		return nil, false
	}
	return r.followRef(ref, line, consequence)
}

// followRef resolves ref, then any $ref the target holds, up to maxRefDepth
// steps.
func (r *reader) followRef(ref string, line int, consequence string) (*yaml.Node, bool) {
	first, firstLine := ref, line
	var seen []string
	for range maxRefDepth {
		for _, s := range seen {
			if s == ref {
				r.defect(firstLine, fmt.Sprintf("$ref %q is part of a cycle of $refs; %s", cut(first), consequence))
				return nil, false
			}
		}
		seen = append(seen, ref)
		target, problem := r.pointer(ref)
		if target == nil {
			r.defect(line, fmt.Sprintf("$ref %q %s; %s", cut(ref), problem, consequence))
			return nil, false
		}
		next, nextLine, isRef := refOf(target)
		if !isRef {
			return target, true
		}
		ref, line = next, nextLine
	}
	r.defect(firstLine, fmt.Sprintf("$ref %q starts a chain of more than %d $refs; %s", cut(first), maxRefDepth, consequence))
	return nil, false
}

// pointer resolves a local reference; problem says why it does not.
func (r *reader) pointer(ref string) (*yaml.Node, string) {
	if res, ok := r.pointers[ref]; ok {
		return res.node, res.problem
	}
	node, problem := r.walkPointer(ref)
	if r.pointers == nil {
		r.pointers = map[string]pointerResult{}
	}
	r.pointers[ref] = pointerResult{node, problem}
	return node, problem
}

func (r *reader) walkPointer(ref string) (*yaml.Node, string) {
	switch {
	case ref == "":
		return nil, "is empty"
	case !strings.HasPrefix(ref, "#"):
		return nil, "points to another file or URL, which is not fetched"
	}
	fragment := ref[1:]
	if strings.Contains(fragment, "%") {
		if unescaped, err := url.PathUnescape(fragment); err == nil {
			fragment = unescaped
		}
	}
	n := r.root
	if fragment == "" {
		return n, ""
	}
	if fragment[0] != '/' {
		return nil, "is not a JSON pointer"
	}
	for token := range strings.SplitSeq(fragment[1:], "/") {
		if !r.charge(1) {
			return nil, "was not followed: the document is too large"
		}
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		n = resolveAlias(n)
		switch {
		case n == nil:
			return nil, "does not resolve"
		case n.Kind == yaml.MappingNode:
			n = r.child(n, token)
		case n.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, "does not resolve"
			}
			n = n.Content[i]
		default:
			return nil, "does not resolve"
		}
		if n == nil {
			return nil, "does not resolve"
		}
	}
	return resolveAlias(n), ""
}

// child returns the value of key in mapping n, through an index built the
// first time a large mapping (components.schemas, say) is searched.
func (r *reader) child(n *yaml.Node, key string) *yaml.Node {
	if len(n.Content) <= 32 {
		_, v := lookup(n, key)
		return v
	}
	index, ok := r.indexes[n]
	if !ok {
		index = make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Kind == yaml.ScalarNode {
				index[n.Content[i].Value] = n.Content[i+1]
			}
		}
		if r.indexes == nil {
			r.indexes = map[*yaml.Node]map[string]*yaml.Node{}
		}
		r.indexes[n] = index
	}
	return index[key]
}

// pointerEscape escapes a name for use as a JSON pointer token.
func pointerEscape(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}
