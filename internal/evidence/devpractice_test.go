package evidence

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDevPracticeReads(t *testing.T) {
	fsys := fstest.MapFS{
		"pom.xml":                                   {Data: []byte("<project><artifactId>a</artifactId></project>")},
		"tests/jest.config.js":                      {Data: []byte("module.exports = {coverageThreshold: {global: {lines: 80}}};")},
		".github/auto_assign.yml":                   {Data: []byte("addReviewers: true\n")},
		"src/main/resources/application-test.yml":   {Data: []byte("spring.jpa.hibernate.ddl-auto: create\n")},
		"src/main/resources/application.properties": {Data: []byte("spring.jpa.hibernate.ddl-auto=update\n")},
		"changes/7631.feature":                      {Data: []byte("user_with_token fixtures added\n")},
		"test/features/create.feature":              {Data: []byte("# language: en\nFeature: create a record\n")},
		"spp_api/tests/test_api.py":                 {Data: []byte("from odoo.tests import HttpCase\n\nclass TestAPI(HttpCase):\n    pass\n")},
		"spp_api/tests/test_fields.py":              {Data: []byte("from odoo.tests import HttpCase\n")},
		"spp_api/tests/test_unit_api.py":            {Data: []byte("def test_x(): pass\n")},
	}
	r := buildFS(t, fsys, Options{Detector: detector, GovStack: true})
	kinds := map[string]string{}
	aside := map[string]bool{}
	for _, c := range r.DevConfigs {
		kinds[c.Path], aside[c.Path] = c.Kind, c.Aside
	}
	for p, want := range map[string]string{"pom.xml": DevCoverage, "tests/jest.config.js": DevCoverage, ".github/auto_assign.yml": DevReview,
		"src/main/resources/application.properties": DevSchema, "src/main/resources/application-test.yml": DevSchema} {
		if kinds[p] != want {
			t.Errorf("%s: kind %q, want %q", p, kinds[p], want)
		}
	}
	if !aside["tests/jest.config.js"] || !aside["src/main/resources/application-test.yml"] || aside["pom.xml"] {
		t.Errorf("aside flags wrong: %v", aside)
	}
	if !slices.Equal(r.GherkinFeatures, []string{"test/features/create.feature"}) {
		t.Errorf("GherkinFeatures = %v", r.GherkinFeatures)
	}
	if len(r.HTTPTests) != 1 || r.HTTPTests[0] != (FileHit{Path: "spp_api/tests/test_api.py", Line: 3}) {
		t.Errorf("HTTPTests = %+v", r.HTTPTests)
	}
	// Without GovStack nothing is read.
	r = buildFS(t, fsys, Options{Detector: detector})
	if len(r.DevConfigs)+len(r.GherkinFeatures)+len(r.HTTPTests) != 0 {
		t.Errorf("read without GovStack: %d configs", len(r.DevConfigs))
	}
}

func TestDevConfigSizeCap(t *testing.T) {
	fsys := fstest.MapFS{"pom.xml": {Data: []byte("<project>" + strings.Repeat(" ", capDevConfig) + "</project>")}}
	r := buildFS(t, fsys, Options{Detector: detector, GovStack: true})
	if len(r.DevConfigs) != 0 {
		t.Errorf("an over-cap configuration was read")
	}
}
