package report

// PullRequest compares a pull request's head with its base: per criterion
// (Finding.Base, Finding.Change) and for the dependencies the pull request
// adds or upgrades.
type PullRequest struct {
	Base BaseTarget `json:"base"`
	// Regressed, Fixed and Unchanged list criterion ids by how they moved
	// from the base to the head (see Change). They are empty when the base
	// is unknown.
	Regressed []string `json:"regressed"`
	Fixed     []string `json:"fixed"`
	Unchanged []string `json:"unchanged"`
	// Dependencies are the dependencies added or upgraded, each with its
	// declared licence and the verdict on it.
	Dependencies []DependencyChange `json:"dependencies"`
	// LicenceChange describes a change of the project's own licence
	// declarations ("MIT → GPL-3.0-only"), "" when there is none.
	LicenceChange string `json:"licence_change,omitempty"`
}

// BaseTarget says which base was evaluated and how it was read.
type BaseTarget struct {
	Commit string `json:"commit"`
	// Source is "git" (the local checkout's history), "api" (the GitHub
	// tarball), or "" when the base could not be evaluated.
	Source string `json:"source"`
	// Status is "evaluated" or "unknown".
	Status string `json:"status"`
	// Reason says why the base is unknown.
	Reason string `json:"reason,omitempty"`
}

// Base statuses.
const (
	BaseEvaluated = "evaluated"
	BaseUnknown   = "unknown"
)

// Known reports whether the base was evaluated.
func (p *PullRequest) Known() bool { return p != nil && p.Base.Status == BaseEvaluated }

// DependencyChange is a dependency a pull request adds or upgrades.
type DependencyChange struct {
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	// Previous is the base version of an upgraded dependency.
	Previous string `json:"previous,omitempty"`
	// Change is "added" or "upgraded".
	Change string `json:"change"`
	// Path and Line locate the head manifest or lockfile line that declares
	// it (Line 0 when unknown).
	Path string `json:"path"`
	Line int    `json:"line"`
	// Scope is "runtime", "development" or "unknown".
	Scope string `json:"scope"`
	// Direct is false for a transitive dependency found only in a lockfile.
	Direct bool `json:"direct"`
	// License is the declared licence ("" when none was found).
	License string `json:"license"`
	// Status is "ok", "not-open", "incompatible" or "unknown"; an unknown
	// licence is never counted as open.
	Status string `json:"status"`
	Reason string `json:"reason"`
	// Source says where the change was seen: "manifest" (dpgcheck's own
	// diff of manifests and lockfiles), "dependency-graph" (GitHub's
	// dependency review API) or "both".
	Source string `json:"source"`
}

// Violation reports whether the dependency breaks the project's licensing:
// a runtime dependency whose licence is not open or is incompatible.
func (d DependencyChange) Violation() bool {
	return d.Scope != "development" && (d.Status == "not-open" || d.Status == "incompatible")
}

// ClosedConcern is the concern key of a closed or restrictively licensed
// mandatory component (dpg-4), by component or package name.
func ClosedConcern(component string) string { return "closed: " + component }

// IncompatibleConcern is the concern key of a dependency whose licence
// conflicts with the project's (dpg-2).
func IncompatibleConcern(ecosystem, name string) string {
	return "incompatible licence: " + ecosystem + " " + name
}
