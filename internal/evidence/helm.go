package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"go.yaml.in/yaml/v3"
)

// Helm charts: named templates (the {{ define }} blocks of _helpers.tpl)
// that workload templates include, the environment variables templates set,
// and what values.yaml enables.

// capHelper bounds a Helm helper file read.
const capHelper = 256 << 10

var (
	helmDefine  = lazyregexp.New(`\{\{-?\s*define\s+"([^"]{1,200})"\s*-?\}\}`)
	helmEnd     = lazyregexp.New(`\{\{-?\s*end\s*-?\}\}`)
	helmBlock   = lazyregexp.New(`\{\{-?\s*(if|range|with|define|block)\b`)
	helmInclude = lazyregexp.New(`\b(?:include|template)\s+"([^"]{1,200})"`)
	helmIf      = lazyregexp.New(`^\{\{-?\s*if\b`)
	helmComment = lazyregexp.New(`^\{\{-?\s*/\*.*\*/\s*-?\}\}$`)
	envNameLine = lazyregexp.New(`^\s*-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$`)
	envValue    = lazyregexp.New(`^\s*value(From)?:\s*(.*)$`)
)

// isHelmHelper reports a file of named templates in a chart's templates
// folder (_helpers.tpl, any .tpl).
func isHelmHelper(p string) bool {
	return strings.HasSuffix(p, ".tpl") && path.Base(path.Dir(p)) == "templates"
}

// visitHelmHelper reads the named templates a helper file defines.
func (b *builder) visitHelmHelper(p string, size int64) {
	if size > capHelper {
		return
	}
	data, err := readCapped(b.fsys, p, capHelper)
	if err != nil {
		return
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if b.opts.GovStack {
		if found := scanSecrets(p, data); len(found) > 0 {
			b.drain()
			b.repo.Secrets = append(b.repo.Secrets, found...)
		}
	}
	if b.helmDefines == nil {
		b.helmDefines = map[string]string{}
	}
	for name, body := range parseDefines(data) {
		if len(b.helmDefines) < 5000 {
			b.helmDefines[name] = body
		}
	}
}

// parseDefines returns the body of each {{ define "name" }} ... {{ end }},
// nested if/range/with blocks included.
func parseDefines(data []byte) map[string]string {
	out := map[string]string{}
	text := string(data)
	for _, m := range helmDefine.FindAllStringSubmatchIndex(text, 1000) {
		name := text[m[2]:m[3]]
		rest := text[m[1]:]
		depth, end := 1, len(rest)
		for pos := 0; pos < len(rest); {
			b := helmBlock.FindStringIndex(rest[pos:])
			e := helmEnd.FindStringIndex(rest[pos:])
			if e == nil {
				break
			}
			if b != nil && b[0] < e[0] {
				depth++
				pos += b[1]
				continue
			}
			depth--
			if depth == 0 {
				end = pos + e[0]
				break
			}
			pos += e[1]
		}
		out[name] = rest[:end]
	}
	return out
}

// includedTemplates returns the named templates a template includes.
func includedTemplates(data []byte) []string {
	var out []string
	for _, m := range helmInclude.FindAllSubmatch(data, 100) {
		out = append(out, string(m[1]))
	}
	return out
}

// conditionalTemplate reports a template whose first action is {{ if }}:
// it renders only when a value enables it.
func conditionalTemplate(data []byte) bool {
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || helmComment.MatchString(line) {
			continue
		}
		return helmIf.MatchString(line)
	}
	return false
}

func hasProbe(data []byte) bool {
	return bytes.Contains(data, []byte("livenessProbe")) || bytes.Contains(data, []byte("readinessProbe")) ||
		bytes.Contains(data, []byte("startupProbe"))
}

// templateEnv reads the "- name: X" entries of a template's env: lists: an
// entry followed by value: or valueFrom:. A value rendered from values
// ({{ .Values.x }}) or taken from a secret is not set by the chart.
func templateEnv(data []byte) []EnvVar {
	if !bytes.Contains(data, []byte("env:")) {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var out []EnvVar
	for i, line := range lines {
		m := envNameLine.FindStringSubmatch(line)
		if m == nil || len(out) >= 1000 {
			continue
		}
		for j := i + 1; j < len(lines) && j <= i+3; j++ {
			next := strings.TrimSpace(lines[j])
			if next == "" || strings.HasPrefix(next, "#") || strings.HasPrefix(next, "{{") && strings.HasSuffix(next, "}}") && !strings.Contains(next, "value") {
				continue
			}
			if v := envValue.FindStringSubmatch(lines[j]); v != nil {
				value := strings.TrimSpace(v[2])
				set := v[1] == "" && value != "" && !strings.Contains(value, "{{")
				out = append(out, EnvVar{Name: m[1], Value: unquote(value), Set: set, Line: i + 1})
			}
			break
		}
	}
	return out
}

// containerEnv reads the env: list of a container of a Kubernetes object.
func containerEnv(c *yaml.Node) []EnvVar {
	env := mapValue(c, "env")
	if env == nil || env.Kind != yaml.SequenceNode {
		return nil
	}
	var out []EnvVar
	for _, e := range env.Content {
		name := mapValue(e, "name")
		if name == nil || name.Kind != yaml.ScalarNode || !envName.MatchString(name.Value) {
			continue
		}
		v := mapValue(e, "value")
		set := v != nil && v.Kind == yaml.ScalarNode && v.Value != "" && !strings.Contains(v.Value, "${")
		out = append(out, EnvVar{Name: name.Value, Value: nodeText(v), Set: set, Line: name.Line})
	}
	return out
}

// resolveHelmIncludes gives templates what the named templates they include
// (directly or through other named templates) render: probes and limits.
func resolveHelmIncludes(manifests []*K8sManifest, defines map[string]string) {
	if len(defines) == 0 {
		return
	}
	for _, m := range manifests {
		if !m.Template || len(m.includes) == 0 {
			continue
		}
		seen := map[string]bool{}
		queue := append([]string(nil), m.includes...)
		for len(queue) > 0 && len(seen) < 200 {
			name := queue[0]
			queue = queue[1:]
			body, ok := defines[name]
			if !ok || seen[name] {
				continue
			}
			seen[name] = true
			data := []byte(body)
			m.Probes = m.Probes || hasProbe(data)
			m.Limits = m.Limits || bytes.Contains(data, []byte("limits:"))
			m.valuesResources = m.valuesResources || valuesResources.Match(data)
			queue = append(queue, includedTemplates(data)...)
		}
	}
}

// addValues reads a chart's values.yaml: the images it names, whether it
// sets resources.limits, whether it enables an autoscaler.
func (c *HelmChart) addValues(p string, data []byte) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	c.Images = append(c.Images, imagesIn(p, &doc)...)
	c.Limits = c.Limits || valuesLimits(doc.Content[0])
	c.Autoscaling = c.Autoscaling || valuesAutoscaling(doc.Content[0])
}

// valuesAutoscaling reports whether a values.yaml enables an autoscaler
// anywhere (autoscaling.enabled or hpa.enabled is true).
func valuesAutoscaling(root *yaml.Node) bool {
	return anyMember(root, func(k, v *yaml.Node) bool {
		key := strings.ToLower(k.Value)
		if key != "autoscaling" && key != "hpa" && key != "autoscaler" {
			return false
		}
		e := mapValue(v, "enabled")
		return e != nil && e.Value == "true"
	})
}
