package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// secretPattern recognises one kind of secret. The needle is a literal the
// text must contain, a cheap test before the regular expression; real, if
// set, tells a real secret from a sample of the same format.
type secretPattern struct {
	kind   string
	needle string
	re     *textindex.Pattern // of fileWords: a file's scan rules most files out
	real   func(p string, text []byte, loc []int) bool
}

// secretPatterns follow the high-confidence rules of gitleaks and GitHub
// secret scanning: formats with a fixed prefix or structure, where a match is
// almost certainly a real credential once samples are set aside.
var secretPatterns = []secretPattern{
	{"private key", "PRIVATE KEY", fileWords.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`), pemHasBody},
	{"AWS access key ID", "AKIA", fileWords.MustCompile(`\bAKIA[0-9A-Z]{16}\b`), notSampleToken},
	{"AWS access key ID", "ASIA", fileWords.MustCompile(`\bASIA[0-9A-Z]{16}\b`), notSampleToken},
	{"GitHub token", "gh", fileWords.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,255}\b`), notSampleToken},
	{"GitHub token", "github_pat_", fileWords.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{80,}\b`), notSampleToken},
	{"GitLab token", "glpat-", fileWords.MustCompile(`\bglpat-[A-Za-z0-9_\-]{20,}\b`), notSampleToken},
	{"Slack token", "xox", fileWords.MustCompile(`\bxox[baprs]-[0-9A-Za-z-]{10,}\b`), notSampleToken},
	{"Slack webhook URL", "hooks.slack.com", fileWords.MustCompile(`https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[A-Za-z0-9]{20,}`), notSampleToken},
	{"Google API key", "AIza", fileWords.MustCompile(`\bAIza[0-9A-Za-z_\-]{35}\b`), notSampleToken},
	{"Stripe live key", "_live_", fileWords.MustCompile(`\b[sr]k_live_[0-9a-zA-Z]{24,}\b`), notSampleToken},
	{"SendGrid API key", "SG.", fileWords.MustCompile(`\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b`), notSampleToken},
	{"JSON Web Token", "eyJ", fileWords.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`), issuedJWT},
}

// githubTokenPrefix reports whether text holds one of the prefixes every
// GitHub token starts with: "gh" alone is in every other source file.
func githubTokenPrefix(text []byte) bool {
	for _, p := range []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"} {
		if bytes.Contains(text, []byte(p)) {
			return true
		}
	}
	return false
}

// notSampleToken sets aside tokens written as samples (AKIAIOSFODNN7EXAMPLE,
// xoxb-your-token, T00000000/B00000000/XXXXXXXX).
func notSampleToken(_ string, text []byte, loc []int) bool {
	m := string(text[loc[0]:loc[1]])
	return !placeholderPart.MatchString(m) && !strings.Contains(m, "EXAMPLE") && !strings.Contains(m, "0000000") &&
		!strings.Contains(strings.ToLower(m), "your") && !strings.Contains(strings.ToLower(m), "token")
}

// fileWords are the patterns a file read whole is searched with (secrets,
// routes that serve an API description): each file is scanned once for
// all of their literals (textindex), and a pattern runs only on files, and
// on the lines, holding one of its literals.
var fileWords = textindex.NewVocabulary()

// credentialAssignment finds settings in configuration files (KEY=value,
// key: value) whose names may be a secret's; credentialValue judges the
// name and the value.
var credentialAssignment = fileWords.MustCompile(`(?im)^[ \t]*(?:export[ \t]+|-[ \t]+)?["']?([A-Za-z0-9_.\-]*(?:pass|pwd|secret|key|token|salt)[A-Za-z0-9_.\-]*)["']?[ \t]*[:=][ \t]*["']?([^\s"'#,]+)`)

// envDefault finds a secret read from the environment with a literal
// fallback: os.environ.get("SECRET_KEY", "..."), ENV.fetch("X", "..."),
// process.env.X || "...", ${X:...} in Spring properties.
var envDefault = fileWords.MustCompile(`(?:` + envDefaultCall + `|` + envPlaceholder + `)`)

// The parts of envDefault: a call or an expression with a fallback, which
// may span lines, and a ${X:...} placeholder, which may not.
const (
	envDefaultCall = `\b(?:os\.environ\.get|os\.getenv|environ\.get|getenv|env\.str|env|config|ENV\.fetch|os\.environ\.setdefault)\(\s*["']([A-Za-z0-9_.]{1,100})["']\s*,\s*(?:default\s*=\s*)?[rbuf]?["']([^"'\n]{1,200})["']` +
		"|process\\.env\\.([A-Za-z0-9_]{1,100})\\s*(?:\\|\\||\\?\\?)\\s*[\"'`]([^\"'`\\n]{1,200})[\"'`]"
	envPlaceholder = `\$\{([A-Za-z0-9_.\-]{1,100}):([^}\s]{1,200})\}`
)

// envDefaultCalls and envPlaceholders are envDefault's parts as patterns: a
// text holding none of the calls' literals (most scripts hold "${" in
// template strings) is searched for placeholders on the lines holding one.
var (
	envDefaultCalls = fileWords.MustCompile(envDefaultCall)
	envPlaceholders = fileWords.MustCompile(envPlaceholder)
)

// secretConstant finds a secret written as a constant in code or settings
// (Django's SECRET_KEY = "...", const JWT_SECRET = "...").
var secretConstant = fileWords.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?(?:(?:const|let|var|final|static|private|public|protected|String)[ \t]+)*([A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY)[A-Z0-9_]*)[ \t]*[:=][ \t]*[rbuf]?["']([^"'\n]{16,200})["']`)

// isConfigFile reports the files where credential assignments are read.
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

// ciDefinition reports CI pipeline definitions.
func ciDefinition(p string) bool {
	base := strings.ToLower(path.Base(p))
	return strings.HasPrefix(p, ".github/workflows/") || strings.HasPrefix(p, ".circleci/") || base == ".gitlab-ci.yml" ||
		base == ".travis.yml" || base == "bitbucket-pipelines.yml" || azurePipeline(base) || base == "jenkinsfile"
}

// ciServices: a CI definition that starts service containers (databases
// for the test job).
var ciServices = lazyregexp.New(`(?m)^[ \t]*services:[ \t]*$`)

// asideCIService is why a credential in a CI definition with service
// containers does not count: it sets up the job's throwaway database.
const asideCIService = "a CI job's throwaway service container or test database, not the product's deployment"

// translationDirs hold UI strings, where "password" is a label.
var translationDirs = map[string]bool{"i18n": true, "l10n": true, "locale": true, "locales": true, "translations": true,
	"translation": true, "lang": true, "langs": true, "languages": true}

// translationFile reports a file of translated UI strings.
func translationFile(p string) bool {
	for _, e := range strings.Split(strings.ToLower(path.Dir(p)), "/") {
		if translationDirs[e] {
			return true
		}
	}
	return false
}

// testSourceFile reports files that are tests by name (app.test.ts,
// test.utils.ts, FooTest.java): their tokens and keys are fixtures.
func testSourceFile(p string) bool {
	return isTestName(p) || hasAnyWord(strings.ToLower(path.Base(p)), "test", "tests", "spec", "mock", "mocks", "fixture", "fixtures", "stub", "stubs")
}

// scanSecrets finds secrets in a text; it records the kind, the line and
// the setting's name, never the value.
func scanSecrets(p string, text []byte) []Secret {
	if testSourceFile(p) {
		return nil
	}
	return scanSecretsFound(p, text, fileWords.Scan(text))
}

// scanSecretsFound is scanSecrets of a text already scanned for fileWords.
func scanSecretsFound(p string, text []byte, found textindex.Found) []Secret {
	if testSourceFile(p) {
		return nil
	}
	var out []Secret
	lineOf := func(off int) int { return bytes.Count(text[:off], []byte{'\n'}) + 1 }
	for _, sp := range secretPatterns {
		if !found.MayMatch(sp.re) || !bytes.Contains(text, []byte(sp.needle)) || sp.needle == "gh" && !githubTokenPrefix(text) {
			continue
		}
		for _, loc := range sp.re.Regexp().FindAllIndex(text, 20) {
			if sp.real == nil || sp.real(p, text, loc) {
				s := Secret{Path: p, Line: lineOf(loc[0]), Kind: sp.kind}
				s.Aside = weakAlone(p, sp.kind, text, loc)
				s.Review = s.Aside != ""
				out = append(out, s)
			}
		}
	}
	config := isConfigFile(p)
	if config && !translationFile(p) && found.MayMatch(credentialAssignment) {
		ci := ciDefinition(p) && ciServices.Match(text)
		for _, m := range found.FindAllInLines(credentialAssignment, text, 2000) {
			name, value := string(text[m[2]:m[3]]), string(text[m[4]:m[5]])
			s := Secret{Path: p, Line: lineOf(m[0]), Kind: credentialKind(name), Name: shortName(name)}
			switch {
			case ci && LiteralSecret(name, value):
				s.Aside = asideCIService
			case !credentialValue(name, value):
				continue
			}
			out = append(out, s)
		}
	}
	out = append(out, hardCodedDefaults(p, text, config, lineOf, found)...)
	setAsideDevDefaults(p, text, out)
	if deploymentConfig(p) {
		for i := range out {
			out[i].Config = true
		}
	}
	if len(out) > 50 {
		out = out[:50]
	}
	return out
}

// deploymentConfig reports configuration and key files the product is
// deployed with: not CI definitions, documents or code.
func deploymentConfig(p string) bool {
	if ciDefinition(p) || strings.HasPrefix(p, ".github/") {
		return false
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".pem", ".key", ".crt", ".p12", ".pfx", ".jks", ".keystore":
		return true
	}
	return isConfigFile(p)
}

// hardCodedDefaults finds secrets written into code or settings as the
// fallback of an environment variable or as a constant.
// envDefaultMatches is envDefault's FindAllSubmatchIndex(text, 500), with
// each name and value in a pair of groups. Without a call, only
// placeholders can match, and envDefault finds what envPlaceholders finds,
// on the lines holding "${".
func envDefaultMatches(text []byte, found textindex.Found) [][]int {
	if found.MayMatch(envDefaultCalls) {
		return envDefaultsIn(text, 500)
	}
	return found.FindAllInLines(envPlaceholders, text, 500)
}

func hardCodedDefaults(p string, text []byte, config bool, lineOf func(int) int, found textindex.Found) []Secret {
	var out []Secret
	// envDefault can match only texts holding one of its literals.
	if found.MayMatch(envDefault) {
		for _, m := range envDefaultMatches(text, found) {
			for g := 2; g+1 < len(m); g += 4 {
				if m[g] < 0 {
					continue
				}
				name, value := string(text[m[g]:m[g+1]]), string(text[m[g+2]:m[g+3]])
				if defaultSecret(name, value) {
					out = append(out, Secret{Path: p, Line: lineOf(m[g+2]), Kind: "hard-coded default", Name: shortName(name), Default: true})
				}
			}
		}
	}
	if !config && found.MayMatch(secretConstant) {
		for _, m := range found.FindAllInLines(secretConstant, text, 200) {
			name, value := string(text[m[2]:m[3]]), string(text[m[4]:m[5]])
			if secretNameKind(name) != "" && !notSecretValue(name, value) && looksGenerated(value) {
				out = append(out, Secret{Path: p, Line: lineOf(m[4]), Kind: "hard-coded secret", Name: shortName(name), Default: true})
			}
		}
	}
	return out
}

// defaultSecret reports a fallback value that is a real secret: generated
// key material, or a password that is not a sample or a trivial default.
func defaultSecret(name, value string) bool {
	kind := secretNameKind(name)
	if kind == "" || notSecretValue(name, value) || isSampleValue(value) {
		return false
	}
	return looksGenerated(value) || kind == "password" && credentialValue(name, value)
}

func credentialKind(name string) string {
	switch secretNameKind(name) {
	case "password":
		return "password"
	case "key":
		return "encryption key"
	}
	return "secret"
}

// shortName keeps a setting's name for the report, capped.
func shortName(name string) string {
	if len(name) > 60 {
		return name[:60]
	}
	return name
}
