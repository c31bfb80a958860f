package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

var privacyLink = lazyregexp.New(`(?i)privacy|data[-_ ]protection|gdpr|terms[-_ ]of[-_ ](service|use)|/terms\b|/legal\b`)

// privacyAndLaws decides DPG indicator 7. Compliance with privacy and other
// applicable laws can only be attested by someone authorised for the
// project; the rule gathers the policies it can see and asks for that
// attestation (which makes the finding pass).
func privacyAndLaws(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	var found []string
	for _, p := range r.Policies {
		if privacyLink.MatchString(p.Path) {
			ev = append(ev, report.At(p.Path, 1))
			found = append(found, p.Path)
		}
	}
	for _, p := range r.PolicyFiles {
		ev = append(ev, report.At(p, 0))
		found = append(found, fmt.Sprintf("%s (%s, not read)", p, strings.ToUpper(strings.TrimPrefix(path.Ext(p), "."))))
	}
	for _, l := range searchLinks(r, privacyLink, 3) {
		ev = append(ev, l)
		if l.URL != "" {
			found = append(found, l.URL)
		} else {
			found = append(found, "a link in "+l.String()) // a relative link has no URL
		}
	}
	for _, a := range r.DPGApplications {
		for _, u := range a.App.PrivacyURLs {
			if u == "" {
				continue
			}
			ev = append(ev, report.Link(u))
			found = append(found, u)
		}
	}
	found = uniq(found)
	if len(found) == 0 {
		return Result{Outcome: report.NeedsReview,
			Message: "no privacy policy, terms or data-protection document was found; an authorised person must attest compliance"}
	}
	return Result{Outcome: report.NeedsReview, Evidence: ev[:min(len(ev), 5)], Details: found,
		Message: "privacy or legal documents found (" + listUpTo(found, 2) + "); an authorised person must attest compliance with the applicable laws"}
}

// uniq drops repeated strings, keeping the first of each.
func uniq(items []string) []string {
	seen := map[string]bool{}
	out := items[:0:0]
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
