package openapi

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// treeText renders a YAML tree with kinds, tags, values and lines: what the
// reader uses. Aliases are rendered by anchor name, not followed.
func treeText(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil {
			b.WriteString("nil\n")
			return
		}
		fmt.Fprintf(&b, "%s%d %s %q &%s L%d\n", strings.Repeat(" ", depth), n.Kind, n.Tag, n.Value, n.Anchor, n.Line)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// forcedSplit cuts even tiny documents into pieces of about size bytes.
func forcedSplit(size int) splitOptions {
	return splitOptions{minBytes: 0, chunkBytes: size, workers: 2}
}

// noSplit never cuts.
var noSplit = splitOptions{minBytes: math.MaxInt}

func TestSplitGivesTheSameTree(t *testing.T) {
	t.Parallel()
	inputs := map[string][]byte{
		"generated":     generatedSpec(300 << 10),
		"oas30.yaml":    readTestdata(t, "oas30.yaml"),
		"oas31.yaml":    readTestdata(t, "oas31.yaml"),
		"swagger2.yaml": readTestdata(t, "swagger2.yaml"),
		"defects.yaml":  readTestdata(t, "defects.yaml"),
		"block scalars and comments": []byte(`# comment
openapi: 3.0.0
info:
  title: t
  description: |
    paths:
      /not-a-path:
    more text

  version: '1'
paths:   # the paths
  /a:
    get:
      description: >
        folded
        text
      responses:
        '200': {description: ok}
  "/b: quoted":
    get:
      responses:
        '200':
          description: "multi
            line"
  '/c''s':
    parameters:
    - name: x
      in: query
    - name: y
      in: query
    get: {}
components:
  schemas:
    A: {type: string}
    B:
      type: object
`),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			whole, err := decodeYAML(data)
			if err != nil {
				t.Fatal(err)
			}
			want := treeText(whole)
			for _, size := range []int{1, 40, 200, 5000} {
				root, ok := decodeYAMLSplit(data, forcedSplit(size))
				if !ok && size < len(data)/2 {
					t.Errorf("chunk size %d: not split", size)
				}
				if !ok {
					continue
				}
				if got := treeText(root); got != want {
					t.Errorf("chunk size %d: tree differs from the whole parse:\n%s", size, firstDifference(want, got))
				}
			}
		})
	}
}

// firstDifference shows the first differing line of two renderings.
func firstDifference(want, got string) string {
	wantLines, gotLines := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(wantLines), len(gotLines)) {
		if wantLines[i] != gotLines[i] {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, wantLines[i], gotLines[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d and %d lines", len(wantLines), len(gotLines))
}

func TestSplitFallsBack(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, doc string
	}{
		{"alias to another piece", "a: &x\n  k: v\nb:\n  c: *x\n"},
		{"flow mapping across lines", "a: {k: v,\nb: c}\nd:\n  e: f\n"},
		{"quoted string across lines", "a:\n  k: \"one\n  x: two\"\nb: c\n"},
		{"document marker", "---\na:\n  b: c\nd: e\n"},
		{"tab indentation", "a:\n\tb: c\nd: e\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if root, ok := decodeYAMLSplit([]byte(tt.doc), forcedSplit(1)); ok {
				whole, err := decodeYAML([]byte(tt.doc))
				if err != nil || treeText(whole) != treeText(root) {
					t.Errorf("split parse differs from the whole parse (%v):\n%s", err, treeText(root))
				}
			}
		})
	}
}

func TestPlanChunks(t *testing.T) {
	t.Parallel()
	doc := "openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n  /b:\n    get: {}\ncomponents:\n  schemas:\n    A: {}\n    B:\n      type: string\n"
	type piece struct {
		Text, Header string
		FirstLine    int
		Levels       int
	}
	var got []piece
	for _, c := range planChunks([]byte(doc), 1) {
		got = append(got, piece{doc[c.start:c.end], string(c.header), c.firstLine, c.levels})
	}
	want := []piece{
		{"openapi: 3.0.0\n", "", 1, 0},
		{"paths:\n", "", 2, 0},
		{"  /a:\n", "paths:\n", 3, 1},
		{"    get: {}\n", "paths:\n  /a:\n", 4, 2},
		{"  /b:\n", "paths:\n", 5, 1},
		{"    get: {}\n", "paths:\n  /b:\n", 6, 2},
		{"components:\n", "", 7, 0},
		{"  schemas:\n", "components:\n", 8, 1},
		{"    A: {}\n", "components:\n  schemas:\n", 9, 2},
		{"    B:\n", "components:\n  schemas:\n", 10, 2},
		{"      type: string\n", "components:\n  schemas:\n    B:\n", 11, 3},
	}
	if d := diff(want, got); d != "" {
		t.Errorf("planChunks mismatch (-want +got):\n%s", d)
	}
}

func TestParseWithAndWithoutSplitAgree(t *testing.T) {
	t.Parallel()
	data := generatedSpec(300 << 10)
	whole, err := parse("generated", data, nil, noSplit)
	if err != nil {
		t.Fatal(err)
	}
	split, err := parse("generated", data, nil, forcedSplit(10<<10))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := docText(split), docText(whole); got != want {
		t.Errorf("split parse differs:\n%s", firstDifference(want, got))
	}
}
