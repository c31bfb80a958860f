package evidence

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

var templateKind = lazyregexp.New(`(?m)^kind:\s*([A-Za-z]+)`)

// templateReplicas is a literal replica count in a template.
var templateReplicas = lazyregexp.New(`(?m)^\s*replicas:\s*(\d+)\s*$`)

// valuesResources finds a template that renders its resources from values.
var valuesResources = lazyregexp.New(`\.Values(\.[A-Za-z0-9_]+)*\.resources\b`)

// looksLikeK8s reports whether the head of a YAML file is a Kubernetes object.
func looksLikeK8s(head []byte) bool {
	return bytes.Contains(head, []byte("apiVersion:")) && bytes.Contains(head, []byte("kind:"))
}

// parseK8s reads the Kubernetes objects of a file. A Helm template (it has
// {{ }} actions and is not YAML until rendered) is read as text.
func parseK8s(p string, data []byte) []*K8sManifest {
	if bytes.Contains(data, []byte("{{")) {
		m := &K8sManifest{Path: p, Line: 1, Template: true,
			Limits:          bytes.Contains(data, []byte("limits:")),
			valuesResources: valuesResources.Match(data),
			Probes:          hasProbe(data),
			Env:             templateEnv(data),
			Conditional:     conditionalTemplate(data),
			includes:        includedTemplates(data)}
		if k := templateKind.FindSubmatch(data); k != nil {
			m.Kind = string(k[1])
		}
		if n := templateReplicas.FindSubmatch(data); n != nil && len(n[1]) < 6 {
			m.Replicas, _ = strconv.Atoi(string(n[1]))
		}
		return []*K8sManifest{m}
	}
	var out []*K8sManifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for len(out) < 100 {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err != io.EOF {
				return out
			}
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		kind := mapValue(root, "kind")
		if kind == nil || mapValue(root, "apiVersion") == nil {
			continue
		}
		m := &K8sManifest{Path: p, Kind: kind.Value, Line: kind.Line}
		spec := mapValue(root, "spec")
		if r := mapValue(spec, "replicas"); r != nil {
			var n int
			r.Decode(&n)
			m.Replicas = n
		}
		containers := podContainers(spec)
		if len(containers) > 0 {
			m.Limits = true
		}
		for _, c := range containers {
			if mapValue(mapValue(c, "resources"), "limits") == nil {
				m.Limits = false
			}
			if mapValue(c, "livenessProbe") != nil || mapValue(c, "readinessProbe") != nil || mapValue(c, "startupProbe") != nil {
				m.Probes = true
			}
			m.Env = append(m.Env, containerEnv(c)...)
		}
		out = append(out, m)
	}
	return out
}

// podContainers finds the containers of a workload's pod spec.
func podContainers(spec *yaml.Node) []*yaml.Node {
	for _, podSpec := range []*yaml.Node{
		spec, // Pod
		mapValue(mapValue(spec, "template"), "spec"),                                            // Deployment, StatefulSet, DaemonSet, Job
		mapValue(mapValue(mapValue(mapValue(spec, "jobTemplate"), "spec"), "template"), "spec"), // CronJob
	} {
		if cs := mapValue(podSpec, "containers"); cs != nil && cs.Kind == yaml.SequenceNode {
			return cs.Content
		}
	}
	return nil
}

// resolveHelmLimits gives templates that render .Values...resources the
// limits of their chart's values.yaml: a chart created by "helm create" has
// resources: {} there, so its templates declare no limits.
func resolveHelmLimits(manifests []*K8sManifest, charts []*HelmChart) {
	for _, m := range manifests {
		if !m.Template || m.Limits || !m.valuesResources {
			continue
		}
		for _, c := range charts {
			if strings.HasPrefix(m.Path, c.Dir+"/templates/") || c.Dir == "." && strings.HasPrefix(m.Path, "templates/") {
				m.Limits = c.Limits
			}
		}
	}
}

// valuesLimits reports whether a values.yaml sets a non-empty
// resources.limits anywhere.
func valuesLimits(root *yaml.Node) bool {
	return anyMember(root, func(k, v *yaml.Node) bool {
		if k.Value != "resources" {
			return false
		}
		l := mapValue(v, "limits")
		return l != nil && l.Kind == yaml.MappingNode && len(l.Content) > 0
	})
}

// anyMember reports whether match holds for a key and its value anywhere
// in a YAML tree, visiting at most maxYAMLNodes nodes (aliases are not
// followed, so an alias bomb costs nothing).
func anyMember(root *yaml.Node, match func(k, v *yaml.Node) bool) bool {
	budget := maxYAMLNodes
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		budget--
		if budget < 0 || n == nil {
			return false
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if match(n.Content[i], n.Content[i+1]) || walk(n.Content[i+1]) {
					return true
				}
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if walk(c) {
					return true
				}
			}
		}
		return false
	}
	return walk(root)
}
