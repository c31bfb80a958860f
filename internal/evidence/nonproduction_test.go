package evidence

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestNonProductionREADME(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"Docker/securityserver/README.md":  {Data: []byte("# Security Server Docker Image\n\n***This image is strictly meant for testing and development purposes. Do not use it in production environment!***\n")},
		"Docker/securityserver/Dockerfile": {Data: []byte("FROM ubuntu:24.04\nARG USER_PASSWD=secret\nCOPY files /\n")},
		"Docker/testca/README.md":          {Data: []byte("# Test CA\n\nThis is a simplified CA instance. It is not meant for production use.\n")},
		"Docker/testca/Dockerfile":         {Data: []byte("FROM ubuntu:24.04\n")},
		"demo/README.md":                   {Data: []byte("# Demo\n\nThis system is designed for demonstration purposes only.\n")},
		"demo/Chart.yaml":                  {Data: []byte("name: demo\n")},
		"demo/templates/app.yaml":          {Data: []byte("apiVersion: apps/v1\nkind: Deployment\n")},
		"sidecar/README.md":                {Data: []byte("# Sidecar\n\nThe production image. Developers: see below.\n\n" + longText + "\nDo not run the test image in production.\n")},
		"sidecar/Dockerfile":               {Data: []byte("FROM ubuntu:24.04\nCOPY a /a\n")},
		"README.md":                        {Data: []byte("# X\n\nThe compose file is not meant for production.\n")},
		"docker-compose.yml":               {Data: []byte("services: {app: {build: .}}\n")},
		"development/hurl/Dockerfile":      {Data: []byte("FROM ghcr.io/orange-opensource/hurl:latest\n")},
	}
	r := buildFS(t, fsys, Options{Detector: detector})
	var docker []string
	for _, d := range r.Dockerfiles {
		docker = append(docker, d.Path)
	}
	if !slices.Equal(docker, []string{"sidecar/Dockerfile"}) {
		t.Errorf("product Dockerfiles = %q, want only sidecar/Dockerfile", docker)
	}
	if len(r.K8s) != 0 || len(r.HelmCharts) != 0 || len(r.Compose) != 1 {
		t.Errorf("k8s %d, charts %d, compose %d: want the demo chart set aside and the root compose kept", len(r.K8s), len(r.HelmCharts), len(r.Compose))
	}
	for _, p := range []string{"Docker/testca/Dockerfile", "demo/templates/app.yaml", "demo/Chart.yaml"} {
		if slices.Contains(r.Files, p) || !slices.Contains(r.AsideFiles, p) {
			t.Errorf("%s not moved to the set-aside files", p)
		}
	}
	if r.Readme == nil || len(r.SetAsideOf("Dockerfiles")) != 3 {
		t.Errorf("set aside: %+v", r.SetAside)
	}
}

var longText = func() string {
	s := ""
	for range 30 {
		s += "A line of the guide.\n"
	}
	return s
}()
