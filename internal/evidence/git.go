package evidence

import (
	"io/fs"
	"net/url"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

const capGitFile = 1 << 20

// readGit reads HEAD, the ref it points at and the origin remote from the
// repository's .git folder, without running git. Everything is optional.
func readGit(fsys fs.FS) GitInfo {
	var g GitInfo
	dir := ".git"
	if data, err := readCapped(fsys, ".git", 4096); err == nil {
		// A worktree or submodule: ".git" is a file "gitdir: PATH"; follow it
		// only when it stays inside the root (fs.FS paths cannot leave it).
		rest, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		p := strings.TrimPrefix(strings.TrimSpace(rest), "./")
		if !ok || !fs.ValidPath(p) {
			return g
		}
		dir = p
	}
	head, err := readCapped(fsys, dir+"/HEAD", 4096)
	if err != nil {
		return g
	}
	h := strings.TrimSpace(string(head))
	if ref, ok := strings.CutPrefix(h, "ref:"); ok {
		g.Ref = strings.TrimSpace(ref)
		g.Commit = resolveRef(fsys, dir, g.Ref)
	} else if isSHA(h) {
		g.Commit = h
	}
	if cfg, err := readCapped(fsys, dir+"/config", capGitFile); err == nil {
		g.Remote = originURL(string(cfg))
		g.Repository = githubRepo(g.Remote)
	}
	return g
}

func resolveRef(fsys fs.FS, dir, ref string) string {
	if !fs.ValidPath(ref) {
		return ""
	}
	if data, err := readCapped(fsys, dir+"/"+ref, 4096); err == nil {
		if s := strings.TrimSpace(string(data)); isSHA(s) {
			return s
		}
	}
	packed, err := readCapped(fsys, dir+"/packed-refs", capGitFile)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(packed), "\n") {
		if sha, name, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name == ref && isSHA(sha) {
			return sha
		}
	}
	return ""
}

func isSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func originURL(cfg string) string {
	in := false
	for _, line := range strings.Split(cfg, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = t == `[remote "origin"]`
			continue
		}
		if k, v, ok := strings.Cut(t, "="); in && ok && strings.TrimSpace(k) == "url" {
			return redactURL(strings.TrimSpace(v))
		}
	}
	return ""
}

var githubRemote = lazyregexp.New(`^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$`)

// githubRepo returns "owner/name" for a GitHub remote URL, or "".
func githubRepo(remote string) string {
	m := githubRemote.FindStringSubmatch(remote)
	if m == nil {
		return ""
	}
	return m[1] + "/" + m[2]
}

// redactURL drops credentials from a remote URL ("https://user:token@host/x"):
// they must never reach a report, a log or a comment.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil || u.Scheme == "" {
		return raw
	}
	u.User = nil
	return u.String()
}
