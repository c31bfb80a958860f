package rules

import (
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Security policies and plans (security#req-7, #req-10, #req-12, #req-13,
// #req-14) are documents a reviewer checks. The documentation passes one
// only where it is about the policy itself: not a changelog entry, not a
// row of a document's version history, not a word in a list.

// historyDoc is a changelog or release notes: what changed, not what is.
var historyDoc = lazyregexp.New(`(?i)(^|/)(change[-_ ]?log|changes|history|news|release[-_ ]?notes?|releases?)(/|\.[a-z]+$|$)`)

// historySection is a document's version history or change log.
var historySection = lazyregexp.New(`(?i)^(version|revision|document|change)\s*(history|log|control)|^changelog$|^release notes`)

// docLine is a line of documentation that matched.
type docLine struct {
	doc  *evidence.Doc
	line int // 1-based
	text string
}

// policyLines finds re in the prose of the product's documentation, at most
// max lines and one per document, leaving out changelogs and version
// history sections.
func policyLines(r *evidence.Repo, re *textindex.Pattern, max int) []docLine {
	return policyLinesWhere(r, re, nil, max)
}

// policyLinesWhere is policyLines keeping only lines that accept says.
func policyLinesWhere(r *evidence.Repo, re *textindex.Pattern, accept func(string) bool, max int) []docLine {
	var out []docLine
	for _, d := range r.Docs {
		if len(out) >= max {
			break
		}
		if historyDoc.MatchString(d.Path) || !texts(r).MatchString(d.Prose, re) {
			continue
		}
		lines := strings.Split(d.Prose, "\n")
		for i, l := range lines {
			if re.Regexp().MatchString(l) && (accept == nil || accept(l)) && !inHistorySection(d, i+1) {
				out = append(out, docLine{doc: d, line: i + 1, text: l})
				break
			}
		}
	}
	return out
}

// inHistorySection reports whether a line is under a version-history
// heading.
func inHistorySection(d *evidence.Doc, line int) bool {
	for _, s := range d.Sections {
		if line > s.Start && line <= s.End && historySection.MatchString(strings.TrimSpace(s.Heading.Text)) {
			return true
		}
	}
	return false
}

// headingMatching returns documents with a heading matching re, or whose
// file name does: a section or a document of its own.
func headingMatching(r *evidence.Repo, re *lazyregexp.Regexp, max int) []report.Evidence {
	var out []report.Evidence
	for _, d := range r.Docs {
		if len(out) >= max {
			break
		}
		if historyDoc.MatchString(d.Path) {
			continue
		}
		name := nameSeparators.Replace(strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path)))
		if re.MatchString(name) {
			out = append(out, report.At(d.Path, 1))
			continue
		}
		for _, h := range d.Headings {
			if re.MatchString(h.Text) {
				out = append(out, report.At(d.Path, h.Line))
				break
			}
		}
	}
	return out
}

func linesEvidence(ls []docLine) []report.Evidence {
	var out []report.Evidence
	for _, l := range ls {
		out = append(out, report.At(l.doc.Path, l.line))
	}
	return out
}

// documentedOrManual passes a criterion when the docs say it, else asks for
// review.
func documentedOrManual(re *textindex.Pattern, what string) func(*Input) Result {
	return func(in *Input) Result {
		if ls := policyLines(in.Repo, re, 2); len(ls) > 0 {
			return passWith(what+" is documented", linesEvidence(ls), "whether the procedure is followed needs a reviewer")
		}
		return manual(in)
	}
}

// securityEvent names events GovStack wants logged: failed logins,
// authentication and authorisation failures, permission violations.
var securityEvent = docWords.MustCompile(`(?i)\b(security[- ](event|audit)[- ]?(log|logs|logging|events?)|SIEM|(failed|unsuccessful|invalid) (log ?in|login|logon|sign[- ]?in|authentication)s?|(log ?in|login|logon|sign[- ]?in)( user)? (attempts?|failures?|failed)|(authentication|authori[sz]ation) (failures?|failed|attempts?|events?)|permission (violations?|denied)|access (denied|violations?))\b`)

// logged says the line is about logging or auditing.
var logged = lazyregexp.New(`(?i)\b(log|logs|logged|logging|audit|audited|auditing|recorded|records|SIEM|monitor(ed|ing)?|alert(s|ed|ing)?)\b`)

// dataAudit is audit logging of data changes (who changed which record).
var dataAudit = docWords.MustCompile(`(?i)\baudit[- ]?(log|logs|logging|trail)s?\b`)

// security#req-7: security events are logged. A data-change audit trail is
// not security-event logging.
func securityLogging(in *Input) Result {
	if ev := linesEvidence(policyLinesWhere(in.Repo, securityEvent, logged.MatchString, 2)); len(ev) > 0 {
		return passWith("logging of security events (failed logins, authorisation failures) is documented", ev,
			"whether the events carry a trace ID and reach central observability needs a reviewer")
	}
	r := manual(in)
	if ls := policyLines(in.Repo, dataAudit, 2); len(ls) > 0 {
		r.Evidence = linesEvidence(ls)
		r.Message = "audit logging is documented, but not of security events (failed logins, permission violations); a reviewer checks whether authentication and authorisation events are logged"
	}
	return r
}

var (
	keyRotation = documentedOrManual(docWords.MustCompile(`(?i)\b(key|secret|credential|certificate)s? rotation\b|\brotat(e|ing|ion of) (the )?(signing |encryption )?(keys|secrets|credentials|certificates)\b`), "a key rotation policy")
	// auditReadiness and encryptionAtRest keep their wording; only
	// changelogs and version histories are no longer evidence.
	auditReadiness = documentedOrManual(docWords.MustCompile(`(?i)\b(audit readiness|ISO/?(IEC )?27001|SOC ?2|compliance (matrix|report|documentation|checklist))\b`), "compliance or audit readiness")
)

// atRest names encryption at rest.
var atRest = docWords.MustCompile(`(?i)\b(encrypt(ed|ion|s)? (data )?at rest|at-rest encryption|transparent data encryption|LUKS|dm-crypt|pgcrypto)\b`)

// vendorDefault is a line that credits a hosted service's default ("Azure
// Storage provides encryption at rest by default"): a fact about that
// service, not what the product's deployment does with its data.
var vendorDefault = lazyregexp.New(`(?i)\b(provides?|offers?|supports?|comes with|includes?)\s+(\w+\s+){0,3}(encryption|encrypted|encrypts)\b[^.]{0,40}\bby default\b|\bencrypt\w*[^.]{0,30}\bat rest\b[^.]{0,10}\bby default\b`)

// security#req-14: encryption at rest. The project's own statement about
// where its data is encrypted passes; a hosted service's default, cited in
// passing, is for a reviewer.
func encryptionAtRest(in *Input) Result {
	own := func(line string) bool { return !vendorDefault.MatchString(line) }
	if ls := policyLinesWhere(in.Repo, atRest, own, 2); len(ls) > 0 {
		return passWith("encryption at rest is documented", linesEvidence(ls), "whether the procedure is followed needs a reviewer")
	}
	if ls := policyLines(in.Repo, atRest, 2); len(ls) > 0 {
		r := manual(in)
		r.Evidence = linesEvidence(ls)
		r.Message = "the documentation only cites a storage service's default encryption at rest; a reviewer checks that the product's database, files and backups are encrypted at rest and how the keys are managed"
		return r
	}
	return manual(in)
}

// recoveryPlan is a heading or a document name for an incident response
// or disaster recovery plan.
var recoveryPlan = lazyregexp.New(`(?i)\b(incident[- ](response|management|handling)|disaster[- ]recovery|business[- ]continuity)\b`)

// security#req-12: incident response and disaster recovery plans. A
// heading or a document of its own is a plan; the words in a list of
// control families are not.
func recoveryPlans(in *Input) Result {
	if ev := headingMatching(in.Repo, recoveryPlan, 2); len(ev) > 0 {
		return passWith("an incident response or disaster recovery plan is documented", ev, "whether the plan is tested needs a reviewer")
	}
	return manual(in)
}
