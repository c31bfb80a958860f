package license

import (
	"fmt"
	"slices"
	"strings"
)

// DepStatus is the licence verdict on one dependency of a project.
type DepStatus string

// Dependency verdicts.
const (
	// DepOK is an open licence the project can use: compatible with the
	// project's licence, or compatibility does not apply (a development
	// dependency) or could not be checked (the Reason says so).
	DepOK DepStatus = "ok"
	// DepNotOpen is a licence with no open option: source-available,
	// non-commercial, proprietary, or not OSI-approved.
	DepNotOpen DepStatus = "not-open"
	// DepIncompatible is an open licence whose terms conflict with
	// distributing the project under its own licence.
	DepIncompatible DepStatus = "incompatible"
	// DepUnknown is a declaration the tool cannot read: missing,
	// NOASSERTION, a pointer to a file, an unknown id or name.
	DepUnknown DepStatus = "unknown"
)

// DepVerdict is the decision on a dependency's declared licence.
type DepVerdict struct {
	Status DepStatus
	// License is the normalised SPDX expression ("GPL-3.0+" becomes
	// "GPL-3.0-or-later"), or the declaration as written when it cannot be
	// normalised, or "" when none was declared.
	License string
	// Reason is one sentence a maintainer understands.
	Reason string
}

// JudgeDependency decides whether a dependency whose licence is declared
// (an SPDX expression or a licence name, as a lockfile or a registry records
// it) may be used by a project licensed under project.
//
// The declaration is read as an SPDX expression, else as a licence name.
// Anything it cannot read is DepUnknown, never DepOK. A licence is open when
// it is OSI-approved, or an open content (Creative Commons without NC or ND)
// or open data licence. An OR expression is as good as its best alternative
// (the Reason names it); an AND expression as bad as its worst part.
//
// Compatibility is checked only for dependencies that are distributed with the
// product: dev (development, test) dependencies are never DepIncompatible.
// The model covers copyleft that reaches across a link: the GNU GPL and AGPL
// (and the LGPL-3.0 with GPL-2.0-only) conflict with projects that cannot be
// distributed under the same GNU licence, with GPL-3.0 and AGPL-3.0
// combinable (GPL-3.0 section 13). Permissive licences and file- or
// library-level copyleft (LGPL, MPL, EPL, EUPL, CDDL, ...) are compatible with
// every project licence, and so is GNU code under a linking exception
// (Classpath, GCC runtime, ...). A project expression with OR is compatible
// when one alternative is; with AND, every software licence in it must be (a
// content or data licence for the documentation is not linked with code).
//
// When project is nil, or names no licence the tool knows, only openness is
// judged and the Reason says that compatibility could not be checked.
// JudgeDependency does not modify project.
func JudgeDependency(project *Expr, declared string, dev bool) DepVerdict {
	proj := normalizeProject(project)
	s := strings.TrimSpace(declared)
	if v, ok := judgeSpecial(s); ok {
		return withProjectNote(v, proj, dev)
	}
	e := parseDeclared(s)
	if e == nil {
		return withProjectNote(DepVerdict{Status: DepUnknown, License: s,
			Reason: fmt.Sprintf("%q is neither an SPDX licence expression nor a licence name the tool knows, so the dependency's licence cannot be confirmed as open", s)},
			proj, dev)
	}
	r := judgeDep(e, proj, dev)
	return withProjectNote(DepVerdict{Status: r.status, License: e.String(), Reason: r.reason}, proj, dev)
}

// withProjectNote adds to the reason that compatibility was not checked when
// the project's licence is unknown.
func withProjectNote(v DepVerdict, project *Expr, dev bool) DepVerdict {
	if project == nil && !dev {
		v.Reason += "; compatibility with the project's licence could not be checked because the project's licence is unknown"
	}
	return v
}

// judgeSpecial handles the declarations that are not licences: the empty
// string, NOASSERTION and its kin, pointers to a file, and the words for
// proprietary.
func judgeSpecial(s string) (DepVerdict, bool) {
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return DepVerdict{Status: DepUnknown, Reason: "no licence is recorded for this dependency, so it cannot be confirmed as open"}, true
	case lower == "noassertion" || lower == "unknown" || lower == "none" || lower == "undefined" || lower == "other":
		return DepVerdict{Status: DepUnknown, License: s,
			Reason: fmt.Sprintf("the dependency's licence is recorded as %s, so it cannot be confirmed as open", s)}, true
	case strings.HasPrefix(lower, "see license in") || strings.HasPrefix(lower, "see licence in") || strings.HasPrefix(lower, "file:"):
		return DepVerdict{Status: DepUnknown, License: s,
			Reason: fmt.Sprintf("the dependency only points to a licence file of its own (%s), which the tool does not read, so its licence cannot be confirmed as open", s)}, true
	case lower == "unlicensed":
		return DepVerdict{Status: DepNotOpen, License: s,
			Reason: "UNLICENSED is npm's declaration for a package that is not licensed for use by others (proprietary), so it is not open"}, true
	case lower == "proprietary" || lower == "commercial" || lower == "all rights reserved":
		return DepVerdict{Status: DepNotOpen, License: s,
			Reason: fmt.Sprintf("the dependency declares itself %q: not licensed for use by others, so it is not open", s)}, true
	}
	return DepVerdict{}, false
}

// parseDeclared reads a declaration as a licence name or an SPDX expression
// whose ids are canonicalised and normalised; ids the tool does not know are
// kept as written. It returns nil when the declaration is neither.
func parseDeclared(s string) *Expr {
	if e, ok := FromName(s); ok {
		return normalizeExpr(e)
	}
	e, err := ParseExpr(s)
	if err != nil {
		return nil
	}
	canonicalise(e) // unknown ids stay as written and are judged unknown
	return normalizeExpr(e)
}

// normalizeExpr rewrites the leaves of e (a tree it owns) to their current
// SPDX form: "GPL-3.0+" is "GPL-3.0-or-later", "GPL-2.0" is "GPL-2.0-only".
func normalizeExpr(e *Expr) *Expr {
	if e.Op != And && e.Op != Or {
		if isCommonsClause(e.Lic.ID) {
			e.Lic.ID = "LicenseRef-Commons-Clause"
		}
		e.Lic = Normalize(e.Lic)
		return e
	}
	for _, a := range e.Args {
		normalizeExpr(a)
	}
	return e
}

// normalizeProject returns a normalised copy of the project's expression,
// dropping nil or empty nodes a caller may have built; nil for none.
func normalizeProject(p *Expr) *Expr {
	if p == nil {
		return nil
	}
	if p.Op != And && p.Op != Or {
		l := p.Lic
		if id, ok := Canonical(l.ID); ok {
			l.ID = id
		}
		if x, ok := CanonicalException(l.Exception); ok {
			l.Exception = x
		}
		return &Expr{Op: Leaf, Lic: Normalize(l)}
	}
	var args []*Expr
	for _, a := range p.Args {
		if n := normalizeProject(a); n != nil {
			args = append(args, n)
		}
	}
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return &Expr{Op: p.Op, Args: args}
}

// depResult is the verdict on part of a dependency's expression.
type depResult struct {
	status DepStatus
	reason string
}

// depRank orders statuses from best to worst for choosing among OR
// alternatives (the best) and AND parts (the worst): an unknown licence may
// still turn out usable, an incompatible one is at least open.
func depRank(s DepStatus) int {
	switch s {
	case DepOK:
		return 3
	case DepUnknown:
		return 2
	case DepIncompatible:
		return 1
	}
	return 0
}

func judgeDep(e *Expr, project *Expr, dev bool) depResult {
	if e.Op != And && e.Op != Or {
		return judgeDepLic(e.Lic, project, dev)
	}
	if len(e.Args) == 0 {
		return depResult{DepUnknown, "the licence expression is empty"}
	}
	results := make([]depResult, len(e.Args))
	pick := 0
	for i, a := range e.Args {
		results[i] = judgeDep(a, project, dev)
		better := depRank(results[i].status) > depRank(results[pick].status)
		worse := depRank(results[i].status) < depRank(results[pick].status)
		if (e.Op == Or && better) || (e.Op == And && worse) {
			pick = i
		}
	}
	r := results[pick]
	if len(e.Args) == 1 {
		return r
	}
	if e.Op == Or {
		if r.status == DepOK {
			r.reason = fmt.Sprintf("%s offers a choice of licence, and %s can be chosen: %s", e, e.Args[pick], r.reason)
		} else {
			r.reason = fmt.Sprintf("%s offers a choice of licence, but none is usable: %s", e, r.reason)
		}
		return r
	}
	if r.status == DepOK {
		reasons := make([]string, len(results))
		for i, x := range results {
			reasons[i] = x.reason
		}
		r.reason = fmt.Sprintf("%s applies all of its licences, and each is usable: %s", e, strings.Join(reasons, "; "))
	} else {
		r.reason = fmt.Sprintf("%s applies all of its licences, and one is not usable: %s", e, r.reason)
	}
	return r
}

// judgeDepLic judges one normalised licence of a dependency.
func judgeDepLic(l Lic, project *Expr, dev bool) depResult {
	name := l.String()
	switch strings.ToUpper(l.ID) {
	case "NOASSERTION", "NONE":
		return depResult{DepUnknown, fmt.Sprintf("part of the dependency's licence is recorded as %s, so it cannot be confirmed as open", l.ID)}
	}
	if _, known := Canonical(l.ID); !known {
		return depResult{DepUnknown, fmt.Sprintf("%s is not an SPDX licence id the tool knows, so it cannot be confirmed as open", l.ID)}
	}
	if l.Exception != "" && !isCommonsClause(l.Exception) {
		if _, known := CanonicalException(l.Exception); !known {
			return depResult{DepUnknown, fmt.Sprintf("%s: %q is not an SPDX licence exception, so the tool cannot tell what it adds", name, l.Exception)}
		}
	}
	if why, open := depOpenness(l); !open {
		return depResult{DepNotOpen, why}
	}
	if dev {
		return depResult{DepOK, fmt.Sprintf("%s is open, and as a development dependency it is not distributed with the product, so it need not be compatible with the project's licence", name)}
	}
	if project == nil {
		return depResult{DepOK, describeDep(l)}
	}
	c := compatWith(l, project)
	switch c.result {
	case compatible:
		return depResult{DepOK, fmt.Sprintf("%s, so it is compatible with the project's %s%s", describeDep(l), c.with, c.note)}
	case conflicts:
		return depResult{DepIncompatible, fmt.Sprintf("%s, which conflicts with the project's %s", c.clause, c.with)}
	}
	if c.note != "" {
		return depResult{DepOK, fmt.Sprintf("%s; compatibility with the project's %s could not be checked because %s", describeDep(l), c.with, c.note)}
	}
	return depResult{DepOK, fmt.Sprintf("%s; compatibility with the project's %s could not be checked because the tool does not know that licence", describeDep(l), c.with)}
}

// depOpenness reports whether a known, normalised licence is open, or why not.
func depOpenness(l Lic) (why string, open bool) {
	name := l.String()
	if isCommonsClause(l.Exception) || l.ID == "LicenseRef-Commons-Clause" {
		return fmt.Sprintf("%s: %s", name, restricted["LicenseRef-Commons-Clause"]), false
	}
	switch CategoryOf(l) {
	case OSIApproved, OpenData:
		return "", true
	case OpenContent:
		if isNC(l.ID) {
			return fmt.Sprintf("%s forbids commercial use, so it is not an open licence", name), false
		}
		return "", true
	case Proprietary:
		return fmt.Sprintf("%s: the dependency is proprietary (all rights reserved), so it is not open", name), false
	case SourceAvailable:
		if why, ok := restricted[l.ID]; ok {
			return fmt.Sprintf("%s: %s", name, why), false
		}
		if isND(l.ID) {
			return fmt.Sprintf("%s forbids derivative works, so it is not an open licence", name), false
		}
		return fmt.Sprintf("%s is source-available, not open", name), false
	}
	return fmt.Sprintf("%s is neither OSI-approved nor an open content or data licence, so it is not open", name), false
}

// gnuVersion is a GNU licence a combined work can be distributed under.
type gnuVersion string

const (
	gpl1  gnuVersion = "GPL-1.0"
	gpl2  gnuVersion = "GPL-2.0"
	gpl3  gnuVersion = "GPL-3.0"
	agpl1 gnuVersion = "AGPL-1.0"
	agpl3 gnuVersion = "AGPL-3.0"
)

// gnuConveyable lists, for each GNU licence, the GNU licences a work that
// combines code under it can be distributed under. The LGPL lets its code be
// relicensed to the GPL (LGPL-2.x §3: GPL-2.0 or later; LGPL-3.0 is
// GPL-3.0 with extra permissions).
var gnuConveyable = map[string][]gnuVersion{
	"GPL-1.0-only":      {gpl1},
	"GPL-1.0-or-later":  {gpl1, gpl2, gpl3},
	"GPL-2.0-only":      {gpl2},
	"GPL-2.0-or-later":  {gpl2, gpl3},
	"GPL-3.0-only":      {gpl3},
	"GPL-3.0-or-later":  {gpl3},
	"AGPL-1.0-only":     {agpl1},
	"AGPL-1.0-or-later": {agpl1, agpl3},
	"AGPL-3.0-only":     {agpl3},
	"AGPL-3.0-or-later": {agpl3},
	"LGPL-2.0-only":     {gpl2, gpl3},
	"LGPL-2.0-or-later": {gpl2, gpl3},
	"LGPL-2.1-only":     {gpl2, gpl3},
	"LGPL-2.1-or-later": {gpl2, gpl3},
	"LGPL-3.0-only":     {gpl3},
	"LGPL-3.0-or-later": {gpl3},
}

// gnuFamily reports whether id is a GPL, AGPL or LGPL licence.
func gnuFamily(id string) bool {
	_, ok := gnuConveyable[id]
	return ok
}

// strongCopyleft reports whether a dependency's licence reaches the code that
// links it: the GPL and AGPL without a linking exception.
func strongCopyleft(l Lic) bool {
	return gnuFamily(l.ID) && !strings.HasPrefix(l.ID, "LGPL-") && !linkingException(l.Exception)
}

// gnuProject returns the GNU licences a project licensed under l can be
// distributed under, or nil when l is not the GPL or AGPL.
func gnuProject(l Lic) []gnuVersion {
	if strings.HasPrefix(l.ID, "LGPL-") {
		return nil // an LGPL project is not distributed under the GPL
	}
	return gnuConveyable[l.ID]
}

// combinable reports whether works under the two GNU licences can be combined:
// the same licence, or GPL-3.0 with AGPL-3.0 (section 13 of each).
func combinable(a, b gnuVersion) bool {
	return a == b || (a == gpl3 && b == agpl3) || (a == agpl3 && b == gpl3)
}

// linkingExceptions are exceptions that let code under any licence link or
// embed the covered GNU code without the copyleft reaching it.
var linkingExceptions = []string{
	"Classpath-exception-2.0", "GCC-exception-2.0", "GCC-exception-2.0-note", "GCC-exception-3.1",
	"LLVM-exception", "Linux-syscall-note", "Universal-FOSS-exception-1.0", "eCos-exception-2.0",
	"WxWindows-exception-3.1", "GPL-3.0-linking-exception", "GPL-3.0-linking-source-exception",
	"LGPL-3.0-linking-exception", "OCaml-LGPL-linking-exception", "Libtool-exception",
	"Autoconf-exception-2.0", "Autoconf-exception-3.0", "Autoconf-exception-generic",
	"Autoconf-exception-generic-3.0", "Autoconf-exception-macro", "Bison-exception-1.24",
	"Bison-exception-2.2", "Font-exception-2.0", "GNAT-exception", "GNU-compiler-exception",
	"FLTK-exception", "Fawkes-Runtime-exception", "freertos-exception-2.0", "mif-exception",
	"CLISP-exception-2.0", "SWI-exception", "Swift-exception", "gnu-javamail-exception",
	"u-boot-exception-2.0", "Qt-LGPL-exception-1.1",
}

func linkingException(exc string) bool {
	if exc == "" {
		return false
	}
	c, ok := CanonicalException(exc)
	return ok && slices.Contains(linkingExceptions, c)
}

type compatResult int

const (
	unchecked compatResult = iota
	compatible
	conflicts
)

// compatibility is what compatWith found.
type compatibility struct {
	result compatResult
	clause string // for conflicts: why the dependency's licence reaches the project
	with   string // the project licence the result is about
	note   string // for compatible: an explanation appended to the reason
}

// compatWith checks a dependency's open, normalised licence against the
// project's normalised expression.
func compatWith(d Lic, p *Expr) compatibility {
	switch p.Op {
	case Or:
		var first compatibility
		anyUnchecked := false
		for i, a := range p.Args {
			c := compatWith(d, a)
			if c.result == compatible {
				return c
			}
			if i == 0 {
				first = c
			}
			anyUnchecked = anyUnchecked || c.result == unchecked
		}
		if anyUnchecked {
			return compatibility{result: unchecked, with: p.String()}
		}
		first.with = p.String()
		return first
	case And:
		parts := softwareParts(p.Args)
		var out compatibility
		for i, a := range parts {
			c := compatWith(d, a)
			if c.result == conflicts {
				return c
			}
			if i == 0 || c.result == unchecked {
				out = c
			}
		}
		if out.result == compatible {
			out.with = p.String()
		}
		return out
	}
	with := p.Lic.String()
	if _, known := Canonical(p.Lic.ID); !known {
		return compatibility{result: unchecked, with: with}
	}
	if du, pu := unversionedOf(d.ID), unversionedOf(p.Lic.ID); du != nil || pu != nil {
		return compatUnversioned(d, p.Lic, du, pu)
	}
	dv := gnuConveyable[d.ID]
	pv := gnuProject(p.Lic)
	if d.ID == "Apache-2.0" && slices.Equal(pv, []gnuVersion{gpl2}) {
		// The FSF: Apache-2.0's patent termination and indemnification
		// terms are further restrictions GPL-2.0 forbids; GPL-3.0 accepts them.
		return compatibility{result: conflicts, with: with,
			clause: "Apache-2.0's patent termination and indemnification terms are restrictions GPL-2.0 does not allow (the FSF: compatible with GPL-3.0 only)"}
	}
	if !gnuFamily(d.ID) || linkingException(d.Exception) {
		return compatibility{result: compatible, with: with}
	}
	for _, x := range dv {
		for _, y := range pv {
			if combinable(x, y) {
				note := ""
				if x != y {
					note = " (GPL-3.0 and AGPL-3.0 may be combined, section 13 of each)"
				}
				return compatibility{result: compatible, with: with, note: note}
			}
		}
	}
	if !strongCopyleft(d) { // the LGPL
		if pv == nil {
			return compatibility{result: compatible, with: with}
		}
		return compatibility{result: conflicts, with: with,
			clause: fmt.Sprintf("%s is weak copyleft, but code combined with it under the GPL must be distributed under %s", d, conveyText(d.ID, dv))}
	}
	kind, extra := "strong", ""
	if strings.HasPrefix(d.ID, "AGPL-") {
		kind, extra = "network", ", with its source offered to everyone who uses it over a network"
	}
	return compatibility{result: conflicts, with: with,
		clause: fmt.Sprintf("%s is %s copyleft: code that links it must be distributed under %s%s", d, kind, conveyText(d.ID, dv), extra)}
}

// compatUnversioned checks a licence named without its version (on either
// side) against every version it may mean: the result holds when they all
// agree, and is unchecked when they do not.
func compatUnversioned(d, p Lic, du, pu *unversionedFamily) compatibility {
	ds, ps := []Lic{d}, []Lic{p}
	if du != nil {
		ds = candidateLics(du, d.Exception)
	}
	if pu != nil {
		ps = candidateLics(pu, p.Exception)
	}
	var first compatibility
	for i, x := range ds {
		for j, y := range ps {
			c := compatWith(x, &Expr{Op: Leaf, Lic: y})
			if i == 0 && j == 0 {
				first = c
				continue
			}
			if c.result != first.result || c.result == unchecked {
				whose := "the dependency's licence does not state its version"
				if du == nil {
					whose = "the project's licence does not state its version"
				}
				return compatibility{result: unchecked, with: p.String(), note: whose + ", and the versions it may mean differ in compatibility"}
			}
		}
	}
	first.with = p.String()
	if first.result == conflicts && du != nil {
		first.clause = fmt.Sprintf("%s names %s without its version, and every version of it (%s) conflicts: %s",
			d, du.name, du.inUse, first.clause)
	}
	return first
}

func candidateLics(u *unversionedFamily, exception string) []Lic {
	out := make([]Lic, len(u.candidates))
	for i, id := range u.candidates {
		out[i] = Lic{ID: id, Exception: exception}
	}
	return out
}

// conveyText names the GNU licences a combined work must use: "GPL-3.0",
// "GPL-2.0 or later".
func conveyText(id string, vs []gnuVersion) string {
	if strings.HasPrefix(id, "LGPL-") {
		return string(vs[0]) + " or later"
	}
	if strings.HasSuffix(id, "-or-later") {
		return string(vs[0]) + " or later"
	}
	return string(vs[0])
}

// softwareParts drops the content and data licences from the parts of a
// project's AND expression (its documentation or data, not linked with code),
// unless nothing else is left.
func softwareParts(args []*Expr) []*Expr {
	var out []*Expr
	for _, a := range args {
		switch CategoryOfExpr(a) {
		case OpenContent, OpenData:
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return args
	}
	return out
}

// permissiveIDs are common permissive licences, and permissivePrefixes the
// families of them; they only shape the wording of the reason.
var (
	permissiveIDs = []string{
		"MIT", "MIT-0", "X11", "0BSD", "ISC", "Unlicense", "Zlib", "zlib-acknowledgement", "BSL-1.0",
		"CC0-1.0", "PSF-2.0", "Python-2.0", "Artistic-2.0", "NCSA", "UPL-1.0", "BlueOak-1.0.0",
		"PostgreSQL", "MulanPSL-2.0", "ECL-2.0", "W3C", "curl", "HPND", "ICU", "NTP", "Libpng",
		"libpng-2.0", "FTL", "Unicode-3.0", "Unicode-DFS-2016", "CC-BY-4.0", "CC-BY-3.0",
	}
	permissivePrefixes = []string{"MIT-", "BSD-", "Apache-", "AFL-"}
	weakPrefixes       = []string{"LGPL-", "MPL-", "EPL-", "EUPL-", "CDDL-", "CPL-", "MS-RL", "APSL-", "ErlPL-", "CECILL-C", "OFL-", "IPL-", "SPL-", "NPL-"}
)

// describeDep says what kind of open licence l is.
func describeDep(l Lic) string {
	name := l.String()
	if u := unversionedOf(l.ID); u != nil {
		return fmt.Sprintf("%s names %s without its version (every version in use, %s, is OSI-approved)", name, u.name, u.inUse)
	}
	switch {
	case gnuFamily(l.ID) && linkingException(l.Exception):
		return fmt.Sprintf("%s is copyleft, but its %s lets code under any licence link it", name, l.Exception)
	case strings.HasPrefix(l.ID, "AGPL-"):
		return fmt.Sprintf("%s is network copyleft", name)
	case strongCopyleft(l):
		return fmt.Sprintf("%s is strong copyleft", name)
	case strings.HasPrefix(l.ID, "LGPL-"):
		return fmt.Sprintf("%s is weak copyleft: code under any licence may link it, as long as changes to the library itself stay under the LGPL", name)
	case hasPrefix(l.ID, weakPrefixes):
		return fmt.Sprintf("%s is weak copyleft: only changes to the %s-licensed code itself must stay under it", name, l.ID)
	case slices.Contains(permissiveIDs, l.ID) || hasPrefix(l.ID, permissivePrefixes):
		return fmt.Sprintf("%s is permissive", name)
	}
	switch CategoryOf(l) {
	case OpenContent:
		return fmt.Sprintf("%s is an open content licence", name)
	case OpenData:
		return fmt.Sprintf("%s is an open data licence", name)
	}
	return fmt.Sprintf("%s is OSI-approved", name)
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
