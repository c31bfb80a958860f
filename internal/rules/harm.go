package rules

import (
	"fmt"
	"regexp"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var (
	// privateChannel is a way to report something privately: an email address,
	// GitHub's private vulnerability reporting or content reports to
	// maintainers, or a form.
	privateChannel  = regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|/security/advisories|private vulnerability reporting|reporting-abuse-or-spam|report content to (the )?(repository )?maintainers|huntr\.dev|hackerone\.com|bugcrowd\.com|intigriti|forms\.gle|docs\.google\.com/forms|typeform\.com|\b(contact|reporting|report) form\b`)
	piiProtection   = regexp.MustCompile(`(?i)privacy|data[-_ ]protection|personal data|encrypt|pseudonymi|anonymi|\bPII\b`)
	moderationWords = regexp.MustCompile(`(?i)content moderation|moderat(e|ion|ors?) (content|posts|messages)|report(ing)? (abuse|inappropriate|illegal|harmful) content|inappropriate content|illegal content|\bCSAM\b|child sexual abuse|acceptable use|takedown`)
	cocPlaceholder  = regexp.MustCompile(`(?i)\[INSERT [^\]]*\]|\[(email|contact) ?(address|method)?\]|<email>|\[project email\]`)
	harassmentWords = regexp.MustCompile(`(?i)harass|abuse|safeguard|child (safety|protection)|minors|underage|block(ing)? users|report (a )?user`)
)

// declaredFalse reports whether the configuration sets a handles: key to false.
func declaredFalse(flag *bool, keys config.KeyPos, key string) bool {
	return flag != nil && !*flag && keys[key].Line > 0
}

// dataPrivacySecurity decides DPG indicator 9A.
func dataPrivacySecurity(in *Input) Result {
	h := in.Config.Handles
	if declaredFalse(h.PII, h.Keys, "pii") {
		return Result{Outcome: report.NotApplicable, Evidence: []report.Evidence{in.configAt(h.Keys["pii"].Line)},
			Message: "the project collects, stores and distributes no personally identifiable information (configuration)"}
	}
	r := in.Repo
	sec := r.Community[evidence.Security]
	var channel *report.Evidence
	if sec != nil {
		if hits := searchDoc(sec, privateChannel); hits != nil {
			channel = hits
		}
	}
	var protection []report.Evidence
	for _, p := range r.Policies {
		if piiProtection.MatchString(p.Path) || piiProtection.MatchString(p.Text) {
			protection = append(protection, report.At(p.Path, 1))
		}
	}
	switch {
	case channel != nil && len(protection) > 0:
		return Result{Outcome: report.Pass, Evidence: append([]report.Evidence{*channel}, protection...),
			Message: fmt.Sprintf("%s names a private reporting channel, and %s documents how personal data is protected", sec.Path, protection[0].Path)}
	case channel != nil:
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{*channel},
			Message:     sec.Path + " names a private reporting channel; how personal data is protected is not documented",
			Remediation: "Document how the project protects personal data (encryption, access control, retention, data minimisation) and attest it, or declare `handles: {pii: false}` if it handles none."}
	case sec != nil:
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{report.At(sec.Path, 1)},
			Message:     sec.Path + " names no private way to report a vulnerability (an email address or GitHub private vulnerability reporting)",
			Remediation: "Add a private reporting channel to " + sec.Path + ": a security email address, or enable GitHub private vulnerability reporting and link it."}
	case h.PII != nil && *h.PII:
		return Result{Outcome: report.Fail,
			Message: "the project handles personal data but has no SECURITY.md or vulnerability-reporting process"}
	}
	return Result{Outcome: report.NeedsReview,
		Message: "no SECURITY.md found; say whether the project handles personal data (`handles: {pii: ...}`) and how it is protected"}
}

// searchDoc returns evidence of the first match of re in d.
func searchDoc(d *evidence.Doc, re *regexp.Regexp) *report.Evidence {
	loc := re.FindStringIndex(d.Text)
	if loc == nil {
		return nil
	}
	at := report.At(d.Path, lineAt(d.Text, loc[0]))
	return &at
}

func lineAt(text string, off int) int {
	n := 1
	for i := 0; i < off && i < len(text); i++ {
		if text[i] == '\n' {
			n++
		}
	}
	return n
}

// harmfulContent decides DPG indicator 9B.
func harmfulContent(in *Input) Result {
	h := in.Config.Handles
	if declaredFalse(h.UserContent, h.Keys, "user-content") {
		return Result{Outcome: report.NotApplicable, Evidence: []report.Evidence{in.configAt(h.Keys["user-content"].Line)},
			Message: "the project collects, stores and distributes no user content (configuration)"}
	}
	r := in.Repo
	var ev []report.Evidence
	for _, p := range r.Policies {
		if e := searchDoc(p, moderationWords); e != nil {
			ev = append(ev, *e)
		}
	}
	if len(ev) == 0 {
		for _, hit := range searchDocs(r, moderationWords, 2) {
			ev = append(ev, hit.at())
		}
	}
	if len(ev) > 0 {
		return Result{Outcome: report.Pass, Evidence: ev,
			Message: "a policy on inappropriate and illegal content is documented (" + ev[0].String() + ")"}
	}
	if h.UserContent != nil && *h.UserContent {
		return Result{Outcome: report.Fail,
			Message: "the project handles user content but no policy on inappropriate or illegal content (detection, moderation, reporting, removal) was found"}
	}
	return Result{Outcome: report.NeedsReview,
		Message: "no content policy found; say whether the project handles user content (`handles: {user-content: ...}`)"}
}

// harassment decides DPG indicator 9C: a code of conduct with a way to report,
// and, where the product lets users interact, protection for them.
func harassment(in *Input) Result {
	h := in.Config.Handles
	if declaredFalse(h.UserInteraction, h.Keys, "user-interaction") {
		return Result{Outcome: report.NotApplicable, Evidence: []report.Evidence{in.configAt(h.Keys["user-interaction"].Line)},
			Message: "the project facilitates no interaction with or between users or contributors (configuration)"}
	}
	r := in.Repo
	coc := r.Community[evidence.CodeOfConduct]
	if coc == nil {
		return Result{Outcome: report.Fail,
			Message: "no code of conduct: contributors have no process to protect themselves from harassment"}
	}
	if e := searchDoc(coc, cocPlaceholder); e != nil {
		return Result{Outcome: report.Fail, Evidence: []report.Evidence{*e},
			Message:     fmt.Sprintf("%s still has the template placeholder for its reporting contact", coc.Path),
			Remediation: "Replace the placeholder in " + coc.Path + " with a real, monitored address or form for reporting harassment."}
	}
	channel := searchDoc(coc, privateChannel)
	if channel == nil {
		return Result{Outcome: report.Fail, Evidence: []report.Evidence{report.At(coc.Path, 1)},
			Message:     coc.Path + " names no way to report harassment (an email address or a form)",
			Remediation: "Add a monitored email address or form for reporting incidents to " + coc.Path + "."}
	}
	if h.UserInteraction != nil && *h.UserInteraction {
		for _, p := range r.Policies {
			if e := searchDoc(p, harassmentWords); e != nil {
				return Result{Outcome: report.Pass, Evidence: []report.Evidence{*channel, *e},
					Message: "code of conduct with a reporting channel, and a user-safety policy"}
			}
		}
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{*channel},
			Message: "contributors are covered by " + coc.Path + "; the product's users need a documented harassment and child-safety process",
			Remediation: "Document how users of the product can block and report abuse and how underage users are protected, " +
				"then attest it under `attestations: {dpg-9c: ...}`."}
	}
	return Result{Outcome: report.Pass, Evidence: []report.Evidence{*channel},
		Message: "code of conduct with a reporting channel (" + channel.String() + ")"}
}
