package rules

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Headings that introduce install and usage instructions, in the languages DPG
// projects commonly write their READMEs in.
var (
	installHeading = lazyregexp.New(`(?i)\b(install\w*|set ?up|getting started|get started|quick ?start|build(ing)?|deploy(ing|ment)?|requirements|prerequisites|how to run|run(ning)? (it )?locally|local development|development (setup|environment)|self[- ]host\w*|compil\w+|instalaci[oó]n|instala[çc][ãa]o|instalar|d[ée]marrage|mise en place|installer|einrichtung|primeros pasos)\b`)
	usageHeading   = lazyregexp.New(`(?i)\b(usage|using|how to use|run(ning)?|getting started|quick ?start|examples?|tutorials?|user guide|guides?|documentation|docs|features|configuration|uso|utilisation|utilizaci[oó]n|verwendung|benutzung)\b`)
	shellLang      = lazyregexp.New(`^(sh|bash|shell|console|zsh|fish|powershell|ps1|pwsh|cmd|bat|terminal|shell-session|shellsession)$`)
	commandLine    = lazyregexp.New(`(?m)^\s*(\$ |> |npm |npx |yarn |pnpm |pip3? |pipx |poetry |uv |go (run|build|install|get) |docker |docker-compose |podman |make\b|mvn |\./mvnw|gradle |\./gradlew|cargo |composer |bundle |gem |dotnet |helm |kubectl |git clone|python3? |node |mix |Rscript|R -e|conda |brew |apt(-get)? |curl |java -jar|php |rails |flask |uvicorn |streamlit |jupyter )`)
	docsLinkText   = lazyregexp.New(`(?i)\b(docs|documentation|wiki|guide|manual|handbook|read the docs)\b`)
	dataDocName    = lazyregexp.New(`(?i)(dictionary|codebook|schema|metadata|fields|variables|datapackage|data[-_ ]?card|datasheet)`)
	dataHeading    = lazyregexp.New(`(?i)\b(fields|columns|variables|data dictionary|schema|codebook|methodology|data collection|sources|provenance|data description|attributes)\b`)
)

// minInstallWords is the least prose (heading included) an install section
// without commands needs to explain anything: "Installation: email us for
// the compiled version" has 9 words.
const minInstallWords = 25

// A README is nearly empty when it has almost no words, or few words and
// neither code nor sections: a title and badges document nothing.
func nearlyEmpty(d *evidence.Doc) bool {
	return d.Words < 15 || d.Words < 40 && len(d.Code) == 0 && len(d.Headings) <= 1
}

// documentation decides DPG indicator 5.
func documentation(in *Input) Result {
	r := in.Repo
	types := in.Config.ProjectTypes()
	readme := r.Readme
	docs := docsEvidence(in)
	if u := unreadFiles(r, "READMEs", nil); readme == nil && len(u) > 0 {
		return unknownBecause(u, Result{})
	}
	if readme == nil {
		if len(docs) > 0 {
			return Result{Outcome: report.NeedsReview, Evidence: docs,
				Message:     "no README at the repository root, though documentation exists elsewhere",
				Remediation: "Add a README.md that says what the project is and links the installation and usage documentation."}
		}
		return Result{Outcome: report.Fail, Message: "no README at the repository root and no documentation found"}
	}
	if t := templateReadme(readme); t != "" && onlyLinks(docs) {
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{report.At(readme.Path, 1)},
			Message: fmt.Sprintf("%s is %s's template README, unchanged: it documents the framework, not this project", readme.Path, t),
			Remediation: "Replace the template README with what the project is, how to install and run it, and how to use it " +
				"(or link the project's documentation)."}
	}
	if nearlyEmpty(readme) && len(docs) == 0 {
		if site := projectSite(in); site != nil {
			return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{*site},
				Message: fmt.Sprintf("%s is short (%s) and sends readers to %s; the tool cannot see what is documented there",
					readme.Path, plural(readme.Words, "word"), site.URL),
				Remediation: "Make sure the linked site explains how to install and run the software, and link its installation " +
					"page from the README (or attest it under `attestations: {dpg-5: {evidence: [URL]}}`)."}
		}
		return Result{Outcome: report.Fail, Evidence: []report.Evidence{report.At(readme.Path, 1)}, hostCould: true,
			Message: fmt.Sprintf("%s is nearly empty (%s) and links no documentation", readme.Path, plural(readme.Words, "word"))}
	}
	switch {
	case slices.Contains(types, license.Data) && !slices.Contains(types, license.Software):
		return dataDocumentation(in, readme, docs)
	case slices.Contains(types, license.Content) && !slices.Contains(types, license.Software):
		return contentDocumentation(readme, docs)
	}
	install, usage, pointer := instructions(readme)
	var ev []report.Evidence
	var found []string
	if install != nil {
		ev = append(ev, *install)
		found = append(found, "install instructions")
	}
	if usage != nil && (install == nil || usage.Line != install.Line) {
		ev = append(ev, *usage)
		found = append(found, "usage")
	}
	if install == nil {
		if e := installDoc(r); e != nil {
			install = e
			ev = append(ev, *e)
			found = append(found, "install guide")
		}
	}
	if install == nil && len(r.DocSites) == 0 && len(r.DocDirs) > 0 {
		// A docs folder of decision records and test notes documents the
		// code, not how to launch and run the software.
		res := Result{Outcome: report.NeedsReview, Evidence: append(append(ev, docs...), report.At(readme.Path, 1)),
			Details: []string{"headings: " + headingList(readme)},
			Message: fmt.Sprintf("documentation found (%s), but neither %s nor it says how to install and run the software",
				strings.Join(slashed(r.DocDirs), ", "), readme.Path),
			Remediation: "Add installation and run instructions to " + readme.Path + " or to a guide in " + r.DocDirs[0] +
				"/ (a heading such as \"Installation\" or \"Getting started\"), or attest where they are under " +
				"`attestations: {dpg-5: {evidence: [URL]}}` in .github/dpgcheck.yml."}
		if pointer != nil {
			res.Evidence = append(res.Evidence, pointer.at)
			res.Message += fmt.Sprintf("; its install section only sends readers to %s", pointer.target)
		}
		return res
	}
	ev = append(ev, docs...)
	if len(docs) > 0 {
		found = append(found, "documentation")
	}
	details := []string{"headings: " + headingList(readme)}
	if install == nil && len(docs) > 0 && onlyLinks(docs) {
		return Result{Outcome: report.NeedsReview, Evidence: append(ev, report.At(readme.Path, 1)), Details: details,
			Message: fmt.Sprintf("the documentation is on %s; the tool cannot see whether it explains how to install and run the software", docs[0].URL),
			Remediation: "Link the installation guide from the README, or attest the documentation under " +
				"`attestations: {dpg-5: {evidence: [URL]}}` in .github/dpgcheck.yml."}
	}
	if install != nil || len(docs) > 0 {
		return Result{Outcome: report.Pass, Evidence: ev[:min(len(ev), 6)], Details: details,
			Message: strings.Join(found, ", ") + " found"}
	}
	msg := fmt.Sprintf("%s has no recognisable install or run instructions and links no documentation", readme.Path)
	if g := thinInstallGuide(r); g != nil {
		ev = append(ev, report.At(g.Path, 1))
		msg += fmt.Sprintf("; %s names what to install but shows no steps or commands", g.Path)
	}
	if pointer != nil {
		ev = append(ev, pointer.at)
		msg = fmt.Sprintf("%s's install section only sends readers to %s; the tool cannot see the instructions there", readme.Path, pointer.target)
	} else if usage != nil {
		msg = fmt.Sprintf("%s explains usage but not how to install and run the software, and links no documentation", readme.Path)
	}
	return Result{Outcome: report.NeedsReview, Evidence: append(ev, report.At(readme.Path, 1)), Details: details, Message: msg}
}

// instructions finds install and usage sections in a README: a matching
// heading whose section has commands or prose, or shell commands anywhere.
func instructions(d *evidence.Doc) (install, usage *report.Evidence, pointer *pointerLink) {
	for i, s := range d.Sections {
		if s.Words+s.Code == 0 {
			continue
		}
		at := report.At(d.Path, s.Heading.Line)
		// An install section shows how: commands, or some prose. A heading
		// over a link, an email address or "@TODO" does not, nor a short
		// section that only sends the reader elsewhere.
		if install == nil && installHeading.MatchString(s.Heading.Text) && (s.Code > 0 || s.Words >= minInstallWords) {
			if link, ok := installPointer(d, i); ok {
				if pointer == nil {
					pointer = link
				}
			} else {
				install = &at
			}
		}
		if usage == nil && usageHeading.MatchString(s.Heading.Text) {
			usage = &at
		}
	}
	if install == nil {
		for _, c := range d.Code {
			if shellLang.MatchString(c.Lang) || commandLine.MatchString(c.Text) {
				at := report.At(d.Path, c.Line)
				install = &at
				break
			}
		}
	}
	return install, usage, pointer
}

var (
	// inlineCommand is a command written in a sentence ("Clone the
	// repository: git clone https://...").
	inlineCommand = lazyregexp.New(`\b(git clone|npm (install|ci|run)|yarn install|pip3? install|mvn |\./mvnw|\./gradlew|docker (run|compose|pull)|docker-compose|go (build|install|run)|cargo (build|install|run)|composer install|bundle install|dotnet (build|run))\b`)
	// numberedStep is an item of an ordered list: steps to follow.
	numberedStep = lazyregexp.New(`(?m)^\s*\d+[.)]\s+\S`)
)

// maxPointerWords is the length up to which an install section without a
// command that links elsewhere only sends the reader there.
const maxPointerWords = 100

// installPointer reports an install section that only sends the reader
// elsewhere ("grab the Docker image from <repo>", "mail us for the compiled
// version", "see the installation guide"): no code block, no command, no
// numbered steps, no subsection, at most maxPointerWords words, and a
// written link (not a bare URL such as a clone address) to documentation,
// another repository or an e-mail address. A link to a prerequisite's
// download page does not make a section a pointer.
func installPointer(d *evidence.Doc, i int) (*pointerLink, bool) {
	s := d.Sections[i]
	if s.Code > 0 || s.Words > maxPointerWords {
		return nil, false
	}
	if i+1 < len(d.Sections) && d.Sections[i+1].Heading.Line <= s.End {
		return nil, false // its subsections say more
	}
	if text := linesOf(d).sectionText(i); commandLine.MatchString(text) || inlineCommand.MatchString(text) ||
		len(numberedStep.FindAllStringIndex(text, 2)) == 2 {
		return nil, false // steps or commands, with links beside them
	}
	for _, l := range d.Links {
		if l.Line < s.Start || l.Line > s.End || l.Text == "" {
			continue
		}
		if strings.HasPrefix(l.URL, "mailto:") || strings.Contains(l.URL, "://") && (instructionsLink.MatchString(l.URL+" "+l.Text) || codeHost.MatchString(l.URL)) {
			return &pointerLink{at: linkEvidence(d.Path, l.URL, l.Line), target: mailTarget(l.URL)}, true
		}
	}
	return nil, false
}

// pointerLink is where an install section sends the reader.
type pointerLink struct {
	at     report.Evidence
	target string // the address or the e-mail address
}

var (
	// instructionsLink is a link to documentation or instructions, by its
	// address or its text.
	instructionsLink = lazyregexp.New(`(?i)\bdocs?\b|documentation|\bwiki\b|guide|instructions?|readthedocs|getting[-_ ]?started|install|\bsetup\b|manual`)
	// codeHost is a repository on a code host: the instructions of another
	// repository ("grab the Docker image from <repo>").
	codeHost = lazyregexp.New(`^https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/[^/]+/[^/#?]+`)
)

// decisionRecord is an architecture decision record's folder.
var decisionRecord = lazyregexp.New(`(?i)(^|/)\.?(adrs?|decisions|architecture[-_ ]decisions?)/`)

// installDoc finds an install guide outside the README (INSTALL.md, docs/setup.md).
func installDoc(r *evidence.Repo) *report.Evidence {
	for _, d := range r.Docs {
		if namedInstallGuide(r, d) && showsHow(d) {
			at := report.At(d.Path, 1)
			return &at
		}
	}
	// A guide in a docs folder whose file name says nothing, under a heading
	// that does ("## Installation" in docs/guide.md).
	for _, d := range r.Docs {
		if d == r.Readme || decisionRecord.MatchString(d.Path) || !inDocDir(r, d.Path) {
			continue
		}
		for _, h := range d.Headings {
			if installHeading.MatchString(h.Text) && !prerequisitesOnly(h.Text) {
				at := report.At(d.Path, h.Line)
				return &at
			}
		}
	}
	return nil
}

// namedInstallGuide reports a document other than the README whose file
// name says it is an install guide (INSTALL.md, docs/setup.md). pip's
// requirements files are not, nor is a decision record
// ("0004-cloud_deployment.md" records a decision, not how to install).
func namedInstallGuide(r *evidence.Repo, d *evidence.Doc) bool {
	name := strings.ToLower(path.Base(d.Path))
	if d == r.Readme || strings.Contains(name, "requirements") || path.Ext(name) == ".txt" && !strings.Contains(name, "install") ||
		decisionRecord.MatchString(d.Path) {
		return false
	}
	return installHeading.MatchString(nameSeparators.Replace(name))
}

// thinInstallGuide returns a guide named for installing that shows no way
// to do it (see showsHow), or nil.
func thinInstallGuide(r *evidence.Repo) *evidence.Doc {
	for _, d := range r.Docs {
		if namedInstallGuide(r, d) && !showsHow(d) {
			return d
		}
	}
	return nil
}

// showsHow reports whether a guide shows how to do something: a code block
// or a command, a command in a code span, or more prose than a list of
// prerequisites ("Setup.md": "Below are the softwares: Java, Maven, Neo4J").
func showsHow(d *evidence.Doc) bool {
	return len(d.Code) > 0 || strings.Contains(d.Text, "`") || commandLine.MatchString(d.Text) ||
		inlineCommand.MatchString(d.Text) || d.Words >= 2*minInstallWords
}

// prerequisitesOnly reports a heading that names what to have, not how to
// install: "Requirements", "Prerequisites".
func prerequisitesOnly(h string) bool {
	l := strings.ToLower(h)
	return (strings.Contains(l, "requirement") || strings.Contains(l, "prerequisite")) && !strings.Contains(l, "install")
}

func inDocDir(r *evidence.Repo, p string) bool {
	for _, d := range r.DocDirs {
		if strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

func slashed(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = d + "/"
	}
	return out
}

// docsEvidence lists documentation beyond the README: doc sites, doc folders,
// links from the README to docs, and documentation URLs in metadata.
func docsEvidence(in *Input) []report.Evidence {
	r := in.Repo
	var ev []report.Evidence
	for _, s := range r.DocSites {
		ev = append(ev, report.At(s, 0))
	}
	for _, d := range r.DocDirs {
		ev = append(ev, report.At(d+"/", 0))
	}
	if r.Readme != nil {
		for _, l := range r.Readme.Links {
			if isDocsLink(l.URL, l.Text) {
				ev = append(ev, linkEvidence(r.Readme.Path, l.URL, l.Line))
				break
			}
		}
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		for _, d := range pc.File.Documentation {
			ev = append(ev, report.Link(d.URL))
			break
		}
	}
	for _, a := range r.DPGApplications {
		for _, u := range a.App.DocumentationURLs {
			ev = append(ev, report.Link(u))
			break
		}
	}
	return ev
}

// onlyLinks reports whether every piece of documentation evidence is a web
// link: documentation the tool cannot read.
func onlyLinks(ev []report.Evidence) bool {
	for _, e := range ev {
		if e.URL == "" || !strings.Contains(e.URL, "://") {
			return false
		}
	}
	return true
}

// projectSite is where a short README sends its readers: a link to a web
// page that is not a badge or an image, or the homepage the code host shows.
func projectSite(in *Input) *report.Evidence {
	if d := in.Repo.Readme; d != nil {
		for _, l := range d.Links {
			u, err := url.Parse(l.URL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				continue
			}
			if strings.Contains(lineText(d.Text, l.Line), "[![") {
				continue // a badge: an image that links to a CI run or a licence
			}
			host := strings.ToLower(u.Host)
			if strings.Contains(host, "shields.io") || strings.Contains(host, "badge") || strings.Contains(host, "travis-ci") ||
				strings.Contains(host, "codecov") || strings.Contains(host, "coveralls") || host == "opensource.org" {
				continue
			}
			at := linkEvidence(d.Path, l.URL, l.Line)
			return &at
		}
	}
	if h := in.Hosting; h.Known() && h.Homepage != "" {
		at := report.Link(h.Homepage)
		return &at
	}
	return nil
}

func linkEvidence(docPath, u string, line int) report.Evidence {
	if strings.Contains(u, "://") {
		return report.Evidence{Path: docPath, Line: line, URL: u}
	}
	return report.At(docPath, line)
}

func isDocsLink(raw, text string) bool {
	if strings.HasPrefix(raw, "#") || strings.HasPrefix(raw, "mailto:") {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host, p := strings.ToLower(u.Host), strings.ToLower(u.Path)
	if strings.Contains(host, "img.shields.io") || strings.Contains(host, "badge") {
		return false
	}
	switch {
	case strings.HasPrefix(host, "docs.") || strings.Contains(host, "readthedocs") || strings.Contains(host, "gitbook.io") ||
		strings.HasPrefix(host, "wiki."):
		return true
	case strings.Contains(p, "/docs") || strings.Contains(p, "/wiki") || strings.Contains(p, "/documentation") ||
		(u.Host == "" && (strings.HasPrefix(p, "docs/") || strings.HasPrefix(p, "doc/"))):
		return true
	}
	return docsLinkText.MatchString(text)
}

func headingList(d *evidence.Doc) string {
	var hs []string
	for _, h := range d.Headings {
		if h.Level <= 3 {
			hs = append(hs, fmt.Sprintf("%q (line %d)", h.Text, h.Line))
		}
	}
	if len(hs) == 0 {
		return "none"
	}
	return listUpTo(hs, 8)
}

func dataDocumentation(in *Input, readme *evidence.Doc, docs []report.Evidence) Result {
	var ev []report.Evidence
	for _, f := range in.Repo.Files {
		if dataDocName.MatchString(path.Base(f)) {
			ev = append(ev, report.At(f, 0))
			if len(ev) >= 3 {
				break
			}
		}
	}
	for _, s := range readme.Sections {
		if dataHeading.MatchString(s.Heading.Text) && s.Words > 0 {
			ev = append(ev, report.At(readme.Path, s.Heading.Line))
		}
	}
	if len(ev) > 0 {
		return Result{Outcome: report.Pass, Evidence: ev, Message: "the data's fields, schema or collection method are documented"}
	}
	return Result{Outcome: report.NeedsReview, Evidence: append(docs, report.At(readme.Path, 1)),
		Message:     "no data dictionary, schema or description of the fields and how the data was collected was found",
		Remediation: "Describe every field of the data set and how the data was collected and should be interpreted (a data dictionary, datapackage.json or a README section)."}
}

func contentDocumentation(readme *evidence.Doc, docs []report.Evidence) Result {
	_, usage, _ := instructions(readme)
	if usage != nil || len(docs) > 0 {
		ev := append([]report.Evidence{}, docs...)
		if usage != nil {
			ev = append([]report.Evidence{*usage}, ev...)
		}
		return Result{Outcome: report.Pass, Evidence: ev, Message: "how to access and use the content is documented"}
	}
	return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{report.At(readme.Path, 1)},
		Message:     "the README does not say which apps or hardware the content needs or how to use it",
		Remediation: "Add a section on how to access the content: the apps, software or hardware required and how to use them."}
}

// readmeTemplates are the opening lines of the READMEs project generators
// write; a README that still has one is the generator's, not the project's.
var readmeTemplates = []struct{ marker, name string }{
	{"This project was bootstrapped with [Create React App]", "Create React App"},
	{"This project was generated with [Angular CLI]", "Angular CLI"},
	{"This template provides a minimal setup to get React working in Vite", "Vite"},
	{"This template should help get you started developing with Vue 3 in Vite", "Vite"},
	{"## About Laravel", "Laravel"},
	{"This is a [Next.js](https://nextjs.org) project bootstrapped with", "Next.js"},
	{"This is a [Next.js](https://nextjs.org/) project bootstrapped with", "Next.js"},
}

// templateReadme names the generator whose template README d still is, or "".
func templateReadme(d *evidence.Doc) string {
	for _, t := range readmeTemplates {
		if strings.Contains(d.Text[:min(len(d.Text), 2000)], t.marker) {
			return t.name
		}
	}
	return ""
}

// nameSeparators turns the separators of a file name into spaces.
var nameSeparators = strings.NewReplacer("-", " ", "_", " ")

// mailTarget is the address of a mailto: link, without its query, or the
// link itself.
func mailTarget(u string) string {
	if a, ok := strings.CutPrefix(u, "mailto:"); ok {
		a, _, _ = strings.Cut(a, "?")
		return a
	}
	return u
}
