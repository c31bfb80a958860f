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
	Previous string               `json:"previous,omitempty"`
	Change   DependencyChangeKind `json:"change"`
	// Path and Line locate the head manifest or lockfile line that declares
	// it (Line 0 when unknown).
	Path  string          `json:"path"`
	Line  int             `json:"line"`
	Scope DependencyScope `json:"scope"`
	// Direct is false for a transitive dependency found only in a lockfile.
	Direct bool `json:"direct"`
	// License is the declared licence ("" when none was found).
	License string `json:"license"`
	// Status is the licence verdict; an unknown licence is never counted as
	// open.
	Status DependencyStatus `json:"status"`
	Reason string           `json:"reason"`
	// Source says where the change was seen.
	Source DependencySource `json:"source"`
}

// DependencyChangeKind is how a pull request changes a dependency.
type DependencyChangeKind string

// The dependency changes a pull request is judged on.
const (
	DependencyAdded    DependencyChangeKind = "added"
	DependencyUpgraded DependencyChangeKind = "upgraded"
)

// DependencyScope is whether a dependency ships with the product.
type DependencyScope string

// The scopes.
const (
	ScopeRuntime     DependencyScope = "runtime"
	ScopeDevelopment DependencyScope = "development" // not distributed, so never incompatible
	ScopeUnknown     DependencyScope = "unknown"
)

// DependencyStatus is the verdict on a dependency's licence (the values of
// license.DepStatus).
type DependencyStatus string

// The licence verdicts.
const (
	DependencyOK           DependencyStatus = "ok"
	DependencyNotOpen      DependencyStatus = "not-open"
	DependencyIncompatible DependencyStatus = "incompatible"
	DependencyUnknown      DependencyStatus = "unknown"
)

// DependencySource says where a dependency change was seen.
type DependencySource string

// The sources.
const (
	FromManifest        DependencySource = "manifest"         // dpgcheck's own diff of manifests and lockfiles
	FromDependencyGraph DependencySource = "dependency-graph" // GitHub's dependency review API
	FromBoth            DependencySource = "both"
)

// Violation reports whether the dependency breaks the project's licensing:
// a runtime dependency whose licence is not open or is incompatible.
func (d DependencyChange) Violation() bool {
	return d.Scope != ScopeDevelopment && (d.Status == DependencyNotOpen || d.Status == DependencyIncompatible)
}

// ClosedConcern is the concern key of a closed or restrictively licensed
// mandatory component (dpg-4), by component or package name.
func ClosedConcern(component string) string { return "closed: " + component }

// IncompatibleConcern is the concern key of a dependency whose licence
// conflicts with the project's (dpg-2).
func IncompatibleConcern(ecosystem, name string) string {
	return "incompatible licence: " + ecosystem + " " + name
}
