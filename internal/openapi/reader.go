package openapi

import (
	"cmp"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// reader holds the state of one Parse.
type reader struct {
	root    *yaml.Node
	swagger bool
	doc     *Doc

	// name is the document's path in the repository; files reads the
	// other files its $refs point to (nil: none is read); file is the file
	// being read, "" for the document itself (see enter).
	name      string
	files     FileReader
	file      string
	documents map[string]pointerResult
	refBytes  int

	visits    int
	maxVisits int // the document's node count plus extraVisits
	exhausted bool
	defects   []Defect

	schemaByRef  map[refKey]*Schema
	schemaByNode map[*yaml.Node]*Schema // schemas at YAML anchors
	pending      []pendingSchema
	pointers     map[refKey]pointerResult
	indexes      map[*yaml.Node]map[string]*yaml.Node
	tidying      []*yaml.Node

	// Swagger 2.0 document-wide media types.
	consumes, produces []string
	// securityUses records the scheme names security requirements use, to
	// check them once the schemes are known.
	securityUses []securityUse
}

// securityUse is a security scheme name used by a requirement.
type securityUse struct {
	name string
	line int
}

// lookup is the package lookup, charging the size of the mapping to the
// visit budget: for lookups repeated over many items, which aliases can
// point at the same large mapping.
func (r *reader) lookup(n *yaml.Node, key string) (k, v *yaml.Node) {
	if m := resolveAlias(n); m != nil && !r.charge(len(m.Content)/2+1) {
		return nil, nil
	}
	return lookup(n, key)
}

// forEachEntry calls fn for each entry of mapping n, charging the visit
// budget. A missing or null n is skipped; any other non-mapping is a defect.
func (r *reader) forEachEntry(n *yaml.Node, where string, fn func(k, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	m := resolveAlias(n)
	if m.Kind != yaml.MappingNode {
		r.defect(m.Line, where+" is not a mapping; ignored")
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !r.charge(1) {
			return
		}
		k := resolveAlias(m.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			r.defect(m.Content[i].Line, where+" has a key that is not a string; ignored")
			continue
		}
		fn(k, m.Content[i+1])
	}
}

// forEachItem calls fn for each item of sequence n, through aliases,
// charging the visit budget.
func (r *reader) forEachItem(n *yaml.Node, where string, fn func(item *yaml.Node)) {
	if isNull(n) {
		return
	}
	s := resolveAlias(n)
	if s.Kind != yaml.SequenceNode {
		r.defect(s.Line, where+" is not a list; ignored")
		return
	}
	for _, item := range s.Content {
		if !r.charge(1) {
			return
		}
		if item = resolveAlias(item); item != nil {
			fn(item)
		}
	}
}

// at returns line for the model when it is a line of the document, and 0
// (unknown) when it is a line of another file being read through a $ref.
func (r *reader) at(line int) int {
	if r.file != "" {
		return 0
	}
	return line
}

// charge takes n visits from the budget and reports whether any were left.
// The first time the budget runs out it records a defect.
func (r *reader) charge(n int) bool {
	if r.exhausted {
		return false
	}
	r.visits += n
	if r.visits > r.maxVisits {
		r.defect(0, fmt.Sprintf("the document needs more than %d node visits with aliases and $refs expanded; the rest was not read", r.maxVisits))
		r.exhausted = true
		return false
	}
	return true
}

// defect records a problem. Once the visit budget is exhausted, what is
// left unread would cause defects of its own: they are not recorded.
func (r *reader) defect(line int, msg string) {
	if r.exhausted {
		return
	}
	if r.file != "" {
		// Defects carry lines of the document; say where in the other file.
		if line > 0 {
			msg = fmt.Sprintf("in %s line %d: %s", r.file, line, msg)
		} else {
			msg = fmt.Sprintf("in %s: %s", r.file, msg)
		}
		line = 0
	}
	r.defects = append(r.defects, Defect{Line: max(line, 0), Msg: cut(msg)})
}

// finishDefects orders defects by line (unknown lines last), drops exact
// repeats and bounds their number.
func finishDefects(defects []Defect) []Defect {
	slices.SortStableFunc(defects, func(a, b Defect) int {
		if (a.Line == 0) != (b.Line == 0) {
			if a.Line == 0 {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Line, b.Line)
	})
	seen := make(map[Defect]bool, len(defects))
	defects = slices.DeleteFunc(defects, func(d Defect) bool {
		repeat := seen[d]
		seen[d] = true
		return repeat
	})
	if len(defects) > maxDefects {
		left := len(defects) - maxDefects
		defects = append(defects[:maxDefects:maxDefects], Defect{Msg: fmt.Sprintf("%d more defects not listed", left)})
	}
	return defects
}
