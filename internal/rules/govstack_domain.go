package rules

import (
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// domainStandard is a domain data standard and how the product shows it
// uses one: a library that implements it, code or schema files named after
// it, and the words documentation uses for it.
type domainStandard struct {
	name  string
	deps  *lazyregexp.Regexp // direct runtime dependencies (never type stubs)
	files *lazyregexp.Regexp // start of a product file's name, or a folder name
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
	{"FHIR", lazyregexp.New(`(?i)^(ca\.uhn\.hapi\.fhir:.*|fhir\.resources|fhirclient|fhirpy|fhir-kit-client|fhir\.js|fhirclient\.js|@smile-cdr/fhirts|@asymmetrik/node-fhir-server-core|hl7\.fhir\..*|github\.com/google/fhir.*|github\.com/samply/golang-fhir-models.*)$`),
		lazyregexp.New(`(?i)^fhir`), docWords.MustCompile(`\bFHIR\b`)},
	{"HL7", lazyregexp.New(`(?i)^(ca\.uhn\.hapi:hapi-.*|hl7apy|python-hl7|hl7|node-hl7-client|simple-hl7|nhapi.*)$`),
		lazyregexp.New(`(?i)^hl7`), docWords.MustCompile(`\bHL7\b`)},
	{"W3C Verifiable Credentials", lazyregexp.New(`(?i)^(@digitalbazaar/vc|did-jwt-vc|@transmute/vc.*|vc-js|@veramo/credential-w3c|@sphereon/.*vc.*|com\.danubetech:verifiable-credentials-java|info\.weboftrust:.*|aries-cloudagent-python|@spruceid/didkit.*|didkit)$`),
		lazyregexp.New(`(?i)^verifiable[-_]?credential`), docWords.MustCompile(`(?i)\bverifiable credentials?\b|\bW3C VC\b`)},
	{"ISO/IEC 19785 CBEFF", lazyregexp.New(`(?i)cbeff`), lazyregexp.New(`(?i)^cbeff`), docWords.MustCompile(`\bCBEFF\b`)},
	{"GeoJSON", lazyregexp.New(`(?i)^(geojson|geojson-pydantic|django-geojson|geojson-validation|@turf/.*|turf|github\.com/paulmach/go\.geojson|github\.com/paulmach/orb)$`),
		lazyregexp.New(`(?i)^geojson`), docWords.MustCompile(`\bGeoJSON\b`)},
	{"OGC", lazyregexp.New(`(?i)^(owslib|pygeoapi|org\.geotools:gt-(wms|wfs.*|wmts|wps|geopkg|gml.*|xsd-.*|csw|ogcapi.*)|org\.geoserver.*|mapserver|geoserver-restconfig)$`), nil, docWords.MustCompile(`\b(OGC|WMS|WFS|WMTS|GeoPackage)\b`)},
	{"DICOM", lazyregexp.New(`(?i)^(pydicom|dcm4che.*|org\.dcm4che.*|dicom-parser|dcmjs|fo-dicom)$`), lazyregexp.New(`(?i)^dicom`), docWords.MustCompile(`\bDICOM\b`)},
	{"ODK XForms", lazyregexp.New(`(?i)^(pyxform|org\.javarosa:.*|javarosa|enketo-core|@getodk/.*)$`), lazyregexp.New(`(?i)^xforms?([-_.]|$)`), docWords.MustCompile(`(?i)\b(xforms?|xlsform)\b`)},
	{"SDMX", lazyregexp.New(`(?i)sdmx`), lazyregexp.New(`(?i)^sdmx`), docWords.MustCompile(`\bSDMX\b`)},
	{"ISO 20022", lazyregexp.New(`(?i)iso20022|prowide`), lazyregexp.New(`(?i)^(iso[-_]?20022|pacs\d|pain\d|camt\d)`), docWords.MustCompile(`(?i)\bISO[- ]?20022\b`)},
	{"DCAT", lazyregexp.New(`(?i)^(ckanext-dcat)$`), lazyregexp.New(`(?i)^dcat`), docWords.MustCompile(`\bDCAT\b`)},
	{"SNOMED CT", nil, lazyregexp.New(`(?i)^snomed`), docWords.MustCompile(`\bSNOMED\b`)},
	{"LOINC", nil, lazyregexp.New(`(?i)^loinc`), docWords.MustCompile(`\bLOINC\b`)},
	{"ICD-10/11", nil, lazyregexp.New(`(?i)^icd[-_]?1[01]`), docWords.MustCompile(`\bICD-?1[01]\b`)},
	{"GS1", lazyregexp.New(`(?i)^(gs1.*|biip)$`), lazyregexp.New(`(?i)^gs1`), docWords.MustCompile(`\bGS1\b`)},
	{"IATI", nil, lazyregexp.New(`(?i)^iati`), docWords.MustCompile(`\bIATI\b`)},
	{"SCIM", lazyregexp.New(`(?i)^(scim2-.*|scim-.*|django-scim2|com\.unboundid\.product\.scim2:.*)$`), lazyregexp.New(`(?i)^scim`), docWords.MustCompile(`\bSCIM\b`)},
}

// codeOrSchema is a file whose name says what the product implements:
// source code or a schema.
var codeOrSchema = lazyregexp.New(`(?i)\.(java|kt|scala|groovy|ts|tsx|js|mjs|py|go|rb|cs|php|ex|exs|rs|xsd|jsonld|avsc|proto|graphqls?|schema\.json)$`)

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
func fileNamedAfter(r *evidence.Repo, re *lazyregexp.Regexp) string {
	if re == nil {
		return ""
	}
	may := textindex.FilterOf(re.String())
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
func namedAfter(p string, re *lazyregexp.Regexp) bool {
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
var notCurrentDoc = lazyregexp.New(`(?i)(^|/)[^/]*(changelog|changes|history|news|release[-_ ]?notes?|releases|roadmap|future|upgrad|migrat)[^/]*(/|$)`)

// domainStandardsNamed returns the domain standards the current
// documentation names.
func domainStandardsNamed(r *evidence.Repo) ([]string, []report.Evidence) {
	var names []string
	var ev []report.Evidence
	current := make([]bool, len(r.Docs)) // asked once per document, not once per standard
	for i, d := range r.Docs {
		current[i] = !notCurrentDoc.MatchString(d.Path)
	}
	for _, st := range domainStandardList {
		for i, d := range r.Docs {
			if !current[i] {
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
