package license

import (
	"strings"
)

// A versionedFamily is a licence published in numbered versions, which people
// name in many ways: "GNU LGPL version 3", "LGPLv3", "lgpl-3", "GNU Lesser
// General Public License v3 or later", R's "LGPL (>= 3)".
type versionedFamily struct {
	prefix string // the SPDX ids are prefix + version: "LGPL-"
	// names are the family's names folded, without "license", "the" and a
	// version: "gnu lesser general public", "lgpl".
	names []string
	// versions maps a version as written to the SPDX version: "3" and "3.0"
	// are "3.0". A version not listed is not recognised ("GPL v4").
	versions map[string]string
	gnu      bool // ids end in -only or -or-later
	// unversioned is the id of the family named without a version, or ""
	// when a bare family name is not recognised (see unversioned.go).
	unversioned string
}

func versions(vs ...string) map[string]string {
	m := map[string]string{}
	for _, v := range vs {
		m[v] = v
		if short, ok := strings.CutSuffix(v, ".0"); ok {
			m[short] = v
		}
	}
	return m
}

var versionedFamilies = []versionedFamily{
	{"GPL-", []string{"gpl", "gnu gpl", "gnu general public", "general public", "gnu public"},
		versions("1.0", "2.0", "3.0"), true, "LicenseRef-GPL-unversioned"},
	{"LGPL-", []string{"lgpl", "gnu lgpl", "gnu lesser general public", "lesser general public", "gnu library general public",
		"library general public", "gnu library or lesser general public", "gnu lesser gpl", "lesser gpl", "gnu library gpl", "library gpl"},
		versions("2.0", "2.1", "3.0"), true, "LicenseRef-LGPL-unversioned"},
	{"AGPL-", []string{"agpl", "gnu agpl", "gnu affero general public", "affero general public", "gnu affero gpl", "affero gpl", "affero gnu general public"},
		versions("1.0", "3.0"), true, "LicenseRef-AGPL-unversioned"},
	{"GFDL-", []string{"gfdl", "gnu fdl", "fdl", "gnu free documentation", "free documentation"}, versions("1.1", "1.2", "1.3"), true, ""},
	{"Apache-", []string{"apache", "apache software", "asl"}, versions("1.0", "1.1", "2.0"), false, "LicenseRef-Apache-unversioned"},
	{"MPL-", []string{"mpl", "mozilla public", "mozilla"}, versions("1.0", "1.1", "2.0"), false, "LicenseRef-MPL-unversioned"},
	{"EUPL-", []string{"eupl", "european union public"}, versions("1.0", "1.1", "1.2"), false, "LicenseRef-EUPL-unversioned"},
	{"EPL-", []string{"epl", "eclipse public"}, versions("1.0", "2.0"), false, ""},
	{"CDDL-", []string{"cddl", "common development and distribution"}, versions("1.0", "1.1"), false, ""},
	{"AFL-", []string{"afl", "academic free"}, versions("1.1", "1.2", "2.0", "2.1", "3.0"), false, ""},
	{"OSL-", []string{"osl", "open software"}, versions("1.0", "1.1", "2.0", "2.1", "3.0"), false, ""},
	{"Artistic-", []string{"artistic", "perl artistic"}, versions("1.0", "2.0"), false, ""},
	{"ECL-", []string{"ecl", "educational community"}, versions("1.0", "2.0"), false, ""},
	{"OFL-", []string{"ofl", "sil open font", "open font", "sil ofl"}, versions("1.0", "1.1"), false, ""},
	{"ZPL-", []string{"zpl", "zope public"}, versions("1.1", "2.0", "2.1"), false, ""},
	{"EFL-", []string{"efl", "eiffel forum"}, versions("1.0", "2.0"), false, ""},
	{"APSL-", []string{"apsl", "apple public source"}, versions("1.0", "1.1", "1.2", "2.0"), false, ""},
	{"BSL-", []string{"boost software", "boost"}, versions("1.0"), false, ""},
}

// familyByName indexes versionedFamilies by name.
var familyByName = func() map[string]*versionedFamily {
	m := map[string]*versionedFamily{}
	for i := range versionedFamilies {
		for _, n := range versionedFamilies[i].names {
			m[n] = &versionedFamilies[i]
		}
	}
	return m
}()

// fillerWords carry nothing in a licence name.
var fillerWords = map[string]bool{"the": true, "license": true, "licence": true, "licenses": true, "licensed": true,
	"version": true, "ver": true, "vers": true, "v": true, "agreement": true}

// laterWords say "or any later version" once the filler words are gone.
var laterWords = map[string]bool{"or": true, "any": true, "later": true, "newer": true, "greater": true, "above": true,
	"and": true, "at": true, "your": true, "option": true, "+": true}

// fromFamilyName reads a folded licence name built from a family name, a
// version and "or later" ("gnu lgpl version 3", "gplv3+", "mpl 2.0",
// "gpl (>= 2)"). Without a version it returns the family's unversioned id,
// if it has one.
func fromFamilyName(folded string) (Lic, bool) {
	words, version, later, ok := familyWords(folded)
	if !ok || len(words) == 0 {
		return Lic{}, false
	}
	if l, ok := bsdName(words, version, later); ok {
		return l, true
	}
	f := familyByName[strings.Join(words, " ")]
	if f == nil {
		return Lic{}, false
	}
	if version == "" {
		if f.unversioned == "" || later {
			return Lic{}, false
		}
		return Lic{ID: f.unversioned}, true
	}
	v, ok := f.versions[version]
	if !ok {
		return Lic{}, false
	}
	id := f.prefix + v
	switch {
	case f.gnu && later:
		id += "-or-later"
	case f.gnu:
		id += "-only"
	case later:
		return Lic{ID: id, Plus: true}, true
	}
	return Lic{ID: id}, true
}

// familyWords splits a folded licence name into its name words, its version
// and whether it says "or later". ok is false when the name has words after
// its version that are not "or later" ("gpl 3 with exceptions").
func familyWords(folded string) (words []string, version string, later, ok bool) {
	s := folded
	// R's version constraints: "gpl (>= 2)", "apache license (== 2.0)".
	if i := strings.Index(s, "(>="); i >= 0 {
		later = true
		s = s[:i] + " " + s[i+3:]
	} else if i := strings.Index(s, "(=="); i >= 0 {
		s = s[:i] + " " + s[i+3:]
	}
	s = familyPunctuation.Replace(s)
	s = strings.ReplaceAll(s, "+", " + ")
	afterVersion := false
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".")
		if w == "clause" && version != "" {
			continue // "bsd 3 clause"
		}
		if w == "only" {
			afterVersion = true
			continue
		}
		name, v := splitVersion(w)
		if name != "" && !fillerWords[name] {
			if afterVersion && name != "bsd" { // "3 clause bsd" names its number first
				if !laterWords[name] {
					return nil, "", false, false
				}
				if name == "later" || name == "newer" || name == "greater" || name == "above" || name == "+" {
					later = true
				}
				continue
			}
			if name == "+" {
				later = true
				continue
			}
			words = append(words, name)
		}
		if v != "" {
			if version != "" {
				return nil, "", false, false
			}
			version, afterVersion = v, true
		}
	}
	return words, version, later, true
}

// splitVersion splits a word into a name part and a version part: "gplv3"
// is "gpl" and "3", "v2.1" is "" and "2.1", "2.0" is "" and "2.0", "lgpl3"
// is "lgpl" and "3".
func splitVersion(w string) (name, version string) {
	i := len(w)
	for i > 0 && (w[i-1] >= '0' && w[i-1] <= '9' || w[i-1] == '.') {
		i--
	}
	if i == len(w) || w[i] == '.' {
		return w, ""
	}
	name, version = w[:i], strings.TrimSuffix(w[i:], ".")
	if name != "v" && strings.HasSuffix(name, "v") && len(name) > 1 {
		name = strings.TrimSuffix(name, "v") // "gplv3"
	}
	if name == "v" || name == "version" {
		name = ""
	}
	return name, version
}

// bsdName reads the names of the BSD licences: "new bsd", "bsd 3 clause",
// R's "bsd_3_clause", "simplified bsd", "bsd" alone.
func bsdName(words []string, version string, later bool) (Lic, bool) {
	hasBSD := false
	clauses := version
	for _, w := range words {
		switch w {
		case "bsd":
			hasBSD = true
		case "clause", "or", "style", "like", "license", "licence":
		case "new", "modified", "revised", "three":
			clauses = pick(clauses, "3")
		case "simplified", "freebsd", "two":
			clauses = pick(clauses, "2")
		case "original", "old", "four":
			clauses = pick(clauses, "4")
		case "zero":
			clauses = pick(clauses, "0")
		default:
			return Lic{}, false
		}
	}
	if !hasBSD || later {
		return Lic{}, false
	}
	switch clauses {
	case "":
		return Lic{ID: "LicenseRef-BSD-unversioned"}, true
	case "0":
		return Lic{ID: "0BSD"}, true
	case "2", "3", "4":
		return Lic{ID: "BSD-" + clauses + "-Clause"}, true
	}
	return Lic{}, false
}

// pick returns the clause count a word implies, or "x" (no licence) when it
// contradicts the count already read ("new bsd 2 clause").
func pick(have, want string) string {
	if have == "" || have == want {
		return want
	}
	return "x"
}

// familyPunctuation is the punctuation a licence name is compared without.
var familyPunctuation = strings.NewReplacer("-", " ", "(", " ", ")", " ", ",", " ", "/", " ", `"`, " ", "'", " ", "“", " ", "”", " ")
