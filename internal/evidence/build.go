package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/dpgcheck/dpgcheck/internal/dpga"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/markup"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/publiccode"
)

// Options tune a Build.
type Options struct {
	// Detector finds licences; share one per process. Nil means a new one.
	Detector *license.Detector
	// Ignore reports paths (files or directories) to leave out entirely.
	Ignore func(path string) bool
	// Product reports paths (files or directories) the project declares as
	// the product, overriding the default product scope (see scope.go).
	Product func(path string) bool
	// AlreadyRead lists files the caller has read itself (the configuration);
	// the walk records them but does not read them again.
	AlreadyRead []string
	// Progress, if set, is called every few thousand files with the count so far.
	Progress func(files int)
	// GovStack gathers the evidence only GovStack rules use: it reads every
	// text file of the project (not only evidence) to find committed secrets
	// (security#req-5), costing one read of the tree, and validates OpenAPI
	// descriptions against the specification (quality#req-4), about 0.5 s
	// per MB of spec.
	GovStack bool
}

// builder holds the state of one walk.
type builder struct {
	ctx       context.Context
	fsys      fs.FS
	opts      Options
	repo      *Repo
	docBytes  int64
	entries   int
	chartDirs map[string]*HelmChart
	sources   []string // candidate source files for header sampling
	sampleDir map[string]bool
	sampled   map[string]bool // sources whose headers were read during the walk
	// setAsideAt indexes repo.SetAside by path.
	setAsideAt  map[string]int
	specRefs    specRefs  // files $refs of API descriptions point to
	validator   validator // OpenAPI validation beside the walk
	beside      beside    // other work beside the walk
	pending     []*effect // scans done beside the walk, recorded in its order (effects.go)
	holdEffects bool      // apply effects only when a write must wait for them (tests)
	// keyRefs are key-file paths the product's settings and code load.
	keyRefs map[string]bool
	// devBytes and devTests count what visitDevFile read (devpractice.go).
	devBytes int64
	devTests int
	// helmDefines holds the named templates of Helm helper files.
	helmDefines map[string]string
	// scripts records, for the shell scripts read during the walk, whether
	// they hand signals on (see EntrypointScript).
	scripts map[string]bool
	// lastDir is the directory of the last file scoped, and its scope.
	lastDir      string
	lastDirScope dirScope
	lastDirSet   bool
	// composerVendor is the vendor-dir the root composer.json configures
	// (vendordir.go), read before the walk; "" when there is none.
	// rootComposer is that file's text until the walk takes it.
	// composerDirs are the Composer folders the walk has entered; only
	// the walk's goroutine reads them.
	composerVendor string
	rootComposer   []byte
	composerDirs   []string
}

// Build walks fsys once and returns the inventory. It fails only when the root
// itself cannot be read or ctx ends; unreadable, hostile or oversized entries
// are skipped and counted in Stats.Skipped.
func Build(ctx context.Context, fsys fs.FS, opts Options) (*Repo, error) {
	return build(ctx, fsys, opts, besideWalk)
}

// How build runs the work that needs nothing of the walk: beside it, or in
// turn on the walk's goroutine, or beside it with every effect held until
// something else must write what it writes (the worst order for a missing
// drain, which a test compares with in turn).
type buildMode int

const (
	besideWalk buildMode = iota
	inTurn
	besideHeld
)

func build(ctx context.Context, fsys fs.FS, opts Options, mode buildMode) (*Repo, error) {
	concurrent := mode != inTurn
	if opts.Detector == nil {
		opts.Detector = license.NewDetector()
	}
	// The detector reads its 551 patterns (about 35 ms) while the walk runs.
	go opts.Detector.Prepare()
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, fmt.Errorf("read repository root: %w", err)
	}
	b := &builder{
		ctx: ctx, fsys: fsys, opts: opts,
		repo: &Repo{
			Community: map[CommunityKind]*Doc{},
			Languages: map[string]int{},
			Stats:     Stats{Skipped: map[string]int{}},
		},
		chartDirs: map[string]*HelmChart{},
		sampleDir: map[string]bool{},
		sampled:   map[string]bool{},

		setAsideAt: map[string]int{},
	}
	b.specRefs.b = b
	b.holdEffects = mode == besideHeld
	b.readRootComposer()
	if concurrent {
		b.beside.start()
		defer b.beside.wait()
	}
	if concurrent && opts.GovStack {
		b.validator.start()
		defer b.validator.stop()
	}
	if a, ok := fsys.(readsAhead); ok && concurrent {
		stop := a.ReadDirAhead(b.descends)
		defer stop()
	}
	err := fs.WalkDir(fsys, ".", b.visit)
	if err != nil && !errors.Is(err, errStopWalk) {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.drain()
	b.beside.wait()
	b.validator.finish(b.specRefs.read)
	b.repo.Git = readGit(fsys)
	b.detectLicenses()
	b.sampleHeaders()
	b.setAsideNonProduction()
	for _, c := range b.chartDirs {
		b.repo.HelmCharts = append(b.repo.HelmCharts, c)
	}
	slices.SortFunc(b.repo.HelmCharts, func(x, y *HelmChart) int { return strings.Compare(x.Dir, y.Dir) })
	resolveHelmIncludes(b.repo.K8s, b.helmDefines)
	resolveHelmLimits(b.repo.K8s, b.repo.HelmCharts)
	b.markLoadedKeyFiles()
	b.readEntrypoints()
	return b.repo, nil
}

var errStopWalk = errors.New("stop walk")

// readsAhead is an FS that can list directories before the walk asks
// (rootfs.FS): listing is a fifth of a walk's time on large trees.
type readsAhead interface {
	ReadDirAhead(descend func(dir string) bool) (stop func())
}

// descends reports whether the walk enters the directory p, as visit and
// visitDir decide, without recording anything: it runs beside the walk.
func (b *builder) descends(p string) bool {
	if strings.Count(p, "/") >= maxDepth || b.opts.Ignore != nil && b.opts.Ignore(p) {
		return false
	}
	v, ok := vendoredDirs[path.Base(p)]
	// The static names only: the walk learns Composer folders as it goes
	// (vendordir.go), and a listing asked for in vain costs only time.
	return !ok || !v.skip || vendoredPath(path.Dir(p)) != "" || sourceFolder(p)
}

// dirScope is dirScopeOf, once per directory: the files of a directory
// come one after another in the walk.
func (b *builder) dirScope(dir string, product func(string) bool) dirScope {
	if b.lastDir != dir || !b.lastDirSet {
		b.lastDir, b.lastDirScope, b.lastDirSet = dir, dirScopeOf(dir, product), true
	}
	return b.lastDirScope
}

func (b *builder) skip(reason string) { b.repo.Stats.Skipped[reason]++ }

func (b *builder) visit(p string, d fs.DirEntry, err error) error {
	if cerr := b.ctx.Err(); cerr != nil {
		return cerr
	}
	if err != nil {
		if p == "." {
			return err
		}
		b.skip(SkipUnreadable)
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	b.entries++
	if b.entries > maxEntries {
		b.skip(SkipTooMany)
		b.repo.Notices = append(b.repo.Notices, fmt.Sprintf("the walk stopped after %d entries; the rest of the tree was not evaluated", maxEntries))
		return errStopWalk
	}
	if p != "." && strings.Count(p, "/") >= maxDepth {
		b.skip(SkipTooDeep)
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if d.IsDir() {
		return b.visitDir(p, d)
	}
	if p != "." && b.opts.Ignore != nil && b.opts.Ignore(p) {
		b.skip(SkipIgnored)
		return nil
	}
	typ := d.Type()
	var size int64
	switch {
	case typ&fs.ModeSymlink != 0:
		info, err := fs.Stat(b.fsys, p) // follows the link, inside the root only
		if err != nil {
			b.skip(symlinkReason(err))
			return nil
		}
		if info.IsDir() {
			b.skip(SkipSymlinkDir)
			return nil
		}
		if !info.Mode().IsRegular() {
			b.skip(SkipSpecial)
			return nil
		}
		size = info.Size()
	case typ.IsRegular():
		info, err := d.Info()
		if err != nil {
			b.skip(SkipUnreadable)
			return nil
		}
		size = info.Size()
	default:
		b.skip(SkipSpecial) // FIFOs, devices and sockets are never opened
		return nil
	}
	b.repo.Stats.Files++
	if b.opts.Progress != nil && b.repo.Stats.Files%progressEvery == 0 {
		b.opts.Progress(b.repo.Stats.Files)
	}
	if v := b.vendoredPath(p); v != "" {
		_, _, isManifest := manifest.Recognize(p)
		if !buildOutput(v) || !deploymentMaterial(classify(p, isManifest)) {
			b.visitVendoredFile(p)
			return nil
		}
	}
	if where, why := scopeIn(p, b.opts.Product, b.dirScope); where != "" {
		b.visitSetAside(p, where, why)
		b.scanExampleSecrets(p, why, size)
		b.visitDevFile(p, size, true)
		return nil
	}
	b.repo.Files = append(b.repo.Files, p)
	if policyFile(p) && len(b.repo.PolicyFiles) < maxPolicyFiles {
		b.repo.PolicyFiles = append(b.repo.PolicyFiles, p)
	}
	if binaryLibrary(p) {
		b.repo.BinaryLibCount++
		if len(b.repo.BinaryLibs) < maxBinaryLibs {
			b.repo.BinaryLibs = append(b.repo.BinaryLibs, p)
		}
	}
	if slices.Contains(b.opts.AlreadyRead, p) {
		return nil
	}
	b.visitDevFile(p, size, false)
	b.visitFile(p, size)
	return nil
}

func (b *builder) visitDir(p string, d fs.DirEntry) error {
	if p == "." {
		b.repo.Stats.Dirs++
		return nil
	}
	if b.opts.Ignore != nil && b.opts.Ignore(p) {
		b.skip(SkipIgnored)
		return fs.SkipDir
	}
	if v, ok := vendoredDirs[d.Name()]; ok && b.vendoredPath(path.Dir(p)) == "" && !sourceFolder(p) {
		b.repo.Vendored = append(b.repo.Vendored, VendoredDir{Path: p, Why: v.why, Walked: !v.skip})
		if v.skip {
			return fs.SkipDir
		}
	} else if why := b.composerFolder(p, d.Name()); why != "" && b.vendoredPath(path.Dir(p)) == "" {
		b.composerDirs = append(b.composerDirs, p)
		b.repo.Vendored = append(b.repo.Vendored, VendoredDir{Path: p, Why: why, Walked: true})
	}
	b.repo.Stats.Dirs++
	return nil
}

// vendoredPath returns the vendored tree a path is inside, or "".
func vendoredPath(p string) string {
	elems := strings.Split(p, "/")
	for i, e := range elems[:len(elems)-1] {
		if _, ok := vendoredDirs[e]; ok && !sourceFolder(strings.Join(elems[:i+1], "/")) {
			return strings.Join(elems[:i+1], "/")
		}
	}
	return ""
}

// sourceFolder reports a folder named like build output that is source: a
// build/ inside a src/ tree (a Java package com/example/build, the
// src/build/ scripts of a project). Build tools write their output beside
// the sources, never inside them.
func sourceFolder(dir string) bool {
	elems := strings.Split(dir, "/")
	if len(elems) < 2 || elems[len(elems)-1] != "build" {
		return false
	}
	return slices.Contains(elems[:len(elems)-1], "src")
}

// buildOutput reports a build/ tree. dist/ and target/ are left out: what
// Maven and bundlers write there (target/docker/Dockerfile) is generated.
func buildOutput(dir string) bool {
	return path.Base(dir) == "build"
}

// deploymentMaterial reports the kinds of file a build never writes into
// its output folder: a Dockerfile, a compose file, a CI pipeline, a Helm
// chart. Found under build/ (golang-standards' build/package/Dockerfile,
// build/ci/), they are committed sources of the product's delivery.
func deploymentMaterial(k kind) bool {
	switch k {
	case kindDockerfile, kindCompose, kindCI, kindHelmChart, kindHelmValues:
		return true
	}
	return false
}

func (b *builder) visitVendoredFile(p string) {
	if _, _, ok := manifest.Recognize(p); ok {
		b.repo.VendoredManifests++
	}
}

// visitSetAside records a file outside the product scope without reading
// it: test sources still show that the project has tests.
func (b *builder) visitSetAside(p, where, why string) {
	_, _, isManifest := manifest.Recognize(p)
	k := classify(p, isManifest)
	b.setAside(where, why, k)
	b.repo.AsideFiles = append(b.repo.AsideFiles, p)
	if k == kindSource {
		b.repo.Languages[sourceExts[path.Ext(p)]]++
		if isTestName(p) {
			b.repo.TestFiles = append(b.repo.TestFiles, p)
		}
	}
}

func symlinkReason(err error) string {
	switch {
	case errors.Is(err, syscall.ELOOP):
		return SkipSymlinkLoop
	case errors.Is(err, fs.ErrNotExist):
		return SkipSymlinkBroken
	case strings.Contains(err.Error(), "escapes"):
		return SkipSymlinkEscapes
	}
	return SkipSymlinkEscapes
}

// visitFile reads a project file if it can be evidence.
func (b *builder) visitFile(p string, size int64) {
	_, mkind, isManifest := manifest.Recognize(p)
	k := classify(p, isManifest)
	if b.opts.GovStack {
		b.scanKeyFile(p, size, "", false)
		b.scanArchive(p, size)
	}
	if strings.EqualFold(path.Ext(p), ".sql") {
		b.repo.Languages["SQL"]++
		b.visitSQL(p, size)
		return
	}
	if k == kindSource {
		b.repo.Languages[sourceExts[path.Ext(p)]]++
		sample := false
		if isTestName(p) {
			b.repo.TestFiles = append(b.repo.TestFiles, p)
		} else if dir := path.Dir(p); !b.sampleDir[dir] {
			b.sampleDir[dir] = true
			b.sources = append(b.sources, p)
			sample = true
		}
		if b.opts.GovStack {
			b.scanWholeFile(p, size, sample)
		}
		return
	}
	if k == kindNone && isHelmHelper(p) {
		b.visitHelmHelper(p, size)
		return
	}
	if k == kindNone && b.opts.GovStack && isEnvTemplate(path.Base(p)) {
		b.visitEnvTemplate(p, size)
	}
	if k == kindNone {
		if b.opts.GovStack && (isEnvFile(strings.ToLower(path.Base(p))) || textLike(p)) {
			b.scanWholeFile(p, size, false)
		}
		return
	}
	limit := int64(capSmall)
	switch k {
	case kindLicense, kindReadme, kindCommunity, kindPolicy:
		limit = capText
	case kindDoc:
		limit = capDoc
	case kindManifest:
		limit = capManifest
		if mkind == manifest.Lockfile {
			limit = capLockfile
		}
	case kindStructured:
		b.visitStructured(p, size)
		return
	case kindDocSite:
		b.repo.DocSites = append(b.repo.DocSites, p)
		return
	case kindDepBot:
		b.repo.DependencyBots = append(b.repo.DependencyBots, p)
		if b.opts.GovStack {
			b.readDependencyBot(p, size)
		}
		return
	}
	if size > limit {
		b.tooLarge(p, k, size, limit)
		return
	}
	if (k == kindDoc || k == kindPolicy || k == kindCommunity) && b.docBytes+size > docBudget {
		b.skip(SkipBudget)
		return
	}
	data, read := b.takeRootComposer(p, limit)
	var err error
	if !read {
		data, err = readCapped(b.fsys, p, limit)
	}
	if err != nil {
		if errors.Is(err, errTooLarge) {
			b.tooLarge(p, k, size, limit)
		} else {
			b.skip(SkipUnreadable)
			b.unread(p, k, "could not be read: "+err.Error(), 0)
		}
		return
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if k == kindManifest {
		b.addManifest(p, data)
		return
	}
	text, ok := decodeText(data)
	if !ok {
		b.skip(SkipInvalidUTF8)
		if len(b.repo.InvalidText) < 100 {
			b.repo.InvalidText = append(b.repo.InvalidText, p)
		}
		return
	}
	if b.opts.GovStack {
		b.secretsIn(p, []byte(text))
	}
	b.add(p, k, text)
}

func (b *builder) tooLarge(p string, k kind, size, limit int64) {
	b.skip(SkipTooLarge)
	b.repo.Notices = append(b.repo.Notices, fmt.Sprintf("%s skipped: %d bytes is over the %d-byte cap for this kind of file", p, size, limit))
	b.unread(p, k, fmt.Sprintf("%d bytes, over the %d-byte cap", size, limit), 0)
}

// unread records a file that could have been evidence but was not used.
func (b *builder) unread(p string, k kind, reason string, line int) {
	if len(b.repo.Unread) >= maxUnread {
		return
	}
	b.repo.Unread = append(b.repo.Unread, Unread{Path: p, Kind: kindNames[k], Reason: reason, Line: line})
}

func (b *builder) add(p string, k kind, text string) {
	r := b.repo
	switch k {
	case kindLicense:
		dir := path.Dir(p)
		r.Licenses = append(r.Licenses, &LicenseFile{Path: p, Root: dir == "." || dir == ".github" || isLicensesDir(dir), Text: text, FirstLine: 1})
	case kindReadme, kindCommunity, kindPolicy, kindDoc, kindCLA:
		if k == kindDoc && isGenerated(text) {
			r.Generated = append(r.Generated, p)
			return
		}
		doc := b.newDoc(p, text)
		switch k {
		case kindReadme:
			if r.Readme == nil || readmeRank(p) < readmeRank(r.Readme.Path) {
				r.Readme = doc
			}
		case kindCommunity:
			ck := communityNames[stem(p)]
			if prev := r.Community[ck]; prev == nil || communityRank(p) < communityRank(prev.Path) {
				r.Community[ck] = doc
			}
		case kindPolicy:
			r.Policies = append(r.Policies, doc)
		case kindCLA:
			r.CLA = append(r.CLA, p)
		case kindDoc:
			if dir := topDocDir(p); dir != "" && !slices.Contains(r.DocDirs, dir) {
				r.DocDirs = append(r.DocDirs, dir)
			}
		}
	case kindPublicCode:
		f, err := publiccode.Parse([]byte(text))
		r.PublicCode = &PublicCodeFile{Path: p, File: f, Err: err}
		if err != nil {
			r.Notices = append(r.Notices, fmt.Sprintf("%s does not parse: %v", p, err))
		}
	case kindDockerfile:
		args, stages := parseDockerfile(text)
		r.Dockerfiles = append(r.Dockerfiles, &Dockerfile{Path: p, Text: text, Stages: stages, Args: args})
	case kindCompose:
		cf, err := parseCompose([]byte(text))
		cf.Path, cf.Err = p, err
		r.Compose = append(r.Compose, cf)
	case kindHelmChart:
		b.chartDirs[path.Dir(p)] = &HelmChart{Dir: path.Dir(p), Name: chartName([]byte(text))}
	case kindHelmValues:
		if c := b.chartDirs[path.Dir(p)]; c != nil {
			c.addValues(p, []byte(text))
		}
	case kindCI:
		system := "GitHub Actions"
		if s, ok := ciFiles[path.Base(p)]; ok {
			system = s
		} else if isJenkinsfile(path.Base(p)) {
			system = "Jenkins"
		} else if azurePipeline(path.Base(p)) {
			system = "Azure Pipelines"
		} else if strings.HasPrefix(p, ".circleci/") {
			system = "CircleCI"
		}
		r.CI = append(r.CI, CIConfig{Path: p, System: system, Text: text})
	}
}

func (b *builder) newDoc(p, text string) *Doc {
	b.docBytes += int64(len(text))
	f := markup.FormatOf(p)
	if stem(p) == "README" && f == markup.Plain && path.Ext(p) == "" {
		f = markup.Markdown // a bare README is usually Markdown
	}
	d := &Doc{Path: p, Format: f, Text: text}
	b.beside.do(func() {
		d.Doc = markup.Parse(f, text)
		d.Prose = proseOf(text, d.Code)
	})
	b.repo.Docs = append(b.repo.Docs, d)
	return d
}

func readmeRank(p string) int {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown":
		return 0
	case ".rst":
		return 1
	case ".adoc", ".asciidoc":
		return 2
	case "":
		return 3
	}
	return 4
}

func communityRank(p string) int {
	switch path.Dir(p) {
	case ".":
		return 0
	case ".github":
		return 1
	}
	return 2
}

func topDocDir(p string) string {
	top, _, ok := strings.Cut(p, "/")
	if ok && isDocDir(top) {
		return top
	}
	return ""
}

func (b *builder) addManifest(p string, data []byte) {
	f, err := manifest.Parse(p, data)
	if err != nil {
		fe := FileError{Path: p, Msg: err.Error()}
		var se *manifest.SyntaxError
		if errors.As(err, &se) {
			fe.Line, fe.Msg = se.Line, se.Msg
		}
		b.repo.ManifestErrors = append(b.repo.ManifestErrors, fe)
		b.unread(p, kindManifest, fe.Msg, fe.Line)
		b.repo.Notices = append(b.repo.Notices, fmt.Sprintf("%s could not be parsed (line %d: %s); the licence and dependencies it declares were not read", p, fe.Line, fe.Msg))
		return
	}
	if templateName.MatchString(f.Name) {
		// A scaffold's manifest (name='app-{{module_name}}', a Maven
		// archetype's ${rootArtifactId}) describes the projects it
		// generates, not this one.
		b.setAside(p, "code template", kindManifest)
		return
	}
	b.repo.Manifests = append(b.repo.Manifests, f)
}

// templateName is a package name holding a template placeholder.
var templateName = lazyregexp.New(`\{\{|\{%|<%|\$\{`)

// visitStructured sniffs a YAML or JSON file for an API description or a DPGA
// application record, reading the rest only when it is one.
func (b *builder) visitStructured(p string, size int64) {
	if size > capSpec {
		b.oversizedStructured(p, size)
		return
	}
	h, err := openHead(b.fsys, p, capSniff, capSpec)
	if err != nil {
		b.skip(SkipUnreadable)
		return
	}
	defer h.Close()
	head := h.Head()
	b.repo.Stats.BytesRead += int64(len(head))
	if spec := sniffSpec(head); spec != nil {
		spec.Path, spec.Size = p, size
		b.repo.APISpecs = append(b.repo.APISpecs, spec)
		if spec.Kind == "asyncapi" {
			return
		}
		data, err := h.All()
		if err != nil {
			spec.ParseErr = fmt.Errorf("%s: %w", p, err)
			return
		}
		b.repo.Stats.FilesRead++
		b.repo.Stats.BytesRead += int64(len(data) - len(head))
		spec.Doc, spec.ParseErr = openapi.ParseWith(p, data, b.specRefs.read)
		if b.opts.GovStack {
			spec.EpochTimes = epochTimeLines(data)
		}
		if spec.Kind == "openapi" && b.opts.GovStack {
			b.validator.add(spec, data, &b.specRefs)
		}
		return
	}
	if looksLikeK8s(head) && strings.Count(p, "/") < 12 {
		data, err := h.All()
		if err != nil {
			b.skip(SkipUnreadable)
			return
		}
		b.repo.Stats.FilesRead++
		b.repo.Stats.BytesRead += int64(len(data) - len(head))
		b.repo.K8s = append(b.repo.K8s, parseK8s(p, data)...)
		if b.opts.GovStack {
			b.secretsIn(p, data)
		}
		return
	}
	if strings.HasSuffix(p, ".json") && size <= capText && strings.Count(p, "/") <= 1 && dpga.Recognize(head) {
		data, err := h.All()
		if err != nil {
			b.skip(SkipUnreadable)
			return
		}
		b.repo.Stats.FilesRead++
		b.repo.Stats.BytesRead += int64(len(data) - len(head))
		app, err := dpga.Parse(data)
		if err != nil {
			b.repo.Notices = append(b.repo.Notices, fmt.Sprintf("%s looks like a DPGA application but does not parse: %v", p, err))
			return
		}
		b.repo.DPGApplications = append(b.repo.DPGApplications, &DPGAFile{Path: p, App: app})
		return
	}
	if b.opts.GovStack && size <= capText {
		data, err := h.All()
		if err != nil {
			return
		}
		b.repo.Stats.FilesRead++
		b.repo.Stats.BytesRead += int64(len(data) - len(head))
		b.secretsIn(p, data)
	}
}

// oversizedStructured looks at the head of a YAML or JSON file over the spec
// cap: an API description that large is recorded as unread, so that no
// criterion says the project has no API description.
func (b *builder) oversizedStructured(p string, size int64) {
	h, err := openHead(b.fsys, p, capSniff, capSniff)
	if err != nil {
		b.skip(SkipUnreadable)
		return
	}
	head := h.Head()
	h.Close()
	b.repo.Stats.BytesRead += int64(len(head))
	if spec := sniffSpec(head); spec != nil {
		b.skip(SkipTooLarge)
		b.repo.Notices = append(b.repo.Notices, fmt.Sprintf("%s looks like an API description but was not read: %d bytes is over the %d-byte cap", p, size, capSpec))
		b.repo.Unread = append(b.repo.Unread, Unread{Path: p, Kind: "API descriptions", Reason: fmt.Sprintf("%d bytes, over the %d-byte cap", size, capSpec)})
	}
}

// scanWholeFile reads a file that is not otherwise evidence, to find
// secrets; a source file picked for header sampling has its header read from
// the same bytes.
func (b *builder) scanWholeFile(p string, size int64, sample bool) {
	if size > capText {
		return
	}
	data, err := readCapped(b.fsys, p, capText)
	if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return // unreadable or binary
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if sample {
		b.sampled[p] = true
	}
	b.later(func() func() {
		found := fileWords.Scan(data)
		secrets := secretFactsOf(p, data, found)
		record := []func(*builder){
			func(b *builder) { b.recordSecrets(secrets) },
			authMarkerOf(p, data, found),
			scriptOf(p, data),
			playbookRunsOf(p, data),
		}
		if isChangelog(p, data) {
			record = append(record, changelogOf(p, data))
		} else if _, isSource := sourceExts[path.Ext(p)]; isSource {
			record = append(record, specRouteOf(p, data, found))
			if !isTestName(p) {
				record = append(record, importsOf(p, data, found), codeSQLObjectsOf(p, data))
			}
		}
		if sample {
			record = append(record, headersOf(p, data[:min(len(data), capHeader)]))
		}
		return func() {
			for _, r := range record {
				b.record(r)
			}
		}
	})
}

var sqlObject = lazyregexp.New(`(?im)^[ \t]*create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(trigger|procedure|function)\b`)

// visitSQL records that a .sql file exists and the triggers, procedures and
// functions it creates (business logic in the database).
func (b *builder) visitSQL(p string, size int64) {
	if size > capManifest {
		b.drain()
		b.repo.SQLFiles++
		return
	}
	data, err := readCapped(b.fsys, p, capManifest)
	if err != nil {
		return
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if blankSQL(data) {
		return // an empty script shows nothing about the database
	}
	b.drain()
	b.repo.SQLFiles++
	b.repo.SQLObjects = append(b.repo.SQLObjects, sqlObjectsOf(p, data)...)
	if b.opts.GovStack {
		b.secretsIn(p, data)
	}
}

// textLike reports whether a file that is not evidence is worth reading for
// secrets: configuration, scripts and key material.
func textLike(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".properties", ".ini", ".conf", ".cfg", ".toml", ".env", ".tfvars", ".tf", ".pem", ".key", ".crt", ".cer",
		".sh", ".bash", ".ps1", ".xml", ".config", ".plist", ".txt", ".cnf", ".npmrc", ".pypirc", ".netrc":
		return true
	}
	switch strings.ToLower(path.Base(p)) {
	case ".npmrc", ".pypirc", ".netrc", ".dockercfg", "credentials", "config":
		return true
	}
	return false
}

// detectLicenses runs the licence detector once over every licence file and
// the README's licence section.
func (b *builder) detectLicenses() {
	files := slices.Clone(b.repo.Licenses)
	if sec := readmeLicenceSection(b.repo.Readme); sec != nil {
		b.repo.ReadmeLicense = sec
		files = append(files, sec)
	}
	if len(files) == 0 {
		return
	}
	texts := make([][]byte, len(files))
	for i, l := range files {
		texts[i] = []byte(l.Text)
	}
	for i, res := range b.opts.Detector.Detect(texts...) {
		l := files[i]
		l.Matches, l.Coverage = res.Matches, res.Percent
		l.Declared = license.Identify(texts[i], res.Matches)
		l.Copyrights = license.FindCopyrights(texts[i])
		l.SPDXTags = license.FindSPDXTags(texts[i])
		if off := l.FirstLine - 1; off > 0 {
			shiftLines(l, off)
		}
	}
}

// readmeLicenceSection returns the README's "License" section as a licence
// text of its own, or nil.
func readmeLicenceSection(d *Doc) *LicenseFile {
	if d == nil {
		return nil
	}
	for _, s := range d.Sections {
		if !license.IsLicenceHeading(s.Heading.Text) {
			continue
		}
		lines := strings.Split(d.Text, "\n")
		end := min(s.End, len(lines))
		if s.Start >= end {
			return nil
		}
		return &LicenseFile{Path: d.Path, Text: strings.Join(lines[s.Start:end], "\n"), FirstLine: s.Start + 1}
	}
	return nil
}

// shiftLines moves the line numbers found in a section to lines of its file.
func shiftLines(l *LicenseFile, off int) {
	for i := range l.Matches {
		l.Matches[i].Line += off
		l.Matches[i].EndLine += off
	}
	if l.Declared.Line > 0 {
		l.Declared.Line += off
	}
	for i := range l.Declared.Appended {
		l.Declared.Appended[i].Line += off
	}
	for i := range l.Copyrights {
		l.Copyrights[i].Line += off
	}
	for i := range l.SPDXTags {
		l.SPDXTags[i].Line += off
	}
}

// sampleHeaders reads the first lines of up to maxSampled source files (the
// first of each directory, in walk order) for copyright and SPDX headers.
func (b *builder) sampleHeaders() {
	for i, p := range b.sources {
		if i >= maxSampled || b.ctx.Err() != nil {
			return
		}
		if b.sampled[p] {
			continue // read whole during the walk
		}
		h, err := openHead(b.fsys, p, capHeader, capHeader)
		if err != nil {
			continue
		}
		head := h.Head()
		h.Close()
		b.repo.Stats.FilesRead++
		b.repo.Stats.BytesRead += int64(len(head))
		b.record(headersOf(p, head))
	}
}

// headersOf finds the copyright notices and SPDX tags of a source file's
// leading comment block, and returns what records them.
func headersOf(p string, head []byte) func(*builder) {
	head = leadingComments(head)
	if ideTemplate.Match(head) {
		// Xcode's and JetBrains' file templates write "Created by <the
		// developer> on <date>" and a copyright line naming that developer:
		// who typed the file, not who owns the project.
		return nil
	}
	copyrights, tags := license.FindCopyrights(head), license.FindSPDXTags(head)
	return func(b *builder) {
		for _, c := range copyrights {
			b.repo.SourceCopyrights = append(b.repo.SourceCopyrights, Located[license.Copyright]{Path: p, Value: c})
		}
		for _, t := range tags {
			b.repo.SourceSPDXTags = append(b.repo.SourceSPDXTags, Located[license.Tag]{Path: p, Value: t})
		}
	}
}

// leadingComments returns the comment block a source file starts with (after
// a shebang): copyright and licence headers live there, and text further down
// is code that may merely mention the word.
func leadingComments(head []byte) []byte {
	end := 0
	inBlock := false
	for rest := head; len(rest) > 0; {
		line, next, _ := bytes.Cut(rest, []byte{'\n'})
		t := bytes.TrimSpace(line)
		isComment := inBlock || len(t) == 0 || bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("//")) ||
			bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("*")) || bytes.HasPrefix(t, []byte("--")) ||
			bytes.HasPrefix(t, []byte(";")) || bytes.HasPrefix(t, []byte("<!--")) || bytes.HasPrefix(t, []byte("%")) ||
			bytes.HasPrefix(t, []byte(`"""`)) || bytes.HasPrefix(t, []byte("'''")) || bytes.HasPrefix(t, []byte("{-")) ||
			bytes.HasPrefix(t, []byte("(*"))
		if !isComment {
			break
		}
		switch {
		case bytes.HasPrefix(t, []byte("/*")) && !bytes.Contains(t, []byte("*/")):
			inBlock = true
		case bytes.HasPrefix(t, []byte("<!--")) && !bytes.Contains(t, []byte("-->")):
			inBlock = true
		case (bytes.HasPrefix(t, []byte(`"""`)) || bytes.HasPrefix(t, []byte("'''"))) && len(t) == 3:
			inBlock = !inBlock
		case inBlock && (bytes.Contains(t, []byte("*/")) || bytes.Contains(t, []byte("-->")) || bytes.Equal(t, []byte(`"""`)) || bytes.Equal(t, []byte("'''"))):
			inBlock = false
		}
		end = len(head) - len(next)
		if len(next) == 0 {
			end = len(head)
		}
		rest = next
	}
	return head[:end]
}

var ideTemplate = lazyregexp.New(`(?m)^\s*(//|\*|#)\s*Created by .{1,80} on \d{1,4}[./-]\d{1,2}[./-]\d{1,4}`)

var generatedMarker = lazyregexp.New(`(?i)(code )?generated\b[^\n]{0,120}do not edit`)

// isGenerated reports whether a file declares itself generated in its first
// lines: what it says was written by a tool, not by the project.
func isGenerated(text string) bool {
	return generatedMarker.MatchString(text[:min(len(text), 400)])
}
