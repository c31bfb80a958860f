package github

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/dpgcheck/dpgcheck/internal/github/githubtest"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
)

// factsRequestBudget is the most requests Facts may make.
const factsRequestBudget = 3

var (
	orgRepo  = Repo{Owner: "health-org", Name: "clinic"}
	userRepo = Repo{Owner: "amina", Name: "clinic"}
)

// account is a "simple-user" patch: the example's other fields stay.
func account(login, typ string) githubtest.Patch {
	return githubtest.Patch{"login": login, "type": typ, "html_url": "https://github.com/" + login,
		"url": "https://api.github.com/users/" + login}
}

// repository is a patch of GET /repos/{owner}/{repo} for a repository that
// is not a fork.
func repository(repo Repo, ownerType string) githubtest.Patch {
	p := githubtest.Patch{
		"name": repo.Name, "full_name": repo.String(), "html_url": "https://github.com/" + repo.String(),
		"owner": account(repo.Owner, ownerType), "homepage": "https://clinic.example.org", "description": "Patient records for rural clinics",
		"fork": false, "parent": nil, "source": nil, "organization": nil,
	}
	if ownerType == "Organization" {
		p["organization"] = account(repo.Owner, ownerType)
	}
	return p
}

// healthFile is a "community-health-file" for a file of repository in.
func healthFile(in, path string) githubtest.Patch {
	return githubtest.Patch{"url": "https://api.github.com/repos/" + in + "/contents/" + path,
		"html_url": "https://github.com/" + in + "/blob/main/" + path}
}

func contributorCovenant(in string) githubtest.Patch {
	return githubtest.Patch{"name": "Contributor Covenant", "key": "contributor_covenant",
		"url": "https://api.github.com/codes_of_conduct/contributor_covenant", "html_url": "https://github.com/" + in + "/blob/main/CODE_OF_CONDUCT.md"}
}

func enabled(b bool) *bool { return &b }

// readFacts runs Facts against the fake and checks what every run must hold.
func readFacts(t *testing.T, ctx context.Context, fake *githubtest.Server, repo Repo) *hosting.Facts {
	t.Helper()
	c, _ := newClient(t, fake)
	f := c.Facts(ctx, repo)
	checkFacts(t, f, fake)
	return f
}

// checkFacts checks what every run must hold: facts, at most three requests,
// all reads, and no token in the result.
func checkFacts(t *testing.T, f *hosting.Facts, fake *githubtest.Server) {
	t.Helper()
	if f == nil {
		t.Fatal("Facts returned nil")
	}
	reqs := fake.Requests()
	if len(reqs) > factsRequestBudget {
		t.Errorf("Facts made %d requests, budget %d: %v", len(reqs), factsRequestBudget, reqs)
	}
	for _, r := range reqs {
		if r.Method != http.MethodGet {
			t.Errorf("Facts sent %s %s; it only reads", r.Method, r.Path)
		}
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "ghs_test") {
		t.Errorf("the token is in the facts: %s", out)
	}
}

func requestPaths(fake *githubtest.Server) []string {
	var paths []string
	for _, r := range fake.Requests() {
		paths = append(paths, r.Path)
	}
	return paths
}

func TestFactsOrganisationRepositoryInheritsCodeOfConduct(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	repo := repository(orgRepo, "Organization")
	repo["owner"].(githubtest.Patch)["name"] = "Health Organisation"
	fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{
		Repository: repo,
		CommunityProfile: githubtest.Patch{"files": githubtest.Patch{
			"code_of_conduct":      contributorCovenant("health-org/.github"),
			"code_of_conduct_file": healthFile("health-org/.github", "CODE_OF_CONDUCT.md"),
		}, "content_reports_enabled": true},
		PrivateVulnerabilityReporting: enabled(true),
	})

	got := readFacts(t, context.Background(), fake, orgRepo)

	want := &hosting.Facts{
		Host: "GitHub", Repository: "health-org/clinic", URL: "https://github.com/health-org/clinic",
		Owner:    hosting.Owner{Login: "health-org", Name: "Health Organisation", URL: "https://github.com/health-org", Type: hosting.Organization},
		Homepage: "https://clinic.example.org", Description: "Patient records for rural clinics",
		CodeOfConduct: &hosting.Doc{Name: "Contributor Covenant", URL: "https://github.com/health-org/.github/blob/main/CODE_OF_CONDUCT.md",
			Repository: "health-org/.github", Inherited: true},
		PrivateVulnerabilityReporting: &hosting.Setting{Enabled: true, URL: "https://github.com/health-org/clinic/security"},
		ContentReports:                &hosting.Setting{Enabled: true, URL: "https://github.com/health-org/clinic/community"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	wantPaths := []string{"/repos/health-org/clinic", "/repos/health-org/clinic/community/profile", "/repos/health-org/clinic/private-vulnerability-reporting"}
	if diff := cmp.Diff(wantPaths, requestPaths(fake)); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestFactsUserRepositoryWithItsOwnUnrecognisedCodeOfConduct(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	repo := repository(userRepo, "User")
	repo["homepage"] = githubtest.Null
	fake.Host(userRepo.Owner, userRepo.Name, githubtest.HostedRepository{
		Repository: repo,
		// GitHub found a file but did not recognise the code of conduct; it
		// reports content_reports_enabled only for organisation repositories.
		CommunityProfile: githubtest.Patch{"files": githubtest.Patch{
			"code_of_conduct":      githubtest.Null,
			"code_of_conduct_file": healthFile("amina/clinic", "docs/CODE_OF_CONDUCT.md"),
		}, "content_reports_enabled": nil},
		PrivateVulnerabilityReporting: enabled(false),
	})

	got := readFacts(t, context.Background(), fake, userRepo)

	want := &hosting.Facts{
		Host: "GitHub", Repository: "amina/clinic", URL: "https://github.com/amina/clinic",
		Owner:       hosting.Owner{Login: "amina", URL: "https://github.com/amina", Type: hosting.User},
		Description: "Patient records for rural clinics",
		CodeOfConduct: &hosting.Doc{URL: "https://github.com/amina/clinic/blob/main/docs/CODE_OF_CONDUCT.md",
			Repository: "amina/clinic"},
		PrivateVulnerabilityReporting: &hosting.Setting{Enabled: false, URL: "https://github.com/amina/clinic/security"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

func TestFactsForkSkipsTheCommunityProfile(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	repo := repository(userRepo, "User")
	repo["fork"] = true
	repo["parent"] = githubtest.Patch{"name": "clinic", "full_name": "health-org/clinic", "html_url": "https://github.com/health-org/clinic",
		"owner": account("health-org", "Organization")}
	repo["source"] = repo["parent"]
	repo["code_of_conduct"] = githubtest.Patch{"name": "Contributor Covenant", "key": "contributor_covenant",
		"url": "https://api.github.com/codes_of_conduct/contributor_covenant", "html_url": "https://github.com/amina/clinic/blob/main/CODE_OF_CONDUCT.md"}
	fake.Host(userRepo.Owner, userRepo.Name, githubtest.HostedRepository{Repository: repo, PrivateVulnerabilityReporting: enabled(false)})

	got := readFacts(t, context.Background(), fake, userRepo)

	if !got.Fork || got.Parent == nil || *got.Parent != (hosting.Link{Repository: "health-org/clinic", URL: "https://github.com/health-org/clinic"}) {
		t.Errorf("fork = %v, parent = %+v; want a fork of health-org/clinic", got.Fork, got.Parent)
	}
	wantCoC := &hosting.Doc{Name: "Contributor Covenant", URL: "https://github.com/amina/clinic/blob/main/CODE_OF_CONDUCT.md", Repository: "amina/clinic"}
	if diff := cmp.Diff(wantCoC, got.CodeOfConduct); diff != "" {
		t.Errorf("code of conduct from the repository answer (-want +got):\n%s", diff)
	}
	if got.ContentReports != nil || len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "fork") {
		t.Errorf("content reports = %+v, notices = %q; want unknown, with a notice about forks", got.ContentReports, got.Notices)
	}
	for _, p := range requestPaths(fake) {
		if strings.HasSuffix(p, "/community/profile") {
			t.Errorf("asked for the community profile of a fork: %s", p)
		}
	}
}

func TestFactsPrivateVulnerabilityReportingForbidden(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{
		Repository:       repository(orgRepo, "Organization"),
		CommunityProfile: githubtest.Patch{"content_reports_enabled": false},
	})
	fake.Fail("GET /repos/health-org/clinic/private-vulnerability-reporting", githubtest.Fault{Status: http.StatusForbidden, Message: "Resource not accessible by integration"})

	got := readFacts(t, context.Background(), fake, orgRepo)

	if got.PrivateVulnerabilityReporting != nil {
		t.Errorf("private vulnerability reporting = %+v after a 403; want unknown", got.PrivateVulnerabilityReporting)
	}
	if len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "private vulnerability reporting") || !strings.Contains(got.Notices[0], "403") {
		t.Errorf("notices = %q; want one naming private vulnerability reporting and the 403", got.Notices)
	}
	if got.URL == "" || got.ContentReports == nil || got.ContentReports.Enabled || got.CodeOfConduct == nil {
		t.Errorf("the other answers were lost: %+v", got)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestFactsRepositoryNotFound(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{}) // every answer 404

	got := readFacts(t, context.Background(), fake, orgRepo)

	if got.Known() || got.Repository != "health-org/clinic" || got.Host != "GitHub" {
		t.Errorf("facts = %+v; want only the repository's name", got)
	}
	if len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "404") {
		t.Errorf("notices = %q; want one naming the 404", got.Notices)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests after a 404 of the repository, want 1", n)
	}
}

func TestFactsRateLimited(t *testing.T) {
	t.Parallel()
	reset := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	primary := githubtest.Fault{Status: http.StatusForbidden, Message: "API rate limit exceeded",
		Header: map[string]string{"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}}
	secondary := githubtest.Fault{Status: http.StatusTooManyRequests, Message: "You have exceeded a secondary rate limit",
		Header: map[string]string{"Retry-After": "600"}}
	for _, tt := range []struct {
		name      string
		at        string
		fault     githubtest.Fault
		requests  int
		knownRepo bool
	}{
		{"primary limit on the repository", "GET /repos/health-org/clinic", primary, 1, false},
		{"primary limit on the community profile", "GET /repos/health-org/clinic/community/profile", primary, 2, true},
		{"secondary limit on the community profile", "GET /repos/health-org/clinic/community/profile", secondary, 2, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{
				Repository: repository(orgRepo, "Organization"), CommunityProfile: githubtest.Patch{}, PrivateVulnerabilityReporting: enabled(true)})
			fake.Fail(tt.at, tt.fault)

			got := readFacts(t, context.Background(), fake, orgRepo)

			if n := len(fake.Requests()); n != tt.requests {
				t.Errorf("%d requests, want %d (nothing more is asked after a rate limit): %v", n, tt.requests, requestPaths(fake))
			}
			if got.Known() != tt.knownRepo || got.PrivateVulnerabilityReporting != nil || got.ContentReports != nil {
				t.Errorf("facts = %+v; want the repository known = %v and nothing after the limit", got, tt.knownRepo)
			}
			if len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "rate limit") {
				t.Errorf("notices = %q; want one about the rate limit", got.Notices)
			}
		})
	}
}

// GitHub never answers the community profile: the request times out, or the
// run's context ends, and nothing more is asked.
func TestFactsTimeoutStopsAsking(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		notice string
		read   func(t *testing.T, fake *githubtest.Server, arrived <-chan struct{}) *hosting.Facts
	}{
		{"request timeout", "did not answer within", func(t *testing.T, fake *githubtest.Server, _ <-chan struct{}) *hosting.Facts {
			// Generous: the fake checks every answer against GitHub's
			// description, which is slow under the race detector.
			c, err := New(context.Background(), Config{APIURL: fake.URL, Token: "ghs_test", RequestTimeout: 3 * time.Second,
				Sleep: func(context.Context, time.Duration) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			return c.Facts(context.Background(), orgRepo)
		}},
		{"the run's context ends", "context canceled", func(t *testing.T, fake *githubtest.Server, arrived <-chan struct{}) *hosting.Facts {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() { <-arrived; cancel() }()
			c, _ := newClient(t, fake)
			return c.Facts(ctx, orgRepo)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{
				Repository: repository(orgRepo, "Organization"), CommunityProfile: githubtest.Patch{}, PrivateVulnerabilityReporting: enabled(true)})
			serve := fake.Routes["GET /repos/health-org/clinic"]
			arrived := make(chan struct{})
			var once sync.Once
			fake.Routes["GET /repos/health-org/clinic"] = func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/community/profile") {
					once.Do(func() { close(arrived) })
					<-r.Context().Done() // GitHub never answers
					return
				}
				serve(w, r)
			}

			got := tt.read(t, fake, arrived)
			checkFacts(t, got, fake)

			if !got.Known() || got.PrivateVulnerabilityReporting != nil {
				t.Errorf("facts = %+v; want the repository's facts and nothing asked after the community profile", got)
			}
			if len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "community profile") || !strings.Contains(got.Notices[0], tt.notice) {
				t.Errorf("notices = %q; want one about the community profile saying %q", got.Notices, tt.notice)
			}
			if n := len(fake.Requests()); n != 2 {
				t.Errorf("%d requests, want 2: %v", n, requestPaths(fake))
			}
		})
	}
}

func TestFactsHostileStrings(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	repo := repository(orgRepo, "Organization")
	repo["description"] = "Clinic\x1b[31m records\r\n::error::injected\u202egnp.exe\x00" + strings.Repeat("é", 1<<20)
	repo["homepage"] = "javascript:alert(document.cookie)"
	repo["owner"].(githubtest.Patch)["name"] = "Health\nOrg\u2028<script>"
	fake.Host(orgRepo.Owner, orgRepo.Name, githubtest.HostedRepository{
		Repository: repo,
		CommunityProfile: githubtest.Patch{"files": githubtest.Patch{
			"code_of_conduct": githubtest.Patch{"name": "Covenant\u0007\u202d" + strings.Repeat("x", 5000), "key": "other",
				"url": "https://api.github.com/codes_of_conduct/other", "html_url": githubtest.Null},
			"code_of_conduct_file": githubtest.Null,
		}},
		PrivateVulnerabilityReporting: enabled(true),
	})

	got := readFacts(t, context.Background(), fake, orgRepo)

	for name, s := range map[string]string{"description": got.Description, "owner name": got.Owner.Name, "code of conduct": got.CodeOfConduct.Name} {
		if len(s) > hosting.MaxText {
			t.Errorf("%s is %d bytes, over %d", name, len(s), hosting.MaxText)
		}
		if i := strings.IndexFunc(s, func(r rune) bool {
			return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028'
		}); i >= 0 {
			t.Errorf("%s keeps a control character at byte %d: %q", name, i, s)
		}
	}
	if !strings.HasPrefix(got.Description, "Clinic [31m records ::error::injectedgnp.exe éé") || !strings.HasSuffix(got.Description, "…") {
		t.Errorf("description = %q…; want the text on one line, cut with an ellipsis", string([]rune(got.Description)[:60]))
	}
	if got.Owner.Name != "Health Org <script>" {
		t.Errorf("owner name = %q", got.Owner.Name)
	}
	if got.Homepage != "" || len(got.Notices) != 1 || !strings.Contains(got.Notices[0], "homepage") {
		t.Errorf("homepage = %q, notices = %q; want a javascript: homepage dropped with a notice", got.Homepage, got.Notices)
	}
	if got.CodeOfConduct.URL != "https://github.com/health-org/clinic/community" || got.CodeOfConduct.Inherited {
		t.Errorf("code of conduct = %+v; without a file URL the evidence is the community page", got.CodeOfConduct)
	}
}

func TestFactsRefusesANameThatIsNotARepository(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	got := readFacts(t, context.Background(), fake, Repo{Owner: "health-org", Name: "clinic?ref=x#y"})
	if len(fake.Requests()) != 0 || len(got.Notices) != 1 {
		t.Errorf("requests = %v, notices = %q; want no request and one notice", fake.Requests(), got.Notices)
	}
}

func TestRepositoryOfFilePage(t *testing.T) {
	t.Parallel()
	const repo = "https://github.com/health-org/clinic"
	for file, want := range map[string]string{
		"https://github.com/health-org/.github/blob/main/CODE_OF_CONDUCT.md":     "health-org/.github",
		"https://github.com/health-org/clinic/blob/main/docs/CODE_OF_CONDUCT.md": "health-org/clinic",
		"https://ghe.example.org/health-org/.github/blob/main/SECURITY.md":       "", // another host
		"https://github.com/health-org":                                          "",
		"https://github.com/health-org/clinic/issues/1":                          "",
		"::not a url": "",
	} {
		if got := repositoryOf(file, repo); got != want {
			t.Errorf("repositoryOf(%q) = %q, want %q", file, got, want)
		}
	}
}
