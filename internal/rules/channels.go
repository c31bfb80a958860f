package rules

import (
	"net/url"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// A reporting channel is how someone reaches the people who act on a report
// (of harassment under 9C, of a vulnerability under 9A). DPGA reviewers
// accept an email address, a web or contact form, a service desk, GitHub's
// private vulnerability reporting, a contact page, a named maintainer, or a
// link to the organisation's own policy that has one (which 9C leaves for a
// person to confirm: dpgcheck does not read it). A template placeholder
// ("[INSERT CONTACT METHOD]") is not a channel.

// channel is a reporting channel found in a document.
type channel struct {
	at   report.Evidence
	kind string // "email address", "contact page", "organisation-wide code of conduct" ...
}

var (
	// directChannel is a channel by itself, wherever it appears: an email
	// address (also written "name AT example.org"), GitHub's private
	// reporting, a reporting platform or a form.
	directChannel = lazyregexp.New(`(?i)[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}|\b[a-z0-9._%+-]+ ?(\[at\]|\(at\)|(?-i: AT )) ?[a-z0-9-]+(\.[a-z0-9-]+)*(\.| ?\[dot\] ?|(?-i: DOT ))[a-z]{2,}\b|/security/advisories|private vulnerability reporting|reporting-abuse-or-spam|report content to (the )?(repository )?maintainers|huntr\.(dev|com)|hackerone\.com|bugcrowd\.com|intigriti|forms\.gle|docs\.google\.com/forms|typeform\.com|forms\.office\.com|jotform\.com|\b(contact|reporting|report|web|online) form\b|\bservice ?desk\b|\bhelp ?desk\b`)
	// reportContext is a sentence about reporting; a link or @handle in it
	// is where reports go.
	reportContext = lazyregexp.New(`(?i)\b(report(ed|ing|s)?|contact(ing|ed)?|reach(ing)? out|notify(ing)?|email(ing)?|escalat(e|ed|ing)|raise (it|a concern)|get in touch|complain(t|ts)?)\b`)
	handle        = lazyregexp.New(`(^|[\s(\[])@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\b`)
	conductLink   = lazyregexp.New(`(?i)code[-_ ]?of[-_ ]?conduct|/conduct\b|/coc\b`)
)

// boilerplateHosts publish the template codes of conduct are adapted from;
// a link there is attribution, not a channel.
var boilerplateHosts = []string{"contributor-covenant.org", "www.contributor-covenant.org", "opensource.guide",
	"github.com/mozilla/diversity", "mozilla.org", "wikipedia.org", "citizencodeofconduct.org", "todogroup.org",
	"geekfeminism", "creativecommons.org", "opensource.org", "www.w3.org", "djangoproject.com/conduct", "python.org/psf/conduct",
	"thepsf", "spdx.org"}

func boilerplate(u string) bool {
	l := strings.ToLower(u)
	for _, h := range boilerplateHosts {
		if strings.Contains(l, h) {
			return true
		}
	}
	return false
}

// placeholder is a template's blank for the reporting contact.
var placeholder = lazyregexp.New(`(?i)\\?\[INSERT [^\]]*\]|\[(email|contact) ?(address|method)?\]|<email>|\[project email\]|\[your email\]|\{\{ ?(email|contact)[^}]*\}\}`)

// securityLink is a link to a security policy.
var securityLink = lazyregexp.New(`(?i)security(\.md|[-_]?policy|/policy)|/security\b|vulnerability[-_ ]disclosure`)

// findChannel returns the reporting channel a document names, or nil.
// policyLink recognises a link to the organisation's own policy of the same
// kind (its code of conduct, its security policy), which is where reports go.
func findChannel(d *evidence.Doc, policyLink *lazyregexp.Regexp, policyKind string) *channel {
	text := d.Text
	if loc := directChannel.FindStringIndex(text); loc != nil {
		kind := "email address"
		if m := strings.ToLower(text[loc[0]:loc[1]]); !strings.Contains(m, "@") && !strings.Contains(m, " at ") && !strings.Contains(m, "[at]") && !strings.Contains(m, "(at)") {
			kind = "reporting form or service"
		}
		return &channel{at: report.At(d.Path, lineAt(text, loc[0])), kind: kind}
	}
	// A link or a GitHub handle in a sentence about reporting: a contact
	// page, a team, a chat, a named maintainer.
	for _, l := range d.Links {
		if boilerplate(l.URL) || strings.HasPrefix(l.URL, "#") {
			continue
		}
		// The sentence may start on the line before the link's.
		if ctx := lineText(text, l.Line-1) + " " + lineText(text, l.Line); reportContext.MatchString(ctx) || reportContext.MatchString(l.Text) {
			return &channel{at: linkEvidence(d.Path, l.URL, l.Line), kind: "contact link"}
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if reportContext.MatchString(line) && handle.MatchString(line) {
			return &channel{at: report.At(d.Path, i+1), kind: "named maintainer"}
		}
	}
	// The project's policy is its organisation's, by link.
	for _, l := range d.Links {
		if !boilerplate(l.URL) && policyLink.MatchString(l.URL) && isWebURL(l.URL) {
			return &channel{at: linkEvidence(d.Path, l.URL, l.Line), kind: policyKind}
		}
	}
	return nil
}

// findPlaceholder returns where a document still has a template's blank for
// the reporting contact.
func findPlaceholder(d *evidence.Doc) *report.Evidence {
	loc := placeholder.FindStringIndex(d.Text)
	if loc == nil {
		return nil
	}
	at := report.At(d.Path, lineAt(d.Text, loc[0]))
	return &at
}

func isWebURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// lineText returns line n (1-based) of text.
func lineText(text string, n int) string {
	if n < 1 {
		return ""
	}
	for i := 1; i < n; i++ {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return ""
		}
		text = rest
	}
	line, _, _ := strings.Cut(text, "\n")
	return line
}
