package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// exportInDocs finds an export or import feature in the documentation: a
// verb near an open format, an output format named ("the output formats are
// CSV, ..."), data moved through an API ("import the fields via the API"),
// or results saved to a CSV, spreadsheet or GeoJSON file ("predictions will
// be saved to zamba_predictions.csv"; not JSON, which is as often a
// configuration file). JSON, XML and SQL count only as formats, not as a
// file's extension: "the exports field of package.json" and "a dump in
// init.sql" describe code and development set-up. An API alone is not a
// format: "the export folder builds the API" is about something else.
var exportInDocs = docWords.MustCompile(`(?i)\b(export|import|download|extract|dump)(s|ed|ing)?\b[^\n]{0,80}?(?:\b(csv|xlsx|ods|geojson|parquet|ndjson|jsonl|excel|open format)|(?:(?m:^)|[^.\w\n])(json|xml|sql))\b` +
	`|\b(export|import|download|extract)\w*\b[^\n]{0,40}?\b(via|through|using|with|from) (the |an? |our |its |their )?(\w+ ){0,2}api\b` +
	`|(?:\b(csv|xlsx|geojson)|(?:(?m:^)|[^.\w\n])(json|xml))\b[^\n]{0,40}?\b(export|import|download)\w*` +
	`|\boutput (file )?formats?\b[^\n]{0,80}?\b(csv|json|xml|xlsx|geojson|parquet|ndjson)\b` +
	`|\b(saved|written|exported) (to|as|in)\b[^\n]{0,40}?\b(csv|xlsx|ods|geojson|parquet)\b`)

// dataExtraction decides DPG indicator 6: non-PII data can be extracted or
// imported in a non-proprietary format.
func dataExtraction(in *Input) Result {
	r := in.Repo
	if h := in.Config.Handles.NonPIIData; h != nil && !*h {
		return Result{Outcome: report.NotApplicable, Evidence: []report.Evidence{in.configAt(in.Config.Handles.Keys["non-pii-data"].Line)},
			Message: "the project holds no non-PII data or content (configuration)"}
	}
	var found []string
	var ev []report.Evidence
	for _, s := range r.APISpecs {
		ev = append(ev, report.At(s.Path, s.Line))
		found = append(found, fmt.Sprintf("%s %s description %s", specName(s.Kind), s.Version, s.Path))
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		for _, d := range pc.File.APIDocumentation {
			ev = append(ev, report.Link(d.URL))
			found = append(found, "API documentation "+d.URL)
			break
		}
	}
	for _, h := range searchDocs(r, exportInDocs, 3) {
		ev = append(ev, h.at())
		// A match may start with the character before a format word.
		text := strings.TrimLeftFunc(h.text, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
		found = append(found, fmt.Sprintf("%q in %s", text, h.at()))
	}
	for _, p := range exportCode(r, 3) {
		ev = append(ev, report.At(p, 0))
		found = append(found, "export/import code "+p)
	}
	for _, a := range r.DPGApplications {
		if a.App.NonPIIAccess != "" {
			ev = append(ev, report.At(a.Path, 0))
			found = append(found, "the DPGA application describes the access mechanism")
		}
	}
	if len(found) == 0 {
		res := Result{Outcome: report.NeedsReview, Details: setAsideDetails(r, "YAML/JSON files", "documents"),
			Message: "no API description or data export/import feature was found; confirm how non-PII data can be extracted in an open format"}
		if u := unreadFiles(r, "API descriptions", nil); len(u) > 0 {
			return unknownBecause(u, res)
		}
		return res
	}
	return Result{Outcome: report.Pass, Evidence: ev[:min(len(ev), 6)], Details: found,
		Message: listUpTo(found, 2)}
}

func specName(kind string) string {
	switch kind {
	case "openapi":
		return "OpenAPI"
	case "swagger":
		return "Swagger"
	case "asyncapi":
		return "AsyncAPI"
	}
	return kind
}

// exportCode returns source files whose names say they export or import
// the project's data: a word "export" or "import" (or "exporter",
// "importers"), or "download" beside a data word ("csv", "records",
// "report"). Files that move data for the program's own sake (sync
// bookkeeping, language packs, keys, migrations, a Prometheus exporter) are
// not a way to get the project's data out.
func exportCode(r *evidence.Repo, max int) []string {
	var out []string
	for _, f := range r.Files {
		if evidence.Language(f) == "" || evidence.Language(f) == "Shell" || evidence.Language(f) == "SQL" {
			continue
		}
		words := nameWords(path.Base(f))
		pathWords := nameWords(f)
		moves := slices.ContainsFunc(words, func(w string) bool { return exportNameWords[w] && !moduleImports(f, w) }) ||
			slices.Contains(words, "download") && slices.ContainsFunc(pathWords, func(w string) bool { return dataWords[w] })
		if !moves || slices.ContainsFunc(pathWords, func(w string) bool { return notExportWords[w] }) {
			continue
		}
		out = append(out, f)
		if len(out) == max {
			break
		}
	}
	return out
}

// moduleImports reports a name word that, in f, is about importing code:
// a Python module named for imports (utils/imports.py, lazy_imports.py)
// holds import helpers, where importer.py and data_import.py are features.
func moduleImports(f, word string) bool {
	return word == "imports" && evidence.Language(f) == "Python"
}

var exportNameWords = map[string]bool{"export": true, "exports": true, "exporter": true, "exporters": true, "import": true,
	"imports": true, "importer": true, "importers": true}

var dataWords = map[string]bool{"csv": true, "xlsx": true, "xls": true, "excel": true, "json": true, "xml": true, "data": true,
	"dataset": true, "records": true, "record": true, "report": true, "reports": true, "geojson": true, "ods": true, "dump": true,
	"bulk": true, "adx": true, "fhir": true, "sdmx": true, "dxf": true, "shapefile": true, "kml": true, "gpx": true}

// notExportWords mark files that move data for the program's own sake:
// synchronisation bookkeeping, caches, images, language packs, migrations
// (Rails' db/migrate), one-off data patches, generated code, keys
// ("FailedSyncRecordDownloadDao", "downloadLanguagePack",
// "PatchGotIntoImportHistory").
var notExportWords = map[string]bool{"sync": true, "failed": true, "retry": true, "queue": true, "cache": true, "image": true,
	"images": true, "photo": true, "icon": true, "avatar": true, "lang": true, "language": true, "translation": true,
	"translations": true, "migration": true, "migrations": true, "key": true, "keys": true, "privkey": true, "cert": true,
	"font": true, "fonts": true, "asset": true, "assets": true, "apk": true, "update": true, "updates": true, "prometheus": true,
	"node": true, "metrics": true, "test": true, "tests": true, "spec": true, "qr": true, "qrcode": true, "scanner": true,
	"camera": true, "migrate": true, "patch": true, "patches": true, "codegen": true}
