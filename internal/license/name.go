package license

import (
	"strings"
)

// aliases maps licence names as people write them in manifests, READMEs and
// package metadata to SPDX ids. Keys are lower case with runs of space, '_' and
// ',' folded to one space.
var aliases = map[string]string{
	"mit license": "MIT", "the mit license": "MIT", "mit licence": "MIT", "expat": "MIT", "mit/x11": "MIT",
	"apache 2.0": "Apache-2.0", "apache-2": "Apache-2.0", "apache 2": "Apache-2.0", "apache2": "Apache-2.0",
	"apache license 2.0": "Apache-2.0", "apache license version 2.0": "Apache-2.0", "apache software license 2.0": "Apache-2.0",
	"apache license v2.0": "Apache-2.0", "the apache software license version 2.0": "Apache-2.0", "asl 2.0": "Apache-2.0",
	"the apache license version 2.0": "Apache-2.0", "apache software license": "Apache-2.0", "apache license": "Apache-2.0",
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
	"gnu agpl v3": "AGPL-3.0-only", "gnu agplv3": "AGPL-3.0-only", "eupl": "EUPL-1.2", "mpl": "MPL-2.0",
	"bsd-3-clause license": "BSD-3-Clause", "bsd-2-clause license": "BSD-2-Clause", "isc": "ISC", "zlib": "Zlib",
	"creative commons attribution 4.0 international": "CC-BY-4.0", "creative commons attribution-sharealike 4.0 international": "CC-BY-SA-4.0",
	"creative commons zero": "CC0-1.0", "open database license": "ODbL-1.0", "open data commons open database license": "ODbL-1.0",
}

// FromName turns a licence declaration as written in a manifest or README
// ("MIT", "Apache License, Version 2.0", "GPL-3.0+", "(MIT OR Apache-2.0)")
// into a parsed SPDX expression. Ids are canonicalised; ok is false when the
// name is neither a valid expression of known ids nor a known alias.
func FromName(name string) (e *Expr, ok bool) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxExprLen {
		return nil, false
	}
	for _, key := range nameVariants(name) {
		if id, found := aliases[key]; found {
			return &Expr{Op: Leaf, Lic: Lic{ID: id}}, true
		}
		if id, found := Canonical(strings.ReplaceAll(key, " ", "-")); found && strings.ContainsAny(key, "0123456789") {
			return &Expr{Op: Leaf, Lic: Lic{ID: id}}, true
		}
	}
	e, err := ParseExpr(name)
	if err != nil {
		return nil, false
	}
	if !canonicalise(e) {
		return nil, false
	}
	return e, true
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
		}
	}
	if ok {
		e.Lic.ID = id
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
func nameVariants(name string) []string {
	f := foldName(name)
	out := []string{f}
	v := strings.TrimPrefix(f, "the ")
	for _, suffix := range []string{" license", " licence", " public license"} {
		v = strings.TrimSuffix(v, suffix)
	}
	v = strings.NewReplacer(" license version ", " ", " licence version ", " ", " version ", " ", " license v", " ", " licence v", " ", " v", " ").Replace(v)
	v = strings.TrimSuffix(strings.TrimSuffix(v, " license"), " licence")
	if v != f {
		out = append(out, v)
	}
	return out
}

func foldName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Trim(s, `"'`)
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '_' || r == ',' || r == '\t' {
			space = true
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
