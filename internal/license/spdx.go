// Package license owns licence knowledge: SPDX ids and expressions, how the DPG
// Standard classifies a licence for each project type, and the detection of
// licences and copyright notices in text (google/licensecheck plus SPDX tags).
// It is pure computation: callers hand it bytes, it reads no files.
package license

import (
	"strings"
	"sync"
)

// refLicenses are restrictive licences without an SPDX id that the DPG
// classification must still name. They use LicenseRef- ids.
var refLicenses = []string{
	"LicenseRef-Commons-Clause",
	"LicenseRef-RSAL-2.0",
	"LicenseRef-Confluent-Community-1.0",
	"LicenseRef-CockroachDB-Community",
	"LicenseRef-PolyForm-Shield-1.0.0",
	"LicenseRef-PolyForm-Perimeter-1.0.0",
	"LicenseRef-PolyForm-Internal-Use-1.0.0",
	"LicenseRef-PolyForm-Free-Trial-1.0.0",
	"LicenseRef-PolyForm-Strict-1.0.0",
	"LicenseRef-PolyForm-Defensive-1.0.0",
	"LicenseRef-n8n-Sustainable-Use-1.0",
	"LicenseRef-Llama-2-Community",
	"LicenseRef-Llama-3-Community",
	"LicenseRef-Llama-3.1-Community",
	"LicenseRef-Llama-3.2-Community",
	"LicenseRef-Llama-3.3-Community",
	"LicenseRef-Llama-4-Community",
	"LicenseRef-Anti-996",
	"LicenseRef-Prosperity-3.0.0",
	"LicenseRef-FSL-1.0",
	"LicenseRef-Proprietary",
	"LicenseRef-Good-Not-Evil",
	// Open licence families named without a version (unversioned.go).
	"LicenseRef-GPL-unversioned",
	"LicenseRef-LGPL-unversioned",
	"LicenseRef-AGPL-unversioned",
	"LicenseRef-BSD-unversioned",
	"LicenseRef-Apache-unversioned",
	"LicenseRef-MPL-unversioned",
	"LicenseRef-EUPL-unversioned",
}

var index = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(spdxLicenses)+len(refLicenses))
	for id := range spdxLicenses {
		m[strings.ToLower(id)] = id
	}
	for _, id := range refLicenses {
		m[strings.ToLower(id)] = id
	}
	return m
})

var exceptionIndex = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(spdxExceptions))
	for _, id := range spdxExceptions {
		m[strings.ToLower(id)] = id
	}
	return m
})

// Canonical returns the SPDX id (or known LicenseRef- id) for id in its
// canonical spelling, matching case-insensitively.
func Canonical(id string) (string, bool) {
	c, ok := index()[strings.ToLower(id)]
	return c, ok
}

// CanonicalException returns the canonical spelling of an SPDX exception id.
func CanonicalException(id string) (string, bool) {
	c, ok := exceptionIndex()[strings.ToLower(id)]
	return c, ok
}

// deprecatedTo maps the deprecated ids still used by the DPG registry, GitHub's
// licence API and licensecheck to their current form. A bare GNU id cannot say
// "-only" or "-or-later"; it maps to "-only", the reading SPDX gives it.
var deprecatedTo = map[string]Lic{
	"AGPL-1.0":                         {ID: "AGPL-1.0-only"},
	"AGPL-3.0":                         {ID: "AGPL-3.0-only"},
	"GFDL-1.1":                         {ID: "GFDL-1.1-only"},
	"GFDL-1.2":                         {ID: "GFDL-1.2-only"},
	"GFDL-1.3":                         {ID: "GFDL-1.3-only"},
	"GPL-1.0":                          {ID: "GPL-1.0-only"},
	"GPL-1.0+":                         {ID: "GPL-1.0-or-later"},
	"GPL-2.0":                          {ID: "GPL-2.0-only"},
	"GPL-2.0+":                         {ID: "GPL-2.0-or-later"},
	"GPL-3.0":                          {ID: "GPL-3.0-only"},
	"GPL-3.0+":                         {ID: "GPL-3.0-or-later"},
	"LGPL-2.0":                         {ID: "LGPL-2.0-only"},
	"LGPL-2.0+":                        {ID: "LGPL-2.0-or-later"},
	"LGPL-2.1":                         {ID: "LGPL-2.1-only"},
	"LGPL-2.1+":                        {ID: "LGPL-2.1-or-later"},
	"LGPL-3.0":                         {ID: "LGPL-3.0-only"},
	"LGPL-3.0+":                        {ID: "LGPL-3.0-or-later"},
	"GPL-2.0-with-GCC-exception":       {ID: "GPL-2.0-or-later", Exception: "GCC-exception-2.0"},
	"GPL-2.0-with-autoconf-exception":  {ID: "GPL-2.0-or-later", Exception: "Autoconf-exception-2.0"},
	"GPL-2.0-with-bison-exception":     {ID: "GPL-2.0-or-later", Exception: "Bison-exception-2.2"},
	"GPL-2.0-with-classpath-exception": {ID: "GPL-2.0-only", Exception: "Classpath-exception-2.0"},
	"GPL-2.0-with-font-exception":      {ID: "GPL-2.0-only", Exception: "Font-exception-2.0"},
	"GPL-3.0-with-GCC-exception":       {ID: "GPL-3.0-only", Exception: "GCC-exception-3.1"},
	"GPL-3.0-with-autoconf-exception":  {ID: "GPL-3.0-only", Exception: "Autoconf-exception-3.0"},
	"BSD-2-Clause-FreeBSD":             {ID: "BSD-2-Clause"},
	"BSD-2-Clause-NetBSD":              {ID: "BSD-2-Clause"},
	"StandardML-NJ":                    {ID: "SMLNJ"},
	"bzip2-1.0.5":                      {ID: "bzip2-1.0.6"},
	"eCos-2.0":                         {ID: "GPL-2.0-or-later", Exception: "eCos-exception-2.0"},
	"wxWindows":                        {ID: "LGPL-2.0-or-later", Exception: "WxWindows-exception-3.1"},
	"Nunit":                            {ID: "zlib-acknowledgement"},
	"Net-SNMP":                         {ID: "MIT-CMU"},
}

// Normalize rewrites a deprecated id to its current form; other ids come back
// unchanged (the exception, if any, is kept).
func Normalize(l Lic) Lic {
	key := l.ID
	if l.Plus {
		key += "+"
	}
	if to, ok := deprecatedTo[key]; ok {
		if to.Exception == "" {
			to.Exception = l.Exception
		}
		return to
	}
	if to, ok := deprecatedTo[l.ID]; ok && l.Plus {
		// "LGPL-2.1+" style ids handled above; "X-only+" is malformed, keep X.
		return to
	}
	if l.Plus {
		// GPL-2.0-only+ is not meaningful; an id+ of a GNU family means -or-later.
		if base, ok := strings.CutSuffix(l.ID, "-only"); ok {
			return Lic{ID: base + "-or-later", Exception: l.Exception}
		}
	}
	return l
}

// Legacy returns the pre-SPDX-3.0 id the DPG registry and GitHub's licence API
// use for a current id ("GPL-3.0-only" and "GPL-3.0-or-later" are "GPL-3.0").
func Legacy(id string) string {
	for _, suffix := range []string{"-only", "-or-later"} {
		if base, ok := strings.CutSuffix(id, suffix); ok {
			if _, deprecated := deprecatedTo[base]; deprecated {
				return base
			}
		}
	}
	return id
}

// Family returns the id without a GNU "-only"/"-or-later" suffix, so that a
// bare "GPL-3.0" (all licensecheck can tell from a full text) compares equal
// to either form.
func Family(id string) string {
	n := Normalize(Lic{ID: id}).ID
	return Legacy(n)
}
