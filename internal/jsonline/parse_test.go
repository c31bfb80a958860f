package jsonline

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// plain turns a tree into what encoding/json decodes with UseNumber, the
// last of duplicate keys winning.
func plain(v *Value) any {
	switch v.Kind {
	case Bool:
		return v.Text == "true"
	case Number:
		return json.Number(v.Text)
	case String:
		return v.Text
	case Array:
		out := []any{}
		for _, e := range v.Elems {
			out = append(out, plain(e))
		}
		return out
	case Object:
		out := map[string]any{}
		for _, m := range v.Members {
			out[m.Key] = plain(m.Value)
		}
		return out
	}
	return nil
}

// reference decodes data with encoding/json.
func reference(data []byte) (any, error) {
	if !json.Valid(data) {
		return nil, errors.New("invalid")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func TestParseMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"a": [1, -2.5e3, true, false, null, "x\u00e9\n", "\ud83d\ude00", "\ud800"], "b": {}, "c": []}`,
		`"caf` + "\xff" + `é"`,
		`{"a": 1, "a": 2}`,
		"[\n  {\"k\": \"v\"},\n  [[], {}]\n]\n",
		`0`, `-0.5E+10`, `null`,
	} {
		got, err := Parse([]byte(in), Options{})
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		want, err := reference([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(plain(got), want) {
			t.Errorf("Parse(%q) = %#v, encoding/json gives %#v", in, plain(got), want)
		}
	}
}

func TestLines(t *testing.T) {
	t.Parallel()
	in := "\xef\xbb\xbf{\n  \"name\": \"x\",\n  \"list\": [\n    1,\n\n    {\"k\":\n      true}\n  ],\n  \"name\": \"y\"\n}\n"
	root, err := Parse([]byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	list := root.Member("list")
	obj := list.Value.Elems[1]
	for _, tt := range []struct {
		what      string
		got, want int
	}{
		{"root", root.Line, 1},
		{"last name key", root.Member("name").Line, 9},
		{"list key", list.Line, 3},
		{"list value", list.Value.Line, 3},
		{"second item", obj.Line, 6},
		{"nested key", obj.Member("k").Line, 6},
		{"nested value", obj.Get("k").Line, 7},
	} {
		if tt.got != tt.want {
			t.Errorf("%s on line %d, want %d", tt.what, tt.got, tt.want)
		}
	}
	if got := root.Get("name").Str(); got != "y" {
		t.Errorf("Get(name) = %q, want the last one, y", got)
	}
	if n := len(root.Members); n != 3 {
		t.Errorf("%d members, want 3 (duplicates kept)", n)
	}
	if !obj.Get("k").IsTrue() || root.Get("missing").IsTrue() || root.Get("missing").Str() != "" {
		t.Error("IsTrue or Str wrong")
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		opts Options
		want *Error
	}{
		{"{\n  \"a\": 1,\n  }", Options{}, &Error{Line: 3, Msg: "invalid character '}' looking for beginning of object key string"}},
		{"{\n  \"a\": [\n\n", Options{}, &Error{Line: 2, Msg: "unexpected end of input"}},
		{`{"a": "x`, Options{}, &Error{Line: 1, Msg: "unexpected end of input"}},
		{"{}\n{}", Options{}, &Error{Line: 2, Msg: "more data after the top-level value"}},
		{"{\"a\": \"b\tc\"}", Options{}, &Error{Line: 1, Msg: "invalid character '\\t' in string literal"}},
		{"{\"a\": \"line\nbreak\"}", Options{ControlCharacters: true}, &Error{Line: 1, Msg: "invalid character '\\n' in string literal"}},
		{"[1, 2]", Options{MaxBytes: 5}, &Error{Msg: "the document is 6 bytes, more than the limit of 5"}},
		{strings.Repeat("[", 10001) + strings.Repeat("]", 10001), Options{MaxBytes: 1 << 20}, &Error{Line: 1, Msg: "invalid character '[' exceeded max depth"}},
	} {
		_, err := Parse([]byte(tt.in), tt.opts)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%.40q) = %v, want an *Error", tt.in, err)
			continue
		}
		if *e != *tt.want {
			t.Errorf("Parse(%.40q) = %+v, want %+v", tt.in, *e, *tt.want)
		}
	}
	for _, in := range []string{"", " \r\n\t", "\xef\xbb\xbf\n"} {
		if _, err := Parse([]byte(in), Options{}); err != ErrEmpty {
			t.Errorf("Parse(%q) = %v, want ErrEmpty", in, err)
		}
	}
}

func TestControlCharacters(t *testing.T) {
	t.Parallel()
	v, err := Parse([]byte("{\"a\\\"\t\": \"b\tc\x01\"}"), Options{ControlCharacters: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Get("a\"\t").Str(); got != "b\tc\x01" {
		t.Errorf("value = %q, want the raw characters back", got)
	}
	for _, tt := range []struct{ in, want string }{
		{"{\"a\": \"b\tc\"}", `{"a": "b\u0009c"}`},
		{"{\t\"a\":\t1}", "{\t\"a\":\t1}"},            // outside strings: white space
		{"{\"a\\\"\t\": 1}", "{\"a\\\"\\u0009\": 1}"}, // after an escaped quote, still in the string
	} {
		if got := string(EscapeControlCharacters([]byte(tt.in))); got != tt.want {
			t.Errorf("EscapeControlCharacters(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeepLimits(t *testing.T) {
	t.Parallel()
	in := "{\"a\": [1, 2, 3, [4, [5]]],\n \"b\": {\"x\": 1, \"y\": 2, \"z\": 3},\n \"c\": \"kept?\"\n}"
	v, err := Parse([]byte(in), Options{MaxItems: 4, MaxDepth: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a": []any{json.Number("1"), json.Number("2"), json.Number("3"), []any{}}, // 4 and [5] are 3 deep
		"b": map[string]any{"x": json.Number("1"), "y": json.Number("2"), "z": json.Number("3")},
		"c": "kept?",
	}
	if !reflect.DeepEqual(plain(v), want) {
		t.Errorf("got %#v, want %#v", plain(v), want)
	}
	if v.Get("c").Line != 3 {
		t.Errorf("c on line %d after skipped values, want 3", v.Get("c").Line)
	}
	v, err = Parse([]byte(in), Options{MaxItems: 2, MaxValues: 5})
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]any{"a": []any{json.Number("1"), json.Number("2")}, "b": map[string]any{}} // the root, a, 1, 2 and b
	if !reflect.DeepEqual(plain(v), want) {
		t.Errorf("got %#v, want %#v", plain(v), want)
	}
}

// count returns the number of values in v and its greatest depth.
func count(v *Value, depth int) (n, deepest int) {
	n, deepest = 1, depth
	visit := func(c *Value) {
		cn, cd := count(c, depth+1)
		n += cn
		deepest = max(deepest, cd)
	}
	for _, e := range v.Elems {
		visit(e)
	}
	for _, m := range v.Members {
		visit(m.Value)
	}
	return n, deepest
}

// ordered checks that lines never go backwards in file order and stay
// within the document.
func ordered(t *testing.T, v *Value, last *int, lines int) {
	t.Helper()
	if v.Line < *last || v.Line > lines {
		t.Fatalf("value on line %d after line %d (document of %d lines)", v.Line, *last, lines)
	}
	*last = v.Line
	for _, e := range v.Elems {
		ordered(t, e, last, lines)
	}
	for _, m := range v.Members {
		if m.Line < *last {
			t.Fatalf("key on line %d after line %d", m.Line, *last)
		}
		*last = m.Line
		ordered(t, m.Value, last, lines)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"a": [1, -2.5e3, true, false, null, "x\u00e9\n"], "b": {}, "c": []}`,
		"{\n\"a\": 1,\n\"a\": [\n2]}", "\xef\xbb\xbf[]", "{\"a\": \"b\tc\"}", "{}\n{}", `"\ud800"`, "[[[[[[1]]]]]]",
		"", "{", `{"a":}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data, Options{})
		trimmed := bytes.TrimPrefix(data, byteOrderMark)
		want, refErr := reference(trimmed)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("Parse error %v, encoding/json error %v", err, refErr)
		}
		if err != nil {
			var e *Error
			if err != ErrEmpty && (!errors.As(err, &e) || e.Line < 1) {
				t.Fatalf("error %#v", err)
			}
		} else {
			if !reflect.DeepEqual(plain(v), want) {
				t.Fatalf("Parse = %#v, encoding/json gives %#v", plain(v), want)
			}
			last := 1
			ordered(t, v, &last, bytes.Count(data, []byte{'\n'})+1)
		}
		// The same document with caps: the same verdict, and the caps hold.
		capped, cerr := Parse(data, Options{MaxItems: 3, MaxValues: 20, MaxDepth: 4, ControlCharacters: true})
		if err == nil && cerr != nil {
			t.Fatalf("strict parse succeeded, lenient one failed: %v", cerr)
		}
		if cerr == nil {
			if n, deepest := count(capped, 0); n > 20 || deepest > 3 {
				t.Fatalf("%d values, %d deep; want at most 20 and 3", n, deepest)
			}
			last := 1
			ordered(t, capped, &last, bytes.Count(data, []byte{'\n'})+1)
		}
	})
}

func TestDeepNestingWithMaxDepth(t *testing.T) {
	t.Parallel()
	deep := "{\"x\": " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + ",\n\"y\": 1}"
	v, err := Parse([]byte(deep), Options{MaxDepth: 3})
	if err != nil {
		t.Fatalf("with MaxDepth: %v", err)
	}
	if y := v.Get("y"); y.Text != "1" || y.Line != 2 {
		t.Errorf("y = %+v, want 1 on line 2", y)
	}
	if _, err := Parse([]byte(deep), Options{}); err == nil {
		t.Error("without MaxDepth: no error, want the nesting limit")
	}
	for in, want := range map[string]Error{
		deep[:len(deep)-1]:                   {Line: 2, Msg: "unexpected end of input"},
		deep + "\n[]":                        {Line: 3, Msg: "more data after the top-level value"},
		strings.Replace(deep, "]]", "]}", 1): {Line: 1, Msg: "invalid character '}' looking for beginning of value"},
	} {
		_, err := Parse([]byte(in), Options{MaxDepth: 3})
		var e *Error
		if !errors.As(err, &e) || e.Line != want.Line || !strings.HasPrefix(e.Msg, want.Msg[:20]) {
			t.Errorf("Parse(...%q) = %v, want %+v", in[len(in)-12:], err, want)
		}
	}
}
