package license

import (
	"strings"
)

// troveLicences maps the licence classifiers of PyPI's Trove list (the names
// after "License :: OSI Approved :: " or "License :: ", lower-cased) to SPDX
// ids. The list is complete as of pypa/trove-classifiers 2026.1 (including its
// deprecated classifiers). An empty id marks a classifier that names no licence
// the tool can judge: categories ("OSI Approved", "DFSG approved"), vague terms
// ("Freeware", "Public Domain"), and families whose versions differ in ways that
// matter and that have no unversioned id here (AFL, Artistic, ZPL, NPL, EFL,
// APSL, GFDL, SISSL): they stay unrecognised, never open by default.
//
// Classifiers without a version map to an unversioned id (see unversioned.go).
// The two "LGPLv2" classifiers are unversioned too: there is no LGPL-2.1
// classifier, so projects under LGPL-2.0 and LGPL-2.1 both use them.
var troveLicences = map[string]string{
	"aladdin free public license (afpl)":                   "Aladdin",
	"cc0 1.0 universal (cc0 1.0) public domain dedication": "CC0-1.0",
	"cecill-b free software license agreement (cecill-b)":  "CECILL-B",
	"cecill-c free software license agreement (cecill-c)":  "CECILL-C",
	"dfsg approved":                                                   "",
	"eiffel forum license (efl)":                                      "",
	"free for educational use":                                        "",
	"free for home use":                                               "",
	"free to use but restricted":                                      "",
	"free for non-commercial use":                                     "",
	"freely distributable":                                            "",
	"freeware":                                                        "",
	"gust font license 1.0":                                           "",
	"gust font license 2006-09-30":                                    "",
	"netscape public license (npl)":                                   "",
	"nokia open source license (nokos)":                               "Nokia",
	"osi approved":                                                    "",
	"academic free license (afl)":                                     "",
	"apache software license":                                         "LicenseRef-Apache-unversioned",
	"apple public source license":                                     "",
	"artistic license":                                                "",
	"attribution assurance license":                                   "AAL",
	"bsd license":                                                     "LicenseRef-BSD-unversioned",
	"blue oak model license (blueoak-1.0.0)":                          "BlueOak-1.0.0",
	"boost software license 1.0 (bsl-1.0)":                            "BSL-1.0",
	"cmu license (mit-cmu)":                                           "MIT-CMU",
	"common public license":                                           "CPL-1.0", // its only version
	"eclipse public license 1.0 (epl-1.0)":                            "EPL-1.0",
	"eclipse public license 2.0 (epl-2.0)":                            "EPL-2.0",
	"eiffel forum license":                                            "",
	"european union public licence 1.0 (eupl 1.0)":                    "EUPL-1.0",
	"european union public licence 1.1 (eupl 1.1)":                    "EUPL-1.1",
	"european union public licence 1.2 (eupl 1.2)":                    "EUPL-1.2",
	"gnu affero general public license v3":                            "AGPL-3.0-only",
	"gnu free documentation license (fdl)":                            "",
	"gnu general public license (gpl)":                                "LicenseRef-GPL-unversioned",
	"gnu general public license v2 (gplv2)":                           "GPL-2.0-only",
	"gnu general public license v2 or later (gplv2+)":                 "GPL-2.0-or-later",
	"gnu general public license v3 (gplv3)":                           "GPL-3.0-only",
	"gnu general public license v3 or later (gplv3+)":                 "GPL-3.0-or-later",
	"gnu lesser general public license v2 (lgplv2)":                   "LicenseRef-LGPL-unversioned",
	"gnu lesser general public license v2 or later (lgplv2+)":         "LicenseRef-LGPL-unversioned",
	"gnu lesser general public license v3 (lgplv3)":                   "LGPL-3.0-only",
	"gnu lesser general public license v3 or later (lgplv3+)":         "LGPL-3.0-or-later",
	"gnu library or lesser general public license (lgpl)":             "LicenseRef-LGPL-unversioned",
	"historical permission notice and disclaimer (hpnd)":              "HPND",
	"ibm public license":                                              "IPL-1.0", // its only version
	"isc license (iscl)":                                              "ISC",
	"mit license":                                                     "MIT",
	"mit no attribution license (mit-0)":                              "MIT-0",
	"miros license (miros)":                                           "MirOS",
	"motosoto license":                                                "Motosoto",
	"mozilla public license 1.0 (mpl)":                                "MPL-1.0",
	"mozilla public license 1.1 (mpl 1.1)":                            "MPL-1.1",
	"mozilla public license 2.0 (mpl 2.0)":                            "MPL-2.0",
	"mulan permissive software license v2 (mulanpsl-2.0)":             "MulanPSL-2.0",
	"nasa open source agreement v1.3 (nasa-1.3)":                      "NASA-1.3",
	"nethack general public license":                                  "NGPL",
	"nokia open source license":                                       "Nokia",
	"open group test suite license":                                   "OGTSL",
	"open software license 3.0 (osl-3.0)":                             "OSL-3.0",
	"postgresql license":                                              "PostgreSQL",
	"python license (cnri python license)":                            "CNRI-Python",
	"python software foundation license":                              "PSF-2.0",
	"qt public license (qpl)":                                         "QPL-1.0", // its only version
	"ricoh source code public license":                                "RSCPL",
	"sil open font license 1.1 (ofl-1.1)":                             "OFL-1.1",
	"sleepycat license":                                               "Sleepycat",
	"sun public license":                                              "SPL-1.0",
	"the unlicense (unlicense)":                                       "Unlicense",
	"universal permissive license (upl)":                              "UPL-1.0", // its only version
	"university of illinois/ncsa open source license":                 "NCSA",
	"vovida software license 1.0":                                     "VSL-1.0",
	"w3c license":                                                     "W3C",
	"zero-clause bsd (0bsd)":                                          "0BSD",
	"zope public license":                                             "",
	"zlib/libpng license":                                             "Zlib",
	"other/proprietary license":                                       "LicenseRef-Proprietary",
	"public domain":                                                   "",
	"repoze public license":                                           "",
	"cea cnrs inria logiciel libre license, version 2.1 (cecill-2.1)": "CECILL-2.1",
	"common development and distribution license 1.0 (cddl-1.0)":      "CDDL-1.0",
	"educational community license, version 2.0 (ecl-2.0)":            "ECL-2.0",
	"gnu affero general public license v3 or later (agplv3+)":         "AGPL-3.0-or-later",
	"mitre collaborative virtual workspace license (cvw)":             "",
	"sun industry standards source license (sissl)":                   "",
	"intel open source license":                                       "Intel",
	"jabber open source license":                                      "",
	"x.net license":                                                   "Xnet",
}

// fromTrove reads a Trove licence classifier ("License :: OSI Approved ::
// MIT License"). classifier is false when s is not a licence classifier; e is
// nil when it is one that names no licence the tool can judge.
func fromTrove(s string) (e *Expr, classifier bool) {
	parts := strings.Split(s, "::")
	if len(parts) < 2 || !strings.EqualFold(strings.TrimSpace(parts[0]), "license") {
		return nil, false
	}
	tail := strings.ToLower(strings.Join(strings.Fields(parts[len(parts)-1]), " "))
	if id, ok := troveLicences[tail]; ok {
		if id == "" {
			return nil, true
		}
		return leaf(id), true
	}
	// A classifier added after this table: read its name as any other.
	if e, ok := fromSingleName(tail); ok {
		return e, true
	}
	return nil, true
}
