package github

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
)

// TestListStopsAtPageCap: a Link header that always announces a next page
// (a broken proxy, or a bug) must not make dpgcheck list forever.
func TestListStopsAtPageCap(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	const endless = 200 // the fake stops here so that an uncapped client ends too
	fake.Routes["GET /repos/octo/clinic/issues/7/comments"] = func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < endless {
			w.Header().Set("Link", fmt.Sprintf(`<%s%s?per_page=100&page=%d>; rel="next"`, fake.URL, r.URL.Path, max(page, 1)+1))
		}
		emptyList(w)
	}
	var mu sync.Mutex
	var notices []string
	c, err := New(context.Background(), Config{APIURL: fake.URL, Token: "ghs_test",
		OnLimit: func(msg string) { mu.Lock(); notices = append(notices, msg); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.listSticky(context.Background(), repo, 7, "k"); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Requests()); n >= endless {
		t.Fatalf("listed %d pages of an endless list", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notices) != 1 || !strings.Contains(notices[0], "comments of pull request #7") {
		t.Errorf("notices = %q, want one naming the list", notices)
	}
}
