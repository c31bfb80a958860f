package githubtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strings"
	"sync"
)

// Archive is a repository the fake serves by name, as dpgcheck check
// github.com/OWNER/REPO[@REF] reads it: GET /repos/{owner}/{repo} (its
// default branch), GET /repos/{owner}/{repo}/commits/{ref} with Accept:
// application/vnd.github.sha (the commit a ref names), and GET
// /repos/{owner}/{repo}/tarball/{ref}, answered as GitHub does with a
// redirect to another host (codeload), which serves the archive.
type Archive struct {
	DefaultBranch string
	// Refs maps the refs the repository has (branches, tags, abbreviated
	// commits) to commits; a full commit id of Tarballs resolves to itself.
	Refs map[string]string
	// Tarballs are the archives of commits (RepoTarball builds one).
	Tarballs map[string][]byte
	// Empty makes the repository one without commits: resolving any ref
	// answers 409, as GitHub does.
	Empty bool
	// Repository patches the GET /repos/{owner}/{repo} answer (the
	// description's example, with the default branch and names set).
	Repository Patch
}

// Codeload is the host the fake redirects archive downloads to.
type Codeload struct {
	URL string

	mu   sync.Mutex
	auth []string
}

// Auth returns the Authorization header of every download codeload served
// ("" when there was none).
func (c *Codeload) Auth() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.auth...)
}

// Serve makes the fake serve owner/name as a. Without it, every request
// about the repository answers 404, as GitHub does for a repository that
// does not exist or that the caller may not see.
func (s *Server) Serve(owner, name string, a Archive) *Codeload {
	cl := &Codeload{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cl.mu.Lock()
		cl.auth = append(cl.auth, r.Header.Get("Authorization"))
		cl.mu.Unlock()
		commit := path.Base(r.URL.Path)
		data, ok := a.Tarballs[commit]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(data)
	}))
	s.t.Cleanup(srv.Close)
	cl.URL = srv.URL

	repo := Patch{"name": name, "full_name": owner + "/" + name, "default_branch": a.DefaultBranch}
	maps.Copy(repo, a.Repository)
	s.Host(owner, name, HostedRepository{Repository: repo})
	base := "/repos/" + owner + "/" + name
	resolve := func(ref string) (string, bool) {
		if c, ok := a.Refs[ref]; ok {
			return c, true
		}
		_, ok := a.Tarballs[ref]
		return ref, ok
	}
	s.Routes["GET "+base+"/commits/"] = func(w http.ResponseWriter, r *http.Request) {
		if accept := r.Header.Get("Accept"); !strings.Contains(accept, "sha") {
			s.t.Errorf("fake GitHub: GET %s asks for %q, not the commit id alone (application/vnd.github.sha)", r.URL.Path, accept)
		}
		if a.Empty {
			writeError(w, http.StatusConflict, "Git Repository is empty.")
			return
		}
		ref := strings.TrimPrefix(r.URL.Path, base+"/commits/")
		commit, ok := resolve(ref)
		if !ok {
			writeError(w, http.StatusUnprocessableEntity, "No commit found for SHA: "+ref)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.github.sha; charset=utf-8")
		w.Write([]byte(commit))
	}
	s.Routes["GET "+base+"/tarball/"] = func(w http.ResponseWriter, r *http.Request) {
		ref := strings.TrimPrefix(r.URL.Path, base+"/tarball/")
		commit, ok := resolve(ref)
		if _, has := a.Tarballs[commit]; !ok || !has || a.Empty {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
		http.Redirect(w, r, cl.URL+"/"+owner+"/"+name+"/legacy.tar.gz/"+commit, http.StatusFound)
	}
	return cl
}

// RepoTarball builds an archive as GitHub serves one: gzip-compressed tar
// with a pax global header naming the commit (omitted when commit is ""),
// and every file under one top folder, top.
func RepoTarball(top string, files map[string]string, commit string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if commit != "" {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": commit}, Format: tar.FormatPAX})
	}
	tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top + "/", Mode: 0o755})
	dirs := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		var parents []string
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			parents = append(parents, d)
		}
		slices.Reverse(parents)
		for _, d := range parents {
			if !dirs[d] {
				dirs[d] = true
				tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top + "/" + d + "/", Mode: 0o755})
			}
		}
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: top + "/" + name, Mode: 0o644, Size: int64(len(files[name]))})
		tw.Write([]byte(files[name]))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}
