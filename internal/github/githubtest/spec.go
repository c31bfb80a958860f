// Package githubtest is a fake GitHub for tests: an httptest server that
// validates every request against GitHub's official OpenAPI description
// (../shared/data/github/api.github.com.json, loaded once per test binary),
// keeps check runs and comments in memory, enforces GitHub's limits that the
// description does not encode, and injects faults (read-only tokens, 422s,
// rate limits, server errors).
package githubtest

import (
	"errors"
	"os"
	"path/filepath"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// SpecPath finds GitHub's OpenAPI description: $DPGCHECK_SHARED_DATA, else a
// ../shared/data folder beside the working directory or any of its parents.
func SpecPath() (string, error) {
	return SharedFile("github/api.github.com.json")
}

// SharedFile finds a file of the shared upstream data folder.
func SharedFile(name string) (string, error) {
	if dir := os.Getenv("DPGCHECK_SHARED_DATA"); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "..", "shared", "data", filepath.FromSlash(name))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("../shared/data/" + name + " not found (set DPGCHECK_SHARED_DATA to the shared data folder)")
		}
		dir = parent
	}
}

// router is the OpenAPI router over GitHub's description, reduced to what
// request validation reads (requestSpec), built once per test binary.
var router = sync.OnceValues(func() (routers.Router, error) {
	p, err := SpecPath()
	if err != nil {
		return nil, err
	}
	full, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	data, err := requestSpec(full)
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, err
	}
	// doc.Validate is not called: the description itself has conflicting
	// paths (/orgs/{org}/attestations/...), which kin-openapi rejects; routing
	// and request validation work regardless.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	return gorillamux.NewRouter(doc)
})
