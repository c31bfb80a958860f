package evidence

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

const helpersTpl = `{{/* Probes shared by every service */}}
{{- define "probes-helper" -}}
{{- if .probes }}
livenessProbe:
  httpGet: {path: /ping, port: http}
readinessProbe:
  httpGet: {path: /health/ready, port: http}
{{- end }}
{{- end }}
{{- define "resources-helper" -}}
resources:
  limits: {cpu: 500m}
{{- end -}}
{{- define "service-container" -}}
{{ include "probes-helper" . }}
{{- end -}}
`

func TestHelmIncludes(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"charts/app/Chart.yaml":               {Data: []byte("name: app\n")},
		"charts/app/values.yaml":              {Data: []byte("autoscaling:\n  enabled: false\n")},
		"charts/app/templates/_helpers.tpl":   {Data: []byte(helpersTpl)},
		"charts/app/templates/gateway.yaml":   {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: gateway\n          {{- include \"probes-helper\" . | nindent 10 }}\n          env:\n            - name: AUTH_URL\n              value: http://auth:4040\n            - name: DB_PASSWORD\n              valueFrom: {secretKeyRef: {name: db, key: pw}}\n            - name: MODE\n              value: {{ .Values.mode | quote }}\n")},
		"charts/app/templates/worker.yaml":    {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          {{- include \"service-container\" . }}\n")},
		"charts/app/templates/hpa.yaml":       {Data: []byte("{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n{{- end }}\n")},
		"charts/app/templates/no-probes.yaml": {Data: []byte("apiVersion: batch/v1\nkind: Job\nspec: {{ include \"resources-helper\" . }}\n")},
	}
	r := buildFS(t, fsys, Options{Detector: detector})
	got := map[string]string{}
	for _, m := range r.K8s {
		got[m.Path] = m.Kind
		if m.Probes {
			got[m.Path] += " probes"
		}
		if m.Limits {
			got[m.Path] += " limits"
		}
		if m.Conditional {
			got[m.Path] += " conditional"
		}
	}
	want := map[string]string{
		"charts/app/templates/gateway.yaml":   "Deployment probes",
		"charts/app/templates/worker.yaml":    "Deployment probes",
		"charts/app/templates/hpa.yaml":       "HorizontalPodAutoscaler conditional",
		"charts/app/templates/no-probes.yaml": "Job limits",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templates mismatch (-want +got):\n%s", diff)
	}
	for _, m := range r.K8s {
		if m.Path != "charts/app/templates/gateway.yaml" {
			continue
		}
		wantEnv := []EnvVar{{Name: "AUTH_URL", Value: "http://auth:4040", Set: true, Line: 11}, {Name: "DB_PASSWORD", Value: "{secretKeyRef: {name: db, key: pw}}", Line: 13},
			{Name: "MODE", Value: "{{ .Values.mode | quote }}", Line: 15}}
		if diff := cmp.Diff(wantEnv, m.Env); diff != "" {
			t.Errorf("template env mismatch (-want +got):\n%s", diff)
		}
		if m.Replicas != 1 {
			t.Errorf("replicas = %d, want 1", m.Replicas)
		}
	}
	if len(r.HelmCharts) != 1 || r.HelmCharts[0].Autoscaling {
		t.Errorf("charts = %+v, want one without autoscaling", r.HelmCharts)
	}
}

func TestParseDefinesNested(t *testing.T) {
	t.Parallel()
	got := parseDefines([]byte(helpersTpl))
	if len(got) != 3 || !hasProbe([]byte(got["probes-helper"])) || hasProbe([]byte(got["resources-helper"])) {
		t.Errorf("defines = %q", got)
	}
}
