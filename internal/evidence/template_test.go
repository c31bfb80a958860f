package evidence

import (
	"slices"
	"testing"
	"testing/fstest"
)

// A scaffold's manifest names the projects it generates ("{{module_name}}"):
// its dependencies and licence are not the product's.
func TestTemplateManifestSetAside(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"requirements.txt":              {Data: []byte("django==4.2\n")},
		"tools/skeletons/setup.py":      {Data: []byte("from setuptools import setup\nsetup(\n    name='app-{{module_name}}',\n    install_requires=['djangorestframework'],\n)\n")},
		"tools/archetype/pom.xml":       {Data: []byte("<project><artifactId>${rootArtifactId}-core</artifactId></project>\n")},
		"services/billing/package.json": {Data: []byte(`{"name":"billing","dependencies":{"express":"4.19.2"}}`)},
	}
	r := buildFS(t, fsys, Options{Detector: detector})
	var paths []string
	for _, m := range r.Manifests {
		paths = append(paths, m.Path)
	}
	slices.Sort(paths)
	if want := []string{"requirements.txt", "services/billing/package.json"}; !slices.Equal(paths, want) {
		t.Errorf("manifests = %v, want %v", paths, want)
	}
	for _, p := range []string{"tools/skeletons/setup.py", "tools/archetype/pom.xml"} {
		if !slices.ContainsFunc(r.SetAside, func(sa SetAside) bool { return sa.Path == p && sa.Why == "code template" }) {
			t.Errorf("%s not set aside as a code template: %+v", p, r.SetAside)
		}
	}
}
