// Package evidence owns reading a repository. It walks the tree once, through
// an fs.FS rooted at the repository (os.OpenRoot in production, so symlinks
// cannot escape), reads only files that can be evidence, each at most once and
// under a size cap, and builds an immutable Repo: an inventory of licence
// files, docs, community files, metadata, API specs, containers, manifests and
// CI, with line numbers. It is the only package that reads repository files.
package evidence

import (
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/dpga"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/markup"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/publiccode"
)

// Repo is what the walk found. Treat it as read-only.
type Repo struct {
	Git GitInfo

	// Files lists every file of the project itself (not vendored, not
	// ignored), as slash-separated paths in walk order.
	Files []string
	// Vendored lists the vendored or generated trees found.
	Vendored []VendoredDir
	// SetAside lists the parts of the tree that are not the product (tests,
	// fixtures, examples, development tooling), and AsideFiles their files;
	// neither is evidence for or against a criterion (see scope.go).
	SetAside   []SetAside
	AsideFiles []string

	Licenses []*LicenseFile // licence and notice files anywhere in the project (Root marks the project's own)
	// ReadmeLicense is the licence section of the root README, if it has one.
	ReadmeLicense *LicenseFile
	Readme        *Doc   // the root README, if any
	Docs          []*Doc // every documentation file read, README and community files included
	Community     map[CommunityKind]*Doc
	Policies      []*Doc   // privacy, terms, data-protection, content and safeguarding policies
	CLA           []string // CLA/DCO documents and bot configs
	DocSites      []string // documentation-site configs (mkdocs.yml, docusaurus.config.js, Sphinx conf.py ...)
	DocDirs       []string // top-level documentation folders holding docs
	Generated     []string // documentation files marked as generated ("do not edit"); not evidence
	// BinaryLibs are compiled libraries committed in the product (.jar,
	// .aar, .dll, .so, .dylib; not build wrappers or .NET build output), at
	// most maxBinaryLibs of them; BinaryLibCount counts them all. Their
	// licences are not in the repository to read.
	BinaryLibs     []string
	BinaryLibCount int
	// PolicyFiles are policy documents by their names (privacy, terms, data
	// protection) in formats the walk does not read: PDF, Word, OpenDocument.
	PolicyFiles []string

	PublicCode      *PublicCodeFile
	DPGApplications []*DPGAFile
	APISpecs        []*APISpec

	Dockerfiles []*Dockerfile
	Compose     []*ComposeFile
	HelmCharts  []*HelmChart

	Manifests      []*manifest.File // the project's own manifests and lockfiles
	ManifestErrors []FileError      // manifests that could not be parsed
	// Unread lists files that can be evidence but were not read or not
	// understood: over their size cap, unreadable, or malformed. A criterion
	// that needed one is unknown, never decided as if the file were absent.
	Unread            []Unread
	VendoredManifests int

	K8s        []*K8sManifest // Kubernetes manifests and Helm templates
	Secrets    []Secret       // committed secrets (only with Options.GovStack)
	SQLObjects []SQLObject    // CREATE TRIGGER / PROCEDURE / FUNCTION statements in .sql files and XML changelogs
	SQLFiles   int            // non-empty .sql files and Liquibase XML changelogs
	// EnvTemplates are the environment templates (.env.example) that
	// explain their variables in comments.
	EnvTemplates []EnvTemplate
	// SpecRoutes are source lines that serve an API description at run time
	// (a "/swagger.json" or "/v3/api-docs" route): the description is
	// generated from code, not committed (only with Options.GovStack).
	SpecRoutes []SourceLine
	// PlaybookRuns are the lines of the product's shell scripts that run
	// ansible-playbook (only with Options.GovStack).
	PlaybookRuns []CommandLine
	InvalidText  []string // files that should be text but are not valid UTF-8

	CI             []CIConfig
	DependencyBots []string
	TestFiles      []string
	Languages      map[string]int // language -> number of source files

	// DependencyUpdates are the ecosystems the dependency bots cover
	// (only with Options.GovStack).
	DependencyUpdates []DependencyUpdate
	// AuthMarkers are code that enforces authentication (only with
	// Options.GovStack, at most a few).
	AuthMarkers []AuthMarker
	// DevConfigs, GherkinFeatures and HTTPTests are what the development and
	// quality rules read of build, test and review files, product or set
	// aside (only with Options.GovStack; see devpractice.go).
	DevConfigs []DevConfig
	// GherkinFeatures lists the *.feature files holding a Gherkin Feature (a
	// towncrier changelog fragment does not).
	GherkinFeatures []string
	// Imports are the packages the product's source files import.
	Imports Imported
	// HTTPTests are test sources calling the product over HTTP, at the first call.
	HTTPTests []FileHit

	// SourceCopyrights and SourceSPDXTags come from the first lines of a
	// sample of source files.
	SourceCopyrights []Located[license.Copyright]
	SourceSPDXTags   []Located[license.Tag]

	Stats Stats
	// Notices are things a user should know about the walk (files skipped for
	// their size, a publiccode.yml that does not parse).
	Notices []string

	texts texts // see TextIndex
}

// Unread is a file that can be evidence but could not be used.
type Unread struct {
	Path   string
	Kind   string // what it would have been evidence as: "licence files", "manifests", "API descriptions" ...
	Reason string // "5242880 bytes, over the 1048576-byte cap", "line 4: unexpected ','"
	Line   int
}

// UnreadOf returns the unread files of the given kinds (see kindNames).
func (r *Repo) UnreadOf(kinds ...string) []Unread {
	var out []Unread
	for _, u := range r.Unread {
		if slices.Contains(kinds, u.Kind) {
			out = append(out, u)
		}
	}
	return out
}

// SQLObject is a trigger, procedure or function a .sql file creates.
type SQLObject struct {
	Path string
	Line int
	Kind string // TRIGGER, PROCEDURE or FUNCTION
}

// SourceLine is a line of a file.
type SourceLine struct {
	Path string
	Line int
}

// Located is a value found in a file.
type Located[T any] struct {
	Path  string
	Value T
}

// FileError is a file that could not be understood.
type FileError struct {
	Path string
	Line int
	Msg  string
}

// GitInfo is what the repository's .git folder says about the checkout.
type GitInfo struct {
	Commit     string // HEAD commit SHA, if resolvable
	Ref        string // "refs/heads/main", or "" for a detached HEAD
	Remote     string // URL of the "origin" remote
	Repository string // "owner/name" when the origin is on GitHub
}

// VendoredDir is a vendored or generated tree.
type VendoredDir struct {
	Path   string
	Why    string
	Walked bool // false when the tree was not walked at all
}

// Doc is a documentation file and its structure.
type Doc struct {
	Path   string
	Format markup.Format
	Text   string
	// Prose is Text with the lines of code blocks blanked (line numbers
	// kept): what the document says, not the sample output or commands it
	// shows. Claims ("exports CSV", "implements FHIR") are searched here.
	Prose string
	markup.Doc
}

// LicenseFile is a licence or notice file with what was detected in it.
type LicenseFile struct {
	Path       string
	Root       bool // at the repository root (or LICENSES/, .github/): it declares the project's licence
	Text       string
	Matches    []license.Match
	Coverage   float64
	Declared   license.Identification // what the text declares (see license.Identify)
	Copyrights []license.Copyright
	SPDXTags   []license.Tag
	FirstLine  int // line of Text in the file it comes from (for a README section); 1 for a whole file
}

// PublicCodeFile is the root publiccode.yml.
type PublicCodeFile struct {
	Path string
	File *publiccode.File // nil when it does not parse
	Err  error
}

// DPGAFile is a DPGA application record kept in the repository.
type DPGAFile struct {
	Path string
	App  *dpga.Application
}

// APISpec is an OpenAPI, Swagger or AsyncAPI document, recognised by content.
type APISpec struct {
	Path    string
	Kind    string // "openapi", "swagger", "asyncapi"
	Version string // the spec format version: "3.0.3", "2.0", "2.6.0"
	Line    int    // line of the version key
	Title   string
	Size    int64
	// Doc is the parsed OpenAPI or Swagger document (nil for AsyncAPI, or when
	// it does not parse: see ParseErr). It is parsed once, during the walk.
	Doc      *openapi.Doc
	ParseErr error
	// Invalid lists what kin-openapi's validation reports (OpenAPI 3 only);
	// Validated says whether validation ran (only with Options.GovStack).
	Invalid   []openapi.Defect
	Validated bool
	// EpochTimes are lines that show times as UNIX epoch values ("a UNIX
	// timestamp", "createdAt": 1599602400000).
	EpochTimes []int
}

// K8sManifest is a Kubernetes object (or a Helm template of one).
type K8sManifest struct {
	Path     string
	Kind     string
	Line     int
	Template bool // a Helm template: read as text, not YAML
	// Limits: every container declares resources.limits; for a Helm
	// template, it writes limits: or renders .Values...resources from a
	// values.yaml that sets limits.
	Limits   bool
	Probes   bool // liveness or readiness probes declared
	Replicas int
	// Env lists the environment variables the containers set (for a Helm
	// template, the "- name:" entries of its env: lists); Set is false when
	// the value comes from values, a secret or a config map.
	Env []EnvVar
	// Conditional: a Helm template rendered only when a value enables it
	// (it opens with {{ if }}).
	Conditional bool

	valuesResources bool     // a template that renders .Values...resources
	includes        []string // named templates it includes
}

// Secret is a committed secret: where, and what kind. The value is never kept.
type Secret struct {
	Path string
	Line int    // 0 for a key file
	Kind string // "private key", "PKCS#12 keystore", "password", "hard-coded default" ...
	Name string // the setting that holds it ("DB_PASSWORD", "SECRET_KEY"), when there is one
	// Default: written into code or settings as the value used when the
	// environment does not set it, or as a constant (a configuration
	// problem as well as a committed secret).
	Default bool
	// Aside says why it does not count against the product (a CI job's
	// throwaway database, an example); empty when it counts.
	Aside string
	// Config: found in configuration or key material the product is
	// deployed with (settings, values, .env, key files), not in code,
	// documents or CI definitions.
	Config bool
	// Loaded: a key file the product's settings or code load by its path
	// (classpath:certs/private.pem), not only one lying in a folder.
	Loaded bool
	// Review: set aside, but a reviewer should look (an example that may
	// hold a real value, an access key ID whose secret may be elsewhere).
	Review bool
}

// Dockerfile is a container build file.
type Dockerfile struct {
	Path   string
	Text   string
	Stages []Stage
	// Args are the ARG instructions before the first FROM: the build
	// arguments (and their defaults) FROM lines can use.
	Args []Instruction
	// Entrypoint is the repository script the image starts (an exec-form
	// ENTRYPOINT or CMD naming a script the Dockerfile copies), if found.
	Entrypoint *EntrypointScript
}

// Stage is one FROM of a Dockerfile and the instructions that follow it.
type Stage struct {
	Image        string // as written, "golang:1.26" or "scratch" or a previous stage name
	Name         string // "AS name"
	Line         int
	Instructions []Instruction
}

// Instruction is one Dockerfile instruction, continuation lines joined.
type Instruction struct {
	Cmd  string // upper case: RUN, ENV, ARG, COPY, HEALTHCHECK, USER ...
	Args string
	Line int
}

// ComposeFile is a Docker Compose file.
type ComposeFile struct {
	Path     string
	Services []Service
	// External lists networks and volumes declared external: true (resources
	// that must exist outside this file).
	External []Named
	// Variables are the ${VAR} interpolations of the file; Optional names
	// those every use of which has a default (${VAR:-x}).
	Variables []Named
	Optional  []string
	Err       error
}

// Named is a name found at a line.
type Named struct {
	Name string
	Line int
}

// Service is a compose service.
type Service struct {
	Name        string
	Image       string
	Line        int
	Build       bool
	Environment []EnvVar
	Volumes     []string // named volumes and host paths it mounts (source side)
	DependsOn   []string
	Healthcheck bool
	Limits      bool // deploy.resources.limits, mem_limit or cpus
	// Escapes lists settings that break container isolation, each with its
	// line: privileged, host network or PID namespace, the Docker socket.
	Escapes []Named
	// BuildContext and BuildFile are the build: context and dockerfile,
	// relative to the compose file's folder as written ("" when absent).
	BuildContext, BuildFile string
	User                    string // user: as written
	// Command is the command: and entrypoint: as written, sequences joined
	// by spaces ("start_dev", "npm run dev"), capped at 500 bytes.
	Command string
}

// EnvVar is an environment variable set in a file.
type EnvVar struct {
	Name  string
	Value string // "" when only the name is given or the value is interpolated
	Set   bool   // a literal value is given
	Line  int
}

// HelmChart is a Helm chart and the images its values.yaml names.
type HelmChart struct {
	Dir    string
	Name   string
	Images []Image
	// Limits: values.yaml sets resources.limits somewhere (what templates
	// that render .Values...resources get by default).
	Limits bool
	// Autoscaling: values.yaml enables an autoscaler (autoscaling.enabled
	// or hpa.enabled is true).
	Autoscaling bool
}

// Image is a container image reference found in a file.
type Image struct {
	Ref  string
	Path string
	Line int
}

// CIConfig is a CI pipeline definition.
type CIConfig struct {
	Path   string
	System string
	Text   string
}

// Stats describes the walk.
type Stats struct {
	Files     int            // regular files seen
	Dirs      int            // directories walked
	FilesRead int            // files whose content was read
	BytesRead int64          // bytes read
	Skipped   map[string]int // reason -> count
}

// Skip reasons.
const (
	SkipSymlinkEscapes = "symlink-outside-root"
	SkipSymlinkLoop    = "symlink-loop"
	SkipSymlinkBroken  = "broken-symlink"
	SkipSymlinkDir     = "symlinked-directory"
	SkipSpecial        = "special-file"
	SkipTooLarge       = "too-large"
	SkipInvalidUTF8    = "invalid-utf8"
	SkipUnreadable     = "unreadable"
	SkipTooDeep        = "too-deep"
	SkipIgnored        = "ignored-by-config"
	SkipBudget         = "read-budget-exhausted"
	SkipTooMany        = "too-many-files"
)

// Doc returns the documentation file at path.
func (r *Repo) Doc(path string) *Doc {
	for _, d := range r.Docs {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// RootLicenses returns the licence files that declare the project's licence.
func (r *Repo) RootLicenses() []*LicenseFile {
	var out []*LicenseFile
	for _, l := range r.Licenses {
		if l.Root {
			out = append(out, l)
		}
	}
	return out
}
