// Package hosting owns the model of what the code host says about a
// repository: who owns it, its homepage and description, whether it is a fork,
// the code of conduct and security policy the host attributes to it (its own
// file or one inherited from the owner's default community health files), and
// which reporting channels are switched on. It does no I/O and knows no host
// API: internal/github fills a Facts, rules read it.
//
// Every fact that can be evidence carries the URL where a reviewer sees it.
// A nil pointer means the host did not say (no token, a refused or failed
// request, a field the host's API does not have); it never means "no".
package hosting

// Limits on text taken from the host. Whoever fills a Facts keeps every string
// single-line, free of control characters and within these byte budgets: a
// description or owner name is set by anyone who can edit the repository.
const (
	MaxText = 1024 // a description, a name, a notice
	MaxURL  = 2048 // a URL
)

// Facts is what the code host knows about one repository.
type Facts struct {
	Host       string `json:"host"`       // "GitHub"
	Repository string `json:"repository"` // "owner/name", as the host spells it
	URL        string `json:"url"`        // the repository's page; "" when the host did not answer

	Owner       Owner  `json:"owner"`
	Homepage    string `json:"homepage,omitempty"`    // the homepage set on the repository (an http(s) URL); shown at URL
	Description string `json:"description,omitempty"` // the repository's description; shown at URL
	Fork        bool   `json:"fork"`
	Parent      *Link  `json:"parent,omitempty"` // the repository this one was forked from

	CodeOfConduct  *Doc `json:"code_of_conduct,omitempty"`
	SecurityPolicy *Doc `json:"security_policy,omitempty"`

	// PrivateVulnerabilityReporting says whether people can report a
	// vulnerability privately through the host.
	PrivateVulnerabilityReporting *Setting `json:"private_vulnerability_reporting,omitempty"`
	// ContentReports says whether people can report abusive content to the
	// repository's maintainers (hosts offer it for organisation repositories).
	ContentReports *Setting `json:"content_reports,omitempty"`

	// Notices say what could not be read and why, one line each, for the
	// caller to show. They never carry credentials.
	Notices []string `json:"notices,omitempty"`
}

// OwnerType is the kind of account that owns a repository.
type OwnerType string

// The owner types the host reports.
const (
	Organization OwnerType = "Organization"
	User         OwnerType = "User"
)

// Owner is the account that owns the repository.
type Owner struct {
	Login string    `json:"login"`
	Name  string    `json:"name,omitempty"` // the display name, when the host gave one
	URL   string    `json:"url"`            // the account's page
	Type  OwnerType `json:"type"`
}

// Link names another repository.
type Link struct {
	Repository string `json:"repository"` // "owner/name"
	URL        string `json:"url"`
}

// Doc is a community document the host attributes to the repository.
type Doc struct {
	Name string `json:"name,omitempty"` // what the host recognised it as ("Contributor Covenant"); "" when it did not
	URL  string `json:"url"`            // the document's page
	// Repository is where the file lives ("owner/name"); "" when its URL does
	// not say.
	Repository string `json:"repository,omitempty"`
	// Inherited is true when the file lives in another repository: the
	// owner's default community health files (its .github repository).
	Inherited bool `json:"inherited"`
}

// Setting is a switch on the host.
type Setting struct {
	Enabled bool   `json:"enabled"`
	URL     string `json:"url"` // the page where a reviewer sees it
}

// Unknown is the Facts of a repository the host was not asked about, with the
// reason as its notice (for example: no token was given).
func Unknown(host, repository, why string) *Facts {
	return &Facts{Host: host, Repository: repository, Notices: []string{why}}
}

// Known reports whether the host answered about the repository at all.
func (f *Facts) Known() bool { return f != nil && f.URL != "" }
