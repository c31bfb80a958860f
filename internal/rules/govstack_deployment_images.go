package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// What the final image of a product Dockerfile is built on, and what its
// stages install: the evidence of deployment#req-12.

type baseClass int

const (
	baseUnknown baseClass = iota
	baseMinimal           // scratch, distroless, alpine, slim, Chainguard, UBI micro ...
	baseSDK               // a compiler toolchain: golang, maven, a JDK ...
	baseFull              // a full distribution: ubuntu, debian, python:3-bookworm ...
)

var sdkName = lazyregexp.New(`^(golang|maven|gradle|rust|gcc|buildpack-deps|sbt|mono|swift|clojure|haskell|elixir|openjdk|amazoncorretto|sdk)$`)
var minimalName = lazyregexp.New(`distroless|chainguard|wolfi|busybox|alpine|^static$|ubi\d*-?(minimal|micro)|micro$`)
var minimalTag = lazyregexp.New(`alpine|slim|distroless|chiseled|minimal|micro`)
var fullName = lazyregexp.New(`^(ubuntu|debian|centos|rockylinux|almalinux|fedora|amazonlinux|oraclelinux|archlinux|opensuse|leap|ubi\d*|python|node|ruby|php|perl|eclipse-temurin|ibm-semeru-runtimes|sapmachine|tomcat|jetty|r-base)$`)

// classifyBase says what kind of image a resolved reference is.
func classifyBase(ref string) baseClass {
	if ref == "scratch" {
		return baseMinimal
	}
	if strings.Contains(ref, "${") {
		return baseUnknown
	}
	repo, tag := splitImage(ref)
	name, tag := strings.ToLower(path.Base(repo)), strings.ToLower(tag)
	switch {
	case strings.Contains(tag, "jdk") || sdkName.MatchString(name) && !strings.Contains(tag, "jre"):
		return baseSDK
	case minimalName.MatchString(strings.ToLower(repo)) || minimalTag.MatchString(tag):
		return baseMinimal
	case fullName.MatchString(name):
		return baseFull
	}
	return baseUnknown
}

var pkgInstall = lazyregexp.New(`(?i)\b(apt-get|apt|apk|yum|dnf|microdnf|zypper)\s+((?:-\S+\s+)*)(install|add)\b([^&|;]*)`)
var pkgRemove = lazyregexp.New(`(?i)\b(?:apk\s+del|apt-get\s+(?:purge|remove|autoremove)|apt\s+(?:purge|remove)|yum\s+remove|dnf\s+remove)\b([^&|;]*)`)
var devPackage = lazyregexp.New(`(?i)^(gcc|g\+\+|build-essential|build-base|make|clang|cmake|musl-dev|[a-z0-9.+]+(?:-[a-z0-9.+]+)*-(?:dev|devel)|sudo|nano|nano-tiny|vim|vim-tiny|emacs)$`)
var virtualFlag = lazyregexp.New(`(?:--virtual|-t)[ =](\S+)`)

// devInstalls returns the build tools, headers, sudo and editors the RUN
// instructions of a final image install and do not remove again (apk add
// --virtual .build-deps ... && apk del .build-deps removes them).
func devInstalls(runs []evidence.Instruction) map[int][]string {
	removed := map[string]bool{}
	for _, ins := range runs {
		for _, m := range pkgRemove.FindAllStringSubmatch(ins.Args, 10) {
			for _, p := range strings.Fields(m[1]) {
				removed[p] = true
			}
		}
	}
	out := map[int][]string{}
	for _, ins := range runs {
		for _, m := range pkgInstall.FindAllStringSubmatch(ins.Args, 10) {
			if v := virtualFlag.FindStringSubmatch(m[2] + " " + m[4]); v != nil && removed[v[1]] {
				continue
			}
			for _, p := range strings.Fields(m[4]) {
				if devPackage.MatchString(p) && !removed[p] {
					out[ins.Line] = append(out[ins.Line], p)
				}
			}
		}
	}
	return out
}

// finalImageFacts is what a product Dockerfile's final image is.
type finalImageFacts struct {
	base     evidence.BaseImage
	class    baseClass
	at       report.Evidence
	installs []string // "Dockerfile:64 installs build-base, postgresql-dev"
	bad      []report.Evidence
}

// finalImageOf follows a product Dockerfile's final stage to the image it
// is built on; an image the repository builds itself (a compose file names
// its Dockerfile) is followed into that Dockerfile.
func finalImageOf(d *evidence.Dockerfile, built map[string]*evidence.Dockerfile) finalImageFacts {
	var f finalImageFacts
	var ordered []pathRun
	for depth := 0; depth < 5; depth++ {
		base, chain, ok := d.FinalImage()
		if !ok {
			return f
		}
		var runs []evidence.Instruction
		for _, st := range chain {
			for _, ins := range st.Instructions {
				if ins.Cmd == "RUN" {
					runs = append(runs, ins)
				}
			}
		}
		installs := devInstalls(runs)
		for _, ins := range runs {
			if pkgs := installs[ins.Line]; len(pkgs) > 0 {
				f.installs = append(f.installs, fmt.Sprintf("%s:%d installs %s in the final image", d.Path, ins.Line, strings.Join(pkgs, ", ")))
				f.bad = append(f.bad, report.At(d.Path, ins.Line))
			}
		}
		// The own base image's instructions run before this one's.
		var these []pathRun
		for _, ins := range runs {
			these = append(these, pathRun{d.Path, ins})
		}
		ordered = append(these, ordered...)
		f.base, f.at = base, report.At(d.Path, chain[0].Line)
		repo, _ := splitImage(base.Ref)
		next := built[repo]
		if next == nil || next == d || strings.Contains(repo, "${") {
			break
		}
		d = next
	}
	for _, b := range builds(ordered) {
		f.installs = append(f.installs, fmt.Sprintf("%s:%d runs a build (%s) in the final image: the compilers and development dependencies stay in it; build in an earlier stage and copy the output into a slim final stage", b.path, b.ins.Line, b.command))
		f.bad = append(f.bad, report.At(b.path, b.ins.Line))
	}
	f.class = classifyBase(f.base.Ref)
	return f
}

// pathRun is a RUN instruction of a Dockerfile.
type pathRun struct {
	path string
	ins  evidence.Instruction
}

// buildCommand is a command that builds the product from source: its
// toolchain and development dependencies are in the image that runs it.
var buildCommand = lazyregexp.New(`(?i)\b(?:yarn|npm|pnpm)\s+(?:run\s+)?build(?::[\w:-]+)?\b|\bnpx\s+(?:tsc|webpack|vite build|next build)\b|(?:^|[\s;&|])(?:tsc|webpack|ng build)(?:\s|$)|\bmvnw?\b[^&|;]*\b(?:package|install|verify)\b|\bgradlew?\b[^&|;]*\b(?:build|assemble|bootJar|jar|installDist)\b|\bgo build\b|\bcargo build\b|\bdotnet (?:build|publish)\b|\bsetup\.py\s+(?:build|bdist\w*|sdist)\b|\bpython3? -m build\b|\bpip3? wheel\b`)

// devPrune removes the development dependencies after a build.
var devPrune = lazyregexp.New(`(?i)\b(?:npm|pnpm) prune\b|\byarn install\b[^&|;]*--prod(?:uction)?\b|\byarn workspaces focus\b[^&|;]*--production\b|\bnpm (?:ci|install|i)\b[^&|;]*(?:--omit[= ]dev|--production|--only[= ]prod)|\brm -rf?\b[^&|;]*node_modules\b`)

type buildRun struct {
	pathRun
	command string
}

// builds returns the RUN instructions of a final image, in the order they
// run, that build the product and are not followed by pruning the
// development dependencies.
func builds(runs []pathRun) []buildRun {
	var out []buildRun
	for i, r := range runs {
		loc := buildCommand.FindStringIndex(r.ins.Args)
		if loc == nil {
			continue
		}
		last := buildCommand.FindAllStringIndex(r.ins.Args, -1)
		pruned := devPrune.MatchString(r.ins.Args[last[len(last)-1][1]:])
		for _, later := range runs[i+1:] {
			pruned = pruned || devPrune.MatchString(later.ins.Args)
		}
		if !pruned {
			out = append(out, buildRun{r, strings.Join(strings.Fields(r.ins.Args[loc[0]:loc[1]]), " ")})
		}
	}
	return out
}

// deployment#req-12: minimal final images, without compilers. Every
// product image counts.
func minimalBaseImage(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	dockerfiles := productDockerfiles(r)
	if len(dockerfiles) == 0 {
		if ev := append(imageBuildWithoutDockerfile(r), externalImageDoc(r)...); len(ev) > 0 {
			return reviewWith("no Dockerfile here: the images are built by a builder or in another repository, which chooses their base", ev)
		}
		return notApplicable("no container image is built from this repository")
	}
	built := builtImages(r)
	var bad, good, unknown []report.Evidence
	var problems, unknowns []string
	for _, d := range dockerfiles {
		f := finalImageOf(d, built)
		problems, bad = append(problems, f.installs...), append(bad, f.bad...)
		switch f.class {
		case baseSDK:
			problems = append(problems, fmt.Sprintf("%s: the final image runs on %s, a build toolchain image; copy the artefact into a slim, alpine or distroless image", f.at, f.base.Ref))
			bad = append(bad, f.at)
		case baseFull:
			problems = append(problems, fmt.Sprintf("%s: the final image runs on %s, a full distribution with a shell and a package manager; use a slim, alpine or distroless image", f.at, f.base.Ref))
			bad = append(bad, f.at)
		case baseMinimal:
			if len(f.installs) == 0 {
				good = append(good, f.at)
			}
		default:
			unknowns = append(unknowns, fmt.Sprintf("%s: %s", f.at, f.base.Written))
			unknown = append(unknown, f.at)
		}
	}
	switch {
	case len(problems) > 0:
		// An own base image followed from several images reports once.
		problems, bad = uniq(problems), dedupe(bad)
		return failWith(problems[0], bad, problems...)
	case len(unknown) > 0:
		return reviewWith(fmt.Sprintf("dpgcheck cannot classify the base of %d of the %d product images: %s", len(unknown), len(dockerfiles), listUpTo(unknowns, 3)),
			append(unknown, good...), unknowns...)
	}
	return passWith(fmt.Sprintf("every product image (%d) is built on a minimal base and keeps no build tools", len(dockerfiles)), good,
		"a scan of the built images would show whether a shell or package manager is left")
}
