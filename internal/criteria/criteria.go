//go:generate go test -run TestDocsUpToDate -update .

// Package criteria owns the catalogue of everything dpgcheck evaluates: the
// indicators of the DPG Standard and, later, the GovStack requirements. The
// catalogue is data (embedded YAML files, one per standard); the rules that
// decide each criterion live in package rules, and a test keeps the two in step.
package criteria

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Level says how much a criterion weighs in the verdict.
type Level string

// Levels, from the strongest to the weakest.
const (
	Required    Level = "required"
	Recommended Level = "recommended"
	Optional    Level = "optional"
)

// Automation says how far a repository alone can decide a criterion.
type Automation string

// Automation degrees.
const (
	Full    Automation = "full"    // the repository decides it
	Partial Automation = "partial" // the repository gives evidence; a person may have to confirm
	Manual  Automation = "manual"  // only a person (or an attestation) can decide it
)

// Standard identifies a published standard.
type Standard struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"-"`
	Version string `yaml:"version" json:"version"`
	URL     string `yaml:"url" json:"-"`
}

// Criterion is one thing the tool evaluates, such as DPG indicator 2.
type Criterion struct {
	ID          string     `yaml:"id"`
	Standard    string     `yaml:"-"`
	Label       string     `yaml:"label"` // the standard's own short name: "2", "9A", "security#req-5"
	Title       string     `yaml:"title"`
	Level       Level      `yaml:"level"`
	Automation  Automation `yaml:"automation"`
	Requirement string     `yaml:"requirement"` // what the standard asks, in one paragraph
	Remediation string     `yaml:"remediation"` // the default next step when it is not met
	Docs        string     `yaml:"docs"`        // link to the standard's text for this criterion
	// Policy says when the criterion fails, needs review and passes: how
	// dpgcheck follows the way the standard's reviewers decide.
	Policy Policy `yaml:"policy"`

	// GovStack classifiers (govstack-cfr 2.x requirements model, 5.3).
	Family        string `yaml:"family"`        // development, deployment, architecture, quality, security, data
	Observability string `yaml:"observability"` // OBSERVABLE (a running system shows it) or AUDITABLE (evidence artefacts show it)
	Mutability    string `yaml:"mutability"`    // IMMUTABLE, EXTENSIBLE, REPLACEABLE
	// Evidence says what GovStack reviewers expect to see when only a person
	// can judge the criterion.
	Evidence string `yaml:"evidence"`
	// Previously lists the 23Q4 rule numbers a govstack-cfr rule replaces;
	// Maps, on a 23Q4 rule, names the govstack-cfr rule that replaced it.
	Previously []string `yaml:"previously"`
	Maps       string   `yaml:"maps"`
}

// Policy is the outcome policy of one criterion, in words for users.
type Policy struct {
	Fails  string `yaml:"fails"`
	Review string `yaml:"review"`
	Passes string `yaml:"passes"`
}

// Catalog is the set of known standards and their criteria, in catalogue order.
type Catalog struct {
	standards []Standard
	criteria  []Criterion
	byID      map[string]int
}

//go:embed *.yaml
var files embed.FS

var builtin = sync.OnceValues(func() (*Catalog, error) { return Load(files) })

// Builtin returns the catalogue compiled into the binary. The embedded data is
// checked by tests, so an error here is a build defect.
func Builtin() *Catalog {
	c, err := builtin()
	if err != nil {
		panic("criteria: embedded catalogue: " + err.Error())
	}
	return c
}

type fileFormat struct {
	Standard Standard    `yaml:"standard"`
	Criteria []Criterion `yaml:"criteria"`
}

// Load reads every *.yaml catalogue file of fsys. Files are read in name order; their number prefix orders the standards.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{byID: map[string]int{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var f fileFormat
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := c.add(f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return c, nil
}

func (c *Catalog) add(f fileFormat) error {
	if f.Standard.ID == "" || f.Standard.Version == "" {
		return fmt.Errorf("standard needs an id and a version")
	}
	if slices.ContainsFunc(c.standards, func(s Standard) bool { return s.ID == f.Standard.ID }) {
		return fmt.Errorf("standard %q defined twice", f.Standard.ID)
	}
	c.standards = append(c.standards, f.Standard)
	for _, cr := range f.Criteria {
		cr.Standard = f.Standard.ID
		if cr.Docs == "" {
			cr.Docs = f.Standard.URL
		}
		switch {
		case cr.ID == "" || cr.Title == "":
			return fmt.Errorf("criterion %q needs an id and a title", cr.ID)
		case cr.Level != Required && cr.Level != Recommended && cr.Level != Optional:
			return fmt.Errorf("criterion %s: level %q is not required, recommended or optional", cr.ID, cr.Level)
		case cr.Automation != Full && cr.Automation != Partial && cr.Automation != Manual:
			return fmt.Errorf("criterion %s: automation %q is not full, partial or manual", cr.ID, cr.Automation)
		case cr.Remediation == "" || cr.Requirement == "":
			return fmt.Errorf("criterion %s needs a requirement and a remediation", cr.ID)
		case cr.Observability != "" && cr.Observability != "OBSERVABLE" && cr.Observability != "AUDITABLE":
			return fmt.Errorf("criterion %s: observability %q is not OBSERVABLE or AUDITABLE", cr.ID, cr.Observability)
		case cr.Mutability != "" && !slices.Contains([]string{"IMMUTABLE", "EXTENSIBLE", "REPLACEABLE", "INAPPLICABLE"}, cr.Mutability):
			return fmt.Errorf("criterion %s: mutability %q is not IMMUTABLE, EXTENSIBLE, REPLACEABLE or INAPPLICABLE", cr.ID, cr.Mutability)
		}
		if _, dup := c.byID[cr.ID]; dup {
			return fmt.Errorf("criterion %s defined twice", cr.ID)
		}
		c.byID[cr.ID] = len(c.criteria)
		c.criteria = append(c.criteria, cr)
	}
	return nil
}

// Standards returns the known standards in catalogue order.
func (c *Catalog) Standards() []Standard { return slices.Clone(c.standards) }

// Standard returns the standard with the given id.
func (c *Catalog) Standard(id string) (Standard, bool) {
	i := slices.IndexFunc(c.standards, func(s Standard) bool { return s.ID == id })
	if i < 0 {
		return Standard{}, false
	}
	return c.standards[i], true
}

// All returns every criterion in catalogue order.
func (c *Catalog) All() []Criterion { return slices.Clone(c.criteria) }

// Lookup returns the criterion with the given id.
func (c *Catalog) Lookup(id string) (Criterion, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Criterion{}, false
	}
	return c.criteria[i], true
}

// Of returns the criteria of one standard in catalogue order.
func (c *Catalog) Of(standard string) []Criterion {
	var out []Criterion
	for _, cr := range c.criteria {
		if cr.Standard == standard {
			out = append(out, cr)
		}
	}
	return out
}

// With returns a copy of the catalogue with one more standard and its
// criteria, checked like the embedded ones. It is how criteria that exist
// only for one run (a building block's API conformance) join the catalogue.
func (c *Catalog) With(s Standard, crits ...Criterion) (*Catalog, error) {
	out := &Catalog{standards: slices.Clone(c.standards), criteria: slices.Clone(c.criteria), byID: make(map[string]int, len(c.byID)+len(crits))}
	for id, i := range c.byID {
		out.byID[id] = i
	}
	if err := out.add(fileFormat{Standard: s, Criteria: crits}); err != nil {
		return nil, err
	}
	return out, nil
}
