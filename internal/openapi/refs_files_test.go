package openapi

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// filesOf is a FileReader over an in-memory repository that records what
// it was asked for.
func filesOf(fsys fstest.MapFS, asked *[]string) FileReader {
	return func(p string) ([]byte, error) {
		if asked != nil {
			*asked = append(*asked, p)
		}
		if !fs.ValidPath(p) {
			return nil, fmt.Errorf("invalid path %q", p)
		}
		return fs.ReadFile(fsys, p)
	}
}

const multiFileRoot = `openapi: 3.0.3
info: {title: central, version: 1.0.0}
paths:
  /members:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '../../common/api/common.yaml#/components/schemas/Member'
        '400':
          $ref: '../../common/api/common.yaml#/components/responses/BadRequest'
`

const multiFileCommon = `openapi: 3.0.3
info: {title: common, version: 1.0.0}
paths: {}
components:
  schemas:
    Member:
      type: object
      properties:
        created_at:
          type: string
          format: date-time
        error:
          $ref: '#/components/schemas/CodeWithDetails'
    CodeWithDetails:
      type: object
      properties:
        code: {type: string}
  responses:
    BadRequest:
      description: bad
      content:
        application/json:
          schema:
            $ref: 'errors.yaml#/ErrorInfo'
`

const multiFileErrors = `ErrorInfo:
  type: object
  required: [status]
  properties:
    status: {type: integer}
`

func TestParseWithReadsReferencedFiles(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"src/central/api/openapi.yaml": {Data: []byte(multiFileRoot)},
		"src/common/api/common.yaml":   {Data: []byte(multiFileCommon)},
		"src/common/api/errors.yaml":   {Data: []byte(multiFileErrors)},
	}
	var asked []string
	doc, err := ParseWith("src/central/api/openapi.yaml", []byte(multiFileRoot), filesOf(fsys, &asked))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Defects) != 0 {
		t.Fatalf("defects: %v", doc.Defects)
	}
	if got := strings.Join(asked, " "); got != "src/common/api/common.yaml src/common/api/errors.yaml" {
		t.Errorf("files read: %s", got)
	}
	op := doc.Operations[0]
	member := op.Responses[0].Content[0].Schema
	if member.File != "src/common/api/common.yaml" || member.Line != 7 {
		t.Errorf("Member schema at %s:%d, want src/common/api/common.yaml:7", member.File, member.Line)
	}
	if len(member.Properties) != 2 || member.Properties[0].Name != "created_at" || member.Properties[0].Schema.Format != "date-time" {
		t.Fatalf("Member properties: %+v", member.Properties)
	}
	if p := member.Properties[0].Schema; p.File != "src/common/api/common.yaml" || p.Line != 10 {
		t.Errorf("inline property schema at %s:%d, want the common file, line 10", p.File, p.Line)
	}
	// A "#/..." $ref inside the other file points into that file.
	if inner := member.Properties[1].Schema; len(inner.Properties) != 1 || inner.Properties[0].Name != "code" {
		t.Errorf("CodeWithDetails not read from the common file: %+v", inner)
	}
	bad := op.Responses[1]
	if bad.Line != 13 || len(bad.Content) != 1 || bad.Content[0].Line != 0 {
		t.Errorf("400 response: line %d, content %+v; want line 13 and content lines unknown (another file)", bad.Line, bad.Content)
	}
	if s := bad.Content[0].Schema; s.File != "src/common/api/errors.yaml" || len(s.Required) != 1 {
		t.Errorf("ErrorInfo from the errors file: %+v", s)
	}
}

func TestParseWithStaysInTheRepository(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      parameters:
        - $ref: '../../../etc/passwd#/x'
        - $ref: '/etc/passwd#/x'
        - $ref: 'https://example.org/p.yaml#/p'
        - $ref: 'missing.yaml#/p'
        - $ref: 'notyaml.txt#/p'
      responses: {'200': {description: ok}}
`
	fsys := fstest.MapFS{"api/notyaml.txt": {Data: []byte("a: [")}}
	var asked []string
	d, err := ParseWith("api/openapi.yaml", []byte(doc), filesOf(fsys, &asked))
	if err != nil {
		t.Fatal(err)
	}
	want := []Defect{
		{7, `$ref "../../../etc/passwd#/x" points outside the repository, which is not read; parameter ignored`},
		{8, `$ref "/etc/passwd#/x" points to a URL or an absolute path, which is not fetched; parameter ignored`},
		{9, `$ref "https://example.org/p.yaml#/p" points to a URL or an absolute path, which is not fetched; parameter ignored`},
		{10, `$ref "missing.yaml#/p" points to a file that cannot be read; parameter ignored`},
		{11, `$ref "notyaml.txt#/p" points to a file that is neither YAML nor JSON; parameter ignored`},
	}
	if diff := diff(want, d.Defects); diff != "" {
		t.Errorf("defects mismatch (-want +got):\n%s", diff)
	}
	if got := strings.Join(asked, " "); got != "api/missing.yaml api/notyaml.txt" {
		t.Errorf("files asked for: %q", got)
	}
}

func TestParseWithBoundsTheFilesRead(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n")
	fsys := fstest.MapFS{}
	for i := range maxRefFiles + 5 {
		fmt.Fprintf(&b, "        - $ref: 'p%d.yaml#/p'\n", i)
		fsys[fmt.Sprintf("p%d.yaml", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "p: {name: q%d, in: query}\n", i)}
	}
	b.WriteString("      responses: {'200': {description: ok}}\n")
	var asked []string
	d, err := ParseWith("openapi.yaml", []byte(b.String()), filesOf(fsys, &asked))
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != maxRefFiles {
		t.Errorf("%d files read, want at most %d", len(asked), maxRefFiles)
	}
	if n := len(d.Operations[0].Parameters); n != maxRefFiles {
		t.Errorf("%d parameters read, want %d", n, maxRefFiles)
	}
	if len(d.Defects) != 5 || !strings.Contains(d.Defects[0].Msg, "more than 64 files") {
		t.Errorf("defects: %v", d.Defects)
	}
}

func TestParseWithCycleAcrossFiles(t *testing.T) {
	t.Parallel()
	root := "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    $ref: 'b.yaml#/item'\n"
	fsys := fstest.MapFS{
		"b.yaml": {Data: []byte("item:\n  $ref: 'openapi.yaml#/paths/~1a'\n")},
	}
	d, err := ParseWith("openapi.yaml", []byte(root), filesOf(fsys, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Operations) != 0 || len(d.Defects) != 1 || !strings.Contains(d.Defects[0].Msg, "cycle") {
		t.Errorf("operations %d, defects %v; want a cycle defect", len(d.Operations), d.Defects)
	}
}

func TestValidateWithReadsReferencedFiles(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"src/common/api/common.yaml": {Data: []byte(multiFileCommon)},
		"src/common/api/errors.yaml": {Data: []byte(multiFileErrors)},
	}
	if defects := Validate([]byte(multiFileRoot)); len(defects) == 0 || !strings.Contains(defects[0].Msg, "not fetched") {
		t.Fatalf("without files: %v, want a reference that is not fetched", defects)
	}
	if defects := ValidateWith("src/central/api/openapi.yaml", []byte(multiFileRoot), filesOf(fsys, nil)); len(defects) != 0 {
		t.Errorf("with files: %v, want none", defects)
	}
	outside := strings.Replace(multiFileRoot, "../../common/api/common.yaml", "../../../../secret.yaml", 1)
	defects := ValidateWith("src/central/api/openapi.yaml", []byte(outside), filesOf(fstest.MapFS{"secret.yaml": {Data: []byte(multiFileCommon)}}, nil))
	if len(defects) == 0 || !strings.Contains(defects[0].Msg, "outside the repository") {
		t.Errorf("a $ref outside the repository: %v", defects)
	}
}
