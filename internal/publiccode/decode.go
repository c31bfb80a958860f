package publiccode

import (
	"fmt"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// reader walks a yaml.Node tree within a node budget and collects Problems.
type reader struct {
	budget    int  // nodes that may still be visited
	exhausted bool // the budget ran out; the result is incomplete
	problems  []Problem
	seen      map[Problem]bool
}

func newReader() *reader {
	return &reader{budget: MaxNodes, seen: map[Problem]bool{}}
}

// problem records a Problem once; at most MaxItems are kept.
func (r *reader) problem(line int, format string, args ...any) {
	p := Problem{Line: line, Msg: clip(fmt.Sprintf(format, args...))}
	if r.seen[p] || len(r.problems) >= MaxItems {
		return
	}
	r.seen[p] = true
	r.problems = append(r.problems, p)
}

// sortedProblems returns the problems in line order (file-wide ones first).
func (r *reader) sortedProblems() []Problem {
	sort.SliceStable(r.problems, func(i, j int) bool { return r.problems[i].Line < r.problems[j].Line })
	return r.problems
}

// resolve follows aliases, spending one unit of budget per node. It returns
// nil for a nil node or when the budget is exhausted.
func (r *reader) resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		if r.budget <= 0 {
			r.exhausted = true
			return nil
		}
		r.budget--
		if n.Kind != yaml.AliasNode {
			return n
		}
		n = n.Alias
	}
	return nil
}

// isNull reports whether a resolved node is absent or an explicit null.
func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// describe names the kind of a resolved node for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "text"
	}
	return "an empty value"
}

// clip trims s and cuts it to MaxText bytes on a UTF-8 boundary.
func clip(s string) string {
	return textlimit.Cut(strings.TrimSpace(s), MaxText)
}

// object is a mapping of the document (or an absent one) with its dotted
// path, so that values can be looked up and problems worded precisely.
type object struct {
	r    *reader
	node *yaml.Node // resolved mapping; nil when absent or not a mapping
	path string     // "" for the document root
	line int        // line of the key holding the mapping; 0 for the root
}

// sub returns the dotted path of key under o.
func (o object) sub(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// get returns the key node and the (unresolved) value node of key, or nils.
// A repeated key is reported and its first value is used.
func (o object) get(key string) (k, v *yaml.Node) {
	if o.node == nil {
		return nil, nil
	}
	c := o.node.Content
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Kind != yaml.ScalarNode || c[i].Value != key {
			continue
		}
		if k == nil {
			k, v = c[i], c[i+1]
			continue
		}
		o.r.problem(c[i].Line, "%s is repeated (first at line %d); the first value is used", o.sub(key), k.Line)
	}
	return k, v
}

// keyLine returns the line of key, or 0 when absent.
func (o object) keyLine(key string) int {
	if k, _ := o.get(key); k != nil {
		return k.Line
	}
	return 0
}

// scalar returns the text of key and the line of its value. A null value
// gives ""; a value that is not text is reported and gives "". line is 0 only
// when the key is absent.
func (o object) scalar(key string) (s string, line int) {
	_, raw := o.get(key)
	if raw == nil {
		return "", 0
	}
	return o.r.text(o.sub(key), raw), raw.Line
}

// text returns the text of key ("" when absent, null or not text).
func (o object) text(key string) string {
	s, _ := o.scalar(key)
	return s
}

// required returns the text of a mandatory key and its line, reporting it as
// missing or empty with why (the reason the standard requires it).
func (o object) required(key, why string) (string, int) {
	s, line := o.scalar(key)
	switch {
	case line == 0:
		o.r.problem(o.line, "%s is missing; %s", o.sub(key), why)
	case s == "":
		_, raw := o.get(key)
		if n := o.r.resolve(raw); isNull(n) || n.Kind == yaml.ScalarNode {
			o.r.problem(line, "%s is empty; %s", o.sub(key), why)
		}
	}
	return s, line
}

// object returns the mapping under key. A value that is not a mapping is
// reported and gives an absent object.
func (o object) object(key string) object {
	k, raw := o.get(key)
	child := object{r: o.r, path: o.sub(key)}
	if k == nil {
		return child
	}
	child.line = k.Line
	child.node = o.r.mapping(child.path, raw)
	return child
}

// list returns the items of the list under key (see reader.list).
func (o object) list(key string) []*yaml.Node {
	_, raw := o.get(key)
	return o.r.list(o.sub(key), raw, false)
}

// textList returns the text items of the list under key; with orScalar a
// single text value counts as a one-item list.
func (o object) textList(key string, orScalar bool) []string {
	_, raw := o.get(key)
	var out []string
	for i, item := range o.r.list(o.sub(key), raw, orScalar) {
		if s := o.r.text(fmt.Sprintf("%s[%d]", o.sub(key), i), item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// boolean returns the value of a true/false key, reporting other values.
func (o object) boolean(key string) bool {
	_, raw := o.get(key)
	n := o.r.resolve(raw)
	if isNull(n) {
		return false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		if b, err := strconv.ParseBool(n.Value); err == nil {
			return b
		}
	}
	o.r.problem(raw.Line, "%s must be true or false", o.sub(key))
	return false
}

// text returns the clipped text of an unresolved scalar node; null gives ""
// and other kinds are reported and give "".
func (r *reader) text(path string, raw *yaml.Node) string {
	n := r.resolve(raw)
	switch {
	case isNull(n):
		return ""
	case n.Kind == yaml.ScalarNode:
		return clip(n.Value)
	}
	r.problem(raw.Line, "%s must be text, not %s", path, describe(n))
	return ""
}

// mapping resolves raw and returns it when it is a mapping; null gives nil
// and other kinds are reported and give nil.
func (r *reader) mapping(path string, raw *yaml.Node) *yaml.Node {
	n := r.resolve(raw)
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.MappingNode:
		return n
	}
	r.problem(raw.Line, "%s must be a mapping of keys, not %s", path, describe(n))
	return nil
}

// list resolves raw and returns its items (unresolved), at most MaxItems of
// them. Null gives nil; with orScalar a scalar is a one-item list; other kinds
// are reported and give nil.
func (r *reader) list(path string, raw *yaml.Node, orScalar bool) []*yaml.Node {
	n := r.resolve(raw)
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.SequenceNode:
		items := n.Content
		if len(items) > MaxItems {
			r.problem(raw.Line, "%s has more than %d items; the rest are ignored", path, MaxItems)
			items = items[:MaxItems]
		}
		return items
	case orScalar && n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	r.problem(raw.Line, "%s must be a list, not %s", path, describe(n))
	return nil
}

// objectOf returns the mapping of a list item, reporting other kinds.
func (r *reader) objectOf(path string, raw *yaml.Node) object {
	return object{r: r, node: r.mapping(path, raw), path: path, line: raw.Line}
}

// appendCapped appends items to list without letting it exceed MaxItems.
func appendCapped[T any](list []T, items ...T) []T {
	room := MaxItems - len(list)
	if room <= 0 {
		return list
	}
	if len(items) > room {
		items = items[:room]
	}
	return append(list, items...)
}
