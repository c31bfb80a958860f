package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// Validate checks the document against the OpenAPI 3 specification with
// kin-openapi, without validating examples (the official GovStack specs fail
// example validation in large numbers), and returns the problems as defects
// (Line 0 when unknown). External $refs are never fetched. A Swagger 2.0
// document returns one defect saying it is Swagger 2.0 and should be
// converted to OpenAPI 3.
//
// Lines come from the context kin-openapi gives (path, operation,
// component, section) looked up in the document, or from a "line N" in a
// parser error.
func Validate(data []byte) []Defect {
	return validate("", data, nil)
}

// ValidateWith is Validate for a document at name (a slash-separated path
// relative to the repository root) whose $refs to other files of the
// repository are read through files, with the bounds of ParseWith.
func ValidateWith(name string, data []byte, files FileReader) []Defect {
	return validate(name, data, files)
}

func validate(name string, data []byte, files FileReader) []Defect {
	if len(data) > maxInputBytes {
		return []Defect{{Msg: fmt.Sprintf("the document is larger than %d bytes; not validated", maxInputBytes)}}
	}
	root, err := decodeTree(data, defaultSplit)
	if err != nil {
		return []Defect{{Line: errorLine(err), Msg: cut("neither YAML nor JSON: " + err.Error() + "; not validated")}}
	}
	if root = resolveAlias(root); root == nil || root.Kind != yaml.MappingNode {
		return []Defect{{Msg: "not an OpenAPI document: the top level is not a mapping; not validated"}}
	}
	openapiKey, _ := lookup(root, "openapi")
	if swaggerKey, _ := lookup(root, "swagger"); swaggerKey != nil && openapiKey == nil {
		return []Defect{{Line: swaggerKey.Line, Msg: "Swagger 2.0 document; convert it to OpenAPI 3 to validate it"}}
	}
	if openapiKey == nil {
		return []Defect{{Msg: "not an OpenAPI document: no openapi key; not validated"}}
	}
	if expandedSize(root, maxExpandedNodes) > maxExpandedNodes {
		return []Defect{{Msg: fmt.Sprintf("the document expands to more than %d nodes through aliases; not validated", maxExpandedNodes)}}
	}
	// What the reader accepts, kin-openapi should too: no byte order mark,
	// and for JSON, which it reads with encoding/json first, no raw control
	// characters in strings.
	data = bytes.TrimPrefix(data, byteOrderMark)
	if looksLikeJSON(data) {
		data = jsonline.EscapeControlCharacters(data)
	}
	errs := kinValidate(name, data, files)
	if len(errs) == 0 {
		return nil
	}
	if len(errs) > maxDefects {
		errs = append(errs[:maxDefects:maxDefects], fmt.Errorf("%d more problems not listed", len(errs)-maxDefects))
	}
	defects := make([]Defect, 0, len(errs))
	for _, e := range errs {
		defects = append(defects, Defect{Line: locate(root, e), Msg: cut(e.Error())})
	}
	return finishDefects(defects)
}

// kinValidate loads and validates data with kin-openapi and returns every
// problem it reports.
func kinValidate(name string, data []byte, files FileReader) (errs []error) {
	defer func() {
		if p := recover(); p != nil {
			errs = []error{fmt.Errorf("the validator failed on this document (%v); not validated", p)}
		}
	}()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = files != nil
	loader.ReadFromURIFunc = repositoryReader(path.Clean(name), data, files)
	var doc *openapi3.T
	var err error
	if files != nil && name != "" {
		doc, err = loader.LoadFromDataWithPath(data, &url.URL{Path: path.Clean(name)})
	} else {
		doc, err = loader.LoadFromData(data)
	}
	if err != nil {
		return []error{fmt.Errorf("cannot load the document: %w", err)}
	}
	err = doc.Validate(context.Background(), openapi3.DisableExamplesValidation(), openapi3.EnableMultiError())
	if err == nil {
		return nil
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) && multi.Error() == err.Error() {
		return flattenMultiError(multi)
	}
	return []error{err}
}

// repositoryReader gives kin-openapi the files of the repository a
// document's $refs point to, and nothing else: no URL, no absolute path,
// nothing outside the repository, at most maxRefFiles files and
// maxInputBytes bytes in all.
func repositoryReader(name string, data []byte, files FileReader) openapi3.ReadFromURIFunc {
	count, total := 0, 0
	return func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if files == nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
			return nil, fmt.Errorf("%s is not fetched", u)
		}
		p := path.Clean(u.Path)
		if p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\:\x00") {
			return nil, fmt.Errorf("%s is outside the repository; not read", u.Path)
		}
		if p == name {
			return data, nil
		}
		if count++; count > maxRefFiles {
			return nil, fmt.Errorf("%s was not read: the description refers to more than %d files", p, maxRefFiles)
		}
		other, err := files(p)
		if err != nil {
			return nil, fmt.Errorf("%s cannot be read", p)
		}
		if total += len(other); total > maxInputBytes {
			return nil, fmt.Errorf("%s was not read: the files referred to add up to more than %d bytes", p, maxInputBytes)
		}
		return other, nil
	}
}

// flattenMultiError lists the errors of nested MultiErrors.
func flattenMultiError(multi openapi3.MultiError) []error {
	var errs []error
	for _, e := range multi {
		var inner openapi3.MultiError
		if errors.As(e, &inner) && inner.Error() == e.Error() {
			errs = append(errs, flattenMultiError(inner)...)
		} else if e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}

// componentSections maps kin-openapi's component section names to the keys
// of components.
var componentSections = map[string]string{
	"schema": "schemas", "parameter": "parameters", "header": "headers",
	"request body": "requestBodies", "response": "responses",
	"security scheme": "securitySchemes", "example": "examples",
	"link": "links", "callback": "callbacks",
}

// locate finds the line a kin-openapi error is about, from the most precise
// context it carries.
func locate(root *yaml.Node, err error) int {
	var (
		pathErr      *openapi3.PathValidationError
		operationErr *openapi3.OperationValidationError
		componentErr *openapi3.ComponentValidationError
		webhookErr   *openapi3.WebhookValidationError
		sectionErr   *openapi3.SectionValidationError
		siblingsErr  *openapi3.ExtraSiblingFieldsError
	)
	switch {
	case errors.As(err, &pathErr):
		if errors.As(err, &operationErr) {
			if line := keyLine(root, "paths", pathErr.Path, strings.ToLower(operationErr.Method)); line > 0 {
				return line
			}
		}
		return keyLine(root, "paths", pathErr.Path)
	case errors.As(err, &componentErr):
		return keyLine(root, "components", componentSections[componentErr.Section], componentErr.Name)
	case errors.As(err, &webhookErr):
		return keyLine(root, "webhooks", webhookErr.Name)
	case errors.As(err, &sectionErr):
		return keyLine(root, sectionErr.Section)
	case errors.As(err, &siblingsErr) && len(siblingsErr.Fields) > 0:
		return keyLine(root, siblingsErr.Fields[0]) // top level when no section wraps it
	}
	return errorLine(err)
}

// keyLine returns the line of the key at the end of a path of mapping keys
// from root, or 0.
func keyLine(root *yaml.Node, keys ...string) int {
	n, line := root, 0
	for _, key := range keys {
		k, v := lookup(n, key)
		if k == nil {
			return 0
		}
		n, line = v, k.Line
	}
	return line
}

// lineInError finds "line N" in a parser error message.
var lineInError = lazyregexp.New(`\bline (\d+)\b`)

// errorLine returns the line a parser error names, or 0.
func errorLine(err error) int {
	m := lineInError.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	line, convErr := strconv.Atoi(m[1])
	if convErr != nil || line < 0 {
		return 0
	}
	return line
}
