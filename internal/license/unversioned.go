package license

import (
	"strings"
)

// Licences named without their version.
//
// Manifests and READMEs often name a licence family without the version that
// tells its terms apart: setup.py's license="GPL", the Trove classifiers
// "License :: OSI Approved :: BSD License" and "... :: Apache Software
// License", R's "License: GPL". dpgcheck must not invent the version ("GPL"
// is not "GPL-3.0-only"), and must not drop the declaration either: the DPG
// Standard's question is whether the licence is an approved open licence,
// which the family answers.
//
// Such a name becomes one SPDX LicenseRef per family, LicenseRef-<family>-unversioned.
// In an Expr it is a Lic like any other, so Expr, JudgeExpr and
// CategoryOfExpr need no special case:
//   - CategoryOf and IsOSI count it OSI-approved, because every version of
//     these families in use is (GPL-2.0/3.0, LGPL-2.0/2.1/3.0, AGPL-3.0,
//     BSD-2/3-Clause, Apache-1.1/2.0, MPL-1.0/1.1/2.0, EUPL-1.1/1.2); the
//     judgement's Reason says the version is missing;
//   - Covers and SameLicences treat it as the same licence as any version of
//     its family, so "GPL" in setup.py does not conflict with a GPL-3.0 LICENSE;
//   - JudgeDependency checks compatibility against every version it may mean
//     and says "could not be checked" when they disagree (GPL into a
//     GPL-3.0-only project), and "conflicts" when all of them do (GPL into MIT);
//   - Family returns the id unchanged: it names no version family.

// unversionedFamily describes one LicenseRef-<family>-unversioned id.
type unversionedFamily struct {
	id   string
	name string // for sentences: "the GNU GPL"
	// prefixes are the beginnings of the SPDX ids of the family's versions.
	prefixes []string
	// candidates are the versions a declaration may mean, for compatibility.
	candidates []string
	inUse      string // the versions in use, for sentences
}

var unversionedFamilies = []unversionedFamily{
	{"LicenseRef-GPL-unversioned", "the GNU GPL", []string{"GPL-"},
		[]string{"GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later"}, "GPL-2.0 and GPL-3.0"},
	{"LicenseRef-LGPL-unversioned", "the GNU LGPL", []string{"LGPL-"},
		[]string{"LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later"}, "LGPL-2.0, LGPL-2.1 and LGPL-3.0"},
	{"LicenseRef-AGPL-unversioned", "the GNU AGPL", []string{"AGPL-"}, []string{"AGPL-3.0-only", "AGPL-3.0-or-later"}, "AGPL-3.0"},
	{"LicenseRef-BSD-unversioned", "a BSD licence", []string{"BSD-"}, []string{"BSD-2-Clause", "BSD-3-Clause"}, "BSD-2-Clause and BSD-3-Clause"},
	{"LicenseRef-Apache-unversioned", "the Apache License", []string{"Apache-"}, []string{"Apache-1.1", "Apache-2.0"}, "Apache-1.1 and Apache-2.0"},
	{"LicenseRef-MPL-unversioned", "the Mozilla Public License", []string{"MPL-"}, []string{"MPL-1.1", "MPL-2.0"}, "MPL-1.1 and MPL-2.0"},
	{"LicenseRef-EUPL-unversioned", "the European Union Public Licence", []string{"EUPL-"}, []string{"EUPL-1.1", "EUPL-1.2"}, "EUPL-1.1 and EUPL-1.2"},
}

// unversionedOf returns the family of an unversioned id, or nil.
func unversionedOf(id string) *unversionedFamily {
	for i := range unversionedFamilies {
		if strings.EqualFold(unversionedFamilies[i].id, id) {
			return &unversionedFamilies[i]
		}
	}
	return nil
}

// inFamily reports whether a versioned id belongs to the family.
func (u *unversionedFamily) inFamily(id string) bool {
	for _, p := range u.prefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// familyMatches reports whether two lower-cased family keys (see families)
// name the same licence: an unversioned family and one of its versions.
func familyMatches(a, b string) bool {
	if u := unversionedOf(a); u != nil {
		return a == b || inFamilyKey(b, u)
	}
	if u := unversionedOf(b); u != nil {
		return inFamilyKey(a, u)
	}
	return a == b
}

// inFamilyKey reports whether a lower-cased id is a version of the family.
func inFamilyKey(key string, u *unversionedFamily) bool {
	c, ok := Canonical(key)
	return ok && u.inFamily(Normalize(Lic{ID: c}).ID)
}
