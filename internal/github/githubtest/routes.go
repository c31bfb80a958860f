package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// commentLimit is GitHub's maximum comment length; the description does not
// encode it, GitHub answers 422 "Body is too long (maximum is 65536 characters)".
const commentLimit = 65536

// route serves r by the Routes entry with the longest matching prefix, else
// by the fake's own endpoints.
func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	var best http.HandlerFunc
	longest := -1
	for pattern, h := range s.Routes {
		if method, p, ok := strings.Cut(pattern, " "); ok && method == r.Method && strings.HasPrefix(r.URL.Path, p) && len(p) > longest {
			best, longest = h, len(p)
		}
	}
	if best != nil {
		best(w, r)
		return
	}
	s.builtin(w, r, body)
}

// builtin serves check runs, comments and App installations.
func (s *Server) builtin(w http.ResponseWriter, r *http.Request, body []byte) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "repos" && parts[3] == "check-runs":
		s.createCheckRun(w, r, body)
	case r.Method == http.MethodPatch && len(parts) == 5 && parts[3] == "check-runs":
		s.updateCheckRun(w, r, parts[4], body)
	case len(parts) == 6 && parts[3] == "issues" && parts[5] == "comments":
		issue, _ := strconv.Atoi(parts[4])
		if r.Method == http.MethodGet {
			s.listComments(w, r, issue)
		} else {
			s.createComment(w, r, issue, body)
		}
	case len(parts) == 6 && parts[3] == "issues" && parts[4] == "comments":
		id, _ := strconv.ParseInt(parts[5], 10, 64)
		if r.Method == http.MethodDelete {
			s.deleteComment(w, id)
		} else {
			s.editComment(w, r, id, body)
		}
	case r.Method == http.MethodGet && len(parts) == 4 && parts[3] == "installation":
		if err := s.verifyJWT(r.Header.Get("Authorization")); err != nil {
			writeError(w, http.StatusUnauthorized, "A JSON web token could not be decoded: "+err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": 42, "app_id": 7, "account": map[string]any{"login": parts[1]}})
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "app" && parts[3] == "access_tokens":
		if err := s.verifyJWT(r.Header.Get("Authorization")); err != nil {
			writeError(w, http.StatusUnauthorized, "A JSON web token could not be decoded: "+err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"token": "ghs_fake_installation_token", "expires_at": time.Now().Add(time.Hour).Format(time.RFC3339),
			"permissions": map[string]string{"checks": "write", "pull_requests": "write", "contents": "read"}})
	default:
		writeError(w, http.StatusNotFound, "Not Found (the fake does not serve "+r.Method+" "+r.URL.Path+")")
	}
}

func (s *Server) checkRunJSON(c *CheckRun, owner, repo string) map[string]any {
	return map[string]any{"id": c.ID, "name": c.Name, "head_sha": c.HeadSHA, "status": c.Status, "conclusion": nilIfEmpty(c.Conclusion),
		"html_url": fmt.Sprintf("https://github.com/%s/%s/runs/%d", owner, repo, c.ID)}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type checkRunBody struct {
	Name       string `json:"name"`
	HeadSHA    string `json:"head_sha"`
	Status     string `json:"status"`
	Conclusion string `json:"conclusion"`
	Output     *struct {
		Title       string           `json:"title"`
		Summary     string           `json:"summary"`
		Annotations []map[string]any `json:"annotations"`
	} `json:"output"`
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request, body []byte) {
	var b checkRunBody
	json.Unmarshal(body, &b)
	s.mu.Lock()
	s.nextID++
	c := &CheckRun{ID: s.nextID, Name: b.Name, HeadSHA: b.HeadSHA, Status: b.Status, Conclusion: b.Conclusion}
	if c.Status == "" {
		c.Status = "queued"
	}
	applyOutput(c, b)
	s.checkRuns[c.ID] = c
	s.mu.Unlock()
	parts := strings.Split(r.URL.Path, "/")
	writeJSON(w, http.StatusCreated, s.checkRunJSON(c, parts[2], parts[3]))
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request, idText string, body []byte) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	var b checkRunBody
	json.Unmarshal(body, &b)
	s.mu.Lock()
	c, ok := s.checkRuns[id]
	if ok {
		if b.Status != "" {
			c.Status = b.Status
		}
		if b.Conclusion != "" {
			c.Conclusion, c.Status = b.Conclusion, "completed"
		}
		applyOutput(c, b)
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	parts := strings.Split(r.URL.Path, "/")
	writeJSON(w, http.StatusOK, s.checkRunJSON(c, parts[2], parts[3]))
}

func applyOutput(c *CheckRun, b checkRunBody) {
	if b.Output == nil {
		return
	}
	c.Title, c.Summary = b.Output.Title, b.Output.Summary
	c.Annotations = append(c.Annotations, b.Output.Annotations...) // GitHub appends annotations across updates
}

func (s *Server) commentJSON(c *Comment, r *http.Request) map[string]any {
	parts := strings.Split(r.URL.Path, "/")
	return map[string]any{"id": c.ID, "body": c.Body, "author_association": c.Association,
		"html_url": fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", parts[2], parts[3], c.Issue, c.ID),
		"user":     map[string]any{"login": c.User, "type": c.UserType}}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, issue int) {
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if perPage <= 0 || perPage > 100 {
		perPage = 30
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	all := s.Comments(issue)
	start := min((page-1)*perPage, len(all))
	end := min(start+perPage, len(all))
	var out []map[string]any
	for i := range all[start:end] {
		out = append(out, s.commentJSON(&all[start+i], r))
	}
	if end < len(all) {
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?per_page=%d&page=%d>; rel="next"`, s.URL, r.URL.Path, perPage, page+1))
	}
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request, issue int, body []byte) {
	var b struct {
		Body string `json:"body"`
	}
	json.Unmarshal(body, &b)
	if len([]rune(b.Body)) > commentLimit {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: Body is too long (maximum is 65536 characters)")
		return
	}
	s.mu.Lock()
	s.nextID++
	c := &Comment{ID: s.nextID, Issue: issue, Body: b.Body, User: s.Commenter, UserType: s.CommenterType, Association: "NONE"}
	s.comments = append(s.comments, c)
	snapshot := *c // a concurrent edit may change c once the lock is released
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, s.commentJSON(&snapshot, r))
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	var b struct {
		Body string `json:"body"`
	}
	json.Unmarshal(body, &b)
	if len([]rune(b.Body)) > commentLimit {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: Body is too long (maximum is 65536 characters)")
		return
	}
	s.mu.Lock()
	var found *Comment
	for _, c := range s.comments {
		if c.ID == id {
			c.Body = b.Body
			snapshot := *c // a concurrent edit may change c once the lock is released
			found = &snapshot
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, s.commentJSON(found, r))
}

func (s *Server) deleteComment(w http.ResponseWriter, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.comments {
		if c.ID == id {
			s.comments = append(s.comments[:i], s.comments[i+1:]...)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found")
}
