package license

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Category is what kind of licence an id is, independent of the project type.
type Category string

// Categories, as in the JSON report's licenses[].category.
const (
	OSIApproved     Category = "osi-approved"
	OpenContent     Category = "open-content"
	OpenData        Category = "open-data"
	SourceAvailable Category = "source-available" // the text is visible, but use is restricted
	Proprietary     Category = "proprietary"
	CategoryUnknown Category = "unknown" // not recognised, or recognised but on no approved list
)

// ProjectType is a DPG category of solution; each has its own licence list.
type ProjectType string

// Project types (the DPG application's "Solution category").
const (
	Software ProjectType = "software"
	Data     ProjectType = "data"
	Content  ProjectType = "content"
	AIModel  ProjectType = "ai-model"
)

// ProjectTypes lists every project type.
var ProjectTypes = []ProjectType{Software, Data, Content, AIModel}

// openDataList is the DPG Standard's list for open data (reference
// dpg-standard.md §1.4: Open Definition-conformant, no NC), plus OGL-UK-3.0 from
// the DPG registry enum.
var openDataList = []string{
	"CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0",
	"CC-BY-3.0-IGO", "CC-BY-SA-3.0-IGO", "OGL-UK-3.0",
}

// restricted explains, in plain words, why each source-available or otherwise
// restrictive licence is not an approved open licence.
var restricted = map[string]string{
	"SSPL-1.0":                               "the Server Side Public License requires anyone offering the software as a service to release the source of their whole service stack; the OSI rejected it as not open source",
	"BUSL-1.1":                               "the Business Source License restricts production use until its change date; it is source-available, not open",
	"Elastic-2.0":                            "the Elastic License 2.0 forbids providing the software as a managed service and circumventing licence keys; it is not open source",
	"FSL-1.1-MIT":                            "the Functional Source License forbids competing uses for two years before the code becomes MIT; it is source-available, not open",
	"FSL-1.1-ALv2":                           "the Functional Source License forbids competing uses for two years before the code becomes Apache-2.0; it is source-available, not open",
	"LicenseRef-FSL-1.0":                     "the Functional Source License forbids competing uses for two years; it is source-available, not open",
	"LicenseRef-Commons-Clause":              "the Commons Clause forbids selling the software or services whose value derives substantially from it, which removes a freedom every open licence grants",
	"PolyForm-Noncommercial-1.0.0":           "PolyForm Noncommercial forbids commercial use; it is source-available, not open",
	"PolyForm-Small-Business-1.0.0":          "PolyForm Small Business limits use to small businesses; it is source-available, not open",
	"LicenseRef-PolyForm-Shield-1.0.0":       "PolyForm Shield forbids uses that compete with the licensor; it is source-available, not open",
	"LicenseRef-PolyForm-Perimeter-1.0.0":    "PolyForm Perimeter forbids competing products; it is source-available, not open",
	"LicenseRef-PolyForm-Internal-Use-1.0.0": "PolyForm Internal Use limits use to internal business operations; it is source-available, not open",
	"LicenseRef-PolyForm-Free-Trial-1.0.0":   "PolyForm Free Trial limits use to a trial period; it is source-available, not open",
	"LicenseRef-PolyForm-Strict-1.0.0":       "PolyForm Strict forbids changes and commercial use; it is source-available, not open",
	"LicenseRef-PolyForm-Defensive-1.0.0":    "PolyForm Defensive restricts use by parties that compete with or sue the licensor; it is source-available, not open",
	"LicenseRef-n8n-Sustainable-Use-1.0":     "the Sustainable Use License limits use to internal business purposes and non-commercial distribution; it is source-available, not open",
	"LicenseRef-Confluent-Community-1.0":     "the Confluent Community License forbids offering a competing SaaS; it is source-available, not open",
	"LicenseRef-CockroachDB-Community":       "the CockroachDB Community License restricts offering the software as a service; it is source-available, not open",
	"LicenseRef-RSAL-2.0":                    "the Redis Source Available License forbids offering the software as a managed database service; it is source-available, not open",
	"LicenseRef-Llama-2-Community":           "the Llama 2 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Llama-3-Community":           "the Llama 3 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Llama-3.1-Community":         "the Llama 3.1 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Llama-3.2-Community":         "the Llama 3.2 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Llama-3.3-Community":         "the Llama 3.3 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Llama-4-Community":           "the Llama 4 Community License has an acceptable-use policy and user-count limits; it is not an open licence",
	"LicenseRef-Good-Not-Evil":               `a "the Software shall be used for Good, not Evil" clause is a field-of-use restriction that the OSI and the FSF reject`,
	"JSON":                                   `the JSON License adds "the Software shall be used for Good, not Evil", a field-of-use restriction that the OSI and the FSF reject`,
	"Hippocratic-2.1":                        "the Hippocratic License restricts use on ethical grounds; the DPGA does not accept ethical-source licences (publicgoods-candidates PR #115)",
	"LicenseRef-Anti-996":                    "the Anti-996 License conditions use on labour practices, a field-of-use restriction; it is not OSI-approved",
	"LicenseRef-Prosperity-3.0.0":            "the Prosperity Public License forbids commercial use beyond a trial; it is source-available, not open",
	"LicenseRef-Proprietary":                 "the project declares itself proprietary (all rights reserved)",
}

var dpgSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, id := range dpgRegistryList {
		m[Normalize(Lic{ID: id}).ID] = true
	}
	return m
})

func isCC(id string) bool { return strings.HasPrefix(id, "CC-BY") || id == "CC0-1.0" }

func isND(id string) bool { return strings.HasPrefix(id, "CC-") && strings.Contains(id, "-ND") }

func isNC(id string) bool { return strings.HasPrefix(id, "CC-") && strings.Contains(id, "-NC") }

// IsOSI reports whether id is OSI-approved: flagged so in the SPDX list, on
// the DPG registry's software list, or an open licence family named without
// its version (see unversioned.go).
func IsOSI(id string) bool {
	n := Normalize(Lic{ID: id}).ID
	if spdxLicenses[n] || spdxLicenses[id] || unversionedOf(n) != nil {
		return true
	}
	return dpgSet()[n] && !isCC(n) && !slices.Contains(openDataList, n)
}

// CategoryOf returns the category of a single licence.
func CategoryOf(l Lic) Category {
	n := Normalize(l)
	switch {
	case n.Exception != "" && isCommonsClause(n.Exception):
		return SourceAvailable
	case restricted[n.ID] != "" || isND(n.ID):
		if n.ID == "LicenseRef-Proprietary" {
			return Proprietary
		}
		return SourceAvailable
	case IsOSI(n.ID):
		return OSIApproved
	case isCC(n.ID):
		if slices.Contains(openDataList, n.ID) && !strings.HasPrefix(n.ID, "CC") {
			return OpenData
		}
		return OpenContent
	case slices.Contains(openDataList, n.ID):
		return OpenData
	}
	return CategoryUnknown
}

func isCommonsClause(exc string) bool {
	e := strings.ToLower(exc)
	return e == "commons-clause" || e == "licenseref-commons-clause" || e == "commonsclause"
}

// Judgement is the decision on one licence for a set of project types.
type Judgement struct {
	Lic      Lic
	Category Category
	Approved bool
	Rule     string // the DPG rule applied, e.g. "OSI-approved licence for software"
	Reason   string // a plain sentence a maintainer can act on
}

// JudgeLic decides whether one licence is approved for at least one of types.
func JudgeLic(l Lic, types []ProjectType) Judgement {
	if len(types) == 0 {
		types = []ProjectType{Software}
	}
	n := Normalize(l)
	j := Judgement{Lic: l, Category: CategoryOf(l)}
	name := l.String()
	if n.Exception != "" && isCommonsClause(n.Exception) {
		j.Rule = "source-available licences are not open"
		j.Reason = fmt.Sprintf("%s: %s", name, restricted["LicenseRef-Commons-Clause"])
		return j
	}
	if n.Exception != "" {
		if _, ok := CanonicalException(n.Exception); !ok {
			j.Category = CategoryUnknown
			j.Rule = "unknown licence exception"
			j.Reason = fmt.Sprintf("%s: %q is not an SPDX licence exception, so the tool cannot tell what it adds", name, n.Exception)
			return j
		}
	}
	if why, ok := restricted[n.ID]; ok {
		j.Rule = "source-available licences are not open"
		j.Reason = fmt.Sprintf("%s: %s", name, why)
		return j
	}
	if isND(n.ID) {
		j.Rule = "Creative Commons without ND"
		j.Reason = fmt.Sprintf("%s: No-Derivatives licences are never accepted by the DPGA", name)
		return j
	}
	var rejections []string
	for _, t := range types {
		ok, rule, why := approvedFor(n.ID, t)
		if ok {
			j.Approved, j.Rule = true, rule
			j.Reason = fmt.Sprintf("%s is an approved licence for %s (%s)", name, t, rule)
			if u := unversionedOf(n.ID); u != nil {
				j.Reason = fmt.Sprintf("%s names %s without its version; every version in use (%s) is OSI-approved, so it is accepted for %s, "+
					"but name the version with an SPDX id so that its exact terms are known", name, u.name, u.inUse, t)
			}
			return j
		}
		rejections = append(rejections, why)
		if j.Rule == "" {
			j.Rule = rule
		}
	}
	j.Reason = name + ": " + strings.Join(rejections, "; ")
	if _, known := Canonical(n.ID); !known && !isCC(n.ID) {
		j.Rule = "unrecognised licence"
		j.Reason = fmt.Sprintf("%q is not an SPDX licence id the tool knows, so it cannot be confirmed as open", l.ID)
	}
	return j
}

func approvedFor(id string, t ProjectType) (ok bool, rule, why string) {
	switch t {
	case Content:
		if isCC(id) {
			return true, "Creative Commons licence for content", ""
		}
		return false, "Creative Commons licence for content", "content needs a Creative Commons licence (BY, BY-SA, CC0; BY-NC and BY-NC-SA also accepted)"
	case Data:
		if slices.Contains(openDataList, id) {
			return true, "open data licence", ""
		}
		return false, "open data licence", "data needs ODbL, ODC-By, PDDL, CC-BY, CC-BY-SA or CC0"
	case AIModel:
		if IsOSI(id) {
			return true, "OSI-approved licence for AI system code", ""
		}
		if slices.Contains(openDataList, id) {
			return true, "open licence for AI model and data", ""
		}
		return false, "OSI-approved licence for AI system code", "AI systems need OSI-approved code and openly licensed model and data"
	default:
		if IsOSI(id) {
			return true, "OSI-approved licence for software", ""
		}
		if isNC(id) {
			return false, "OSI-approved licence for software", "NonCommercial licences are accepted for content only, never for software"
		}
		if isCC(id) {
			return false, "OSI-approved licence for software", "Creative Commons licences are for content and data, not software"
		}
		return false, "OSI-approved licence for software", "software needs an OSI-approved licence"
	}
}

// JudgeExpr decides a whole expression: OR needs one approved operand, AND
// needs every operand approved. It returns the decision and the judgement of
// every licence in the expression, in order.
func JudgeExpr(e *Expr, types []ProjectType) (bool, []Judgement) {
	var js []Judgement
	for _, l := range e.Leaves() {
		js = append(js, JudgeLic(l, types))
	}
	i := 0
	return evalInOrder(e, js, &i), js
}

// evalInOrder evaluates e against per-leaf judgements without short-circuiting,
// so that leaf i of the expression always reads judgement i.
func evalInOrder(e *Expr, js []Judgement, i *int) bool {
	if e.Op == Leaf {
		ok := js[*i].Approved
		*i++
		return ok
	}
	result := e.Op == And
	for _, a := range e.Args {
		ok := evalInOrder(a, js, i)
		if e.Op == And {
			result = result && ok
		} else {
			result = result || ok
		}
	}
	return result
}

// CategoryOfExpr returns the category of a whole expression: the category of
// its approved licence for OR, of its weakest licence for AND.
func CategoryOfExpr(e *Expr) Category {
	if e.Op == Leaf {
		return CategoryOf(e.Lic)
	}
	cats := make([]Category, len(e.Args))
	for i, a := range e.Args {
		cats[i] = CategoryOfExpr(a)
	}
	rank := func(c Category) int {
		return slices.Index([]Category{Proprietary, SourceAvailable, CategoryUnknown, OpenContent, OpenData, OSIApproved}, c)
	}
	best := cats[0]
	for _, c := range cats[1:] {
		if (e.Op == Or) == (rank(c) > rank(best)) {
			best = c
		}
	}
	return best
}
