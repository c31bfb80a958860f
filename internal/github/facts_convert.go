package github

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
)

// applyRepository copies the evidence of GET /repos/{owner}/{repo} into f.
func applyRepository(f *hosting.Facts, r *repositoryAnswer) {
	if name := cleanText(r.FullName); name != "" {
		f.Repository = name
	}
	f.URL = cleanURL(r.HTMLURL)
	if o := r.Owner; o != nil {
		f.Owner = hosting.Owner{Login: cleanText(o.Login), URL: cleanURL(o.HTMLURL), Type: hosting.OwnerType(cleanText(o.Type))}
		if o.Name != nil {
			f.Owner.Name = cleanText(*o.Name)
		}
	}
	if r.Homepage != nil && strings.TrimSpace(*r.Homepage) != "" {
		f.Homepage = cleanURL(*r.Homepage)
		if f.Homepage == "" {
			addNotice(f, "the repository's homepage on GitHub is not an http(s) URL and was ignored: "+textlimit.Cut(cleanText(*r.Homepage), 200))
		}
	}
	if r.Description != nil {
		f.Description = cleanText(*r.Description)
	}
	f.Fork = r.Fork
	if p := r.Parent; p != nil && r.Fork {
		f.Parent = &hosting.Link{Repository: cleanText(p.FullName), URL: cleanURL(p.HTMLURL)}
	}
	if r.CodeOfConduct != nil {
		f.CodeOfConduct = document(f, r.CodeOfConduct, nil)
	}
}

// applyCommunityProfile copies the evidence of GET
// /repos/{owner}/{repo}/community/profile into f. Its code of conduct is the
// one GitHub shows on the repository, inherited ones included, and replaces
// the repository answer's.
func applyCommunityProfile(f *hosting.Facts, p *communityProfileAnswer) {
	if p.Files != nil && (p.Files.CodeOfConduct != nil || p.Files.CodeOfConductFile != nil) {
		f.CodeOfConduct = document(f, p.Files.CodeOfConduct, p.Files.CodeOfConductFile)
	}
	if p.ContentReportsEnabled != nil {
		f.ContentReports = &hosting.Setting{Enabled: *p.ContentReportsEnabled, URL: page(f.URL, "community")}
	}
}

// document builds a Doc from what GitHub recognised (recognised, with a name)
// and the file it found (file); either may be nil. Without a file URL the
// evidence is the repository's community page.
func document(f *hosting.Facts, recognised, file *documentAnswer) *hosting.Doc {
	d := &hosting.Doc{}
	for _, a := range []*documentAnswer{file, recognised} {
		if a != nil && a.HTMLURL != nil && d.URL == "" {
			d.URL = cleanURL(*a.HTMLURL)
		}
	}
	if recognised != nil {
		d.Name = cleanText(recognised.Name)
	}
	if d.URL == "" {
		d.URL = page(f.URL, "community")
		return d
	}
	d.Repository = repositoryOf(d.URL, f.URL)
	d.Inherited = d.Repository != "" && !strings.EqualFold(d.Repository, f.Repository)
	return d
}

// repositoryOf returns "owner/name" of a file page on the same host as the
// repository page repoURL (https://HOST/owner/name/blob/REF/PATH), or "".
func repositoryOf(fileURL, repoURL string) string {
	u, err := url.Parse(fileURL)
	r, rerr := url.Parse(repoURL)
	if err != nil || rerr != nil || repoURL == "" || !strings.EqualFold(u.Host, r.Host) {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	if len(parts) < 3 || parts[0] == "" || parts[1] == "" || parts[2] != "blob" && parts[2] != "tree" {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

// page is a page of the repository at repoURL, or "" when it is unknown.
func page(repoURL, name string) string {
	if repoURL == "" {
		return ""
	}
	return repoURL + "/" + name
}

// validRepo reports whether repo can be put in a request path as it is.
func validRepo(repo Repo) bool {
	ok := func(s string, max int) bool {
		if s == "" || len(s) > max || s == "." || s == ".." {
			return false
		}
		for _, r := range s {
			if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
				return false
			}
		}
		return true
	}
	return ok(repo.Owner, 100) && ok(repo.Name, 100)
}

// cleanText makes text from GitHub safe to show: one line, no control or
// bidirectional formatting characters, valid UTF-8, at most
// hosting.MaxText bytes (cut text ends in "…").
func cleanText(s string) string {
	s = textlimit.Cut(s, 4*hosting.MaxText) // bound the work on a huge answer
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
			return ' '
		case unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > hosting.MaxText {
		s = textlimit.Cut(s, hosting.MaxText-len("…")) + "…"
	}
	return s
}

// cleanURL returns s when it is an absolute http(s) URL within
// hosting.MaxURL bytes, without user information; otherwise "".
func cleanURL(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > hosting.MaxURL {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.User = nil
	out := u.String()
	if len(out) > hosting.MaxURL || strings.ContainsFunc(out, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return ""
	}
	return out
}
