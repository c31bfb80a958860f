package evidence

import (
	"encoding/json"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// BaseImage is an image a Dockerfile builds on, with the defaults of the
// build arguments declared before the first FROM substituted.
type BaseImage struct {
	Written string // as in the FROM line: "node:${NODE_VERSION}"
	// Ref is Written with the defaults substituted; a build argument
	// without a default stays as ${NAME} and is listed in Unresolved.
	Ref        string
	Unresolved []string
	Line       int
}

// dockerVar is a variable reference in a Dockerfile: $NAME, ${NAME},
// ${NAME:-default}, ${NAME-default}, ${NAME:+alt}.
var dockerVar = lazyregexp.New(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))`)

// ArgDefaults returns the defaults of the build arguments declared before
// the first FROM, each expanded with the ones before it; an argument without
// a default maps to "".
func (d *Dockerfile) ArgDefaults() map[string]string {
	out := map[string]string{}
	for _, a := range d.Args {
		for _, p := range EnvPairs(a.Args, false) {
			out[p.Name], _ = expand(p.Value, out)
		}
	}
	return out
}

// Resolve substitutes the build arguments' defaults into a FROM image.
func (d *Dockerfile) Resolve(image string, line int) BaseImage {
	ref, unresolved := expand(image, d.ArgDefaults())
	return BaseImage{Written: image, Ref: ref, Unresolved: unresolved, Line: line}
}

// expand substitutes variables with their values; a variable without a
// value stays as ${NAME} and is returned.
func expand(s string, values map[string]string) (string, []string) {
	var unresolved []string
	out := dockerVar.ReplaceAllStringFunc(s, func(m string) string {
		sub := dockerVar.FindStringSubmatch(m)
		name, op, word := sub[1], sub[2], sub[3]
		if name == "" {
			name = sub[4]
		}
		value := values[name]
		switch {
		case strings.HasSuffix(op, "+"):
			if value != "" {
				return word
			}
			return ""
		case strings.HasSuffix(op, "-") && value == "":
			return word
		case value != "":
			return value
		}
		if len(unresolved) < 10 {
			unresolved = append(unresolved, name)
		}
		return "${" + name + "}"
	})
	return out, unresolved
}

// stageNamed returns the index of an earlier stage that image names
// ("build", or "app-${VARIANT}" when a stage app-internal exists), or -1.
func (d *Dockerfile) stageNamed(image string, before int) int {
	ref := strings.ToLower(d.Resolve(image, 0).Ref)
	var parts []string
	if strings.Contains(ref, "${") && strings.Trim(dockerVar.ReplaceAllString(ref, ""), "-_.") != "" {
		// Only a name with a literal part can be matched: "${BASE}" alone
		// could be any stage.
		parts = strings.Split(dockerVar.ReplaceAllString(ref, "\x00"), "\x00")
	}
	for i := min(before, len(d.Stages)) - 1; i >= 0; i-- {
		name := strings.ToLower(d.Stages[i].Name)
		if name == "" {
			continue
		}
		if name == ref || parts != nil && matchParts(name, parts) {
			return i
		}
	}
	return -1
}

// matchParts reports whether name is the literal parts in order with
// anything between them: "app-internal" matches "app-", "".
func matchParts(name string, parts []string) bool {
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	rest := name[len(parts[0]):]
	last := len(parts) - 1
	for _, p := range parts[1:last] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return last == 0 && rest == "" || last > 0 && strings.HasSuffix(rest, parts[last])
}

// Bases returns the images the stages build on, stage references left out.
func (d *Dockerfile) Bases() []BaseImage {
	var out []BaseImage
	for i, st := range d.Stages {
		if st.Image == "scratch" || d.stageNamed(st.Image, i) >= 0 {
			continue
		}
		out = append(out, d.Resolve(st.Image, st.Line))
	}
	return out
}

// FinalImage returns the image the final stage is built on, following
// stage references ("FROM base"), and the stages whose instructions end up
// in the final image, the final stage last.
func (d *Dockerfile) FinalImage() (BaseImage, []Stage, bool) {
	if len(d.Stages) == 0 {
		return BaseImage{}, nil, false
	}
	i := len(d.Stages) - 1
	chain := []Stage{d.Stages[i]}
	for range 100 {
		st := d.Stages[i]
		j := d.stageNamed(st.Image, i)
		if j < 0 || st.Image == "scratch" {
			b := d.Resolve(st.Image, st.Line)
			return b, chain, true
		}
		i = j
		chain = append([]Stage{d.Stages[i]}, chain...)
	}
	return BaseImage{}, nil, false
}

// ToolImage reports a Dockerfile that ships nothing of the project: no stage
// copies or adds files and none sets a command. Such images are build or
// tool environments (a packaging toolchain with the sources mounted at run
// time), not the product's images.
func (d *Dockerfile) ToolImage() bool {
	for _, st := range d.Stages {
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "COPY", "ADD", "CMD", "ENTRYPOINT":
				return false
			}
		}
	}
	return len(d.Stages) > 0
}

// FinalUser returns the last USER of the final image's stages and its line
// ("" when none sets one: the base image's user runs).
func (d *Dockerfile) FinalUser() (user string, line int) {
	_, chain, _ := d.FinalImage()
	for _, st := range chain {
		for _, ins := range st.Instructions {
			if ins.Cmd == "USER" {
				user, line = strings.TrimSpace(ins.Args), ins.Line
			}
		}
	}
	return user, line
}

// nonRootImages are base images whose default user is unprivileged by
// their name: distroless and Chainguard :nonroot tags, *-unprivileged and
// *-nonroot images.
var nonRootImages = lazyregexp.New(`(?i):[^/]*nonroot|[-_](unprivileged|nonroot|rootless)(:|@|$)`)

// NonRootImage reports whether an image's default user is known to be
// unprivileged.
func NonRootImage(ref string) bool { return nonRootImages.MatchString(ref) }

// vendorUserImages are base images whose vendor picks the user per image:
// Bitnami runs most as uid 1001 but some (odoo, wordpress) end with USER
// root. Without a USER of its own the image's user is for a reviewer.
var vendorUserImages = lazyregexp.New(`(?i)(^|/)bitnami/`)

// VendorUserImage reports whether an image's default user depends on the
// vendor's choice for that image, neither surely root nor surely not.
func VendorUserImage(ref string) bool { return vendorUserImages.MatchString(ref) }

// RootUser reports whether a USER value is root: "root", "0", "root:group",
// "0:0". An empty value is not root by itself (the base image decides).
func RootUser(user string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return name == "root" || name == "0"
}

// EnvPair is one NAME=value of an ENV or ARG instruction.
type EnvPair struct {
	Name     string
	Value    string // unquoted
	HasValue bool
}

var envName = lazyregexp.New(`^[A-Za-z_][A-Za-z0-9_]*$`)

// EnvPairs splits the arguments of an ENV or ARG instruction into its
// variables, respecting quotes: `A=1 B="x y"` is A and B; the legacy
// `ENV NAME value with spaces` (legacy true) is NAME. Tokens that are not
// variable names ("-Dprop=value" inside a quoted value, a stray `test"`)
// never become variables.
func EnvPairs(args string, legacy bool) []EnvPair {
	tokens := shellWords(args)
	if len(tokens) == 0 {
		return nil
	}
	if legacy && len(tokens) >= 2 && !strings.Contains(tokens[0], "=") {
		if !envName.MatchString(tokens[0]) {
			return nil
		}
		_, value, _ := strings.Cut(args, tokens[0])
		return []EnvPair{{Name: tokens[0], Value: unquote(strings.TrimSpace(value)), HasValue: true}}
	}
	var out []EnvPair
	for _, t := range tokens {
		name, value, has := strings.Cut(t, "=")
		if !envName.MatchString(name) {
			continue
		}
		out = append(out, EnvPair{Name: name, Value: unquote(value), HasValue: has})
	}
	return out
}

// shellWords splits s on blanks outside quotes, keeping the quotes.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == ' ' || r == '\t':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
		if len(out) > 200 {
			break
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// ExecForm returns the arguments of an exec-form CMD or ENTRYPOINT
// (["a", "b"]), or false for the shell form.
func ExecForm(args string) ([]string, bool) {
	args = strings.TrimSpace(args)
	if !strings.HasPrefix(args, "[") {
		return nil, false
	}
	var out []string
	if json.Unmarshal([]byte(args), &out) != nil {
		return nil, false
	}
	return out, true
}
