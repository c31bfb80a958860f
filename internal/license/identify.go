package license

import (
	"bytes"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Identification is what a licence file, or the licence section of a README,
// declares for the project.
type Identification struct {
	Expr *Expr // nil when the text declares no licence the tool can name
	Line int   // line of the main declaration
	// How says how it was recognised: "licence text", "licence title",
	// "licence text with rider", "SPDX tag", or "prose": a sentence ("licensed
	// under the MIT License") or a short notice that only names the licence
	// ("MPL 2.0", "License: MIT © Example").
	How string
	// Appended are licences of third-party components appended after the
	// project's own licence; they are not the project's licence.
	Appended []Match
}

// marker recognises a licence by its title, for licences licensecheck does not
// know (BUSL, Elastic) or misreads (an FSL text embeds the MIT or Apache text
// it converts to, which licensecheck reports alone).
type marker struct {
	id string
	re *lazyregexp.Regexp
	// rider markers add a restriction to the licence they are attached to
	// ("Apache-2.0 with the Commons Clause"); the others replace any match.
	rider bool
	// needle is a lower-case literal the marker's text must contain (a cheap
	// pre-filter before the regular expression).
	needle string
}

var markers = []marker{
	{"FSL-1.1-MIT", lazyregexp.New(`(?i)functional source license[^\n]{0,40}\bMIT future license`), false, "functional source"},
	{"FSL-1.1-ALv2", lazyregexp.New(`(?i)functional source license[^\n]{0,40}\b(ALv2|apache(\s+2\.0)?) future license`), false, "functional source"},
	{"LicenseRef-FSL-1.0", lazyregexp.New(`(?i)\bfunctional source license\b`), false, "functional source"},
	{"BUSL-1.1", lazyregexp.New(`(?i)\bbusiness source license\b`), false, "business source"},
	{"Elastic-2.0", lazyregexp.New(`(?i)\belastic license,?\s+(version\s+)?2\.0\b`), false, "elastic"},
	{"Elastic-2.0", lazyregexp.New(`\bELv2\b`), false, "elv2"},
	{"SSPL-1.0", lazyregexp.New(`(?i)\bserver side public license\b`), false, "server side"},
	{"PolyForm-Noncommercial-1.0.0", lazyregexp.New(`(?i)\bpolyform noncommercial license\b`), false, "polyform"},
	{"PolyForm-Small-Business-1.0.0", lazyregexp.New(`(?i)\bpolyform small business license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Shield-1.0.0", lazyregexp.New(`(?i)\bpolyform shield license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Perimeter-1.0.0", lazyregexp.New(`(?i)\bpolyform perimeter license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Internal-Use-1.0.0", lazyregexp.New(`(?i)\bpolyform internal use license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Free-Trial-1.0.0", lazyregexp.New(`(?i)\bpolyform free trial license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Strict-1.0.0", lazyregexp.New(`(?i)\bpolyform strict license\b`), false, "polyform"},
	{"LicenseRef-PolyForm-Defensive-1.0.0", lazyregexp.New(`(?i)\bpolyform defensive license\b`), false, "polyform"},
	{"LicenseRef-n8n-Sustainable-Use-1.0", lazyregexp.New(`(?i)\bsustainable use license\b`), false, "sustainable use"},
	{"LicenseRef-Confluent-Community-1.0", lazyregexp.New(`(?i)\bconfluent community license\b`), false, "confluent"},
	{"LicenseRef-CockroachDB-Community", lazyregexp.New(`(?i)\bcockroach(db)? community license\b`), false, "cockroach"},
	{"LicenseRef-RSAL-2.0", lazyregexp.New(`(?i)\bredis source available license\b`), false, "redis source"},
	{"LicenseRef-Llama-4-Community", lazyregexp.New(`(?i)\bllama 4 community license\b`), false, "llama"},
	{"LicenseRef-Llama-3.3-Community", lazyregexp.New(`(?i)\bllama 3\.3 community license\b`), false, "llama"},
	{"LicenseRef-Llama-3.2-Community", lazyregexp.New(`(?i)\bllama 3\.2 community license\b`), false, "llama"},
	{"LicenseRef-Llama-3.1-Community", lazyregexp.New(`(?i)\bllama 3\.1 community license\b`), false, "llama"},
	{"LicenseRef-Llama-3-Community", lazyregexp.New(`(?i)\b(meta )?llama 3 community license\b`), false, "llama"},
	{"LicenseRef-Llama-2-Community", lazyregexp.New(`(?i)\bllama 2 community license\b`), false, "llama"},
	{"Hippocratic-2.1", lazyregexp.New(`(?i)\bhippocratic license\b`), false, "hippocratic"},
	{"LicenseRef-Commons-Clause", lazyregexp.New(`(?i)\bcommons clause\b`), true, "commons clause"},
	{"LicenseRef-Good-Not-Evil", lazyregexp.New(`(?i)\bshall be used for good,?\s+not evil\b`), true, "not evil"},
}

// titleLines is how many non-empty lines open a licence and may hold its
// title; a licence named further down is usually only a mention.
const titleLines = 6

// titleRegion returns the text up to the end of its first titleLines
// non-empty lines.
func titleRegion(text []byte) []byte {
	seen := 0
	for i := 0; i < len(text); {
		end := bytes.IndexByte(text[i:], '\n')
		if end < 0 {
			return text
		}
		if len(bytes.TrimSpace(text[i:i+end])) > 0 {
			seen++
			if seen == titleLines {
				return text[:i+end]
			}
		}
		i += end + 1
	}
	return text
}

// thirdPartyOpeners start the line where a licence file begins listing other
// people's licences: matches after it are appended notices, not the project's.
var thirdPartyOpeners = []string{"third-party", "third party", "thirdparty", "this product includes", "this product contains",
	"this product bundles", "this product uses", "this software includes", "this software contains", "this software uses",
	"this project includes", "this project contains", "this project bundles", "this project uses",
	"this distribution includes", "this distribution contains", "notice for", "notices for", "included software",
	"included components", "included libraries", "bundled software", "bundled components", "bundled libraries",
	"attribution", "dependencies"}

// thirdPartyStart returns the offset of the first line that opens a
// third-party section, or -1.
func thirdPartyStart(text []byte) int {
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := bytes.TrimLeft(text[off:off+end], " \t#*=>-")
		if len(line) > 0 {
			head := bytes.ToLower(line[:min(len(line), 40)])
			for _, o := range thirdPartyOpeners {
				if bytes.HasPrefix(head, []byte(o)) {
					return off
				}
			}
		}
		off += end + 1
	}
	return -1
}

// Identify decides what a licence text declares, from licensecheck's matches
// and the text itself: a source-available title wins over the licence text it
// embeds; a rider (Commons Clause) is added with AND; third-party licences
// appended after a marker line are set apart; without any match, an SPDX tag,
// a sentence such as "licensed under the MIT License", or a short notice that
// only names a licence is read.
func Identify(text []byte, matches []Match) Identification {
	head := titleRegion(text)
	lowerHead := bytes.ToLower(head)
	for _, m := range markers {
		if m.rider || !bytes.Contains(lowerHead, []byte(m.needle)) {
			continue
		}
		if loc := m.re.FindIndex(head); loc != nil {
			return Identification{Expr: leaf(m.id), Line: lineOf(text, loc[0]), How: "licence title"}
		}
	}
	own, appended := matches, []Match(nil)
	if at := thirdPartyStart(text); at >= 0 {
		own, appended = nil, nil
		for _, m := range matches {
			if m.Start >= at && len(own) > 0 {
				appended = append(appended, m)
			} else {
				own = append(own, m)
			}
		}
	}
	id := Identification{Expr: FileExpr(text, own), Appended: appended, How: "licence text"}
	if len(own) > 0 {
		id.Line = own[0].Line
	}
	ownText := text
	if len(appended) > 0 {
		ownText = text[:appended[0].Start]
	}
	lowerOwn := bytes.ToLower(ownText)
	for _, m := range markers {
		if !m.rider || !bytes.Contains(lowerOwn, []byte(m.needle)) {
			continue
		}
		loc := m.re.FindIndex(ownText)
		if loc == nil || id.Expr != nil && hasID(id.Expr, m.id) || m.id == "LicenseRef-Good-Not-Evil" && id.Expr != nil && hasID(id.Expr, "JSON") {
			continue
		}
		if id.Expr == nil {
			id.Line = lineOf(text, loc[0])
		}
		id.Expr = Combine(And, id.Expr, leaf(m.id))
		id.How = "licence text with rider"
	}
	if id.Expr != nil {
		return id
	}
	if tags := FindSPDXTags(text); len(tags) > 0 {
		if e, ok := FromName(tags[0].Expr); ok {
			return Identification{Expr: e, Line: tags[0].Line, How: "SPDX tag"}
		}
	}
	if e, line, ok := FromProse(text); ok {
		return Identification{Expr: e, Line: line, How: "prose"}
	}
	if e, line, ok := fromShortNotice(text); ok {
		return Identification{Expr: e, Line: line, How: "prose"}
	}
	return Identification{}
}

func leaf(id string) *Expr { return &Expr{Op: Leaf, Lic: Lic{ID: id}} }

func hasID(e *Expr, id string) bool {
	for _, l := range e.Leaves() {
		if l.ID == id || l.Exception == "Commons-Clause" && id == "LicenseRef-Commons-Clause" {
			return true
		}
	}
	return false
}

// licenceSection finds where a README talks about its licence.
var licenceHeading = lazyregexp.New(`(?i)^\W*(licen[cs]es?|licensing|copying|license and copyright|copyright and licen[cs]e|legal)\W*$`)

// IsLicenceHeading reports whether a heading introduces a licence section.
func IsLicenceHeading(h string) bool { return licenceHeading.MatchString(strings.TrimSpace(h)) }
