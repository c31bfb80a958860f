package rules

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/dpga"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Registry is the project's DPGA registry record, given for one run
// (--registry): what the DPGA certified.
type Registry struct {
	Source string       // the path or URL it was read from, as shown
	Record *dpga.Record // never nil
	// InRepo is the record's path inside the evaluated repository when it
	// is kept there (its lines are then cited as evidence).
	InRepo string
}

// renewalWarning is how long before the renewal date the DPGA opens the
// renewal application (60 days, review policy).
const renewalWarningDays = 60

// drift collects what the comparison found, each with its outcome.
type drift struct {
	outcome  report.Outcome // the worst so far; Pass when nothing disagrees
	problems []string       // sentences for the message, worst first
	details  []string
	evidence []report.Evidence
	concerns []string
	agree    []string // what was compared and agrees: "the licence", "the repository", "the SDGs"
}

func (d *drift) add(o report.Outcome, concern, sentence string) {
	if severity(o) > severity(d.outcome) {
		d.outcome = o
	}
	if o == report.Fail {
		d.problems = append([]string{sentence}, d.problems...)
	} else {
		d.problems = append(d.problems, sentence)
	}
	d.concerns = append(d.concerns, concern)
}

func severity(o report.Outcome) int {
	switch o {
	case report.Fail:
		return 3
	case report.NeedsReview:
		return 2
	case report.Unknown:
		return 1
	}
	return 0
}

// registryDrift decides dpg-registry: the repository still matches its DPGA
// registry record — licence, repository, SDGs and renewal date.
func registryDrift(in *Input) Result {
	reg := in.Registry
	if reg == nil || reg.Record == nil {
		return Result{Outcome: report.Unknown, Message: "no registry record was given (--registry)"}
	}
	d := &drift{outcome: report.Pass}
	if reg.InRepo == "" && strings.Contains(reg.Source, "://") {
		d.evidence = append(d.evidence, report.Link(reg.Source))
	}
	licenceDrift(in, d)
	repositoryDrift(in, d)
	sdgDrift(in, d)
	renewalDrift(in, d)
	res := Result{Outcome: d.outcome, Evidence: d.evidence, Details: d.details, Concerns: d.concerns}
	if in.Hosting == nil && len(reg.Record.Repos) > 0 {
		res.hostCould = true // the host says where a renamed repository lives now
	}
	if len(d.problems) == 0 {
		if len(d.agree) == 0 {
			res.Outcome = report.Unknown
			res.Message = "the registry record " + reg.Source + " names nothing dpgcheck can compare with the repository"
			return res
		}
		res.Message = joinAnd(d.agree) + " agree with the registry record " + reg.Source
		if len(d.agree) == 1 {
			res.Message = d.agree[0] + " agrees with the registry record " + reg.Source
		}
		return res
	}
	res.Message = strings.Join(d.problems, "; ")
	return res
}

// recordAt cites line of the registry record: evidence when the record is
// in the repository, else the record's name and line for the details.
func (in *Input) recordAt(line int) (string, []report.Evidence) {
	reg := in.Registry
	if reg.InRepo != "" {
		return fmt.Sprintf("%s:%d", reg.InRepo, line), []report.Evidence{report.At(reg.InRepo, line)}
	}
	if strings.Contains(reg.Source, "://") {
		return fmt.Sprintf("%s (line %d)", reg.Source, line), nil
	}
	return fmt.Sprintf("%s:%d", reg.Source, line), nil
}

// certified is one licence of the record, normalised.
type certified struct {
	written string // as the record writes it
	ids     []string
	line    int
}

// recordLicences reads the record's licence ids: pre-SPDX-3 ids (GPL-3.0,
// AGPL-3.0, LGPL-2.1, GPL-2.0+) are what the registry writes.
func recordLicences(rec *dpga.Record) []certified {
	var out []certified
	for _, l := range rec.Licenses {
		c := certified{written: l.SPDX, line: l.Line}
		if e, err := license.ParseExpr(l.SPDX); err == nil {
			for _, leaf := range e.Leaves() {
				c.ids = append(c.ids, licenceKey(leaf))
			}
		} else {
			c.ids = []string{strings.ToLower(l.SPDX)}
		}
		out = append(out, c)
	}
	return out
}

// licenceKey compares licences across SPDX versions: GPL-3.0 (the
// registry's id), GPL-3.0-only and GPL-3.0-or-later are one licence.
func licenceKey(l license.Lic) string {
	return strings.ToLower(license.Legacy(license.Normalize(license.Lic{ID: l.ID, Plus: l.Plus}).ID))
}

func licenceDrift(in *Input, d *drift) {
	rec := in.Registry.Record
	want := recordLicences(rec)
	if len(want) == 0 {
		d.details = append(d.details, "licence: the registry record names no licence to compare with")
		return
	}
	decls := in.declarations()
	expr, stated := decls.project, decls.main
	fromPackages := false // no licence for the whole repository; its packages speak for it
	if expr == nil {
		for _, o := range decls.others {
			if o.root && o.expr != nil && !o.toolDefault {
				expr, stated = o.expr, []declaration{o}
				break
			}
		}
	}
	var wrote []string
	for _, c := range want {
		at, ev := in.recordAt(c.line)
		wrote = append(wrote, c.written+" ("+at+")")
		d.evidence = append(d.evidence, ev...)
	}
	certifiedText := strings.Join(wrote, ", ")
	if expr == nil {
		var packages []declaration
		for _, o := range decls.others {
			if o.expr != nil && !o.toolDefault {
				packages = append(packages, o)
			}
		}
		if len(packages) == 0 {
			noLicence(in, d, certifiedText)
			return
		}
		// No licence for the whole repository: the packages inside it
		// speak for it, as dpg-2 reads them.
		var parts []*license.Expr
		seen := map[string]bool{}
		for _, p := range packages {
			if !seen[p.expr.String()] {
				seen[p.expr.String()] = true
				parts = append(parts, p.expr)
			}
		}
		fromPackages = true
		expr, stated = &license.Expr{Op: license.And, Args: parts}, packages
		if len(parts) == 1 {
			expr = parts[0]
		}
	}
	have := map[string]bool{}
	for _, l := range expr.Leaves() {
		have[licenceKey(l)] = true
	}
	for _, t := range append(slices.Clone(decls.typed), decls.parts...) {
		if t.expr != nil {
			for _, l := range t.expr.Leaves() {
				have[licenceKey(l)] = true
			}
		}
	}
	for _, s := range stated {
		d.evidence = append(d.evidence, s.at())
	}
	for _, t := range decls.typed {
		d.evidence = append(d.evidence, t.at())
	}
	var kept, lost []string
	for _, c := range want {
		if slices.ContainsFunc(c.ids, func(id string) bool { return have[id] }) {
			kept = append(kept, c.written)
		} else {
			lost = append(lost, c.written)
		}
	}
	certifiedKeys := map[string]bool{}
	for _, c := range want {
		for _, id := range c.ids {
			certifiedKeys[id] = true
		}
	}
	var added []string
	for _, l := range expr.Leaves() {
		if !certifiedKeys[licenceKey(l)] && !slices.Contains(added, l.String()) {
			added = append(added, l.String())
		}
	}
	where := stated[0].at().String()
	now := "the repository is now under"
	if fromPackages {
		now = "the repository has no licence of its own and its packages are under"
	}
	switch {
	case len(kept) == 0:
		types := driftTypes(in)
		if ok, js := license.JudgeExpr(expr, types); !ok {
			j := firstRejected(js)
			d.add(report.Fail, "registry-licence-not-open", fmt.Sprintf("the DPGA certified %s but %s %s (%s), "+
				"which is not an approved open licence: the certification would not be renewed", strings.Join(lost, ", "), now, expr, where))
			d.details = append(d.details, "licence: "+j.Reason, "licence: the record says "+certifiedText)
			return
		}
		d.add(report.NeedsReview, "registry-licence-changed", fmt.Sprintf("the DPGA certified %s but %s %s (%s); "+
			"the new licence is open, tell the DPGA so the record says so", strings.Join(lost, ", "), now, expr, where))
		d.details = append(d.details, "licence: the record says "+certifiedText)
	case len(lost) > 0:
		d.add(report.NeedsReview, "registry-licence-dropped", fmt.Sprintf("the DPGA certified %s; the repository does not state %s (%s is %s)",
			strings.Join(kept, " and "), strings.Join(lost, ", "), where, expr))
		d.details = append(d.details, "licence: the record says "+certifiedText)
	default:
		d.agree = append(d.agree, "the licence")
		d.details = append(d.details, fmt.Sprintf("licence: %s, as the registry record certifies (%s)", expr, certifiedText))
	}
	if len(added) > 0 && len(kept) > 0 {
		d.details = append(d.details, fmt.Sprintf("note: the repository also offers %s, which the registry record does not list; add it at the next renewal",
			strings.Join(added, ", ")))
	}
}

// noLicence reports a certified licence where the repository states none at
// all: dpg-2's decision on the missing licence decides how bad that is.
func noLicence(in *Input, d *drift, certifiedText string) {
	lic := openLicence(in)
	d.evidence = append(d.evidence, lic.Evidence...)
	switch lic.Outcome {
	case report.Fail:
		d.add(report.Fail, "registry-licence-missing", "the DPGA certified "+certifiedText+" but the repository states no licence: "+
			"without one all rights are reserved and the certification would not be renewed")
	case report.Unknown:
		d.add(report.Unknown, "registry-licence-unknown", "the registry record certifies "+certifiedText+
			" but dpgcheck could not read the repository's licence to compare it with ("+lic.Message+")")
	default:
		d.add(report.NeedsReview, "registry-licence-missing", "the DPGA certified "+certifiedText+" but the repository has no licence of its own: "+lic.Message)
	}
}

// driftTypes are the project types the licence is judged for: the
// configuration's, else the record's.
func driftTypes(in *Input) []license.ProjectType {
	if len(in.Config.Type) > 0 {
		return in.Config.ProjectTypes()
	}
	var out []license.ProjectType
	for _, t := range in.Registry.Record.Types {
		pt := license.ProjectType(t)
		if t == "standard" {
			pt = license.Software
		}
		if slices.Contains(license.ProjectTypes, pt) && !slices.Contains(out, pt) {
			out = append(out, pt)
		}
	}
	if len(out) == 0 {
		return in.Config.ProjectTypes()
	}
	return out
}

// repoID is a repository location compared across spellings:
// "github.com/owner/name" in lower case, without scheme, www. and .git.
func repoID(raw string) string {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.FieldsFunc(strings.ToLower(u.Path), func(r rune) bool { return r == '/' })
	if host == "github.com" && len(parts) > 2 {
		parts = parts[:2] // /tree/main, /blob/...
	}
	if i := slices.Index(parts, "-"); i > 0 {
		parts = parts[:i] // GitLab's /-/tree/main
	}
	if len(parts) > 0 {
		parts[len(parts)-1] = strings.TrimSuffix(parts[len(parts)-1], ".git")
	}
	return strings.Join(append([]string{host}, parts...), "/")
}

// gitRemoteID reads a remote URL, including scp-like git@host:owner/name.
func gitRemoteID(remote string) string {
	if at, rest, ok := strings.Cut(remote, "@"); ok && !strings.Contains(at, "/") && !strings.Contains(remote, "://") {
		host, path, _ := strings.Cut(rest, ":")
		return repoID(host + "/" + path)
	}
	return repoID(remote)
}

// urlsIn finds the URLs of a record's free-text repository answer.
var urlsIn = lazyregexp.New(`(?i)(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[^\s,;"'<>)]+|https?://[^\s,;"'<>)]+`)

func repositoryDrift(in *Input, d *drift) {
	rec := in.Registry.Record
	if len(rec.Repos) == 0 {
		d.details = append(d.details, "repository: the registry record names no repository to compare with")
		return
	}
	// Where the host says the repository is now first: a renamed or
	// transferred repository answers at its new name.
	var here, aliases []string
	if h := in.Hosting; h.Known() && h.URL != "" {
		here = append(here, repoID(h.URL))
	}
	for _, s := range []string{in.Repository, in.Repo.Git.Repository} {
		if s != "" {
			aliases = append(aliases, repoID("github.com/"+s))
		}
	}
	if r := in.Repo.Git.Remote; r != "" {
		aliases = append(aliases, gitRemoteID(r))
	}
	if len(here) == 0 {
		here, aliases = aliases, nil
	}
	if len(here) == 0 {
		d.details = append(d.details, "repository: dpgcheck cannot tell which repository this is (no origin remote and no repository named); "+
			"the record lists "+recordRepoList(rec))
		return
	}
	var matchedAlias *dpga.RecordRepo
	for i, r := range rec.Repos {
		for _, u := range urlsIn.FindAllString(r.URL, 10) {
			id := repoID(u)
			if id == "" {
				continue
			}
			if slices.ContainsFunc(here, func(h string) bool { return sameRepo(id, h) }) {
				at, ev := in.recordAt(r.Line)
				d.evidence = append(d.evidence, ev...)
				d.agree = append(d.agree, "the repository")
				d.details = append(d.details, fmt.Sprintf("repository: %s, as the registry record lists (%s)", here[0], at))
				return
			}
			if matchedAlias == nil && slices.ContainsFunc(aliases, func(h string) bool { return sameRepo(id, h) }) {
				matchedAlias = &rec.Repos[i]
			}
		}
	}
	if matchedAlias != nil {
		at, ev := in.recordAt(matchedAlias.Line)
		d.evidence = append(d.evidence, ev...)
		d.evidence = append(d.evidence, report.Link(in.Hosting.URL))
		d.add(report.NeedsReview, "registry-repository-moved", fmt.Sprintf("the repository moved: the registry record lists %s (%s), which the code host now serves as %s; update the record's repositories",
			matchedAlias.URL, at, in.Hosting.URL))
		return
	}
	at, ev := in.recordAt(rec.Repos[0].Line)
	d.evidence = append(d.evidence, ev...)
	d.add(report.NeedsReview, "registry-repository-not-listed", fmt.Sprintf("this repository (%s) is not one the registry record lists (%s, from %s): "+
		"if the project moved here, update the record's repositories; if this is another project, this is not its record", here[0], recordRepoList(rec), at))
}

// sameRepo compares repository ids; a record that names only an owner
// (github.com/openspp-project) covers every repository of that owner.
func sameRepo(record, here string) bool {
	if record == here {
		return true
	}
	if strings.Count(record, "/") == 1 {
		return strings.HasPrefix(here, record+"/")
	}
	return false
}

func recordRepoList(rec *dpga.Record) string {
	var s []string
	for _, r := range rec.Repos {
		s = append(s, r.URL)
	}
	return listUpTo(s, 3)
}

// sdgMention finds SDG numbers a document states: "SDG 4", "SDG#16",
// "Sustainable Development Goal 3".
var sdgMention = lazyregexp.New(`(?i)\bSDG\s?[-#]?\s?0*([1-9][0-7]?)\b|sustainable development goal\s*#?\s*([1-9][0-7]?)\b`)

// statedSDGs are the goals the project states today, with where.
func statedSDGs(in *Input) map[int]report.Evidence {
	out := map[int]report.Evidence{}
	for _, s := range in.Config.SDGs {
		if _, seen := out[s.Goal]; !seen {
			out[s.Goal] = in.configAt(s.Pos.Line)
		}
	}
	for _, a := range in.Repo.DPGApplications {
		if a.Path == in.Registry.InRepo {
			continue // the record itself states what was certified, not what the project states today
		}
		for _, s := range a.App.SDGs {
			if _, seen := out[s.Goal]; !seen {
				out[s.Goal] = report.At(a.Path, s.Line)
			}
		}
	}
	if r := in.Repo.Readme; r != nil {
		for _, m := range sdgMention.FindAllStringSubmatchIndex(r.Text, 50) {
			var num string
			if m[2] >= 0 {
				num = r.Text[m[2]:m[3]]
			} else {
				num = r.Text[m[4]:m[5]]
			}
			g, err := strconv.Atoi(num)
			if err != nil || g < 1 || g > 17 {
				continue
			}
			if _, seen := out[g]; !seen {
				out[g] = report.At(r.Path, 1+strings.Count(r.Text[:m[0]], "\n"))
			}
		}
	}
	return out
}

func sdgDrift(in *Input, d *drift) {
	rec := in.Registry.Record
	if len(rec.SDGs) == 0 {
		d.details = append(d.details, "SDGs: the registry record names none to compare with")
		return
	}
	stated := statedSDGs(in)
	var certifiedGoals []int
	for _, s := range rec.SDGs {
		if !slices.Contains(certifiedGoals, s.Goal) {
			certifiedGoals = append(certifiedGoals, s.Goal)
		}
	}
	slices.Sort(certifiedGoals)
	if len(stated) == 0 {
		d.details = append(d.details, fmt.Sprintf("note: the registry record certifies %s and the repository states no SDGs; "+
			"name them under `sdgs:` in .github/dpgcheck.yml so a change shows up here", goalList(certifiedGoals)))
		return
	}
	var missing []int
	for _, g := range certifiedGoals {
		if ev, ok := stated[g]; ok {
			d.evidence = append(d.evidence, ev)
		} else {
			missing = append(missing, g)
		}
	}
	var extra []int
	for g := range stated {
		if !slices.Contains(certifiedGoals, g) {
			extra = append(extra, g)
		}
	}
	slices.Sort(extra)
	if len(missing) > 0 {
		var lines []string
		for _, s := range rec.SDGs {
			if slices.Contains(missing, s.Goal) {
				at, ev := in.recordAt(s.Line)
				d.evidence = append(d.evidence, ev...)
				lines = append(lines, at)
			}
		}
		d.add(report.NeedsReview, "registry-sdg-not-stated", fmt.Sprintf("the DPGA certified %s (%s) but the repository no longer states %s: "+
			"state it again, or tell the DPGA the project no longer advances it", goalList(missing), listUpTo(lines, 3), pronoun(len(missing))))
	} else {
		d.agree = append(d.agree, "the SDGs")
		d.details = append(d.details, "SDGs: "+goalList(certifiedGoals)+" stated, as the registry record certifies")
	}
	if len(extra) > 0 {
		d.details = append(d.details, fmt.Sprintf("note: the repository also states %s, which the registry record does not certify; add it at the next renewal", goalList(extra)))
	}
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func goalList(goals []int) string {
	var s []string
	for _, g := range goals {
		s = append(s, strconv.Itoa(g))
	}
	if len(s) == 1 {
		return "SDG " + s[0]
	}
	return "SDGs " + strings.Join(s, ", ")
}

func renewalDrift(in *Input, d *drift) {
	rec := in.Registry.Record
	if strings.EqualFold(rec.Stage, "archive") {
		at, ev := in.recordAt(rec.StageLine)
		d.evidence = append(d.evidence, ev...)
		d.add(report.NeedsReview, "registry-archived", fmt.Sprintf("the registry record's stage is archive (%s): the certification lapsed; apply again to be listed as a DPG", at))
	}
	if rec.Renewal.IsZero() {
		return
	}
	at, ev := in.recordAt(rec.RenewalLine)
	day := rec.Renewal.Format("2006-01-02")
	left := rec.Renewal.Sub(in.Now).Hours() / 24
	switch {
	case left < 0:
		d.evidence = append(d.evidence, ev...)
		d.add(report.NeedsReview, "registry-expired", fmt.Sprintf("the certification expired on %s (%s %s): renew it at app.digitalpublicgoods.net", day, rec.RenewalField, at))
	case left <= renewalWarningDays:
		d.details = append(d.details, fmt.Sprintf("note: the certification is due for renewal by %s (%s %s); the DPGA opens the renewal 60 days before", day, rec.RenewalField, at))
	default:
		d.agree = append(d.agree, "the renewal date")
		d.details = append(d.details, fmt.Sprintf("renewal: due by %s (%s %s)", day, rec.RenewalField, at))
	}
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
