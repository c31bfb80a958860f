package rules

import (
	"path"
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// domainStandard is a domain data standard and how the product shows it
// uses one: a library that implements it, code or schema files named after
// it, and the words documentation uses for it.
type domainStandard struct {
	name  string
	deps  *regexp.Regexp // direct runtime dependencies (never type stubs)
	files *regexp.Regexp // start of a product file's name, or a folder name
	docs  *textindex.Pattern
}

// domainArtefacts are schemas, contexts or profiles of a standard that
// current documentation configures (mosip-cbeff.xsd, the W3C credentials
// context): use, not a mention.
var domainArtefacts = map[string]*textindex.Pattern{
	"FHIR":                       docWords.MustCompile(`(?i)hl7\.org/fhir/StructureDefinition/`),
	"W3C Verifiable Credentials": docWords.MustCompile(`(?i)w3\.org/20(18|22)/credentials`),
	"ISO/IEC 19785 CBEFF":        docWords.MustCompile(`(?i)cbeff[\w.-]*\.xsd`),
}

var domainStandardList = []domainStandard{
	{"FHIR", regexp.MustCompile(`(?i)^(ca\.uhn\.hapi\.fhir:.*|fhir\.resources|fhirclient|fhirpy|fhir-kit-client|fhir\.js|fhirclient\.js|@smile-cdr/fhirts|@asymmetrik/node-fhir-server-core|hl7\.fhir\..*|github\.com/google/fhir.*|github\.com/samply/golang-fhir-models.*)$`),
		regexp.MustCompile(`(?i)^fhir`), docWords.MustCompile(`\bFHIR\b`)},
	{"HL7", regexp.MustCompile(`(?i)^(ca\.uhn\.hapi:hapi-.*|hl7apy|python-hl7|hl7|node-hl7-client|simple-hl7|nhapi.*)$`),
		regexp.MustCompile(`(?i)^hl7`), docWords.MustCompile(`\bHL7\b`)},
	{"W3C Verifiable Credentials", regexp.MustCompile(`(?i)^(@digitalbazaar/vc|did-jwt-vc|@transmute/vc.*|vc-js|@veramo/credential-w3c|@sphereon/.*vc.*|com\.danubetech:verifiable-credentials-java|info\.weboftrust:.*|aries-cloudagent-python|@spruceid/didkit.*|didkit)$`),
		regexp.MustCompile(`(?i)^verifiable[-_]?credential`), docWords.MustCompile(`(?i)\bverifiable credentials?\b|\bW3C VC\b`)},
	{"ISO/IEC 19785 CBEFF", regexp.MustCompile(`(?i)cbeff`), regexp.MustCompile(`(?i)^cbeff`), docWords.MustCompile(`\bCBEFF\b`)},
	{"GeoJSON", regexp.MustCompile(`(?i)^(geojson|geojson-pydantic|django-geojson|geojson-validation|@turf/.*|turf|github\.com/paulmach/go\.geojson|github\.com/paulmach/orb)$`),
		regexp.MustCompile(`(?i)^geojson`), docWords.MustCompile(`\bGeoJSON\b`)},
	{"OGC", regexp.MustCompile(`(?i)^(owslib|pygeoapi|org\.geotools:gt-(wms|wfs.*|wmts|wps|geopkg|gml.*|xsd-.*|csw|ogcapi.*)|org\.geoserver.*|mapserver|geoserver-restconfig)$`), nil, docWords.MustCompile(`\b(OGC|WMS|WFS|WMTS|GeoPackage)\b`)},
	{"DICOM", regexp.MustCompile(`(?i)^(pydicom|dcm4che.*|org\.dcm4che.*|dicom-parser|dcmjs|fo-dicom)$`), regexp.MustCompile(`(?i)^dicom`), docWords.MustCompile(`\bDICOM\b`)},
	{"ODK XForms", regexp.MustCompile(`(?i)^(pyxform|org\.javarosa:.*|javarosa|enketo-core|@getodk/.*)$`), regexp.MustCompile(`(?i)^xforms?([-_.]|$)`), docWords.MustCompile(`(?i)\b(xforms?|xlsform)\b`)},
	{"SDMX", regexp.MustCompile(`(?i)sdmx`), regexp.MustCompile(`(?i)^sdmx`), docWords.MustCompile(`\bSDMX\b`)},
	{"ISO 20022", regexp.MustCompile(`(?i)iso20022|prowide`), regexp.MustCompile(`(?i)^(iso[-_]?20022|pacs\d|pain\d|camt\d)`), docWords.MustCompile(`(?i)\bISO[- ]?20022\b`)},
	{"DCAT", regexp.MustCompile(`(?i)^(ckanext-dcat)$`), regexp.MustCompile(`(?i)^dcat`), docWords.MustCompile(`\bDCAT\b`)},
	{"SNOMED CT", nil, regexp.MustCompile(`(?i)^snomed`), docWords.MustCompile(`\bSNOMED\b`)},
	{"LOINC", nil, regexp.MustCompile(`(?i)^loinc`), docWords.MustCompile(`\bLOINC\b`)},
	{"ICD-10/11", nil, regexp.MustCompile(`(?i)^icd[-_]?1[01]`), docWords.MustCompile(`\bICD-?1[01]\b`)},
	{"GS1", regexp.MustCompile(`(?i)^(gs1.*|biip)$`), regexp.MustCompile(`(?i)^gs1`), docWords.MustCompile(`\bGS1\b`)},
	{"IATI", nil, regexp.MustCompile(`(?i)^iati`), docWords.MustCompile(`\bIATI\b`)},
	{"SCIM", regexp.MustCompile(`(?i)^(scim2-.*|scim-.*|django-scim2|com\.unboundid\.product\.scim2:.*)$`), regexp.MustCompile(`(?i)^scim`), docWords.MustCompile(`\bSCIM\b`)},
}

// codeOrSchema is a file whose name says what the product implements:
// source code or a schema.
var codeOrSchema = regexp.MustCompile(`(?i)\.(java|kt|scala|groovy|ts|tsx|js|mjs|py|go|rb|cs|php|ex|exs|rs|xsd|jsonld|avsc|proto|graphqls?|schema\.json)$`)

// domainStandardsInUse returns the domain standards the product's own
// dependencies, code or schemas implement.
func domainStandardsInUse(r *evidence.Repo) ([]string, []report.Evidence) {
	var names []string
	var ev []report.Evidence
	for _, st := range domainStandardList {
		if st.deps != nil {
			if dep := directDepMatching(r, st.deps); len(dep) > 0 && !typeStubs(r, dep[0]) {
				names, ev = append(names, st.name), append(ev, dep[0])
				continue
			}
		}
		if f := fileNamedAfter(r, st.files); f != "" {
			names, ev = append(names, st.name), append(ev, report.At(f, 0))
			continue
		}
		if at, ok := currentDocMatching(r, domainArtefacts[st.name]); ok {
			names, ev = append(names, st.name), append(ev, at)
		}
	}
	return names, ev
}

// fileNamedAfter returns the first product file named after a standard.
func fileNamedAfter(r *evidence.Repo, re *regexp.Regexp) string {
	if re == nil {
		return ""
	}
	may := textindex.FilterOf(re)
	for _, f := range r.Files {
		if may.May(f) && namedAfter(f, re) {
			return f
		}
	}
	return ""
}

// currentDocMatching finds re in the prose or code of current
// documentation (not a changelog, release notes or a roadmap).
func currentDocMatching(r *evidence.Repo, re *textindex.Pattern) (report.Evidence, bool) {
	if re == nil {
		return report.Evidence{}, false
	}
	for _, d := range r.Docs {
		if notCurrentDoc.MatchString(d.Path) {
			continue
		}
		if loc := texts(r).FindStringIndex(d.Text, re); loc != nil {
			return report.At(d.Path, strings.Count(d.Text[:loc[0]], "\n")+1), true
		}
	}
	return report.Evidence{}, false
}

// typeStubs reports whether a dependency is only type declarations
// (@types/fhir): code that once used the standard may keep them.
func typeStubs(r *evidence.Repo, at report.Evidence) bool {
	for _, m := range r.Manifests {
		if m.Path != at.Path {
			continue
		}
		for _, d := range m.Deps {
			if d.Line == at.Line && strings.HasPrefix(d.Name, "@types/") {
				return true
			}
		}
	}
	return false
}

// namedAfter reports whether a product source or schema file, or one of
// its folders, is named after a standard: FhirService.java,
// VerifiableCredential.java, cbeff/ ... A file that merely mentions the
// name (remove-fhir-url-helpers.ts) is not.
func namedAfter(p string, re *regexp.Regexp) bool {
	if !codeOrSchema.MatchString(p) {
		return false
	}
	dir, base := path.Split(p)
	if re.MatchString(base) {
		return true
	}
	for seg := range strings.SplitSeq(strings.TrimSuffix(dir, "/"), "/") {
		if re.MatchString(seg) && len(seg) <= 12 {
			return true
		}
	}
	return false
}

// notCurrentDoc is documentation about the past or the future: changelogs,
// release notes, version histories, roadmaps and future considerations.
var notCurrentDoc = regexp.MustCompile(`(?i)(^|/)[^/]*(changelog|changes|history|news|release[-_ ]?notes?|releases|roadmap|future|upgrad|migrat)[^/]*(/|$)`)

// domainStandardsNamed returns the domain standards the current
// documentation names.
func domainStandardsNamed(r *evidence.Repo) ([]string, []report.Evidence) {
	var names []string
	var ev []report.Evidence
	for _, st := range domainStandardList {
		for _, d := range r.Docs {
			if notCurrentDoc.MatchString(d.Path) {
				continue
			}
			if loc := texts(r).FindStringIndex(d.Prose, st.docs); loc != nil {
				names = append(names, st.name)
				ev = append(ev, report.At(d.Path, strings.Count(d.Prose[:loc[0]], "\n")+1))
				break
			}
		}
	}
	return names, ev
}
