package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
)

// declaration is one place that states a licence.
type declaration struct {
	expr   *license.Expr // nil when the statement was not recognised
	raw    string        // the statement as written, for manifests and metadata
	path   string
	line   int
	source string // "licence file", "package.json", "publiccode.yml" ...
	root   bool   // speaks for the whole project
	// reserved marks an unrecognised licence file that reserves all rights.
	reserved bool
	// restrictions are the terms of a licence text that make it not open
	// (non-commercial use only, revocable), found in a bespoke licence in
	// any of the languages license.Restrictions reads.
	restrictions []license.Restriction
	how          string // how a licence text was recognised (license.Identification.How)
	// forType is the kind of asset a licence file is named for
	// (LICENSE.data.md, LICENSE-docs): it covers that part, judged as such.
	forType license.ProjectType
	// holders are the copyright holders a licence file names.
	holders []string
	// toolDefault marks a manifest licence that is what a generator writes
	// by default (npm init's ISC with no author): not a deliberate
	// declaration, so it never conflicts with a licence file.
	toolDefault bool
}

func (d declaration) at() report.Evidence { return report.At(d.path, d.line) }

func (d declaration) String() string {
	if d.expr != nil {
		return d.expr.String()
	}
	return d.raw
}

// declarations gathers every licence statement of the repository once.
type declarations struct {
	main         []declaration // root licence files with a recognised licence
	parts        []declaration // REUSE LICENSES/ files: licences of parts of the project
	typed        []declaration // root licence files named for data, content or documentation
	unrecognised []declaration // root licence files whose text is not a known licence
	others       []declaration // manifests, publiccode.yml, DPGA records, SPDX tags, sub-packages, the README
	appended     []declaration // third-party licences appended to licence files
	project      *license.Expr // the project's licence, from the root licence files
}

func (in *Input) declarations() *declarations {
	if in.decls == nil {
		in.decls = gatherDeclarations(in.Repo)
	}
	return in.decls
}

// attributionName matches the file names that hold attributions, not the
// project's own licence: NOTICE, COPYRIGHT and LEGAL files, third-party lists.
var attributionName = lazyregexp.New(`(?i)^(notice|copyright|legal)([-._].*)?$|third[-_ ]?party`)

// typedLicenceName finds the kind of asset a licence file is named for:
// LICENSE.data.md, LICENSE-docs, LICENCE_CONTENT.txt.
var typedLicenceName = lazyregexp.New(`(?i)^licen[cs]e[-._ ](data|datasets?|database|content|docs?|documentation|assets|media|images|artwork|fonts|audio|model|models|weights)\b`)

func licenceFileType(base string) license.ProjectType {
	m := typedLicenceName.FindStringSubmatch(base)
	if m == nil {
		return ""
	}
	switch strings.ToLower(m[1]) {
	case "data", "dataset", "datasets", "database":
		return license.Data
	case "model", "models", "weights":
		return license.AIModel
	}
	return license.Content
}

func gatherDeclarations(r *evidence.Repo) *declarations {
	d := &declarations{}
	for _, f := range r.Licenses {
		dir, base := path.Split(f.Path)
		decl := declaration{expr: f.Declared.Expr, path: f.Path, line: max(f.Declared.Line, 1), source: "licence file", root: f.Root,
			how: f.Declared.How, holders: holdersOf(f)}
		for _, a := range f.Declared.Appended {
			d.appended = append(d.appended, declaration{raw: a.ID, path: f.Path, line: a.Line, source: "appended notice"})
		}
		switch {
		case !f.Root:
			decl.source = "sub-package licence"
			switch {
			case attributionName.MatchString(base):
			case decl.expr != nil:
				d.others = append(d.others, decl)
			case allRightsReserved.MatchString(f.Text) || commercialLicence.MatchString(f.Text):
				// An enterprise or commercial licence over a folder (open core).
				decl.reserved = true
				d.others = append(d.others, decl)
			}
		case strings.EqualFold(dir, "LICENSES/") || strings.EqualFold(dir, "LICENCES/"):
			if decl.expr != nil {
				d.parts = append(d.parts, decl)
			}
		case attributionName.MatchString(base):
			// NOTICE, COPYRIGHT and LEGAL files carry attributions, not the
			// project's licence.
		case licenceFileType(base) != "" && decl.expr != nil:
			decl.forType = licenceFileType(base)
			d.typed = append(d.typed, decl)
		case decl.expr != nil:
			if decl.how == "prose" || decl.how == "SPDX tag" {
				// A short statement above bespoke terms: the terms decide.
				decl.restrictions = license.Restrictions([]byte(f.Text))
			}
			d.main = append(d.main, decl)
		case strings.TrimSpace(f.Text) != "":
			decl.reserved = allRightsReserved.MatchString(f.Text)
			decl.restrictions = license.Restrictions([]byte(f.Text))
			d.unrecognised = append(d.unrecognised, decl)
		}
	}
	if sec := r.ReadmeLicense; sec != nil && sec.Declared.Expr != nil {
		d.others = append(d.others, declaration{expr: sec.Declared.Expr, path: sec.Path, line: sec.Declared.Line,
			source: "README licence section", root: true, how: sec.Declared.How})
	}
	d.typed = append(d.typed, readmeTypedLicences(r.ReadmeLicense)...)
	d.others = append(d.others, readmeBadges(r.Readme)...)
	d.project = projectExpr(d.main)
	if d.project == nil && len(d.parts) > 0 {
		// licenses/ with no root file: those texts are the declaration.
		d.main, d.parts = d.parts, nil
		d.project = license.Combine(license.And, exprsOf(d.main)...)
	}
	for _, m := range r.Manifests {
		for _, l := range m.Licenses {
			if strings.HasPrefix(l.Value, "file:") || strings.HasPrefix(strings.ToUpper(l.Value), "SEE LICENSE") {
				continue // points at a licence file, which is read itself
			}
			e, _ := license.FromName(l.Value)
			d.others = append(d.others, declaration{expr: e, raw: l.Value, path: m.Path, line: l.Line,
				source: path.Base(m.Path), root: path.Dir(m.Path) == ".", toolDefault: isToolDefault(m, l.Value)})
		}
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil && pc.File.License != "" {
		e, _ := license.FromName(pc.File.License)
		d.others = append(d.others, declaration{expr: e, raw: pc.File.License, path: pc.Path, line: pc.File.LicenseLine,
			source: "publiccode.yml", root: true})
	}
	for _, a := range r.DPGApplications {
		for _, l := range a.App.Licenses {
			e, _ := license.FromName(l.SPDX)
			d.others = append(d.others, declaration{expr: e, raw: l.SPDX, path: a.Path, line: l.Line,
				source: "DPGA application", root: true})
		}
	}
	seen := map[string]bool{}
	for _, t := range r.SourceSPDXTags {
		if seen[t.Value.Expr] {
			continue
		}
		seen[t.Value.Expr] = true
		e, _ := license.FromName(t.Value.Expr)
		d.others = append(d.others, declaration{expr: e, raw: t.Value.Expr, path: t.Path, line: t.Value.Line, source: "SPDX tag"})
	}
	return d
}

// projectExpr combines the root licence files: LGPL-3.0 files travel with the
// GPL-3.0 text they build on (COPYING + COPYING.LESSER); files named per
// licence (LICENSE-MIT, LICENSE-APACHE) offer a choice; others all apply.
func projectExpr(main []declaration) *license.Expr {
	if len(main) == 0 {
		return nil
	}
	hasLGPL3 := slices.ContainsFunc(main, func(d declaration) bool { return hasFamily(d.expr, "LGPL-3.0") })
	var exprs []*license.Expr
	perLicenceNames := true
	for _, d := range main {
		if hasLGPL3 && onlyFamily(d.expr, "GPL-3.0") {
			continue
		}
		if !slices.ContainsFunc(exprs, func(e *license.Expr) bool { return license.SameLicences(e, d.expr) }) {
			exprs = append(exprs, d.expr)
		}
		base := strings.ToUpper(path.Base(d.path))
		if base == "LICENSE" || base == "LICENCE" || base == "COPYING" || strings.HasSuffix(base, ".MD") && len(base) <= 10 {
			perLicenceNames = false
		}
	}
	op := license.And
	if perLicenceNames {
		op = license.Or
	}
	return license.Combine(op, exprs...)
}

func hasFamily(e *license.Expr, fam string) bool {
	return e != nil && slices.ContainsFunc(e.Leaves(), func(l license.Lic) bool { return license.Family(l.ID) == fam })
}

func onlyFamily(e *license.Expr, fam string) bool {
	if e == nil {
		return false
	}
	for _, l := range e.Leaves() {
		if license.Family(l.ID) != fam {
			return false
		}
	}
	return true
}

// conflicts returns the project-wide declarations that name a licence the
// root licence files do not. A generator's default is not a declaration.
func (d *declarations) conflicts() []declaration {
	if d.project == nil {
		return nil
	}
	var out []declaration
	for _, o := range d.others {
		if o.root && o.expr != nil && !o.toolDefault && !license.Covers(d.project, o.expr) && !d.coversTyped(o.expr) {
			out = append(out, o)
		}
	}
	return out
}

// coversTyped reports whether e is the licence of a typed part (a README
// that says "data under CC-BY-4.0" agrees with LICENSE.data.md).
func (d *declarations) coversTyped(e *license.Expr) bool {
	return slices.ContainsFunc(d.typed, func(t declaration) bool { return license.Covers(t.expr, e) })
}

func exprsOf(decls []declaration) []*license.Expr {
	var out []*license.Expr
	for _, x := range decls {
		if !slices.ContainsFunc(out, func(e *license.Expr) bool { return license.SameLicences(e, x.expr) }) {
			out = append(out, x.expr)
		}
	}
	return out
}

// report lists every declaration for the JSON report's licenses[].
func (d *declarations) report() []report.License {
	out := []report.License{}
	add := func(decls []declaration) {
		for _, x := range decls {
			cat := license.CategoryUnknown
			if x.expr != nil {
				cat = license.CategoryOfExpr(x.expr)
			}
			// spdx holds SPDX ids only: a declaration the tool could not map
			// ("License :: OSI Approved :: Foo", "see website") is
			// NOASSERTION, with the words as written beside it.
			l := report.License{SPDX: "NOASSERTION", Path: x.path, Category: string(cat)}
			if x.expr != nil {
				l.SPDX = x.expr.String()
			} else {
				l.Declared = textlimit.Cut(x.raw, 200)
			}
			out = append(out, l)
		}
	}
	add(d.main)
	add(d.typed)
	add(d.unrecognised)
	add(d.parts)
	add(d.others)
	return out
}

// isToolDefault reports whether a manifest's licence is what its generator
// writes when nobody chose one: `npm init` writes "ISC" with an empty author;
// NestJS's starter writes "UNLICENSED" with an empty author; a framework's
// application skeleton keeps the framework's own composer.json (Laravel's
// "laravel/laravel", MIT).
func isToolDefault(m *manifest.File, value string) bool {
	if skeletonManifest(m) {
		return true
	}
	if path.Base(m.Path) != "package.json" || len(m.Authors) > 0 {
		return false
	}
	return value == "ISC" || value == "UNLICENSED"
}

// skeletons are the package names of application skeletons that projects
// start from and keep: their licence and authors are the framework's.
var skeletons = map[string]bool{
	"laravel/laravel": true, "laravel/lumen": true, "cakephp/app": true, "cakephp/cakephp": true,
	"symfony/skeleton": true, "symfony/website-skeleton": true, "yiisoft/yii2-app-basic": true,
	"yiisoft/yii2-app-advanced": true, "codeigniter4/appstarter": true, "slim/slim-skeleton": true,
	"drupal/recommended-project": true, "drupal/legacy-project": true, "magento/project-community-edition": true,
	"react-boilerplate": true, "create-react-app": true, "vue-element-admin": true, "ngx-admin": true,
}

// skeletonManifest reports whether a manifest is a framework skeleton's,
// kept unchanged by the project built on it.
func skeletonManifest(m *manifest.File) bool { return skeletons[strings.ToLower(m.Name)] }

// licencePage is a link to a licence's page on a site that publishes
// licences: the target of README licence badges.
var (
	licencePage = lazyregexp.New(`(?i)^https?://(?:www\.)?(?:opensource\.org/licen[cs]es?|choosealicense\.com/licenses|spdx\.org/licenses)/([A-Za-z0-9.+-]+?)(?:\.html|\.php|/)?$`)
	ccPage      = lazyregexp.New(`(?i)^https?://(?:www\.)?creativecommons\.org/(?:licenses/([a-z-]+)/(\d\.\d)|publicdomain/zero/(1\.0))/?`)
)

// readmeBadges are licences the README declares with a badge at its top:
// "[![License: MIT](...)](https://opensource.org/licenses/MIT)". Links
// further down are prose about something (the licence of contributions, of
// the documentation); the README's licence section is read on its own.
func readmeBadges(d *evidence.Doc) []declaration {
	if d == nil {
		return nil
	}
	var out []declaration
	for _, l := range d.Links {
		if l.Line > 20 || !strings.Contains(lineText(d.Text, l.Line), "[![") {
			continue
		}
		e, ok := licenceOfLink(l.URL)
		if !ok {
			continue
		}
		name := e.String()
		if slices.ContainsFunc(out, func(x declaration) bool { return license.SameLicences(x.expr, e) }) {
			continue
		}
		out = append(out, declaration{expr: e, raw: name, path: d.Path, line: l.Line, source: "README licence link", root: true})
	}
	return out
}

func holdersOf(f *evidence.LicenseFile) []string {
	var out []string
	for _, c := range f.Copyrights {
		out = append(out, c.Holder)
	}
	return out
}

// assetWords name the parts of a project that a README may license apart
// from its code: "the contents, icons and vocabulary are licensed under
// CC-BY-NC-SA-4.0", "the data is available under ODbL".
var assetWords = lazyregexp.New(`(?i)\b(?:(content|contents|icons?|images?|illustrations?|artwork|vocabular(?:y|ies)|documentation|docs|translations|audio|videos?|stories|books|fonts)|(data|datasets?|database))\b`)

// readmeTypedLicences reads the lines of the README's licence section that
// license an asset other than the code (one licence per line).
func readmeTypedLicences(sec *evidence.LicenseFile) []declaration {
	if sec == nil {
		return nil
	}
	var out []declaration
	for i, line := range strings.Split(sec.Text, "\n") {
		m := assetWords.FindStringSubmatch(line)
		if m == nil || strings.Contains(strings.ToLower(line), " code") {
			continue
		}
		e, ok := licenceOfLink(line)
		if !ok {
			e, _, ok = license.FromProse([]byte(markdownLink.ReplaceAllString(line, "$1")))
		}
		if !ok {
			continue
		}
		t := license.Content
		if m[2] != "" {
			t = license.Data
		}
		out = append(out, declaration{expr: e, path: sec.Path, line: sec.FirstLine + i, source: "README licence section",
			root: true, forType: t})
	}
	return out
}

var (
	markdownLink = lazyregexp.New(`\[([^\]]*)\]\([^)]*\)`)
	bareURL      = lazyregexp.New(`https?://[^\s)\]>"']+`)
)

// licenceOfLink returns the licence a line links to, by the URL of the
// licence's page (creativecommons.org/licenses/by-nc-sa/4.0/,
// opensource.org/licenses/MIT).
func licenceOfLink(line string) (*license.Expr, bool) {
	for _, u := range bareURL.FindAllString(line, 4) {
		var name string
		if m := ccPage.FindStringSubmatch(u); m != nil {
			name = "CC-" + strings.ToUpper(m[1]) + "-" + m[2]
			if m[3] != "" {
				name = "CC0-1.0"
			}
		} else if m := licencePage.FindStringSubmatch(strings.TrimRight(u, ".,;")); m != nil {
			name = m[1]
		} else {
			continue
		}
		if e, ok := license.FromName(name); ok {
			return e, true
		}
	}
	return nil, false
}
