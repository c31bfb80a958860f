package manifest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// tomlKind is the type of a TOML value as this package needs it.
type tomlKind uint8

const (
	tomlScalar tomlKind = iota // string, number, bool, date
	tomlString                 // a string (also a scalar)
	tomlArray
	tomlTable
)

// tomlValue is a TOML value that remembers its line and, for tables, the order
// and line of its keys. go-toml's Unmarshal loses both, so the tree is built
// from go-toml's (unstable, but versioned) AST after Unmarshal has validated
// the document.
type tomlValue struct {
	kind    tomlKind
	line    int
	text    string
	elems   []*tomlValue
	members []tomlMember
	index   map[string]int // member positions by key
	// explicit marks tables defined by a [header] or a value, and static
	// arrays, which later headers may not redefine or extend.
	explicit bool
	inline   bool // an inline table, which nothing may extend
	dotted   bool // a table created by a dotted key, which no header may define
}

// tomlMember is one key of a table.
type tomlMember struct {
	key   string
	line  int
	value *tomlValue
}

func newTOMLTable(line int) *tomlValue {
	return &tomlValue{kind: tomlTable, line: line, index: make(map[string]int)}
}

// get returns the value of key in table v, or nil.
func (v *tomlValue) get(key string) *tomlValue {
	if m := v.member(key); m != nil {
		return m.value
	}
	return nil
}

// member returns the member named key of table v, or nil.
func (v *tomlValue) member(key string) *tomlMember {
	if v == nil || v.kind != tomlTable {
		return nil
	}
	if i, ok := v.index[key]; ok {
		return &v.members[i]
	}
	return nil
}

// path follows a chain of table keys.
func (v *tomlValue) path(keys ...string) *tomlValue {
	for _, k := range keys {
		v = v.get(k)
	}
	return v
}

// str returns the value if it is a string, else "".
func (v *tomlValue) str() string {
	if v == nil || v.kind != tomlString {
		return ""
	}
	return v.text
}

// isTrue reports whether the value is the boolean true.
func (v *tomlValue) isTrue() bool {
	return v != nil && v.kind == tomlScalar && v.text == "true"
}

// tableMembers returns the members of a table, or nil.
func (v *tomlValue) tableMembers() []tomlMember {
	if v == nil || v.kind != tomlTable {
		return nil
	}
	return v.members
}

// arrayElems returns the elements of an array (and of an array of tables),
// or nil.
func (v *tomlValue) arrayElems() []*tomlValue {
	if v == nil || v.kind != tomlArray {
		return nil
	}
	return v.elems
}

// set adds or replaces key in table v.
func (v *tomlValue) set(key string, line int, value *tomlValue) {
	if i, ok := v.index[key]; ok {
		v.members[i].value = value
		return
	}
	v.index[key] = len(v.members)
	v.members = append(v.members, tomlMember{key: key, line: line, value: value})
}

// maxTOMLKeyParts bounds the parts of a dotted key.
const maxTOMLKeyParts = 128

// parseTOML parses data with go-toml's parser and builds a tomlValue tree of
// the document's root table.
//
// go-toml's decoder (toml.Unmarshal) is not run on the document (only on
// single numbers and dates, to validate them): it recurses once per part
// of a dotted key, and it finds redefined keys by linear search, which is
// quadratic in the keys of a table. Its parser reads keys iteratively and
// recurses only per nested array or inline table, which a flat scan bounds
// first (the Go runtime aborts, it does not panic, on stack exhaustion). The
// tree builder then applies TOML's rules against redefinition with hash
// lookups. Values are checked only as far as the parser checks them.
func parseTOML(b *builder, data []byte) (*tomlValue, error) {
	if line, ok := tomlNestingWithin(data, maxNesting); !ok {
		return nil, b.errorf(line, "invalid TOML: arrays or inline tables nested more than %d deep", maxNesting)
	}
	t := &tomlBuilder{lines: newLineIndex(data)}
	root := t.build(data)
	switch {
	case t.parseErr != nil:
		return nil, b.errorf(t.parseErrorLine(data), "invalid TOML: %v", t.parseErr)
	case t.longKeyLine > 0:
		return nil, b.errorf(t.longKeyLine, "invalid TOML: dotted key has more than %d parts", maxTOMLKeyParts)
	case t.conflictLine > 0:
		return nil, b.errorf(t.conflictLine, "invalid TOML: %s", t.conflictMsg)
	}
	return root, nil
}

// parseErrorLine returns the line of the parser error's highlighted bytes,
// which are a subslice of data, or 0.
func (t *tomlBuilder) parseErrorLine(data []byte) int {
	var pe *unstable.ParserError
	if !errors.As(t.parseErr, &pe) || pe.Highlight == nil {
		return 0
	}
	off := cap(data) - cap(pe.Highlight)
	switch {
	case off < 0 || off > len(data):
		return 0
	case len(pe.Highlight) > 0 && (off == len(data) || &data[off] != &pe.Highlight[0]):
		return 0 // not a subslice of data after all
	}
	return t.lines.line(off)
}

// tomlBuilder builds a tomlValue tree from go-toml's AST.
type tomlBuilder struct {
	lines        *lineIndex
	conflictLine int // line of the first redefinition seen, or 0
	conflictMsg  string
	longKeyLine  int // line of a key with too many parts; stops the build
	parseErr     error
	// checkedScalars caches the numbers and dates already validated.
	checkedScalars map[string]bool
}

// lineOf returns the line of an AST node that carries a source range (keys,
// strings, inline tables).
func (t *tomlBuilder) lineOf(n *unstable.Node) int {
	if n == nil {
		return 0
	}
	return t.lines.line(int(n.Raw.Offset))
}

// conflict records the first place where the document redefines something.
func (t *tomlBuilder) conflict(line int, format string, args ...any) {
	if t.conflictLine == 0 {
		t.conflictLine = max(line, 1)
		t.conflictMsg = fmt.Sprintf(format, args...)
	}
}

// build walks the document's expressions, applying TOML's table rules.
func (t *tomlBuilder) build(data []byte) *tomlValue {
	root := newTOMLTable(1)
	root.explicit = true
	current := root
	var p unstable.Parser
	p.Reset(data)
	for t.longKeyLine == 0 && t.conflictLine == 0 && p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys, keyLines := t.keyParts(expr.Key())
			if len(keys) == 0 {
				continue
			}
			line := keyLines[0]
			parent := root
			for _, k := range keys[:len(keys)-1] {
				parent = t.subTable(parent, k, line)
			}
			last := keys[len(keys)-1]
			if expr.Kind == unstable.Table {
				if existing := parent.get(last); existing != nil && (existing.explicit || existing.dotted || existing.kind != tomlTable) {
					t.conflict(line, "table %s is already defined", strings.Join(keys, "."))
				}
				current = t.subTable(parent, last, line)
				current.explicit = true
				continue
			}
			arr := parent.get(last)
			if arr == nil || arr.kind != tomlArray || arr.explicit {
				if arr != nil {
					t.conflict(line, "%s is already defined and is not an array of tables", strings.Join(keys, "."))
				}
				arr = &tomlValue{kind: tomlArray, line: line}
				parent.set(last, line, arr)
			}
			current = newTOMLTable(line)
			current.explicit = true
			arr.elems = append(arr.elems, current)
		case unstable.KeyValue:
			t.setKeyValue(current, expr, 0)
		}
	}
	t.parseErr = p.Error()
	return root
}

// subTable returns the table at key in v, creating it (implicitly) if
// missing. A key that holds an array of tables yields its last table, as TOML
// specifies.
func (t *tomlBuilder) subTable(v *tomlValue, key string, line int) *tomlValue {
	cur := v.get(key)
	switch {
	case cur == nil:
	case cur.kind == tomlTable && !cur.inline:
		return cur
	case cur.kind == tomlArray && !cur.explicit && len(cur.elems) > 0:
		return cur.elems[len(cur.elems)-1]
	default:
		t.conflict(line, "key %s is already defined as a value", key)
	}
	tbl := newTOMLTable(line)
	v.set(key, line, tbl)
	return tbl
}

// keyParts returns the parts of a possibly dotted key and their lines.
func (t *tomlBuilder) keyParts(it unstable.Iterator) ([]string, []int) {
	var keys []string
	var lines []int
	for it.Next() {
		if len(keys) == maxTOMLKeyParts {
			if t.longKeyLine == 0 {
				t.longKeyLine = lines[0]
			}
			return nil, nil
		}
		keys = append(keys, string(it.Node().Data))
		lines = append(lines, t.lineOf(it.Node()))
	}
	return keys, lines
}

// setKeyValue stores a (possibly dotted) key = value expression in table.
func (t *tomlBuilder) setKeyValue(table *tomlValue, kv *unstable.Node, depth int) {
	keys, keyLines := t.keyParts(kv.Key())
	if len(keys) == 0 {
		return
	}
	line := keyLines[0]
	for _, k := range keys[:len(keys)-1] {
		existed := table.get(k) != nil
		table = t.subTable(table, k, line)
		if !existed {
			table.dotted = true
		}
	}
	last := keys[len(keys)-1]
	if table.get(last) != nil {
		t.conflict(line, "key %s is already defined", strings.Join(keys, "."))
	}
	table.set(last, line, t.convert(kv.Value(), line, depth))
}

// convert converts an AST value. depth is bounded because tomlNestingWithin
// rejected deeper documents; the check here is a backstop.
func (t *tomlBuilder) convert(n *unstable.Node, keyLine, depth int) *tomlValue {
	if n == nil {
		return &tomlValue{line: keyLine}
	}
	switch n.Kind {
	case unstable.String:
		return &tomlValue{kind: tomlString, line: t.lineOf(n), text: string(n.Data)}
	case unstable.Array:
		// A static array cannot be extended by [[headers]].
		v := &tomlValue{kind: tomlArray, line: keyLine, explicit: true}
		if depth > maxNesting {
			return v
		}
		it := n.Children()
		for it.Next() {
			if c := it.Node(); c.Kind != unstable.Comment {
				v.elems = append(v.elems, t.convert(c, keyLine, depth+1))
			}
		}
		return v
	case unstable.InlineTable:
		v := newTOMLTable(t.lineOf(n))
		v.explicit, v.inline = true, true
		if depth > maxNesting {
			return v
		}
		it := n.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				t.setKeyValue(v, c, depth+1)
			}
		}
		return v
	case unstable.Bool:
		return &tomlValue{kind: tomlScalar, line: keyLine, text: string(n.Data)}
	default:
		text := string(n.Data)
		t.checkScalar(text, t.lineOf(n))
		return &tomlValue{kind: tomlScalar, line: keyLine, text: text}
	}
}

// checkScalar validates a number or date, which go-toml's parser only scans
// lexically, by decoding it alone ("v = 1.2.3" is not a float). Each distinct
// text is decoded once.
func (t *tomlBuilder) checkScalar(text string, line int) {
	if t.checkedScalars[text] {
		return
	}
	if t.checkedScalars == nil {
		t.checkedScalars = make(map[string]bool)
	}
	t.checkedScalars[text] = true
	var v struct{ V any }
	if err := toml.Unmarshal([]byte("V = "+text), &v); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			err = errors.New(de.Error())
		}
		t.conflict(line, "invalid value %q: %v", text, err)
	}
}

// tomlNestingWithin reports whether the arrays and inline tables of a TOML
// document nest at most limit deep, and otherwise the line where they exceed
// it. It skips strings and comments; it need not validate anything else.
func tomlNestingWithin(data []byte, limit int) (int, bool) {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			triple := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 3
				for i < len(data) && !(data[i] == c && i+2 < len(data) && data[i+1] == c && data[i+2] == c) {
					if data[i] == '\n' {
						line++
					}
					if c == '"' && data[i] == '\\' {
						i++
						if i < len(data) && data[i] == '\n' {
							line++
						}
					}
					i++
				}
				i += 2
				continue
			}
			for i++; i < len(data) && data[i] != c && data[i] != '\n'; i++ {
				if c == '"' && data[i] == '\\' {
					i++
				}
			}
			if i < len(data) && data[i] == '\n' {
				line++
			}
		case '[', '{':
			depth++
			if depth > limit {
				return line, false
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0, true
}
