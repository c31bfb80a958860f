package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// platformIndependence decides DPG indicator 4. Whether a dependency is closed,
// and whether an open alternative works, needs a person (or an attestation),
// so the rule lists the mandatory dependencies it found, with where each is
// declared, and asks for review.
func platformIndependence(in *Input) Result {
	deps := mandatoryDeps(in)
	if len(deps.lines) == 0 {
		return Result{Outcome: report.NeedsReview,
			Message: "no dependency manifests, container images or publiccode.yml dependencies were found; confirm the project has no closed mandatory dependency"}
	}
	r := Result{Outcome: report.NeedsReview, Evidence: deps.evidence, Details: deps.lines,
		Message: fmt.Sprintf("%s found; confirm none is closed, or name an open alternative for each that is",
			listUpTo(deps.summary, 4))}
	if len(deps.proprietary) > 0 {
		r.Message = fmt.Sprintf("publiccode.yml declares proprietary mandatory dependencies (%s); name a functional open alternative for each",
			strings.Join(deps.proprietary, ", "))
	}
	return r
}

type depInventory struct {
	summary     []string // "42 npm runtime dependencies"
	lines       []string // detail lines
	evidence    []report.Evidence
	proprietary []string
}

const maxDepNames = 12

func mandatoryDeps(in *Input) depInventory {
	r := in.Repo
	var inv depInventory
	for _, m := range r.Manifests {
		if string(m.Kind) != "manifest" {
			continue
		}
		var names []string
		for _, d := range m.Deps {
			if !d.Dev && !d.Indirect {
				names = append(names, d.Name)
			}
		}
		if len(names) == 0 {
			continue
		}
		inv.summary = append(inv.summary, fmt.Sprintf("%s in %s", plural(len(names), "runtime dependency"), m.Path))
		inv.lines = append(inv.lines, fmt.Sprintf("%s (%s): %s", m.Path, m.Ecosystem, listUpTo(names, maxDepNames)))
		if path.Dir(m.Path) == "." || len(inv.evidence) < 3 {
			inv.evidence = append(inv.evidence, report.At(m.Path, 0))
		}
	}
	var images []string
	for _, d := range r.Dockerfiles {
		if n := len(d.Stages); n > 0 {
			final := d.Stages[n-1]
			if !isStageName(d.Stages, final.Image) {
				images = append(images, fmt.Sprintf("%s (%s:%d)", final.Image, d.Path, final.Line))
			}
		}
	}
	for _, c := range r.Compose {
		for _, s := range c.Services {
			if s.Image != "" {
				images = append(images, fmt.Sprintf("%s (%s:%d)", s.Image, c.Path, s.Line))
			}
		}
	}
	for _, h := range r.HelmCharts {
		for _, img := range h.Images {
			images = append(images, fmt.Sprintf("%s (%s:%d)", img.Ref, img.Path, img.Line))
		}
	}
	slices.Sort(images)
	images = slices.Compact(images)
	if len(images) > 0 {
		inv.summary = append(inv.summary, plural(len(images), "container image"))
		inv.lines = append(inv.lines, "container images: "+listUpTo(images, maxDepNames))
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		for _, d := range pc.File.DependsOn {
			if d.Optional {
				continue
			}
			inv.lines = append(inv.lines, fmt.Sprintf("publiccode.yml dependsOn.%s: %s (%s:%d)", d.Kind, d.Name, pc.Path, d.Line))
			if d.Kind == "proprietary" {
				inv.proprietary = append(inv.proprietary, d.Name)
				inv.evidence = append(inv.evidence, report.At(pc.Path, d.Line))
			}
		}
	}
	return inv
}

// isStageName reports whether a FROM names an earlier build stage (or the
// empty "scratch" image) rather than an image the project depends on.
func isStageName(stages []evidence.Stage, image string) bool {
	if image == "scratch" {
		return true
	}
	return slices.ContainsFunc(stages, func(s evidence.Stage) bool { return s.Name != "" && strings.EqualFold(s.Name, image) })
}
