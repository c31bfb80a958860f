package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// owner is a named owner and where it was found.
type owner struct {
	name string
	at   report.Evidence
	via  string
}

// clearOwnership decides DPG indicator 3: someone identifiable owns the
// project's assets, through the configuration, copyright notices, NOTICE
// files, publiccode.yml, a DPGA record, manifests, the README, source
// headers, ownership documents or the organisation that hosts the
// repository. The DPGA accepts evidence outside the repository (a trademark,
// the organisation's page), so finding none is for a person to review.
func clearOwnership(in *Input) Result {
	owners, hints := findOwners(in)
	var details []string
	if len(in.Repo.CLA) > 0 {
		details = append(details, "contributions come in under a contributor agreement: "+strings.Join(in.Repo.CLA, ", "))
	}
	if len(owners) == 0 {
		res := noOwner(in, details)
		if len(hints) > 0 {
			// Weak evidence: a person decides whether it names the owner.
			names, ev, lines := describeOwners(hints)
			res.Evidence = ev
			res.Details = append(res.Details, lines...)
			res.Message = "no owner is named for the whole project; " + listUpTo(names, 3) + " " + isAre(len(names)) +
				" named by " + hints[0].via + ": confirm who owns the project"
		}
		return res
	}
	names, ev, lines := describeOwners(owners)
	return Result{Outcome: report.Pass, Evidence: ev[:min(len(ev), 5)], Details: append(details, lines...)[:min(len(details)+len(lines), 12)],
		Message: "owned by " + listUpTo(names, 3)}
}

func describeOwners(owners []owner) (names []string, ev []report.Evidence, lines []string) {
	seen := map[string]bool{}
	for _, o := range owners {
		if seen[strings.ToLower(o.name)] {
			continue
		}
		seen[strings.ToLower(o.name)] = true
		names = append(names, o.name)
		ev = append(ev, o.at)
		lines = append(lines, fmt.Sprintf("%s (%s, %s)", o.name, o.via, o.at))
	}
	return names, ev, lines
}

func noOwner(in *Input, details []string) Result {
	res := Result{Outcome: report.NeedsReview, Details: details, hostCould: true,
		Message: "no owner is named in the repository: no copyright notice, NOTICE, manifest author, publiccode.yml owner or configured owner",
		Remediation: "Name the legal owner: a copyright line in LICENSE or NOTICE (\"Copyright 2024 Example Foundation\"), " +
			"`legal.mainCopyrightOwner` in publiccode.yml, or `owner: {name: ..., url: ...}` in .github/dpgcheck.yml."}
	if repo := in.Repo.Git.Repository; repo != "" {
		login, _, _ := strings.Cut(repo, "/")
		res.Message += fmt.Sprintf("; the clone's origin is github.com/%s, which may be a fork: confirm who owns the project", login)
	}
	return res
}

// findOwners lists the owners the evidence names, strongest first. Strong
// evidence speaks for the whole project (the configuration, the root
// licence's copyright, NOTICE, publiccode.yml, a DPGA record, the root
// manifest, the README, the organisation that holds the repository); weak
// evidence (a sub-folder's manifest, source headers, an ownership document)
// is used only when there is no strong evidence.
func findOwners(in *Input) (owners, hints []owner) {
	r := in.Repo
	var out []owner
	if o := in.Config.Owner; o != nil {
		out = append(out, owner{o.Name, in.configAt(o.Pos.Line), "configured owner"})
	}
	for _, l := range r.RootLicenses() {
		bundled := bundledFrom(l)
		for _, c := range l.Copyrights {
			if c.Line >= bundled {
				continue // the copyright of a third-party licence appended to the file
			}
			if name := cleanOwnerName(c.Holder); name != "" {
				out = append(out, owner{name, report.At(l.Path, c.Line), "copyright notice"})
			}
		}
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		f := pc.File
		switch {
		case f.MainCopyrightOwner != "":
			out = append(out, owner{f.MainCopyrightOwner, report.At(pc.Path, f.MainCopyrightOwnerLine), "publiccode.yml legal.mainCopyrightOwner"})
		case f.Organisation.Name != "":
			out = append(out, owner{f.Organisation.Name, report.At(pc.Path, f.Organisation.Line), "publiccode.yml organisation"})
		case f.RepoOwner != "":
			out = append(out, owner{f.RepoOwner, report.At(pc.Path, f.RepoOwnerLine), "publiccode.yml legal.repoOwner"})
		}
	}
	for _, a := range r.DPGApplications {
		for _, o := range a.App.Owners {
			out = append(out, owner{o.Name, report.At(a.Path, o.Line), "DPGA application owner"})
		}
	}
	out = append(out, readmeCopyrights(r.Readme)...)
	if o, ok := readmeOwner(r.Readme); ok {
		out = append(out, o)
	}
	// A sentence of the documentation saying whose the project is counts
	// when nothing above names an owner.
	if len(out) == 0 {
		if o, ok := ownerStatement(r); ok {
			out = append(out, o)
		}
	}
	// A manifest's author is the owner only when nothing above names one
	// (a copyright line beats the developer who wrote the package file),
	// and when it names one author: a list of developers says who wrote
	// the code, not who owns it.
	var developers []owner
	if len(out) == 0 {
		sole, several := manifestOwners(r, 0)
		out, developers = append(out, sole...), several
	}
	if o, ok := hostOwner(in.Hosting); ok {
		out = append(out, o)
	}
	strong, weak := headerOwners(r)
	out = append(out, strong...)
	if len(out) > 0 {
		return out, nil
	}
	// Weak evidence, offered to a person when nothing speaks for the whole
	// project.
	below, _ := manifestOwners(r, 1)
	hints = append(hints, developers...)
	hints = append(hints, below...)
	hints = append(hints, weak...)
	hints = append(hints, ownershipDocuments(r)...)
	if a := r.Community["authors"]; a != nil {
		hints = append(hints, owner{"the authors listed in " + a.Path, report.At(a.Path, 0), "authors file"})
	}
	return nil, hints
}

// bundledFrom returns the first line of a licence file that belongs to
// third-party licences appended to it ("This product bundles X, which is
// available under MIT. Copyright (c) 2017 Someone ..."): a few lines before
// the first appended licence, where its copyright line sits.
func bundledFrom(l *evidence.LicenseFile) int {
	first := 0
	for _, a := range l.Declared.Appended {
		if first == 0 || a.Line < first {
			first = a.Line
		}
	}
	if first == 0 {
		return 1 << 30
	}
	return max(first-6, 1)
}

// templateBrackets are the brackets of a template's placeholders.
var templateBrackets = strings.NewReplacer("<", "", ">", "", "[", "", "]", "")

// cleanOwnerName drops a template's brackets ("<2020> <Bluesquare>") and
// leading years from a copyright holder.
func cleanOwnerName(s string) string {
	s = templateBrackets.Replace(s)
	s = leadingYears.ReplaceAllString(strings.TrimSpace(s), "")
	return strings.TrimSpace(strings.Trim(s, ",;-– "))
}

var leadingYears = lazyregexp.New(`^(\d{2,4}(\s*[-–,]\s*\d{2,4})*[\s,]*)+`)

// headerOwners are the holders that source headers name. A holder named by
// most of the sampled files that carry a copyright header (and at least
// five) speaks for the project; one named by a few files is often code copied
// in from elsewhere (an Android Open Source Project helper, a React Native
// template) and is only a hint.
func headerOwners(r *evidence.Repo) (strong, weak []owner) {
	count := map[string]int{}
	first := map[string]evidence.Located[license.Copyright]{}
	var order []string
	total := 0
	for _, c := range r.SourceCopyrights {
		name := cleanOwnerName(c.Value.Holder)
		if name == "" {
			continue
		}
		total++
		if count[name] == 0 {
			order = append(order, name)
			first[name] = c
		}
		count[name]++
	}
	for _, name := range order {
		c := first[name]
		o := owner{name, report.At(c.Path, c.Value.Line), fmt.Sprintf("the source headers of %s", plural(count[name], "sampled file"))}
		switch {
		case count[name] >= 5 && 2*count[name] >= total && len(strong) < 2 && !upstreamHolder(name):
			strong = append(strong, o)
		case len(weak) < 3:
			weak = append(weak, o)
		}
	}
	return strong, weak
}

// manifestOwners are the authors of the manifests at a depth: the root's
// (depth 0), or one folder down (an R package in pkg/). Below the root they
// count only when every such manifest names the same author: sub-packages by
// different developers say who wrote them, not who owns the project. A
// manifest that lists several authors names developers: they come back as
// several, for a person to confirm.
func manifestOwners(r *evidence.Repo, depth int) (sole, several []owner) {
	authors := map[string]bool{}
	for _, m := range r.Manifests {
		if strings.Count(m.Path, "/") != depth || len(m.Authors) == 0 || skeletonManifest(m) || m.Kind != manifest.Manifest ||
			bundledLibrary(r, m) {
			continue
		}
		o := owner{m.Authors[0], report.At(m.Path, 0), path.Base(m.Path) + " author"}
		if len(m.Authors) > 1 {
			for _, a := range m.Authors[:min(len(m.Authors), 3)] {
				several = append(several, owner{a, report.At(m.Path, 0), "the author list of " + path.Base(m.Path)})
			}
			continue
		}
		authors[strings.ToLower(m.Authors[0])] = true
		sole = append(sole, o)
	}
	if depth > 0 && len(authors) > 1 {
		return nil, several
	}
	return sole[:min(len(sole), 3)], several
}

// bundledLibrary reports a manifest of someone else's library copied into
// the project: it is published in a personal GitHub account's Maven
// namespace (com.github.someone, io.github.someone) that none of the
// project's other manifests uses, while another of them names a namespace
// of its own (Pharmadex2's date-convertor/ beside its org.msh modules).
// Its author wrote the library, not the project.
func bundledLibrary(r *evidence.Repo, m *manifest.File) bool {
	ns := strings.ToLower(m.Namespace)
	if !strings.HasPrefix(ns, "com.github.") && !strings.HasPrefix(ns, "io.github.") {
		return false
	}
	other := false
	for _, o := range r.Manifests {
		switch {
		case o == m || o.Namespace == "":
		case strings.EqualFold(o.Namespace, m.Namespace):
			return false
		default:
			other = true
		}
	}
	return other
}

// stewardship is a README sentence that names who maintains or owns the
// project. "Created by" and "built by" are left out: READMEs use them for
// tools ("created by Spring Boot Initializer").
//
// The name must look like one: a link, or words starting with a capital
// ("maintained by your team" and "owned by a single participant" are not
// owners). "Supported by" and "managed by" are left out: READMEs use them
// for browsers and orchestrators.
var stewardship = lazyregexp.New(`\b(?i:maintained|developed|owned|stewarded|led) by\s+(?:the (?i:team|people|folks) at\s+)?(?:the\s+)?(\[[^\]\n]{2,80}\]|\p{Lu}[^\n.,;:()!?]{1,79})|\b(?i:is|as) (?i:a|an) (?i:project|initiative|product|programme|program) (?i:of|by)\s+(?:the\s+)?(\[[^\]\n]{2,80}\]|\p{Lu}[^\n.,;:()!?]{1,79})`)

// readmeOwner finds "maintained by X" or "a project of X" in the README's prose.
func readmeOwner(d *evidence.Doc) (owner, bool) {
	if d == nil {
		return owner{}, false
	}
	m := stewardship.FindStringSubmatchIndex(d.Prose)
	if m == nil {
		return owner{}, false
	}
	var name string
	for g := 1; g <= 2; g++ {
		if m[2*g] >= 0 {
			name = d.Prose[m[2*g]:m[2*g+1]]
		}
	}
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), "[]*_"))
	if name == "" || strings.HasPrefix(strings.ToLower(name), "http") {
		return owner{}, false
	}
	return owner{name, report.At(d.Path, lineAt(d.Prose, m[0])), "README"}, true
}

// hostOwner is the organisation or person whose account holds the
// repository, when the host says so and the repository is not a fork.
func hostOwner(f *hosting.Facts) (owner, bool) {
	if !f.Known() || f.Fork || f.Owner.Login == "" {
		return owner{}, false
	}
	name := f.Owner.Login
	if f.Owner.Name != "" {
		name = f.Owner.Name
	}
	via := "GitHub organisation"
	if f.Owner.Type == hosting.User {
		via = "GitHub account"
	}
	return owner{name, report.Link(f.Owner.URL), via}, true
}

// ownershipDocuments are root files about ownership: a copyright assignment
// or transfer contract, a trademark policy.
func ownershipDocuments(r *evidence.Repo) []owner {
	var out []owner
	for _, f := range r.Files {
		if strings.Contains(f, "/") {
			continue
		}
		low := strings.ToLower(f)
		if (strings.Contains(low, "copyright") || strings.Contains(low, "trademark")) && !isLicenceFileName(low) {
			out = append(out, owner{f, report.At(f, 0), "a document about ownership"})
		}
	}
	return out
}

func isLicenceFileName(low string) bool {
	return low == "copyright" || strings.HasPrefix(low, "copyright.") || strings.HasPrefix(low, "licen")
}

// readmeCopyrights are the copyright lines of the README's prose
// ("Copyright (c) 2021-23 LCubed AB (iGrant.io)").
func readmeCopyrights(d *evidence.Doc) []owner {
	if d == nil {
		return nil
	}
	var out []owner
	for _, c := range license.FindCopyrights([]byte(d.Prose)) {
		if name := cleanOwnerName(c.Holder); name != "" {
			out = append(out, owner{name, report.At(d.Path, c.Line), "README copyright"})
		}
	}
	return out[:min(len(out), 2)]
}

// upstreamHolders are organisations whose files projects copy in (Android
// helpers, React Native templates, a chat UI kit): their name in the headers
// of a project's sources says where a file came from, so it is only a hint.
// A project they own shows it elsewhere (a licence copyright, the GitHub
// organisation).
var upstreamHolders = []string{"google", "the android open source project", "facebook", "meta platforms", "linkedin",
	"microsoft", "oracle", "sun microsystems", "apache software foundation", "square", "jetbrains", "twitter",
	"eclipse foundation", "mozilla", "the chromium authors", "the go authors", "free software foundation"}

func upstreamHolder(name string) bool {
	n := strings.ToLower(name)
	for _, u := range upstreamHolders {
		if strings.HasPrefix(n, u) {
			return true
		}
	}
	return false
}
