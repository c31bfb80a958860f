package openapi

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// resolveAlias returns the node an alias stands for, or n itself.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i == 8 {
			return nil
		}
		n = n.Alias
	}
	return n
}

// scalar returns the text of a scalar node (through an alias), cut to
// maxText, and whether n was a scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return cut(n.Value), true
}

// text returns the text of a scalar node, or "".
func text(n *yaml.Node) string {
	s, _ := scalar(n)
	return s
}

// isTrue reports whether n is the scalar true.
func isTrue(n *yaml.Node) bool {
	s, ok := scalar(n)
	return ok && (s == "true" || s == "True" || s == "TRUE")
}

// isNull reports whether n is missing or a YAML null.
func isNull(n *yaml.Node) bool {
	n = resolveAlias(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// lookup returns the key and value nodes of key in mapping n. It scans the
// mapping, so it is for small mappings read once (the top level, info).
func lookup(n *yaml.Node, key string) (k, v *yaml.Node) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// tidy removes duplicate keys from every mapping of the tree, keeping the
// last occurrence (what most YAML tools do) and recording a defect at each
// duplicate, and expands YAML merge keys ("<<: *base"). Aliases are not
// followed: their targets are tidied where they stand. Each node it meets
// adds one to the visit budget.
func (r *reader) tidy(n *yaml.Node) {
	if n == nil {
		return
	}
	r.maxVisits++
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			r.tidy(c)
		}
	case yaml.MappingNode:
		if hasDuplicateKey(n) {
			r.dropDuplicateKeys(n)
		}
		r.tidying = append(r.tidying, n)
		hasMerge := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if isMergeKey(n.Content[i]) {
				hasMerge = true
				continue
			}
			r.tidy(n.Content[i+1])
		}
		if hasMerge {
			r.expandMerges(n)
		}
		r.tidying = r.tidying[:len(r.tidying)-1]
	}
}

// hasDuplicateKey reports whether mapping n repeats a scalar key.
func hasDuplicateKey(n *yaml.Node) bool {
	pairs := len(n.Content) / 2
	if pairs <= 16 {
		for i := 2; i+1 < len(n.Content); i += 2 {
			for j := 0; j < i; j += 2 {
				if n.Content[i].Value == n.Content[j].Value && n.Content[i].Kind == yaml.ScalarNode &&
					n.Content[j].Kind == yaml.ScalarNode && !isMergeKey(n.Content[i]) {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, pairs)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) {
			continue
		}
		if _, ok := seen[k.Value]; ok {
			return true
		}
		seen[k.Value] = struct{}{}
	}
	return false
}

// dropDuplicateKeys keeps the last occurrence of each scalar key of n.
func (r *reader) dropDuplicateKeys(n *yaml.Node) {
	count := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && !isMergeKey(k) {
			count[k.Value]++
		}
	}
	seen := make(map[string]int, len(count))
	kept := make([]*yaml.Node, 0, len(n.Content))
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) || count[k.Value] == 1 {
			kept = append(kept, k, n.Content[i+1])
			continue
		}
		seen[k.Value]++
		if seen[k.Value] > 1 {
			which := "the last one was used"
			if count[k.Value] == 2 {
				which = "the second one was used"
			}
			r.defect(k.Line, fmt.Sprintf("duplicate key %q; %s", cut(k.Value), which))
		}
		if seen[k.Value] == count[k.Value] {
			kept = append(kept, k, n.Content[i+1])
		}
	}
	n.Content = kept
}

// isMergeKey reports whether k is the YAML merge key "<<".
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Tag == "")
}

// expandMerges replaces the merge keys of n by the entries of the mappings
// they name. Keys written in n win over merged ones, and earlier merged
// mappings win over later ones. Merged entries count against the visit
// budget.
func (r *reader) expandMerges(n *yaml.Node) {
	present := make(map[string]bool, len(n.Content)/2)
	var sources []*yaml.Node
	kept := make([]*yaml.Node, 0, len(n.Content))
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMergeKey(k) {
			kept = append(kept, k, v)
			if k.Kind == yaml.ScalarNode {
				present[k.Value] = true
			}
			continue
		}
		switch v = resolveAlias(v); {
		case v == nil:
		case v.Kind == yaml.MappingNode:
			sources = append(sources, v)
		case v.Kind == yaml.SequenceNode:
			for _, s := range v.Content {
				if s = resolveAlias(s); s != nil && s.Kind == yaml.MappingNode {
					sources = append(sources, s)
				}
			}
		}
	}
	for _, src := range sources {
		if r.isTidying(src) {
			r.defect(n.Line, "merge key includes a mapping that contains it; ignored")
			continue
		}
		if !r.charge(len(src.Content) / 2) {
			break
		}
		for i := 0; i+1 < len(src.Content); i += 2 {
			k := src.Content[i]
			if k.Kind == yaml.ScalarNode && present[k.Value] {
				continue
			}
			if k.Kind == yaml.ScalarNode {
				present[k.Value] = true
			}
			kept = append(kept, k, src.Content[i+1])
		}
	}
	n.Content = kept
}

// isTidying reports whether mapping n is being tidied, that is, it encloses
// the node being tidied.
func (r *reader) isTidying(n *yaml.Node) bool {
	for _, t := range r.tidying {
		if t == n {
			return true
		}
	}
	return false
}

// expandedSize counts the nodes of the tree with aliases expanded, stopping
// at limit. Recursive aliases count as unbounded.
func expandedSize(root *yaml.Node, limit int) int {
	sizes := map[*yaml.Node]int{}
	const inProgress = -1
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if n == nil {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
			if n == nil {
				return 1
			}
		}
		if n.Anchor != "" {
			switch s, ok := sizes[n]; {
			case ok && s == inProgress:
				return limit + 1
			case ok:
				return s
			}
			sizes[n] = inProgress
		}
		total := 1
		for _, c := range n.Content {
			total += size(c, depth+1)
			if total > limit {
				break
			}
		}
		if n.Anchor != "" {
			sizes[n] = total
		}
		return total
	}
	return size(root, 0)
}
