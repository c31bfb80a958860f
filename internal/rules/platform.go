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
	res := listDependencies(in)
	if m := unreadFiles(in.Repo, "manifests", nil); len(m) > 0 {
		return unknownBecause(m, res)
	}
	return res
}

func listDependencies(in *Input) Result {
	res := dependencyVerdict(in)
	return withBinaryLibs(in.Repo, res)
}

func dependencyVerdict(in *Input) Result {
	deps := mandatoryDeps(in)
	hits := closedHits(in)
	if len(hits) > 0 {
		var names []string
		var ev []report.Evidence
		var details, concerns []string
		for _, h := range hits {
			if !contains(names, h.component) {
				names = append(names, h.component)
				concerns = append(concerns, report.ClosedConcern(h.component))
			}
			ev = append(ev, h.at)
			details = append(details, h.line())
		}
		return Result{Outcome: report.NeedsReview, Evidence: ev, Details: append(details, deps.lines...), Concerns: concerns,
			Message: fmt.Sprintf("%s: %s; show that the project works without %s or with a functional open alternative",
				plural(len(names), "closed or restrictive runtime dependency"), listUpTo(names, 4), pick(len(names), "it", "them")),
			Remediation: "For each one, support or document a functional open alternative that works without significant changes " +
				"(the details name one), then attest it:\nattestations:\n  dpg-4:\n    evidence: [\"https://docs.example.org/open-alternatives\"]\n" +
				"    note: PostgreSQL via FerretDB replaces MongoDB; MapLibre replaces Mapbox"}
	}
	if len(deps.lines) == 0 {
		return Result{Outcome: report.NeedsReview,
			Message: "no dependency manifests, container images or publiccode.yml dependencies were found; confirm the project has no closed mandatory dependency"}
	}
	return Result{Outcome: report.NeedsReview, Evidence: deps.evidence, Details: deps.lines,
		Message: fmt.Sprintf("no known closed component among %s; confirm none of them is closed or restrictively licensed, nor a service or SDK the code or the documentation requires outside them",
			listUpTo(deps.summary, 4))}
}

// withBinaryLibs adds to a needs-review the compiled libraries committed in
// the product: no manifest declares their licences, and a closed SDK (a
// biometric matcher's .so files, an Office interop DLL) ships that way.
func withBinaryLibs(r *evidence.Repo, res Result) Result {
	if r.BinaryLibCount == 0 || res.Outcome != report.NeedsReview {
		return res
	}
	dirs := map[string][]string{}
	var order []string
	for _, p := range r.BinaryLibs {
		d := path.Dir(p)
		if _, ok := dirs[d]; !ok {
			order = append(order, d)
		}
		dirs[d] = append(dirs[d], path.Base(p))
	}
	var where, folders []string
	for _, d := range order {
		if d == "." {
			where = append(where, listUpTo(dirs[d], 3))
			folders = append(folders, "the root")
			continue
		}
		where = append(where, fmt.Sprintf("%s/ (%s)", d, listUpTo(dirs[d], 3)))
		folders = append(folders, d+"/")
	}
	if r.BinaryLibCount > len(r.BinaryLibs) {
		where = append(where, fmt.Sprintf("%d more not listed", r.BinaryLibCount-len(r.BinaryLibs)))
	}
	res.Evidence = append(res.Evidence, report.At(r.BinaryLibs[0], 0))
	res.Details = append(res.Details, "compiled libraries committed: "+listUpTo(where, 6))
	// The message names the folders; the details name the files.
	res.Message += fmt.Sprintf("; %s committed in the product (in %s) %s no licence: name each one's, or its open source",
		plural(r.BinaryLibCount, "compiled library"), listUpTo(folders, 2), pick(r.BinaryLibCount, "declares", "declare"))
	return res
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type depInventory struct {
	summary  []string // "42 npm runtime dependencies"
	lines    []string // detail lines
	evidence []report.Evidence
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
