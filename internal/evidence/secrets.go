package evidence

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// secretPattern recognises one kind of secret. The needle is a literal the
// text must contain, a cheap test before the regular expression.
type secretPattern struct {
	kind   string
	needle string
	re     *regexp.Regexp
}

// secretPatterns follow the high-confidence rules of gitleaks and GitHub
// secret scanning: formats with a fixed prefix or structure, where a match is
// almost certainly a real credential.
var secretPatterns = []secretPattern{
	{"private key", "PRIVATE KEY", regexp.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`)},
	{"AWS access key", "AKIA", regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`)},
	{"AWS access key", "ASIA", regexp.MustCompile(`\bASIA[0-9A-Z]{16}\b`)},
	{"GitHub token", "gh", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,255}\b`)},
	{"GitHub token", "github_pat_", regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{80,}\b`)},
	{"GitLab token", "glpat-", regexp.MustCompile(`\bglpat-[A-Za-z0-9_\-]{20,}\b`)},
	{"Slack token", "xox", regexp.MustCompile(`\bxox[baprs]-[0-9A-Za-z-]{10,}\b`)},
	{"Google API key", "AIza", regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{35}\b`)},
	{"Stripe live key", "_live_", regexp.MustCompile(`\b[sr]k_live_[0-9a-zA-Z]{24,}\b`)},
	{"SendGrid API key", "SG.", regexp.MustCompile(`\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b`)},
	{"JSON Web Token", "eyJ", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
}

// credentialAssignment finds secrets assigned in configuration files
// (KEY=value, key: value) whose names say they are credentials.
var credentialAssignment = regexp.MustCompile(`(?im)^[ \t]*(?:export[ \t]+|-[ \t]+)?["']?([A-Za-z0-9_.\-]*(?:password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|access[_-]?token|private[_-]?key|client[_-]?secret)[A-Za-z0-9_.\-]*)["']?[ \t]*[:=][ \t]*["']?([^\s"'#]+)`)

// placeholder values are not secrets.
var placeholder = regexp.MustCompile(`(?i)^(changeme|change[_-]?me|example|examples|xxx+|\*+|<.*>|\$\{.*\}|\$[A-Z_]+|%\(.*\)s|\{\{.*\}\}|your[_-].*|dummy|test|testing|password|secret|null|none|true|false|\.\.\.|todo|tbd|placeholder|redacted|default)$`)

// IsPlaceholder reports whether a configured value is a placeholder, an
// interpolation or empty rather than a real secret.
func IsPlaceholder(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	return v == "" || strings.HasPrefix(v, "$") || placeholder.MatchString(v)
}

// configExt are the files where credential assignments are read.
func isConfigFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	if isEnvFile(base) {
		return true
	}
	switch path.Ext(base) {
	case ".properties", ".ini", ".conf", ".cfg", ".env", ".toml", ".yml", ".yaml", ".json", ".tfvars":
		return true
	}
	return false
}

// isEnvFile reports whether a base name is a dotenv file with real values
// (.env, .env.production), not a template (.env.example, .env.sample).
func isEnvFile(base string) bool {
	if base != ".env" && !strings.HasPrefix(base, ".env.") {
		return false
	}
	for _, t := range []string{"example", "sample", "template", "dist", "defaults", "schema", "test"} {
		if strings.Contains(base, t) {
			return false
		}
	}
	return true
}

// keyFileNames are files that are secrets by name (binary keystores included).
func secretFileKind(p string) string {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(base, ".p12"), strings.HasSuffix(base, ".pfx"):
		return "PKCS#12 keystore"
	case strings.HasSuffix(base, ".jks"), strings.HasSuffix(base, ".keystore"):
		return "Java keystore"
	case base == "id_rsa" || base == "id_dsa" || base == "id_ecdsa" || base == "id_ed25519":
		return "SSH private key"
	}
	return ""
}

// scanSecrets finds secrets in a text, line by line; it records the kind and
// the line, never the value.
func scanSecrets(p string, text []byte) []Secret {
	var out []Secret
	for _, sp := range secretPatterns {
		if !bytes.Contains(text, []byte(sp.needle)) {
			continue
		}
		for _, loc := range sp.re.FindAllIndex(text, 20) {
			out = append(out, Secret{Path: p, Line: bytes.Count(text[:loc[0]], []byte{'\n'}) + 1, Kind: sp.kind})
		}
	}
	if isConfigFile(p) {
		for _, m := range credentialAssignment.FindAllSubmatchIndex(text, 50) {
			value := string(text[m[4]:m[5]])
			if len(value) < 8 || IsPlaceholder(value) || !strings.ContainsAny(value, "0123456789") {
				continue
			}
			out = append(out, Secret{Path: p, Line: bytes.Count(text[:m[0]], []byte{'\n'}) + 1, Kind: "credential in " + path.Base(p)})
		}
	}
	if len(out) > 50 {
		out = out[:50]
	}
	return out
}
