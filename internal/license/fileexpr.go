package license

import (
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// dualWording marks a file that offers a choice between licences.
// It is read only before the first licence text: legal prose itself is full of
// "either" and "or the".
var dualWording = lazyregexp.New(`(?i)\b(dual[- ]licen[cs]ed|either of|at your (?:option|choice)|you may choose|choice of|licensed under either)\b`)

// FileExpr turns the matches found in one licence file into the expression
// the file declares, or nil when it declares none:
//   - URL matches only count when the file has no licence text;
//   - matches of one family collapse into the first (a GPL-3.0 full text also
//     matches GPL-3.0-or-later in its "How to Apply" appendix);
//   - an LGPL-3.0 text carries the GPL-3.0 text it builds on; that GPL match
//     is dropped;
//   - several licences combine with OR when the file offers a choice, with AND
//     otherwise (parts of the project under each).
func FileExpr(text []byte, matches []Match) *Expr {
	var texts, urls []Match
	for _, m := range matches {
		if m.URL {
			urls = append(urls, m)
		} else {
			texts = append(texts, m)
		}
	}
	if len(texts) == 0 {
		texts = urls
	}
	lgpl3 := false
	for _, m := range texts {
		if Family(m.ID) == "LGPL-3.0" {
			lgpl3 = true
		}
	}
	var leaves []*Expr
	seen := map[string]bool{}
	for _, m := range texts {
		fam := Family(m.ID)
		if seen[fam] || (lgpl3 && fam == "GPL-3.0") {
			continue
		}
		seen[fam] = true
		e, err := ParseExpr(m.ID) // mapped ids may be expressions ("GPL-2.0-only OR GPL-3.0-only")
		if err != nil {
			e = &Expr{Op: Leaf, Lic: Lic{ID: m.ID}}
		}
		leaves = append(leaves, e)
	}
	switch len(leaves) {
	case 0:
		return nil
	case 1:
		return leaves[0]
	}
	op := And
	first := len(text)
	for _, m := range texts {
		first = min(first, m.Start)
	}
	if dualWording.Match(text[:min(first, len(text))]) {
		op = Or
	}
	return flatten(&Expr{Op: op, Args: leaves})
}

// Combine joins expressions with op, flattening nested nodes of the same op.
func Combine(op Op, es ...*Expr) *Expr {
	var args []*Expr
	for _, e := range es {
		if e != nil {
			args = append(args, e)
		}
	}
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return flatten(&Expr{Op: op, Args: args})
}

func flatten(e *Expr) *Expr {
	if e.Op == Leaf {
		return e
	}
	var args []*Expr
	for _, a := range e.Args {
		a = flatten(a)
		if a.Op == e.Op {
			args = append(args, a.Args...)
		} else {
			args = append(args, a)
		}
	}
	e.Args = args
	return e
}

// SameLicences reports whether two expressions name the same licence families,
// ignoring operators ("GPL-3.0" and "GPL-3.0-or-later" are the same family; a
// family named without its version, such as LicenseRef-GPL-unversioned, is
// the same as each of its versions).
func SameLicences(a, b *Expr) bool {
	return Covers(a, b) && Covers(b, a)
}

// Covers reports whether every licence family of b also appears in a.
func Covers(a, b *Expr) bool {
	fa := families(a)
	for f := range families(b) {
		if fa[f] {
			continue
		}
		found := false
		for g := range fa {
			if familyMatches(g, f) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func families(e *Expr) map[string]bool {
	out := map[string]bool{}
	for _, l := range e.Leaves() {
		out[strings.ToLower(Family(l.ID))] = true
	}
	return out
}
