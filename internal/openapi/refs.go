package openapi

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Local $refs ("#/components/schemas/X", "#/definitions/X", ...) are JSON
// pointers into the document itself and are resolved against its tree, so
// any part of the document can be referenced, including Swagger 2.0
// sections left inside an OpenAPI 3 document. A $ref to another file of the
// repository ("../common/common.yaml#/components/schemas/Error") is read
// through the FileReader given to ParseWith, when there is one: relative to
// the file that holds the $ref, never outside the repository, at most
// maxRefFiles files and maxInputBytes bytes in all. URLs are never fetched.

// refKey identifies what a $ref points to: a JSON pointer (without the
// leading "#") in a file, "" being the document itself.
type refKey struct {
	file    string
	pointer string
}

// String is the reference as it is shown: "#/a/b" or "file.yaml#/a/b".
func (k refKey) String() string { return k.file + "#" + k.pointer }

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

// keyOf turns a $ref written in file (the document itself when "") into
// the key of what it points to, or says why it cannot be followed.
func (r *reader) keyOf(file, ref string) (refKey, string) {
	target, fragment, _ := strings.Cut(ref, "#")
	switch {
	case ref == "":
		return refKey{}, "is empty"
	case target == "":
		return refKey{file, fragment}, ""
	case r.files == nil:
		return refKey{}, "points to another file or URL, which is not fetched"
	case strings.Contains(target, "://") || strings.HasPrefix(target, "/") || strings.ContainsAny(target, "\\:\x00"):
		return refKey{}, "points to a URL or an absolute path, which is not fetched"
	}
	if unescaped, err := url.PathUnescape(target); err == nil {
		target = unescaped
	}
	base := file
	if base == "" {
		base = r.name
	}
	p := path.Join(path.Dir(base), target)
	switch {
	case p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/"):
		return refKey{}, "points outside the repository, which is not read"
	case p == r.name:
		p = ""
	}
	return refKey{p, fragment}, ""
}

// follow returns the node n stands for: n itself, or, when n is a reference
// object, the node its $ref chain ends at, and the file that node is in
// ("" for the document itself). n is in r.file. When the chain does not
// resolve it records a defect ending in consequence ("treated as an empty
// schema") and returns false.
func (r *reader) follow(n *yaml.Node, consequence string) (*yaml.Node, string, bool) {
	ref, line, isRef := refOf(n)
	if !isRef {
		m := resolveAlias(n)
		return m, r.file, m != nil // callers charge for reading it
	}
	// Finding the $ref scanned the mapping: charge it.
	if !r.charge(len(resolveAlias(n).Content) / 2) {
		return nil, "", false
	}
	key, problem := r.keyOf(r.file, ref)
	if problem != "" {
		r.defect(line, fmt.Sprintf("$ref %q %s; %s", cut(ref), problem, consequence))
		return nil, "", false
	}
	return r.followRef(key, ref, line, consequence)
}

// followRef resolves key (written as ref at line of r.file), then any $ref
// the target holds, up to maxRefDepth steps, and returns the node and the
// file it is in.
func (r *reader) followRef(key refKey, ref string, line int, consequence string) (*yaml.Node, string, bool) {
	first, firstLine := ref, line
	var seen []refKey
	for range maxRefDepth {
		if slices.Contains(seen, key) {
			r.defect(firstLine, fmt.Sprintf("$ref %q is part of a cycle of $refs; %s", cut(first), consequence))
			return nil, "", false
		}
		seen = append(seen, key)
		target, problem := r.pointer(key)
		if target == nil {
			r.defect(line, fmt.Sprintf("$ref %q %s; %s", cut(ref), problem, consequence))
			return nil, "", false
		}
		next, nextLine, isRef := refOf(target)
		if !isRef {
			return target, key.file, true
		}
		if key.file != r.file {
			nextLine = firstLine // a line of another file means nothing here
		}
		nextKey, problem := r.keyOf(key.file, next)
		if problem != "" {
			r.defect(nextLine, fmt.Sprintf("$ref %q %s; %s", cut(next), problem, consequence))
			return nil, "", false
		}
		key, ref, line = nextKey, next, nextLine
	}
	r.defect(firstLine, fmt.Sprintf("$ref %q starts a chain of more than %d $refs; %s", cut(first), maxRefDepth, consequence))
	return nil, "", false
}

// pointer resolves a reference; problem says why it does not.
func (r *reader) pointer(key refKey) (*yaml.Node, string) {
	if res, ok := r.pointers[key]; ok {
		return res.node, res.problem
	}
	node, problem := r.walkPointer(key)
	if r.pointers == nil {
		r.pointers = map[refKey]pointerResult{}
	}
	r.pointers[key] = pointerResult{node, problem}
	return node, problem
}

func (r *reader) walkPointer(key refKey) (*yaml.Node, string) {
	n := r.root
	if key.file != "" {
		var problem string
		if n, problem = r.document(key.file); n == nil {
			return nil, problem
		}
	}
	fragment := key.pointer
	if strings.Contains(fragment, "%") {
		if unescaped, err := url.PathUnescape(fragment); err == nil {
			fragment = unescaped
		}
	}
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

// document returns the top-level node of another file of the repository,
// reading it the first time, or says why it cannot.
func (r *reader) document(file string) (*yaml.Node, string) {
	if d, ok := r.documents[file]; ok {
		return d.node, d.problem
	}
	node, problem := r.readDocumentFile(file)
	if r.documents == nil {
		r.documents = map[string]pointerResult{}
	}
	r.documents[file] = pointerResult{node, problem}
	return node, problem
}

func (r *reader) readDocumentFile(file string) (*yaml.Node, string) {
	if len(r.documents) >= maxRefFiles {
		return nil, fmt.Sprintf("points to a file that was not read: the description refers to more than %d files", maxRefFiles)
	}
	data, err := r.files(file)
	switch {
	case err != nil:
		return nil, "points to a file that cannot be read"
	case r.refBytes+len(data) > maxInputBytes:
		return nil, fmt.Sprintf("points to a file that was not read: the files referred to add up to more than %d bytes", maxInputBytes)
	}
	r.refBytes += len(data)
	root, err := decodeTree(data, defaultSplit)
	if err != nil {
		return nil, "points to a file that is neither YAML nor JSON"
	}
	if root = resolveAlias(root); root == nil {
		return nil, "points to an empty file"
	}
	defer r.enter(file)()
	r.tidy(root)
	return root, ""
}

// enter makes file the file being read (for defects, lines and relative
// $refs) until the returned function is called.
func (r *reader) enter(file string) func() {
	saved := r.file
	r.file = file
	return func() { r.file = saved }
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
