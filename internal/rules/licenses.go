package rules

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
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
	how      string // how a licence text was recognised (license.Identification.How)
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

// mainLicenceName matches the file names that hold a project's own licence
// (not NOTICE, COPYRIGHT or LEGAL files, which hold attributions).
var mainLicenceName = regexp.MustCompile(`(?i)^(licen[cs]e|copying|unlicense)([-._].*)?$`)

func gatherDeclarations(r *evidence.Repo) *declarations {
	d := &declarations{}
	for _, f := range r.Licenses {
		dir, base := path.Split(f.Path)
		decl := declaration{expr: f.Declared.Expr, path: f.Path, line: max(f.Declared.Line, 1), source: "licence file", root: f.Root,
			how: f.Declared.How}
		for _, a := range f.Declared.Appended {
			d.appended = append(d.appended, declaration{raw: a.ID, path: f.Path, line: a.Line, source: "appended notice"})
		}
		switch {
		case !f.Root:
			if decl.expr != nil {
				decl.source = "sub-package licence"
				d.others = append(d.others, decl)
			}
		case dir == "LICENSES/":
			if decl.expr != nil {
				d.parts = append(d.parts, decl)
			}
		case !mainLicenceName.MatchString(base):
			// NOTICE, COPYRIGHT and LEGAL files carry attributions, not the
			// project's licence.
		case decl.expr != nil:
			d.main = append(d.main, decl)
		case strings.TrimSpace(f.Text) != "":
			decl.reserved = allRightsReserved.MatchString(f.Text)
			d.unrecognised = append(d.unrecognised, decl)
		}
	}
	if sec := r.ReadmeLicense; sec != nil && sec.Declared.Expr != nil {
		d.others = append(d.others, declaration{expr: sec.Declared.Expr, path: sec.Path, line: sec.Declared.Line,
			source: "README licence section", root: true, how: sec.Declared.How})
	}
	d.project = projectExpr(d.main)
	for _, m := range r.Manifests {
		for _, l := range m.Licenses {
			if strings.HasPrefix(l.Value, "file:") || strings.HasPrefix(strings.ToUpper(l.Value), "SEE LICENSE") {
				continue // points at a licence file, which is read itself
			}
			e, _ := license.FromName(l.Value)
			d.others = append(d.others, declaration{expr: e, raw: l.Value, path: m.Path, line: l.Line,
				source: path.Base(m.Path), root: path.Dir(m.Path) == "."})
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
// root licence files do not.
func (d *declarations) conflicts() []declaration {
	if d.project == nil {
		return nil
	}
	var out []declaration
	for _, o := range d.others {
		if o.root && o.expr != nil && !license.Covers(d.project, o.expr) {
			out = append(out, o)
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
			spdx := x.String()
			if x.expr == nil && x.raw == "" {
				spdx = "NOASSERTION"
			}
			out = append(out, report.License{SPDX: spdx, Path: x.path, Category: string(cat)})
		}
	}
	add(d.main)
	add(d.unrecognised)
	add(d.parts)
	add(d.others)
	return out
}
