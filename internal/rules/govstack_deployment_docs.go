package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Documentation an operator reads: where a deployment, backup or rollback
// procedure can be. A changelog line that mentions a backup, an issue
// template or a contributing guide is not such a procedure.

var changelogName = lazyregexp.New(`(?i)^(change[-_ ]?log|changes|history|news|release[-_ ]?notes?|version[-_ ]?history)(\.(md|markdown|rst|txt|adoc))?$`)

var nonOperatorName = lazyregexp.New(`(?i)^(contributing|code[-_]?of[-_]?conduct|conduct|authors|contributors|maintainers|governance|codeowners|support|pull_request_template|issue_template)(\.|$)`)

// springInitializrHelp is the marker of the HELP.md Spring Initializr
// generates: a list of links to Spring's reference documentation.
const springInitializrHelp = "For further reference, please consider the following sections"

// projectReference reports documentation of the project that can describe
// its settings: anything but change logs, community files, issue templates
// and generated help. An environment-variable reference among the
// developer pages still documents the variables.
func projectReference(d *evidence.Doc) bool {
	p := d.Path
	if strings.HasPrefix(p, ".github/") || strings.HasPrefix(p, ".gitlab/") {
		return false
	}
	base := path.Base(p)
	return !changelogName.MatchString(base) && !nonOperatorName.MatchString(base) && !strings.Contains(d.Text, springInitializrHelp)
}

// operatorDoc reports documentation that can hold an operations procedure.
func operatorDoc(r *evidence.Repo, d *evidence.Doc) bool {
	p := d.Path
	if !projectReference(d) {
		return false
	}
	for _, e := range strings.Split(path.Dir(p), "/") {
		switch e = strings.ToLower(e); e {
		case "changes", "changelog", "changelog.d", "changes.d", "release-notes", "releasenotes", "newsfragments", "issue_template":
			return false
		default:
			if devDocDirs[e] {
				return false
			}
		}
	}
	return true
}

// docDirs are top-level documentation folders.
var docDirs = map[string]bool{"docs": true, "doc": true, "documentation": true, "manual": true, "manuals": true, "guide": true, "guides": true, "wiki": true}

// deployDirs are folders of deployment material whose READMEs document the
// deployment.
var deployDirs = map[string]bool{"deploy": true, "deployment": true, "deployments": true, "helm": true, "charts": true, "chart": true,
	"k8s": true, "kubernetes": true, "infrastructure": true, "infra": true, "ansible": true, "terraform": true, "docker": true,
	"ops": true, "operations": true, "install": true, "installation": true, "installer": true}

// devDocDirs hold documentation for the project's developers.
var devDocDirs = map[string]bool{"contributing": true, "contributors": true, "contribute": true, "developer": true, "developers": true,
	"development": true, "dev": true, "internals": true, "hacking": true}

var deployDocName = lazyregexp.New(`(?i)^(install|installation|installing|deploy|deployment|deploying|setup|operations?|operating|admin|administration|configuration|configuring|production|self[-_]?host(ing)?|upgrad(e|ing))`)

// deploymentDoc reports documentation of the product's deployment: the root
// README and files, the documentation folders, and READMEs of deployment
// folders and Helm charts; not a module's feature README, not developer
// documentation.
func deploymentDoc(r *evidence.Repo, d *evidence.Doc) bool {
	if !operatorDoc(r, d) {
		return false
	}
	dir := path.Dir(d.Path)
	if dir == "." {
		return true
	}
	elems := strings.Split(dir, "/")
	for _, e := range elems {
		if devDocDirs[strings.ToLower(e)] {
			return false
		}
	}
	if docDirs[strings.ToLower(elems[0])] {
		return true
	}
	for _, e := range elems {
		if deployDirs[strings.ToLower(e)] {
			return true
		}
	}
	for _, h := range r.HelmCharts {
		if h.Dir == dir {
			return true
		}
	}
	// A component folder that holds its own deployment (adapter/ with its
	// Helm chart, x-road/ with its images): its README and its docs folder
	// document that deployment.
	if (len(elems) == 1 || len(elems) >= 2 && docDirs[strings.ToLower(elems[1])]) && deploysFrom(r, elems[0]) {
		return true
	}
	return false
}

// deploysFrom reports whether the top-level folder top holds deployment
// material of the product: an image it builds, a compose file that runs
// it, a Helm chart or a Kubernetes manifest.
func deploysFrom(r *evidence.Repo, top string) bool {
	in := func(p string) bool { return strings.HasPrefix(p, top+"/") }
	for _, d := range productDockerfiles(r) {
		if in(d.Path) {
			return true
		}
	}
	for _, c := range productCompose(r) {
		if in(c.Path) {
			return true
		}
	}
	for _, h := range r.HelmCharts {
		if in(h.Dir + "/") {
			return true
		}
	}
	for _, m := range r.K8s {
		if in(m.Path) {
			return true
		}
	}
	return false
}

// docLines is a document split into lines once, for the sections read
// one after another (splitting it again for each section cost time
// quadratic in its length).
type docLines struct {
	d           *evidence.Doc
	text, prose []string
}

func linesOf(d *evidence.Doc) docLines {
	return docLines{d: d, text: strings.Split(d.Text, "\n"), prose: strings.Split(d.Prose, "\n")}
}

// sectionText returns the lines of the i-th section, code included.
func (l docLines) sectionText(i int) string {
	s := l.d.Sections[i]
	if s.Start < 1 || s.Start > len(l.text) {
		return ""
	}
	return strings.Join(l.text[s.Start-1:min(s.End, len(l.text))], "\n")
}

// sectionCode returns the code lines of a section: the lines its prose
// leaves out (code blocks), where a command is run rather than mentioned.
func (l docLines) sectionCode(i int) string {
	s := l.d.Sections[i]
	var b strings.Builder
	for i := s.Start - 1; i >= 0 && i < min(s.End, len(l.text), len(l.prose)); i++ {
		if strings.TrimSpace(l.prose[i]) == "" {
			b.WriteString(l.text[i])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// pointerSection reports a short section that only sends the reader
// elsewhere ("See the installation guide at https://...").
func pointerSection(d *evidence.Doc, i int) bool {
	s := d.Sections[i]
	if s.Code > 0 || s.Words > 40 {
		return false
	}
	for _, l := range d.Links {
		if l.Line >= s.Start && l.Line <= s.End && strings.Contains(l.URL, "://") {
			return true
		}
	}
	return false
}

var backupHeading = lazyregexp.New(`(?i)\bback[- ]?ups?\b|\bbacking[- ]up\b|\bdisaster recovery\b|\b(database|db|data)\s+dumps?\b|\bdump(s|ing)?\b.*\b(database|db|data)`)
var restoreHeading = lazyregexp.New(`(?i)\brestor(e|es|ing|ation)\b|\brecover(y|ing)?\b|\bloading\b`)
var backupTool = docWords.MustCompile(`\b(pg_dump|pg_dumpall|pg_basebackup|pgbackrest|mysqldump|mariadb-dump|mongodump|velero backup|restic backup|borg create|barman backup)`)
var restoreTool = docWords.MustCompile(`\b(pg_restore|mongorestore|velero restore|restic restore|borg extract|barman recover|pgbackrest restore)`)
var backupFile = lazyregexp.New(`(?i)(^|/)[^/]*back[-_]?up[^/]*\.(ya?ml|sh)$`)
var restoreFile = lazyregexp.New(`(?i)(^|/)[^/]*restore[^/]*\.(ya?ml|sh)$`)

// procedureDoc names documents written for operators.
var procedureDoc = lazyregexp.New(`(?i)manual|guide|operat|admin|install|backup|maintain|runbook|deploy|charts?/`)

// notProcedure names sections that list things about backups without
// describing how to make or restore one (audit events, log fields).
var notProcedure = lazyregexp.New(`(?i)\bevents?\b|\baudit\b|\blogs?\b|\bfields?\b`)

// backupEvidence finds backup and restore procedures: documentation
// sections about them (by their title or the tools they run), best first,
// and backup and restore jobs or scripts.
func backupEvidence(r *evidence.Repo) (backup, restore []report.Evidence, covered backupScope) {
	type candidate struct {
		at         report.Evidence
		score      int
		b, restore bool
		end        int
	}
	var cands []candidate
	for _, d := range r.Docs {
		if !operatorDoc(r, d) {
			continue
		}
		first := len(cands)
		var lines docLines
		// Most documents name no backup or restore tool: look for them in
		// the sections of those that do.
		backups, restores := texts(r).MayMatch(d.Text, backupTool), texts(r).MayMatch(d.Text, restoreTool)
		for i, s := range d.Sections {
			if s.Words+s.Code < 5 || notProcedure.MatchString(s.Heading.Text) {
				continue
			}
			// The section's lines are split out only for a section whose
			// heading or document can make it a candidate.
			bh, rh := backupHeading.MatchString(s.Heading.Text), restoreHeading.MatchString(s.Heading.Text)
			if !bh && !rh && !backups && !restores {
				continue
			}
			if lines.d == nil {
				lines = linesOf(d)
			}
			var code string
			if backups || restores {
				code = lines.sectionCode(i)
			}
			backupRun := backups && backupTool.Regexp().MatchString(code)
			restoreRun := restores && restoreTool.Regexp().MatchString(code)
			tools := backupRun || restoreRun
			b := bh || backupRun
			if !b && !rh && !restoreRun {
				continue
			}
			text := lines.sectionText(i)
			rs := rh && (b || backupHeading.MatchString(text) || backupWord.Regexp().MatchString(text) || restores && restoreTool.Regexp().MatchString(text)) ||
				restoreRun
			if !b && !rs {
				continue
			}
			// A section titled after backups or restores beats one that
			// only runs the tools (a database migration dumps and loads too).
			c := candidate{at: report.At(d.Path, s.Heading.Line), b: b, restore: rs, end: s.End}
			if bh {
				c.score += 3
			}
			if rh && rs {
				c.score += 3
			}
			if tools || s.Code > 0 {
				c.score++
			}
			if s.Words > 80 {
				c.score++
			}
			if procedureDoc.MatchString(d.Path) {
				c.score++
			}
			cands = append(cands, c)
			covered.read(texts(r), text)
		}
		// A section whose subsections match is cited by them.
		doc := slices.Clone(cands[first:])
		cands = cands[:first]
		for _, c := range doc {
			if !slices.ContainsFunc(doc, func(o candidate) bool { return o.at.Line > c.at.Line && o.at.Line <= c.end }) {
				cands = append(cands, c)
			}
		}
	}
	slices.SortStableFunc(cands, func(x, y candidate) int { return y.score - x.score })
	for _, c := range cands {
		if c.b && len(backup) < 3 {
			backup = append(backup, c.at)
		}
		if c.restore && len(restore) < 3 {
			restore = append(restore, c.at)
		}
	}
	backup = append(backup, filesMatching(r, backupFile, 2)...)
	restore = append(restore, filesMatching(r, restoreFile, 2)...)
	// Backup jobs named after what they back up (mongodb-backup-cronjob.yaml).
	for _, e := range filesMatching(r, backupFile, 20) {
		covered.read(texts(r), path.Base(e.Path))
	}
	return dedupe(backup), dedupe(restore), covered
}

// persistentStores are the kinds of persistent state a backup procedure
// covers, named by the words and tools that show each.
var persistentStores = []struct {
	name string
	re   *textindex.Pattern
}{
	{"PostgreSQL", docWords.MustCompile(`(?i)postgres|\bpg_(dump|dumpall|basebackup|restore)\b|pgbackrest|barman`)},
	{"MySQL", docWords.MustCompile(`(?i)\bmysql|\bmariadb`)},
	{"MongoDB", docWords.MustCompile(`(?i)\bmongo`)},
	{"Elasticsearch", docWords.MustCompile(`(?i)elasticsearch|opensearch`)},
	{"Solr", docWords.MustCompile(`(?i)\bsolr\b`)},
	{"Redis", docWords.MustCompile(`(?i)\bredis\b`)},
	{"InfluxDB", docWords.MustCompile(`(?i)\binflux`)},
	{"MinIO", docWords.MustCompile(`(?i)\bminio\b`)},
	{"files", docWords.MustCompile(`(?i)\bfile ?stores?\b|\buploads?\b|\buploaded files\b|\battachments\b|\bmedia files\b|\bvolumes?\b|\bvolume snapshots?\b|\bdata director(y|ies)\b|\bstorage[_ ]path\b|\brsync\b|\brestic\b`)},
	{"configuration", docWords.MustCompile(`(?i)\bconfig(uration)? (files?|director(y|ies)|folders?|database)\b|\bback(ing)?[- ]?up (the )?configuration\b|\bconfiguration backups?\b|\brestore (the )?configuration\b`)},
	{"keys", docWords.MustCompile(`(?i)\b(encryption|private|signing) keys?\b|\bkey ?stores?\b|\bcertificates\b`)},
}

// genericDatabase and allStores are words that name a database without an
// engine, and claims that every store is backed up.
var genericDatabase = docWords.MustCompile(`(?i)\bdatabases?\b|\bdb\b`)
var allStores = docWords.MustCompile(`(?i)\b(every|all|each)( the)? (data ?stores?|databases|persistent (data|state|volumes)|volumes)\b|\bvelero\b|\bfull (system )?backups?\b`)
var backupFrequency = docWords.MustCompile(`(?i)\b(daily|nightly|hourly|weekly|monthly|every (day|night|hour|week|month|\d+ ?(h|hours|minutes|days))|schedule[ds]?|cron(job)?|retention|retain|rpo|rto|recovery (time|point))\b|\d+ \* \* \*|\* \* \* \*`)

// backupScope is what the documented backups cover.
type backupScope struct {
	stores    []string
	database  bool // a database without an engine
	all       bool // "every datastore", Velero
	frequency bool
}

func (b *backupScope) read(ix *textindex.Index, text string) {
	for _, s := range persistentStores {
		if !slices.Contains(b.stores, s.name) && ix.MatchString(text, s.re) {
			b.stores = append(b.stores, s.name)
		}
	}
	b.database = b.database || ix.MatchString(text, genericDatabase)
	b.all = b.all || ix.MatchString(text, allStores)
	b.frequency = b.frequency || ix.MatchString(text, backupFrequency)
}

// names lists the stores covered, in catalogue order.
func (b *backupScope) names() []string {
	var out []string
	for _, s := range persistentStores {
		if slices.Contains(b.stores, s.name) {
			out = append(out, s.name)
		}
	}
	if len(out) == 0 && b.database {
		out = append(out, "a database")
	}
	return out
}

// complete reports backups that cover more than one store, or claim all.
func (b *backupScope) complete() bool { return b.all || len(b.names()) > 1 }

var backupWord = docWords.MustCompile(`(?i)\bback ?ups?\b|\bbacking up\b`)

// deployment#req-2: a documented backup and restore procedure.
func backupRestore(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	backup, restore, covered := backupEvidence(r)
	switch {
	case len(backup) > 0 && len(restore) > 0:
		ev := append(backup[:min(len(backup), 3)], restore[:min(len(restore), 3)]...)
		details := []string{"whether a restore gives a working instance needs a test on a running system"}
		if !covered.frequency {
			details = append(details, "no backup frequency, retention or recovery time is stated")
		}
		if !covered.complete() {
			// Documentation found is not a complete procedure: the
			// requirement asks for every store, how often and recovery.
			what := "one store"
			if n := covered.names(); len(n) > 0 {
				what = n[0]
			}
			return reviewWith(fmt.Sprintf("backup and restore are documented for %s only; a reviewer must judge completeness: show that every persistent store (databases, uploaded files, search index, configuration, keys) is backed up, how often, where backups are kept and how a restore is done and verified", what),
				dedupe(ev), details...)
		}
		if n := covered.names(); len(n) > 0 {
			details = append(details, "covers: "+strings.Join(n, ", "))
		}
		return passWith("backup and restore procedures are documented", ev, details...)
	case len(backup) > 0:
		return failWith("backups are documented, but no restore procedure is", backup)
	case len(restore) > 0:
		return reviewWith("a restore is documented, but no backup procedure", restore)
	}
	var mentions []report.Evidence
	for _, h := range searchDocs(r, backupWord, 20) {
		if d := r.Doc(h.path); d != nil && operatorDoc(r, d) && len(mentions) < 3 {
			mentions = append(mentions, h.at())
		}
	}
	if len(mentions) > 0 {
		return reviewWith("backups are mentioned, but no backup and restore procedure was found", mentions)
	}
	// Nothing in the repository shows the procedure, and the requirement
	// does not ask for it here (the deployment documentation of req-3
	// does): one kept on a documentation site is for a reviewer, or an
	// attestation, which never overrides a fail.
	return Result{Outcome: report.NeedsReview,
		Message: "no backup and restore procedure is documented in the repository; if it is kept elsewhere (a documentation site), link it",
		Remediation: "Document in the operator documentation how every persistent store (databases, uploaded files, search index, " +
			"configuration, encryption keys) is backed up, how often, where backups are kept, and how a restore into a clean environment " +
			"is done and verified. If the procedure is kept elsewhere, link it under " +
			"`attestations: {govstack-cfr-deployment#req-2: {evidence: [URL]}}` in .github/dpgcheck.yml."}
}

var rollbackHeading = lazyregexp.New(`(?i)\broll(ing)?[- ]?back\b|\bdowngrad(e|ing)\b|\brevert(ing)?\s+(a|an|the)?\s*(release|deployment|upgrade|version|update)`)
var rollbackProse = docWords.MustCompile(`(?i)\bhelm rollback\b|\bkubectl rollout undo\b|\broll(?:ed|ing)?[- ]?back\s+(?:to\s+(?:a|an|the)\s+(?:previous|earlier|prior|older|last)|(?:the|a|an)\s+(?:release|deployment|upgrade|update|version|migration))|\brollback\s+(?:procedure|steps|plan|process|strategy|instructions|scripts?)\b|\bdowngrade\s+to\s+(?:a|an|the)\s+(?:previous|earlier|prior|older)`)

// rollbackRestore is a sentence that restores the state from before an
// upgrade when it fails: "If something goes wrong with the upgrade you can
// use the backup to restore the database to its pre-upgrade state". What
// failed must be an upgrade, update, deployment, migration or release:
// reverting a failed configuration restore is not a release rollback.
var rollbackRestore = docWords.MustCompile(`(?i)\bif\b[^.]{0,60}?\b(upgrade|update|deployment|migration|release)s?\b[^.]{0,40}?\b(goes wrong|go wrong|fails?|failed|is unsuccessful)\b[^.]{0,160}?\b(restore|roll(ed)? ?back|revert)\b|\bif\b[^.]{0,40}?\b(goes wrong|go wrong)\b[^.]{0,40}?\b(upgrade|update|deployment|migration|release)s?\b[^.]{0,160}?\b(restore|roll(ed)? ?back|revert)\b|\b(restore|revert|roll back)\b[^.]{0,80}?\b(backup|snapshot|dump)\b[^.]{0,80}?\bif\b[^.]{0,40}?\b(upgrade|update|deployment|migration|release)s?\b[^.]{0,40}?\b(fails?|failed|goes wrong)\b|\brestor(e|ing)\b[^.]{0,80}?\b(pre-?upgrade|pre-?update|pre-?deployment) (state|version|release|backup|snapshot)|\brestor(e|ing)\b[^.]{0,80}?\b(previous|prior|earlier|former) (version|release)\b`)

// rollbackCommand is a command that reverts schema migrations, documented
// where it can be run (code blocks included): ckan db downgrade, alembic
// downgrade, rake db:rollback, migrate down.
var rollbackCommand = docWords.MustCompile(`(?i)\b(db|database)[: ]downgrade\b|\balembic downgrade\b|\bmigrat(e|ions?)[: ](down|rollback|undo)\b|\bdb:rollback\b|\bdb:migrate:(undo|down)\b|\bflyway undo\b|\bliquibase\b[^\n]{0,40}\brollback(Count|ToDate)?\b`)

var rollbackNegated = lazyregexp.New(`(?i)\b(no|not|cannot|can't|never|without)\b[^.\n]{0,30}$`)
var rollbackFile = lazyregexp.New(`(?i)(^|/)[^/]*roll[-_]?back[^/]*\.(sql|sh|ya?ml|py|ps1)$`)

// rollbackEvidence finds rollback procedures: documentation sections
// titled so, sentences that describe rolling back a release, and rollback
// scripts. A database transaction's rollback() or "there's no special
// rollback" is not a procedure.
func rollbackEvidence(r *evidence.Repo, docs func(*evidence.Doc) bool) []report.Evidence {
	// Procedures (sections, sentences) come first; a command that reverts
	// migrations, mentioned only in a reference, after them.
	var out, commands []report.Evidence
	for _, d := range r.Docs {
		if !docs(d) {
			continue
		}
		found := false
		for _, s := range d.Sections {
			if rollbackHeading.MatchString(s.Heading.Text) && s.Words+s.Code > 5 {
				out = append(out, report.At(d.Path, s.Heading.Line))
				found = true
				break
			}
		}
		if found {
			continue
		}
		if line := firstUnnegated(texts(r), d.Prose, rollbackProse, rollbackRestore); line > 0 {
			out = append(out, report.At(d.Path, line))
		} else if line := firstUnnegated(texts(r), d.Text, rollbackCommand); line > 0 && len(commands) < 3 {
			commands = append(commands, report.At(d.Path, line))
		}
		if len(out) >= 3 {
			break
		}
	}
	out = append(out, commands[:min(len(commands), 3-min(len(out), 3))]...)
	return append(out, filesMatching(r, rollbackFile, 2)...)
}

// firstUnnegated returns the line of the first match of the patterns, in
// the order given, that is not negated on its line ("there's no special
// rollback", "db downgrade is not supported"), or 0.
func firstUnnegated(ix *textindex.Index, text string, patterns ...*textindex.Pattern) int {
	for _, re := range patterns {
		for _, loc := range ix.FindAllStringIndex(text, re, 5) {
			lineStart := strings.LastIndexByte(text[:loc[0]], '\n') + 1
			lineEnd := len(text)
			if i := strings.IndexByte(text[loc[1]:], '\n'); i >= 0 {
				lineEnd = loc[1] + i
			}
			if rollbackNegated.MatchString(text[lineStart:loc[0]]) || rollbackRefused.MatchString(text[loc[1]:lineEnd]) {
				continue
			}
			return strings.Count(text[:loc[0]], "\n") + 1
		}
	}
	return 0
}

// rollbackRefused follows a rollback that is not offered: "is refused",
// "is not supported".
var rollbackRefused = lazyregexp.New(`(?i)^[^.\n]{0,20}\b(is|are)\s+(not\s+(supported|possible|available)|refused|unsupported|impossible)\b`)

// changelogs returns the release records: the changelog, and release notes
// or version histories wherever the documentation keeps them.
func changelogs(r *evidence.Repo) []report.Evidence {
	var out []report.Evidence
	if c := r.Community[evidence.Changelog]; c != nil {
		out = append(out, report.At(c.Path, 1))
	}
	for _, d := range r.Docs {
		// A module's own changelog (often inherited from upstream) does not
		// record the product's releases.
		top, _, nested := strings.Cut(d.Path, "/")
		if nested && !docDirs[strings.ToLower(top)] && !strings.EqualFold(top, "spec") {
			continue
		}
		if len(out) < 2 && changelogName.MatchString(path.Base(d.Path)) && d.Words > 20 && (len(out) == 0 || out[0].Path != d.Path) {
			out = append(out, report.At(d.Path, 1))
		}
	}
	return out
}

// deployment#req-5: versioned releases and a rollback procedure.
func rollback(in *Input) Result {
	r := in.Repo
	if specificationOnly(r) {
		return notDeployable()
	}
	rb := rollbackEvidence(r, func(d *evidence.Doc) bool { return operatorDoc(r, d) })
	releases := changelogs(r)
	switch {
	case len(rb) > 0:
		details := []string{"keeping the last two release artefacts is a registry setting a repository cannot show"}
		if len(releases) == 0 {
			details = append(details, "no changelog records the releases")
		}
		return passWith("a rollback procedure is documented", append(rb, releases...), details...)
	case len(releases) > 0:
		return failWith("releases are recorded, but no rollback procedure is documented", releases)
	}
	return failWith("no changelog and no rollback procedure", nil)
}
