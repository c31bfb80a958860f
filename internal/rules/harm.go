package rules

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

var (
	piiProtection   = docWords.MustCompile(`(?i)privacy|data[-_ ]protection|personal data|encrypt|pseudonymi|anonymi|\bPII\b`)
	moderationWords = docWords.MustCompile(`(?i)content moderation|moderat(e|ion|ors?) (content|posts|messages)|report(ing)? (abuse|inappropriate|illegal|harmful) content|inappropriate content|illegal content|\bCSAM\b|child sexual abuse|takedown|(remove|removal of|flag(ging)?) (abusive|inappropriate|illegal|offensive) (content|posts|messages)`)
	harassmentWords = docWords.MustCompile(`(?i)harass|abuse|safeguard|child (safety|protection)|minors|underage|block(ing)? users|report (a )?user`)
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
		if ch := findChannel(sec, securityLink, "organisation-wide security policy"); ch != nil {
			channel = &ch.at
		}
	}
	if f := in.Hosting; channel == nil && f.Known() && f.PrivateVulnerabilityReporting != nil && f.PrivateVulnerabilityReporting.Enabled {
		at := report.Link(f.PrivateVulnerabilityReporting.URL)
		channel = &at
	}
	var protection []report.Evidence
	for _, p := range r.Policies {
		if piiProtection.Regexp().MatchString(p.Path) || texts(r).MatchString(p.Text, piiProtection) {
			protection = append(protection, report.At(p.Path, 1))
		}
	}
	where := "GitHub's private vulnerability reporting"
	if sec != nil && channel != nil && channel.Path == sec.Path {
		where = sec.Path + " names a private reporting channel"
	} else if channel != nil {
		where += " is enabled"
	}
	switch {
	case channel != nil && len(protection) > 0:
		return Result{Outcome: report.Pass, Evidence: append([]report.Evidence{*channel}, protection...),
			Message: fmt.Sprintf("%s, and %s documents how personal data is protected", where, protection[0].Path)}
	case channel != nil:
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{*channel},
			Message:     where + "; how personal data is protected is not documented",
			Remediation: "Document how the project protects personal data (encryption, access control, retention, data minimisation) and attest it, or declare `handles: {pii: false}` if it handles none."}
	case sec != nil:
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{report.At(sec.Path, 1)}, hostCould: true,
			Message:     sec.Path + " names no private way to report a vulnerability (an email address or GitHub private vulnerability reporting)",
			Remediation: "Add a private reporting channel to " + sec.Path + ": a security email address, or enable GitHub private vulnerability reporting and link it."}
	case h.PII != nil && *h.PII:
		return Result{Outcome: report.Fail, hostCould: true,
			Message: "the project handles personal data but has no SECURITY.md or vulnerability-reporting process"}
	}
	return Result{Outcome: report.NeedsReview, hostCould: true,
		Message: "no SECURITY.md found; say whether the project handles personal data (`handles: {pii: ...}`) and how it is protected"}
}

// searchDoc returns evidence of the first match of p in d's text.
func searchDoc(r *evidence.Repo, d *evidence.Doc, p *textindex.Pattern) *report.Evidence {
	loc := texts(r).FindStringIndex(d.Text, p)
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
		if e := searchDoc(r, p, moderationWords); e != nil {
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
// and, where the product lets users interact, protection for them. A missing
// code of conduct is for a person to review, not a failure: the DPGA accepts
// one kept outside the repository (the organisation's, the website's), and
// only someone authorised for the project can give the evidence.
func harassment(in *Input) Result {
	h := in.Config.Handles
	if declaredFalse(h.UserInteraction, h.Keys, "user-interaction") {
		return Result{Outcome: report.NotApplicable, Evidence: []report.Evidence{in.configAt(h.Keys["user-interaction"].Line)},
			Message: "the project facilitates no interaction with or between users or contributors (configuration)"}
	}
	usersInteract := h.UserInteraction != nil && *h.UserInteraction
	coc := in.Repo.Community[evidence.CodeOfConduct]
	if coc == nil {
		res := noCodeOfConduct(in, usersInteract)
		if u := unreadFiles(in.Repo, "community files", isConductFile); len(u) > 0 {
			return unknownBecause(u, res)
		}
		return res
	}
	ch := findChannel(coc, conductLink, orgConduct)
	if ch == nil {
		res := Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{report.At(coc.Path, 1)},
			Message:     coc.Path + " names no way to report harassment (an email address, a form, a contact page or a named maintainer)",
			Remediation: "Add a monitored email address, form or contact page for reporting incidents to " + coc.Path + "."}
		if e := findPlaceholder(coc); e != nil {
			res.Evidence = []report.Evidence{*e}
			res.Message = coc.Path + " still has the template's placeholder where its reporting contact belongs"
			res.Remediation = "Replace the placeholder in " + coc.Path + " with a monitored address, form or contact page for reporting harassment."
		}
		if usersInteract {
			// The project says its users interact, and nobody can report
			// harassment: a reviewer rejects this.
			res.Outcome = report.Fail
			res.Message = "the configuration says users interact through the product, but " + res.Message
		}
		return res
	}
	if ch.kind == orgConduct {
		// The channel, if any, is in a text dpgcheck did not read: the same
		// as a code adopted by link from the README.
		url := ch.at.URL
		return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{ch.at},
			Message: fmt.Sprintf("%s adopts the organisation's code of conduct by link (%s); whether it names a way to report harassment could not be read", coc.Path, url),
			Remediation: "Confirm that " + url + " names a monitored email address, form or contact page for reports (or add one to " + coc.Path + "), " +
				"then attest it under `attestations: {dpg-9c: {evidence: [" + url + "]}}` in .github/dpgcheck.yml."}
	}
	if usersInteract {
		return userSafety(in, coc, ch)
	}
	return Result{Outcome: report.Pass, Evidence: []report.Evidence{ch.at},
		Message: fmt.Sprintf("code of conduct with a reporting channel (%s: %s)", ch.kind, ch.at)}
}

// orgConduct is the kind of channel findChannel reports for a link to the
// organisation's own code of conduct.
const orgConduct = "organisation-wide code of conduct"

// noCodeOfConduct decides 9C when the repository has no code of conduct file:
// one adopted by link from the README or contribution guide, or none.
func noCodeOfConduct(in *Input, usersInteract bool) Result {
	r := in.Repo
	if f := in.Hosting; f.Known() && f.CodeOfConduct != nil {
		return hostedCodeOfConduct(f, usersInteract)
	}
	guide, _ := contributionGuide(r) // another project's adopts that project's code of conduct
	for _, d := range []*evidence.Doc{r.Readme, guide} {
		if d == nil {
			continue
		}
		for _, l := range d.Links {
			if conductLink.MatchString(unescaped(l.URL)) || conductLink.MatchString(l.Text) {
				at := linkEvidence(d.Path, l.URL, l.Line)
				return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{at},
					Message: fmt.Sprintf("%s adopts a code of conduct by link (%s); whether it names a way to report harassment could not be read", d.Path, l.URL),
					Remediation: "Confirm that the linked code of conduct names a monitored channel for reports (or add CODE_OF_CONDUCT.md with one), " +
						"then attest it under `attestations: {dpg-9c: {evidence: [URL]}}` in .github/dpgcheck.yml."}
			}
		}
	}
	if usersInteract {
		return Result{Outcome: report.Fail, hostCould: true,
			Message: "the configuration says users interact through the product, but there is no code of conduct and no harassment policy",
			Remediation: "Add a CODE_OF_CONDUCT.md with a monitored reporting channel and document how users can block and report abuse " +
				"and how underage users are protected."}
	}
	return Result{Outcome: report.NeedsReview, hostCould: true,
		Message: "no code of conduct in the repository; if the project has one elsewhere (the organisation's, the website's), point to it",
		Remediation: "Add a CODE_OF_CONDUCT.md (for example the Contributor Covenant) with a monitored email address or form for reports, " +
			"or attest the code of conduct that applies under `attestations: {dpg-9c: {evidence: [URL]}}` in .github/dpgcheck.yml."}
}

// userSafety decides 9C for a product whose users interact: contributors are
// covered by the code of conduct; users need a safety policy.
func userSafety(in *Input, coc *evidence.Doc, ch *channel) Result {
	for _, p := range in.Repo.Policies {
		if e := searchDoc(in.Repo, p, harassmentWords); e != nil {
			return Result{Outcome: report.Pass, Evidence: []report.Evidence{ch.at, *e},
				Message: "code of conduct with a reporting channel, and a user-safety policy"}
		}
	}
	return Result{Outcome: report.NeedsReview, Evidence: []report.Evidence{ch.at},
		Message: "contributors are covered by " + coc.Path + "; the product's users need a documented harassment and child-safety process",
		Remediation: "Document how users of the product can block and report abuse and how underage users are protected, " +
			"then attest it under `attestations: {dpg-9c: ...}`."}
}

// conductNameSeparators turns a file name's separators into underscores.
var conductNameSeparators = strings.NewReplacer("-", "_", " ", "_")

func isConductFile(p string) bool {
	return strings.Contains(strings.ToUpper(conductNameSeparators.Replace(path.Base(p))), "CONDUCT")
}

// hostedCodeOfConduct decides 9C from the code of conduct GitHub shows for
// the repository (often the organisation's default, from its .github
// repository), which dpgcheck cannot read. GitHub's content reports are a
// reporting channel of their own.
func hostedCodeOfConduct(f *hosting.Facts, usersInteract bool) Result {
	coc := f.CodeOfConduct
	what := "GitHub shows a code of conduct for the repository"
	if coc.Inherited && coc.Repository != "" {
		what = "the organisation's code of conduct applies (from " + coc.Repository + ")"
	}
	ev := []report.Evidence{report.Link(coc.URL)}
	if cr := f.ContentReports; cr != nil && cr.Enabled && !usersInteract {
		return Result{Outcome: report.Pass, Evidence: append(ev, report.Link(cr.URL)),
			Message: what + ", and GitHub's content reports to the maintainers are enabled"}
	}
	return Result{Outcome: report.NeedsReview, Evidence: ev,
		Message: what + "; whether it names a way to report harassment could not be read",
		Remediation: "Confirm that " + coc.URL + " names a monitored channel for reports (or enable content reports in the " +
			"repository's settings), then attest it under `attestations: {dpg-9c: {evidence: [URL]}}` in .github/dpgcheck.yml."}
}

// unescaped is a URL with its percent-escapes decoded ("Code%20of%20Conduct.md"
// is "Code of Conduct.md"), or the URL itself when it does not decode.
func unescaped(u string) string {
	if d, err := url.PathUnescape(u); err == nil {
		return d
	}
	return u
}
