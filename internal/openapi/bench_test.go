package openapi

import (
	"fmt"
	"strings"
	"testing"
)

// generatedSpec builds an OpenAPI 3.0 YAML document of roughly size bytes:
// resources with path-level and operation-level parameters, $ref'd request
// bodies and response schemas, and one component schema per resource.
func generatedSpec(size int) []byte {
	var paths, schemas strings.Builder
	paths.WriteString("paths:\n")
	schemas.WriteString("components:\n  parameters:\n    limit:\n      name: limit\n      in: query\n      schema:\n        type: integer\n        maximum: 100\n  schemas:\n")
	for i := 0; paths.Len()+schemas.Len() < size; i++ {
		fmt.Fprintf(&paths, `  /resources%[1]d/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
          format: uuid
    get:
      operationId: getResource%[1]d
      parameters:
        - name: X-Correlation-ID
          in: header
          required: true
          schema:
            type: string
        - $ref: '#/components/parameters/limit'
      responses:
        '200':
          description: found
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Resource%[1]d'
              example:
                name: example
        '404':
          description: not found
    put:
      operationId: putResource%[1]d
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Resource%[1]d'
      responses:
        '200':
          description: updated
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Resource%[1]d'
        default:
          description: error
`, i)
		fmt.Fprintf(&schemas, `    Resource%[1]d:
      type: object
      required: [name, createdAt]
      properties:
        name:
          type: string
          maxLength: 200
          example: Jane
        createdAt:
          type: string
          format: date-time
          example: '2024-01-02T03:04:05Z'
        tags:
          type: array
          items:
            type: string
            pattern: '^[a-z]+$'
        owner:
          $ref: '#/components/schemas/Resource%[2]d'
`, i, i/2)
	}
	return []byte("openapi: 3.0.3\ninfo:\n  title: generated\n  version: 1.0.0\nservers:\n  - url: https://example.org/api/v1\n" + paths.String() + schemas.String())
}

func BenchmarkParse1MB(b *testing.B) {
	data := generatedSpec(1 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Parse("generated.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Defects) > 0 {
			b.Fatalf("defects: %v", doc.Defects[:1])
		}
	}
}

func BenchmarkValidate1MB(b *testing.B) {
	data := generatedSpec(1 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if defects := Validate(data); len(defects) > 0 {
			b.Fatalf("defects: %v", defects[:1])
		}
	}
}
