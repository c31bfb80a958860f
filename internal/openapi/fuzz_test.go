package openapi

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// fuzzSeeds returns the testdata specifications and a few small oddities.
// The GovStack specifications are left out: at 10-25 KB they make the
// fuzzer's minimisation of each new input take most of the run.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, name := range []string{"oas30.yaml", "oas31.yaml", "swagger2.yaml", "defects.yaml", "tabs.json", "reference.yaml", "candidate-gaps.yaml"} {
		seeds = append(seeds, readTestdata(f, name))
	}
	seeds = append(seeds,
		[]byte("openapi: 3.0.0\npaths:\n  /a: &a {get: {parameters: [*a]}}\n"),
		[]byte("swagger: '2.0'\npaths: {/a: {get: {parameters: [{in: body, name: b, schema: {$ref: '#/definitions/x'}}]}}}\n"),
		[]byte("{\"openapi\": \"3.1.0\", \"paths\": {\"\\/a\": {}}}\n\t"),
		[]byte("openapi: 3.0.0\nx: &x {<<: *x}\n"),
	)
	return seeds
}

func FuzzParse(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz.yaml", data)
		checkSplitAgrees(t, data)
		if err != nil {
			return
		}
		checkBounds(t, doc)
		visits := 0
		doc.EachSchema(func(where string, s *Schema) {
			visits++
			if s == nil {
				t.Fatalf("EachSchema gave a nil schema at %q", where)
			}
		})
		if limit := extraVisits + len(data); visits > limit {
			t.Errorf("EachSchema visited %d schemas, more than the %d visit budget", visits, limit)
		}
		c := Compare(doc, doc)
		if len(c.Missing) != 0 {
			t.Errorf("comparing a document with itself left %d operations unmatched", len(c.Missing))
		}
	})
}

func FuzzCompare(f *testing.F) {
	seeds := fuzzSeeds(f)
	for i, seed := range seeds {
		f.Add(seed, seeds[(i+1)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, candidateData, referenceData []byte) {
		candidate, err := Parse("candidate.yaml", candidateData)
		if err != nil {
			candidate = nil
		}
		reference, err := Parse("reference.yaml", referenceData)
		if err != nil {
			reference = nil
		}
		c := Compare(candidate, reference)
		if reference == nil {
			return
		}
		if len(c.Matched)+len(c.Missing) != c.Operations || c.Operations != len(reference.Operations) {
			t.Errorf("%d matched + %d missing != %d operations", len(c.Matched), len(c.Missing), c.Operations)
		}
		for _, g := range c.Gaps {
			if g.Reference < 0 || g.Candidate < 0 || g.Kind == "" {
				t.Errorf("bad gap %+v", g)
			}
		}
	})
}

// checkBounds checks the limits every parsed document keeps.
func checkBounds(t *testing.T, doc *Doc) {
	t.Helper()
	if len(doc.Defects) > maxDefects+1 {
		t.Errorf("%d defects, more than %d", len(doc.Defects), maxDefects+1)
	}
	for _, d := range doc.Defects {
		if d.Line < 0 || d.Msg == "" || len(d.Msg) > maxText {
			t.Errorf("bad defect %+v", d)
		}
	}
	if len(doc.Operations) > maxOperations {
		t.Errorf("%d operations, more than %d", len(doc.Operations), maxOperations)
	}
	long := func(what, s string) {
		if len(s) > maxText {
			t.Errorf("%s of %d bytes, more than %d", what, len(s), maxText)
		}
	}
	long("title", doc.Title)
	long("version", doc.Version)
	for _, op := range doc.Operations {
		long("path", op.Path)
		long("operationId", op.OperationID)
		if op.Line < 0 {
			t.Errorf("operation %s %s at line %d", op.Method, op.Path, op.Line)
		}
		for _, p := range op.Parameters {
			long("parameter name", p.Name)
		}
		for _, r := range op.Responses {
			long("response code", r.Code)
		}
	}
}

// checkSplitAgrees checks that reading YAML in pieces never changes the
// tree: whenever the document can be cut into pieces that all parse, the
// whole document parses to the same tree.
func checkSplitAgrees(t *testing.T, data []byte) {
	t.Helper()
	if len(data) > 64<<10 || looksLikeJSON(data) {
		return
	}
	// One worker: pieces parsed in parallel would make coverage flaky.
	split, ok := decodeYAMLSplit(data, splitOptions{chunkBytes: 8, workers: 1})
	if !ok {
		return
	}
	whole, err := decodeYAML(data)
	if err != nil {
		t.Fatalf("the pieces parse but the whole document does not: %v", err)
	}
	if want, got := treeText(whole), treeText(split); want != got {
		t.Fatalf("reading in pieces changed the tree:\n%s", firstDifference(want, got))
	}
}

// FuzzParseWith reads a document whose $refs reach a second fuzzed file: the
// reader is only ever asked for clean paths inside the repository, at most
// maxRefFiles of them, and the bounds of Parse hold.
func FuzzParseWith(f *testing.F) {
	seeds := fuzzSeeds(f)
	f.Add([]byte(multiFileRoot), []byte(multiFileCommon))
	f.Add([]byte("openapi: 3.0.0\npaths:\n  /a: {$ref: 'x/other.yaml#/p'}\n"), []byte("p: {get: {parameters: [{$ref: '../other.yaml'}]}}\n"))
	for i, seed := range seeds {
		f.Add(seed, seeds[(i+1)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, root, other []byte) {
		asked := 0
		files := func(p string) ([]byte, error) {
			asked++
			if !fs.ValidPath(p) || p == "." || strings.HasPrefix(p, "../") {
				t.Fatalf("asked for %q, outside the repository or not clean", p)
			}
			if path.Base(p) != "other.yaml" {
				return nil, fs.ErrNotExist
			}
			return other, nil
		}
		doc, err := ParseWith("api/openapi.yaml", root, files)
		if asked > maxRefFiles {
			t.Fatalf("%d files read, more than %d", asked, maxRefFiles)
		}
		if len(root) < 4<<10 {
			asked = 0
			ValidateWith("api/openapi.yaml", root, files)
			if asked > maxRefFiles {
				t.Fatalf("the validator read %d files, more than %d", asked, maxRefFiles)
			}
		}
		if err != nil {
			return
		}
		checkBounds(t, doc)
		doc.EachSchema(func(where string, s *Schema) {
			if s == nil {
				t.Fatalf("EachSchema gave a nil schema at %q", where)
			}
		})
	})
}
