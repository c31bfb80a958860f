package config

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

// Pos is a position in the configuration file.
type Pos struct {
	Line int
	Col  int
}

// KeyPos records where each key of a mapping was written.
type KeyPos map[string]Pos

// Error is a configuration error at a position of a file. Its text has the
// form "file:line:col: message" so editors and CI logs can jump to it.
type Error struct {
	File string
	Pos  Pos
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Pos.Line > 0 && e.Pos.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
	case e.Pos.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Pos.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// maxNodes bounds the nodes decoded, so that alias expansion ("billion laughs")
// cannot blow up memory or time.
const maxNodes = 20000

// nodeDecoder decodes a yaml.Node tree into Go values strictly: unknown keys,
// duplicate keys and wrong kinds are errors with the node's position. Fields of
// type Pos receive the position of the value; fields of type KeyPos receive the
// position of every key of the mapping.
type nodeDecoder struct {
	file  string
	nodes int
}

var (
	posType    = reflect.TypeOf(Pos{})
	keyPosType = reflect.TypeOf(KeyPos{})
)

func (d *nodeDecoder) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: d.file, Pos: Pos{n.Line, n.Column}, Msg: fmt.Sprintf(format, args...)}
}

func (d *nodeDecoder) decode(n *yaml.Node, v reflect.Value) error {
	d.nodes++
	if d.nodes > maxNodes {
		return d.errorf(n, "document too large or too deeply aliased (more than %d nodes)", maxNodes)
	}
	if n.Kind == yaml.AliasNode {
		return d.decode(n.Alias, v)
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // "key:" with no value leaves the zero value
	}
	if u, ok := v.Addr().Interface().(nodeUnmarshaler); ok {
		return u.unmarshalNode(d, n)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.decode(n, v.Elem())
	case reflect.Struct:
		return d.decodeStruct(n, v)
	case reflect.Map:
		return d.decodeMap(n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return d.errorf(n, "expected a list, found %s", describe(n))
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := d.decode(item, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return d.errorf(n, "expected text, found %s", describe(n))
		}
		v.SetString(n.Value)
		return nil
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			return d.errorf(n, "expected a whole number, found %s", describe(n))
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil {
			return d.errorf(n, "expected a whole number, found %q", n.Value)
		}
		v.SetInt(int64(i))
		return nil
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			return d.errorf(n, "expected true or false, found %s", describe(n))
		}
		v.SetBool(strings.EqualFold(n.Value, "true"))
		return nil
	}
	return d.errorf(n, "internal error: cannot decode into %s", v.Type())
}

type nodeUnmarshaler interface {
	unmarshalNode(d *nodeDecoder, n *yaml.Node) error
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// fieldsOf returns the YAML keys of a struct type and their field indexes.
func fieldsOf(t reflect.Type) (keys []string, index map[string]int) {
	index = map[string]int{}
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		keys = append(keys, name)
		index[name] = i
	}
	return keys, index
}

func (d *nodeDecoder) mapping(n *yaml.Node, each func(key *yaml.Node, val *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, "expected a mapping of keys to values, found %s", describe(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return d.errorf(k, "keys must be plain text")
		}
		if k.Value == "<<" {
			return d.errorf(k, "merge keys (<<) are not supported; write the keys out")
		}
		if seen[k.Value] {
			return d.errorf(k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		if err := each(k, val); err != nil {
			return err
		}
	}
	return nil
}

func (d *nodeDecoder) decodeStruct(n *yaml.Node, v reflect.Value) error {
	t := v.Type()
	keys, index := fieldsOf(t)
	for i := range t.NumField() {
		if t.Field(i).Type == posType {
			v.Field(i).Set(reflect.ValueOf(Pos{n.Line, n.Column}))
		}
	}
	keyPos := KeyPos{}
	err := d.mapping(n, func(k, val *yaml.Node) error {
		i, ok := index[k.Value]
		if !ok {
			return d.errorf(k, "unknown key %q; valid keys here are %s", k.Value, strings.Join(keys, ", "))
		}
		keyPos[k.Value] = Pos{k.Line, k.Column}
		return d.decode(val, v.Field(i))
	})
	if err != nil {
		return err
	}
	for i := range t.NumField() {
		if t.Field(i).Type == keyPosType {
			v.Field(i).Set(reflect.ValueOf(keyPos))
		}
	}
	return nil
}

func (d *nodeDecoder) decodeMap(n *yaml.Node, v reflect.Value) error {
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	return d.mapping(n, func(k, val *yaml.Node) error {
		e := reflect.New(v.Type().Elem()).Elem()
		if err := d.decode(val, e); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(k.Value), e)
		return nil
	})
}

var yamlLine = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 parse error into an Error with its line.
func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Pos: Pos{Line: line}, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// oneOf formats a list of valid values for messages.
func oneOf(values []string) string {
	values = slices.Clone(values)
	for i, v := range values {
		values[i] = strconv.Quote(v)
	}
	return strings.Join(values, ", ")
}
