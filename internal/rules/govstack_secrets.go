package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// allowEmptyPassword is the switch of database images (Bitnami, MySQL)
// that lets them start without a password.
var allowEmptyPassword = lazyregexp.New(`(?i)(^|_)ALLOW_EMPTY_PASSWORD$`)

// security#req-4: secrets come from the environment or a vault, never from
// literal values in compose files, images, code or settings.
func secureConfiguration(in *Input) Result {
	r := in.Repo
	var bad []report.Evidence
	var items []string
	// Secrets written into settings or deployment files come first: they
	// are the strongest evidence.
	var written, keyFiles []evidence.Secret
	devStacks := developmentStacks(r)
	devFound := map[string]int{}
	for _, s := range r.Secrets {
		switch {
		case s.Aside != "" || !s.Default && !s.Config:
		case devStacks[s.Path] != "":
			devFound[s.Path]++
		case keyFile(s) && !s.Loaded:
			keyFiles = append(keyFiles, s)
		default:
			written = append(written, s)
		}
	}
	slices.SortStableFunc(written, func(a, b evidence.Secret) int { return secretRank(a) - secretRank(b) })
	for _, s := range written {
		bad = append(bad, report.At(s.Path, s.Line))
		switch {
		case s.Default:
			items = append(items, fmt.Sprintf("%s is written into %s:%d as the value used when the environment does not set it", s.Name, s.Path, s.Line))
		case s.Loaded:
			items = append(items, describeSecret(s)+" is committed and loaded by the product's settings or code")
		default:
			items = append(items, describeSecret(s)+" is committed in the deployment configuration")
		}
	}
	// Literals in a local development stack are development defaults:
	// set aside, and said so.
	var deployed []*evidence.ComposeFile
	for _, c := range r.Compose {
		var found []string
		for _, s := range c.Services {
			for _, e := range s.Environment {
				if !e.Set {
					continue
				}
				switch {
				case allowEmptyPassword.MatchString(e.Name) && truthy(e.Value):
					found = append(found, fmt.Sprintf("%s sets %s: the database accepts an empty password (%s:%d)", s.Name, e.Name, c.Path, e.Line))
				case evidence.LiteralSecret(e.Name, e.Value):
					found = append(found, fmt.Sprintf("%s sets %s to a literal value (%s:%d)", s.Name, e.Name, c.Path, e.Line))
				default:
					continue
				}
				bad = append(bad, report.At(c.Path, e.Line))
			}
		}
		if devStacks[c.Path] != "" {
			bad = bad[:len(bad)-len(found)]
			devFound[c.Path] += len(found)
			continue
		}
		deployed = append(deployed, c)
		items = append(items, found...)
	}
	var devAside []string
	for _, c := range r.Compose {
		if n := devFound[c.Path]; n > 0 {
			devAside = append(devAside, fmt.Sprintf("set aside: %s in %s, a local development stack: %s", plural(n, "literal secret"), c.Path, devStacks[c.Path]))
		}
	}
	for _, d := range r.Dockerfiles {
		p, ev := dockerfileProblems(d)
		for i, x := range p {
			if strings.Contains(x, "environment variable") || strings.Contains(x, "build argument") {
				items, bad = append(items, x), append(bad, ev[i])
			}
		}
	}
	// A key file in a deployment folder may be a development convenience the
	// default deployment does not use: a reviewer decides (req-5 reports it).
	var keyItems []string
	var keyEv []report.Evidence
	for _, s := range keyFiles {
		keyItems = append(keyItems, describeSecret(s)+" is committed with the deployment files")
		keyEv = append(keyEv, report.At(s.Path, s.Line))
	}
	if len(items) > 0 {
		return Result{Outcome: report.Fail, Evidence: bad[:min(len(bad), 8)], Details: append(append(items, keyItems...), devAside...),
			Message:     "secrets are written into configuration: " + listUpTo(items, 2),
			Remediation: "Read secrets from the environment at run time (compose ${VAR} from an untracked .env, Kubernetes Secrets) or from a vault, with no literal fallback, and document them in .env.example without values."}
	}
	var ev []report.Evidence
	for _, c := range deployed {
		if len(c.Variables) > 0 {
			ev = append(ev, report.At(c.Path, c.Variables[0].Line))
		}
	}
	ev = append(ev, filesMatching(r, lazyregexp.New(`(?i)(^|/)\.env\.(example|sample|template)$`), 1)...)
	if len(keyItems) > 0 {
		return reviewWith("no secret is written into settings, but "+listUpTo(keyItems, 2)+"; a reviewer checks whether the deployment uses it or injects its own",
			append(keyEv, ev...), append(keyItems, devAside...)...)
	}
	if len(ev) > 0 {
		return passWith("configuration comes from the environment", ev, devAside...)
	}
	if len(devAside) > 0 {
		return reviewWith("the only secrets written into configuration are development defaults of local development stacks; no deployment of the product shows how its secrets are supplied: a reviewer needs the production configuration (environment, secret store or vault)",
			nil, devAside...)
	}
	return manual(in)
}

func truthy(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "yes", "true", "1", "on", "y":
		return true
	}
	return false
}

// security#req-5: no secrets in the repository. Secrets in examples and in
// CI jobs' throwaway databases are set aside and said so.
func noCommittedSecrets(in *Input) Result {
	r := in.Repo
	var counted, aside []evidence.Secret
	for _, s := range r.Secrets {
		if s.Aside == "" {
			counted = append(counted, s)
		} else {
			aside = append(aside, s)
		}
	}
	// Key material first: a private key outweighs a password in a setting.
	slices.SortStableFunc(counted, func(a, b evidence.Secret) int { return secretRank(a) - secretRank(b) })
	asideNotes := setAsideNotes(aside)
	if len(counted) > 0 {
		var ev []report.Evidence
		var items []string
		for _, s := range counted {
			ev = append(ev, report.At(s.Path, s.Line))
			items = append(items, describeSecret(s))
		}
		return Result{Outcome: report.Fail, Evidence: ev[:min(len(ev), 8)], Details: append(items[:min(len(items), 20)], asideNotes...),
			Message: fmt.Sprintf("%s committed: %s", plural(len(items), "secret"), listUpTo(items, 3)),
			Remediation: "Revoke and rotate each secret first (it is in the history even after removal), then remove it from the repository " +
				"and its history (git filter-repo), and read it from the environment or a vault. dpgcheck never prints the values."}
	}
	var review []report.Evidence
	var reviewItems []string
	for _, s := range aside {
		if s.Review {
			review = append(review, report.At(s.Path, s.Line))
			reviewItems = append(reviewItems, describeSecret(s))
		}
	}
	if len(review) > 0 {
		return reviewWith(fmt.Sprintf("no secret that is surely real in the product; a reviewer checks %s: %s",
			plural(len(review), "finding"), listUpTo(reviewItems, 2)), review, asideNotes...)
	}
	return passWith(fmt.Sprintf("no private key, token, keystore or credential found in the %s read", plural(r.Stats.FilesRead, "file")), nil,
		append([]string{"dpgcheck scans for well-known secret formats, key files and credential assignments, and sets aside placeholders, published sample keys, tests and examples; it does not read git history"}, asideNotes...)...)
}

// secretRank orders secrets by how surely they are real and sensitive.
func secretRank(s evidence.Secret) int {
	switch {
	case s.Line == 0 || s.Kind == "private key" || s.Kind == "OpenPGP secret key":
		return 0
	case s.Name == "" || s.Default:
		return 1
	}
	return 2 // a credential assignment
}

func describeSecret(s evidence.Secret) string {
	at := s.Path
	if s.Line > 0 {
		at = fmt.Sprintf("%s:%d", s.Path, s.Line)
	}
	switch {
	case s.Default:
		return fmt.Sprintf("%s for %s at %s", s.Kind, s.Name, at)
	case s.Name != "":
		return fmt.Sprintf("%s (%s) at %s", s.Kind, s.Name, at)
	}
	return fmt.Sprintf("%s at %s", s.Kind, at)
}

// setAsideNotes says, per file, which secrets were set aside and why.
func setAsideNotes(aside []evidence.Secret) []string {
	type group struct {
		path, why string
		n         int
	}
	var groups []group
	for _, s := range aside {
		i := slices.IndexFunc(groups, func(g group) bool { return g.path == s.Path && g.why == s.Aside })
		if i < 0 {
			groups = append(groups, group{path: s.Path, why: s.Aside})
			i = len(groups) - 1
		}
		groups[i].n++
	}
	var out []string
	for _, g := range groups[:min(len(groups), 10)] {
		out = append(out, fmt.Sprintf("set aside: %s in %s, %s", plural(g.n, "secret"), g.path, g.why))
	}
	if len(groups) > 10 {
		out = append(out, fmt.Sprintf("set aside: secrets in %d more files", len(groups)-10))
	}
	return out
}

// keyFile reports a secret that is a key file of its own (tls.key, a
// keystore), not a value written into settings.
func keyFile(s evidence.Secret) bool {
	switch strings.ToLower(path.Ext(s.Path)) {
	case ".pem", ".key", ".crt", ".p12", ".pfx", ".jks", ".keystore", ".jceks":
		return true
	}
	return s.Line == 0
}
