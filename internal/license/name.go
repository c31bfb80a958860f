package license

import (
	"strings"
)

// aliases maps licence names as people write them in manifests, READMEs and
// package metadata to SPDX ids. Keys are folded by foldName: lower case,
// without quotes, with runs of space, '_' and ',' folded to one space.
//
// Names of licence families with numbered versions are read by
// fromFamilyName instead ("GNU LGPL version 3", "GPL (>= 2)"); named without
// a version ("GPL", "BSD", "Apache Software License", "MPL") they become
// unversioned ids (unversioned.go), never a guessed version. The aliases that
// keep a version a name does not state, "elastic license" (Elastic-2.0) and
// "busl" (BUSL-1.1), name licences every version of which is judged the same
// (not open), and the explanations name the current one.
var aliases = map[string]string{
	"mit license": "MIT", "the mit license": "MIT", "mit licence": "MIT", "expat": "MIT", "mit/x11": "MIT",
	"apache 2.0": "Apache-2.0", "apache-2": "Apache-2.0", "apache 2": "Apache-2.0", "apache2": "Apache-2.0",
	"apache license 2.0": "Apache-2.0", "apache license version 2.0": "Apache-2.0", "apache software license 2.0": "Apache-2.0",
	"apache license v2.0": "Apache-2.0", "the apache software license version 2.0": "Apache-2.0", "asl 2.0": "Apache-2.0",
	"the apache license version 2.0": "Apache-2.0", "alv2": "Apache-2.0",
	"new bsd license": "BSD-3-Clause", "modified bsd license": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause",
	"bsd-3": "BSD-3-Clause", "3-clause bsd license": "BSD-3-Clause", "the 3-clause bsd license": "BSD-3-Clause",
	"bsd 3-clause license": "BSD-3-Clause", "revised bsd license": "BSD-3-Clause",
	"simplified bsd license": "BSD-2-Clause", "freebsd license": "BSD-2-Clause", "bsd 2-clause": "BSD-2-Clause",
	"bsd-2": "BSD-2-Clause", "2-clause bsd license": "BSD-2-Clause", "bsd 2-clause license": "BSD-2-Clause",
	"isc license": "ISC",
	"gplv2":       "GPL-2.0-only", "gpl v2": "GPL-2.0-only", "gpl-2": "GPL-2.0-only", "gpl 2": "GPL-2.0-only", "gnu gpl v2": "GPL-2.0-only",
	"gplv2+": "GPL-2.0-or-later", "gpl-2+": "GPL-2.0-or-later",
	"gplv3": "GPL-3.0-only", "gpl v3": "GPL-3.0-only", "gpl-3": "GPL-3.0-only", "gpl 3": "GPL-3.0-only", "gnu gpl v3": "GPL-3.0-only",
	"gnu general public license v3": "GPL-3.0-only", "gnu general public license v3.0": "GPL-3.0-only",
	"gnu general public license version 3": "GPL-3.0-only", "gplv3+": "GPL-3.0-or-later", "gpl-3+": "GPL-3.0-or-later",
	"gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later", "gnu general public license v2 (gplv2)": "GPL-2.0-only",
	"agplv3": "AGPL-3.0-only", "agpl v3": "AGPL-3.0-only", "agpl-3": "AGPL-3.0-only", "agpl 3": "AGPL-3.0-only",
	"gnu affero general public license v3": "AGPL-3.0-only", "gnu affero general public license v3.0": "AGPL-3.0-only",
	"gnu affero general public license version 3": "AGPL-3.0-only", "agplv3+": "AGPL-3.0-or-later",
	"gnu affero general public license v3 or later (agplv3+)": "AGPL-3.0-or-later",
	"lgplv2.1": "LGPL-2.1-only", "lgpl-2.1": "LGPL-2.1-only", "lgpl v2.1": "LGPL-2.1-only", "lgplv3": "LGPL-3.0-only",
	"lgpl-3": "LGPL-3.0-only", "lgpl v3": "LGPL-3.0-only", "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
	"mpl 2.0": "MPL-2.0", "mpl-2": "MPL-2.0", "mpl2": "MPL-2.0", "mozilla public license 2.0": "MPL-2.0",
	"mozilla public license version 2.0": "MPL-2.0", "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
	"epl 2.0": "EPL-2.0", "eclipse public license 2.0": "EPL-2.0", "eclipse public license v2.0": "EPL-2.0",
	"epl 1.0": "EPL-1.0", "eclipse public license 1.0": "EPL-1.0", "eclipse public license v1.0": "EPL-1.0",
	"eupl 1.2": "EUPL-1.2", "eupl-1.2": "EUPL-1.2", "european union public licence 1.2": "EUPL-1.2",
	"the unlicense": "Unlicense", "unlicense": "Unlicense", "cc0": "CC0-1.0", "cc0 1.0": "CC0-1.0",
	"cc by 4.0": "CC-BY-4.0", "cc-by 4.0": "CC-BY-4.0", "cc by-sa 4.0": "CC-BY-SA-4.0", "cc-by-sa 4.0": "CC-BY-SA-4.0",
	"boost software license 1.0": "BSL-1.0", "zlib license": "Zlib", "the zlib license": "Zlib",
	"python software foundation license": "PSF-2.0", "artistic license 2.0": "Artistic-2.0",
	"server side public license": "SSPL-1.0", "sspl": "SSPL-1.0", "business source license 1.1": "BUSL-1.1",
	"bsl 1.1": "BUSL-1.1", "busl": "BUSL-1.1", "elastic license 2.0": "Elastic-2.0", "elastic license": "Elastic-2.0",
	"elv2": "Elastic-2.0", "sustainable use license": "LicenseRef-n8n-Sustainable-Use-1.0",
	"commons clause": "LicenseRef-Commons-Clause", "confluent community license": "LicenseRef-Confluent-Community-1.0",
	"redis source available license": "LicenseRef-RSAL-2.0", "rsal": "LicenseRef-RSAL-2.0", "rsalv2": "LicenseRef-RSAL-2.0",
	"unlicensed": "LicenseRef-Proprietary", "proprietary": "LicenseRef-Proprietary", "all rights reserved": "LicenseRef-Proprietary",
	"commercial": "LicenseRef-Proprietary", "private": "LicenseRef-Proprietary",
	"functional source license":                       "LicenseRef-FSL-1.0",
	"gnu affero general public license v3.0 or later": "AGPL-3.0-or-later", "gnu affero general public license v3 or later": "AGPL-3.0-or-later",
	"gnu general public license v3.0 or later": "GPL-3.0-or-later", "gnu general public license v3 or later": "GPL-3.0-or-later",
	"gnu general public license v2.0 or later": "GPL-2.0-or-later", "gnu general public license v2 or later": "GPL-2.0-or-later",
	"gnu lesser general public license v2.1 or later": "LGPL-2.1-or-later", "gnu lesser general public license v3.0 or later": "LGPL-3.0-or-later",
	"gnu general public license v2": "GPL-2.0-only", "gnu general public license v2.0": "GPL-2.0-only",
	"gnu lesser general public license v3": "LGPL-3.0-only", "gnu lesser general public license v2.1": "LGPL-2.1-only",
	"gnu agpl v3": "AGPL-3.0-only", "gnu agplv3": "AGPL-3.0-only",
	"bsd-3-clause license": "BSD-3-Clause", "bsd-2-clause license": "BSD-2-Clause", "isc": "ISC", "zlib": "Zlib",
	"creative commons attribution 4.0 international": "CC-BY-4.0", "creative commons attribution-sharealike 4.0 international": "CC-BY-SA-4.0",
	"creative commons zero": "CC0-1.0", "open database license": "ODbL-1.0", "open data commons open database license": "ODbL-1.0",
	"bsd 2-clause simplified license": "BSD-2-Clause", "bsd 3-clause new or revised license": "BSD-3-Clause",
	"mit/expat": "MIT", "x11": "X11", "python-2.0": "Python-2.0",
}

// FromName turns a licence declaration as written in a manifest or README
// ("MIT", "Apache License, Version 2.0", "GPL-3.0+", "(MIT OR Apache-2.0)",
// R's "GPL (>= 2)" and "MIT + file LICENSE", a Trove classifier "License ::
// OSI Approved :: MIT License") into a parsed SPDX expression. Ids are
// canonicalised; ok is false when the name is neither a valid expression of
// known ids nor a known name. A family named without its version ("GPL",
// "BSD License") becomes its unversioned id (see unversioned.go), never a
// guessed version.
func FromName(name string) (e *Expr, ok bool) {
	return fromName(name, 0)
}

// maxNameSplits bounds how deeply "A or B and C" is split.
const maxNameSplits = 4

func fromName(name string, depth int) (*Expr, bool) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxExprLen {
		return nil, false
	}
	if e, classifier := fromTrove(name); classifier {
		return e, e != nil
	}
	if e, ok := fromSingleName(name); ok {
		return e, true
	}
	if e, err := ParseExpr(name); err == nil && canonicalise(e) {
		return e, true
	}
	if depth < maxNameSplits {
		return fromNameList(name, depth)
	}
	return nil, false
}

// fromSingleName reads a name that declares one licence.
func fromSingleName(name string) (*Expr, bool) {
	f := foldName(name)
	if f == "" {
		return nil, false
	}
	if base, ok := cutFileLicence(f); ok {
		// R's "MIT + file LICENSE": the CRAN templates for MIT and BSD keep
		// only the year and holder in the file. For other licences the file
		// may add restrictions, so the declaration is not recognised.
		e, ok := fromName(base, maxNameSplits)
		if ok && e.Op == Leaf && (e.Lic.ID == "MIT" || e.Lic.ID == "BSD-2-Clause" || e.Lic.ID == "BSD-3-Clause") {
			return e, true
		}
		return nil, false
	}
	for _, key := range nameVariants(f) {
		if id, found := aliases[key]; found {
			return leaf(id), true
		}
		if id, found := Canonical(strings.ReplaceAll(key, " ", "-")); found && idLike(strings.ReplaceAll(key, " ", "-")) {
			return leaf(id), true
		}
	}
	if l, ok := fromFamilyName(f); ok {
		return &Expr{Op: Leaf, Lic: l}, true
	}
	// A name followed by its abbreviation or id: "Mozilla Public License 2.0
	// (MPL 2.0)", "Zero-Clause BSD (0BSD)".
	if open := strings.LastIndexByte(f, '('); open > 0 && strings.HasSuffix(f, ")") && !strings.HasPrefix(f[open:], "(>=") && !strings.HasPrefix(f[open:], "(==") {
		if e, ok := fromSingleName(f[:open]); ok {
			return e, true
		}
		return fromSingleName(f[open+1 : len(f)-1])
	}
	return nil, false
}

// cutFileLicence removes R's "+ file LICENSE" from a folded name.
func cutFileLicence(f string) (string, bool) {
	for _, suffix := range []string{"+ file license", "+ file licence", "+file license", "+file licence"} {
		if base, ok := strings.CutSuffix(f, suffix); ok {
			return strings.TrimSpace(base), true
		}
	}
	return "", false
}

// orSeparators and andSeparators join licence names in a declaration: R's
// "GPL-2 | GPL-3", "Apache 2.0 or MIT", "GPL and CC BY 4.0".
var (
	orSeparators  = []string{" | ", "|", " or ", " / "}
	andSeparators = []string{" and ", " & "}
)

// fromNameList reads a declaration that joins names with "or" or "and".
// Every part must be recognised.
func fromNameList(name string, depth int) (*Expr, bool) {
	lower := asciiLower(name)
	for _, group := range []struct {
		op   Op
		seps []string
	}{{Or, orSeparators}, {And, andSeparators}} {
		parts := splitTopLevel(name, lower, group.seps)
		if len(parts) < 2 {
			continue
		}
		var args []*Expr
		for _, p := range parts {
			e, ok := fromName(p, depth+1)
			if !ok {
				return nil, false
			}
			args = append(args, e)
		}
		return Combine(group.op, args...), true
	}
	return nil, false
}

// splitTopLevel splits s at the separators found in lower (s lower-cased
// byte for byte) outside parentheses.
func splitTopLevel(s, lower string, seps []string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(lower); i++ {
		switch lower[i] {
		case '(':
			depth++
			continue
		case ')':
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		for _, sep := range seps {
			if strings.HasPrefix(lower[i:], sep) {
				parts = append(parts, s[start:i])
				start = i + len(sep)
				i = start - 1
				break
			}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return append(parts, s[start:])
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// canonicalise rewrites the ids of e to their canonical spelling and reports
// whether every id is known.
func canonicalise(e *Expr) bool {
	if e.Op != Leaf {
		all := true
		for _, a := range e.Args {
			all = canonicalise(a) && all
		}
		return all
	}
	id, ok := Canonical(e.Lic.ID)
	if !ok {
		if alias, found := aliases[foldName(e.Lic.ID)]; found {
			id, ok = alias, true
		} else if l, found := fromFamilyName(foldName(e.Lic.ID)); found {
			id, ok = l.ID, true
			e.Lic.Plus = e.Lic.Plus || l.Plus
		}
	}
	if ok {
		e.Lic.ID = id
		if base, only := strings.CutSuffix(id, "-only"); only && e.Lic.Plus {
			e.Lic.ID, e.Lic.Plus = base+"-or-later", false // "GPLv3+" read as an id
		}
	}
	if e.Lic.Exception != "" {
		if x, found := CanonicalException(e.Lic.Exception); found {
			e.Lic.Exception = x
		} else if !isCommonsClause(e.Lic.Exception) {
			return false
		}
	}
	return ok
}

// nameVariants returns the folded name and the forms it takes without the
// words people add around a licence name: "the", "license", "version", "v".
func nameVariants(f string) []string {
	out := []string{f}
	v := strings.TrimPrefix(f, "the ")
	for _, suffix := range []string{" license", " licence", " public license"} {
		v = strings.TrimSuffix(v, suffix)
	}
	v = versionWords.Replace(v)
	v = strings.TrimSuffix(strings.TrimSuffix(v, " license"), " licence")
	if v != f {
		out = append(out, v)
	}
	return out
}

// foldName lower-cases a name, removes quotes and folds runs of space, '_',
// ',' and tabs to one space.
func foldName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '_', ',', '\t', '\n', '\r':
			space = true
			continue
		case '"', '\'', '`', '“', '”', '‘', '’':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// versionWords are the ways a licence name says "version".
var versionWords = strings.NewReplacer(" license version ", " ", " licence version ", " ", " version ", " ", " license v", " ", " licence v", " ", " v", " ")
