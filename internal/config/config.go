// Package config owns the project's dpgcheck configuration
// (.github/dpgcheck.yml): what kind of project it is, its owner, the SDGs it
// advances, what data it handles, attestations by people authorised to speak
// for it, waivers and ignored paths. Parsing is strict: an unknown key or a bad
// value is an error that names the file, line and column.
package config

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dpgcheck/dpgcheck/internal/glob"
	"github.com/dpgcheck/dpgcheck/internal/license"
	"github.com/dpgcheck/dpgcheck/internal/sdg"
)

// MaxSize caps the configuration file; a real one is a few kilobytes.
const MaxSize = 256 << 10

// Candidates are the paths, relative to the repository root, where the
// configuration is looked for, in order.
var Candidates = []string{".github/dpgcheck.yml", ".github/dpgcheck.yaml", ".dpgcheck.yml", ".dpgcheck.yaml"}

// Config is a parsed configuration. The zero Config is valid: it means
// "software, nothing attested".
type Config struct {
	// File is the path the configuration was read from (for messages and evidence).
	File string `yaml:"-"`

	Version      int                    `yaml:"version"`
	Type         Types                  `yaml:"type"`
	Owner        *Owner                 `yaml:"owner"`
	SDGs         []SDG                  `yaml:"sdgs"`
	Handles      Handles                `yaml:"handles"`
	Attestations map[string]Attestation `yaml:"attestations"`
	Waivers      []Waiver               `yaml:"waivers"`
	Ignore       []string               `yaml:"ignore"`
	// Product lists paths that are the product even where dpgcheck's default
	// product scope sets them aside (a tests/ or examples/ folder that
	// ships, say).
	Product []string `yaml:"product"`

	// IgnoreSet and ProductSet hold the compiled Ignore and Product patterns.
	IgnoreSet  glob.Set `yaml:"-"`
	ProductSet glob.Set `yaml:"-"`
	Keys       KeyPos   `yaml:"-"`
}

// Types is the project type: one name or a list.
type Types []license.ProjectType

func (t *Types) unmarshalNode(d *nodeDecoder, n *yaml.Node) error {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, item := range items {
		if item.Kind != yaml.ScalarNode {
			return d.errorf(item, "type must be one of %s, or a list of them", oneOf(typeNames()))
		}
		pt := license.ProjectType(item.Value)
		if !slices.Contains(license.ProjectTypes, pt) {
			return d.errorf(item, "unknown project type %q; valid types are %s", item.Value, oneOf(typeNames()))
		}
		if slices.Contains(*t, pt) {
			return d.errorf(item, "project type %q listed twice", item.Value)
		}
		*t = append(*t, pt)
	}
	return nil
}

func typeNames() []string {
	var out []string
	for _, t := range license.ProjectTypes {
		out = append(out, string(t))
	}
	return out
}

// Owner names who owns the project's assets (DPG indicator 3).
type Owner struct {
	Name    string `yaml:"name"`
	URL     string `yaml:"url"`
	Country string `yaml:"country"`
	Pos     Pos    `yaml:"-"`
}

// SDG is one Sustainable Development Goal the project advances (indicator 1).
type SDG struct {
	Goal      int      `yaml:"goal"`
	Targets   []string `yaml:"targets"`
	Relevance string   `yaml:"relevance"`
	Evidence  []string `yaml:"evidence"`
	Pos       Pos      `yaml:"-"`
}

// Handles says what the project handles, which decides whether indicators 6
// and 9A-9C apply. A nil field means "not stated".
type Handles struct {
	NonPIIData      *bool  `yaml:"non-pii-data"`
	PII             *bool  `yaml:"pii"`
	UserContent     *bool  `yaml:"user-content"`
	UserInteraction *bool  `yaml:"user-interaction"`
	Keys            KeyPos `yaml:"-"`
}

// Attestation is a statement, by someone authorised to speak for the project,
// that a criterion is met, with evidence.
type Attestation struct {
	Evidence []string `yaml:"evidence"`
	Note     string   `yaml:"note"`
	By       string   `yaml:"by"`
	Pos      Pos      `yaml:"-"`
}

// Waiver exempts a criterion from gating, with a mandatory reason.
type Waiver struct {
	Criterion string `yaml:"criterion"`
	Reason    string `yaml:"reason"`
	Expires   string `yaml:"expires"`
	Pos       Pos    `yaml:"-"`
}

// Expired reports whether the waiver has expired at now (it lasts through its
// expiry day, UTC).
func (w Waiver) Expired(now time.Time) bool {
	if w.Expires == "" {
		return false
	}
	day, err := time.Parse(time.DateOnly, w.Expires)
	return err == nil && now.UTC().After(day.Add(24*time.Hour))
}

// Parse parses and validates a configuration. known reports whether a
// criterion id exists (attestations and waivers must name real criteria).
func Parse(file string, data []byte, known func(id string) bool) (*Config, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: file, Msg: fmt.Sprintf("configuration is %d bytes; the limit is %d", len(data), MaxSize)}
	}
	cfg := &Config{File: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return cfg, nil // empty file
	}
	d := &nodeDecoder{file: file}
	if err := d.decode(doc.Content[0], reflect.ValueOf(cfg).Elem()); err != nil {
		return nil, err
	}
	cfg.File = file
	if err := cfg.validate(known); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (c *Config) errAt(p Pos, format string, args ...any) error {
	return &Error{File: c.File, Pos: p, Msg: fmt.Sprintf(format, args...)}
}

func (c *Config) validate(known func(string) bool) error {
	if c.Version != 0 && c.Version != 1 {
		return c.errAt(c.Keys["version"], "version %d is not supported; this dpgcheck reads version 1", c.Version)
	}
	if c.Owner != nil && strings.TrimSpace(c.Owner.Name) == "" {
		return c.errAt(c.Owner.Pos, "owner needs a name, such as name: Example Foundation")
	}
	if c.Owner != nil && c.Owner.URL != "" && !isURL(c.Owner.URL) {
		return c.errAt(c.Owner.Pos, "owner url %q is not an http(s) URL", c.Owner.URL)
	}
	seenGoal := map[int]bool{}
	for _, s := range c.SDGs {
		g, ok := sdg.Lookup(s.Goal)
		if !ok {
			return c.errAt(s.Pos, "goal %d is not an SDG; goals are numbered 1 to 17", s.Goal)
		}
		if seenGoal[s.Goal] {
			return c.errAt(s.Pos, "SDG %d is listed twice; put all its targets in one entry", s.Goal)
		}
		seenGoal[s.Goal] = true
		for _, t := range s.Targets {
			if ok, msg := g.ValidTarget(t); !ok {
				return c.errAt(s.Pos, "%s", msg)
			}
		}
		for _, e := range s.Evidence {
			if !isURL(e) {
				return c.errAt(s.Pos, "SDG %d evidence %q is not an http(s) URL; reviewers need a public link", s.Goal, e)
			}
		}
	}
	ids := slices.Sorted(maps.Keys(c.Attestations))
	for _, id := range ids {
		a := c.Attestations[id]
		if !known(id) {
			return c.errAt(c.Keys["attestations"], "attestation for unknown criterion %q; criteria are ids such as dpg-7", id)
		}
		if len(a.Evidence) == 0 {
			return c.errAt(a.Pos, "attestation for %s needs evidence: a list of URLs or repository paths", id)
		}
		for _, e := range a.Evidence {
			if !isURL(e) && !isRepoPath(e) {
				return c.errAt(a.Pos, "attestation evidence %q for %s is neither an http(s) URL nor a path inside the repository", e, id)
			}
		}
	}
	waived := map[string]bool{}
	for _, w := range c.Waivers {
		if !known(w.Criterion) {
			return c.errAt(w.Pos, "waiver for unknown criterion %q; criteria are ids such as dpg-4", w.Criterion)
		}
		if waived[w.Criterion] {
			return c.errAt(w.Pos, "criterion %s is waived twice", w.Criterion)
		}
		waived[w.Criterion] = true
		if strings.TrimSpace(w.Reason) == "" {
			return c.errAt(w.Pos, "waiver for %s needs a reason; reviewers and PR authors see it", w.Criterion)
		}
		if w.Expires != "" {
			if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
				return c.errAt(w.Pos, "waiver expiry %q is not a date in the form 2026-12-31", w.Expires)
			}
		}
	}
	for _, p := range c.Ignore {
		pat, err := glob.Compile(p)
		if err != nil {
			return c.errAt(c.Keys["ignore"], "ignore: %v", err)
		}
		c.IgnoreSet = append(c.IgnoreSet, pat)
	}
	for _, p := range c.Product {
		pat, err := glob.Compile(p)
		if err != nil {
			return c.errAt(c.Keys["product"], "product: %v", err)
		}
		c.ProductSet = append(c.ProductSet, pat)
	}
	return nil
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func isRepoPath(s string) bool {
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.Contains(s, "\\") {
		return false
	}
	clean := path.Clean(s)
	return clean != ".." && !strings.HasPrefix(clean, "../")
}

// ProjectTypes returns the project types, software when none is configured.
func (c *Config) ProjectTypes() []license.ProjectType {
	if c == nil || len(c.Type) == 0 {
		return []license.ProjectType{license.Software}
	}
	return c.Type
}

// Waiver returns the waiver for a criterion.
func (c *Config) Waiver(id string) (Waiver, bool) {
	if c == nil {
		return Waiver{}, false
	}
	i := slices.IndexFunc(c.Waivers, func(w Waiver) bool { return w.Criterion == id })
	if i < 0 {
		return Waiver{}, false
	}
	return c.Waivers[i], true
}

// Attestation returns the attestation for a criterion.
func (c *Config) Attestation(id string) (Attestation, bool) {
	if c == nil {
		return Attestation{}, false
	}
	a, ok := c.Attestations[id]
	return a, ok
}
