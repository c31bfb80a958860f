package evidence

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Judging a value found next to a secret's name: a placeholder, a documented
// sample or a setting about the secret (its lifetime, its method) is not a
// secret. Values are judged here and never kept.

// placeholder values are not secrets.
var placeholder = lazyregexp.New(`(?i)^(changeme|change[_-]?me|example|examples|xxx+|\*+|<.*>|\$\{.*\}|\$[A-Z_]+|%\(.*\)s|\{\{.*\}\}|your[_-].*|dummy|test|testing|password|secret|null|none|nil|true|false|\.\.\.|todo|tbd|placeholder|redacted|default)$`)

// placeholderPart marks a value as written for the reader: elided ("6Lc...-jP"),
// a template ("<your-key>", "{{ .Values.x }}"), or a word that says so.
var placeholderPart = lazyregexp.New(`(?i)\.\.\.|…|<[^>]*>|\{\{|\$\{|xxxx|changeme|change[_-]me|example|placeholder|replace[_-]?(me|this|with)|your[_-]?(own[_-]?)?(key|secret|token|password|pass|api)|redacted|dummy|sample|fake`)

// sampleStart are values that say they are for tests or demos.
var sampleStart = lazyregexp.New(`(?i)^(test|demo|sample|example|dummy|fake)`)

// wellKnownSamples are published test credentials: AWS's documentation
// keys and Google reCAPTCHA's test keys, which always pass verification.
var wellKnownSamples = []string{
	"AKIAIOSFODNN7EXAMPLE",
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
	"6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
}

// IsPlaceholder reports whether a configured value is a placeholder, an
// interpolation or empty rather than a real secret.
func IsPlaceholder(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	return v == "" || strings.HasPrefix(v, "$") || placeholder.MatchString(v) || placeholderPart.MatchString(v)
}

// isSampleValue reports a value written as a sample: a placeholder, a
// published test key, a value that starts with "test" or "demo", a run of
// sequences ("abcdeABCDE123456") or a word and a counting suffix ("admin123").
func isSampleValue(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	if IsPlaceholder(v) || sampleStart.MatchString(v) {
		return true
	}
	for _, s := range wellKnownSamples {
		if strings.Contains(v, s) {
			return true
		}
	}
	return onlySequences(v) || trivialPassword(v)
}

// onlySequences reports a value made only of runs like "abcde", "ABCDE",
// "12345" or "aaaa": typed, not generated.
func onlySequences(v string) bool {
	if len(v) < 4 {
		return false
	}
	run := 1
	for i := 1; i <= len(v); i++ {
		if i < len(v) && (v[i] == v[i-1]+1 || v[i] == v[i-1]) && sameClass(v[i], v[i-1]) {
			run++
			continue
		}
		if run < 3 {
			return false
		}
		run = 1
	}
	return true
}

func sameClass(a, b byte) bool {
	class := func(c byte) int {
		switch {
		case c >= '0' && c <= '9':
			return 1
		case c >= 'a' && c <= 'z':
			return 2
		case c >= 'A' && c <= 'Z':
			return 3
		}
		return 0
	}
	return class(a) != 0 && class(a) == class(b)
}

// trivialPassword is a short word followed by counting digits ("admin123",
// "mosip123", "GitHub999"): a well-known default, not a generated secret.
var trivialWord = lazyregexp.New(`^([A-Za-z]{2,12}[@#!._-]?)([0-9]{2,6})[!@#.]?$`)

func trivialPassword(v string) bool {
	m := trivialWord.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	d := m[2]
	for i := 1; i < len(d); i++ {
		if d[i] != d[i-1] && d[i] != d[i-1]+1 {
			return false
		}
	}
	return true
}

// settingWords end the names of settings about a secret that are not the
// secret: where it is, how long it lives, how it is made.
var settingWords = map[string]bool{
	"file": true, "path": true, "dir": true, "url": true, "uri": true, "endpoint": true, "ttl": true, "expiry": true,
	"expires": true, "expiration": true, "lifetime": true, "timeout": true, "length": true, "seconds": true,
	"minutes": true, "hours": true, "days": true, "ms": true, "sec": true, "age": true, "header": true, "name": true,
	"type": true, "algorithm": true, "alg": true, "method": true, "enabled": true, "enable": true, "required": true,
	"policy": true, "format": true, "prefix": true, "location": true, "mode": true, "size": true, "bits": true,
	"version": true, "provider": true, "alias": true, "field": true, "param": true, "id": true, "label": true,
	"pattern": true, "regex": true, "strength": true, "hint": true, "reset": true, "validity": true, "count": true,
	"attempts": true, "retries": true, "store": true, "storage": true, "class": true, "encoder": true, "hash": true,
	"hashing": true, "rounds": true, "iterations": true, "manager": true, "source": true, "ref": true, "refresh": true,
	"generator": true, "strategy": true, "kind": true, "scheme": true, "mechanism": true, "flow": true,
}

// nameWords splits a setting name into lower-case words: on '_', '.', '-'
// and camelCase boundaries ("passwordResetTimeout" -> password reset timeout).
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// secretNameKind says what a setting's name says it holds: "password",
// "secret" (API keys, tokens, client secrets), "key" (encryption and signing
// key material, salts), or "" when the name is not a secret's, or names a
// setting about one (CONFIG_TOKEN_EXPIRY_SECONDS, did_method).
func secretNameKind(name string) string {
	words := nameWords(name)
	if len(words) == 0 || settingWords[words[len(words)-1]] {
		return ""
	}
	joined := strings.Join(words, "_")
	switch {
	case anyWord(words, "password", "passwd", "pass", "pwd", "passphrase") || strings.Contains(joined, "password"):
		return "password"
	case anyWord(words, "secret", "secrets") || strings.Contains(joined, "api_key") || strings.Contains(joined, "apikey") ||
		strings.Contains(joined, "access_key") || strings.Contains(joined, "auth_token") || strings.Contains(joined, "access_token") ||
		strings.Contains(joined, "private_key") || strings.Contains(joined, "client_secret") || strings.Contains(joined, "secret_key"):
		return "secret"
	case strings.Contains(joined, "encryption_key") || strings.Contains(joined, "signing_key") || strings.Contains(joined, "primary_key") ||
		strings.Contains(joined, "deterministic_key") || strings.Contains(joined, "master_key") || strings.Contains(joined, "hmac_key") ||
		strings.Contains(joined, "key_derivation_salt") || strings.Contains(joined, "secret_key_base") || words[len(words)-1] == "salt":
		return "key"
	}
	return ""
}

func anyWord(words []string, want ...string) bool {
	for _, w := range words {
		for _, x := range want {
			if w == x {
				return true
			}
		}
	}
	return false
}

// notSecretValue reports values that cannot be a secret whatever the name
// says: numbers, durations, booleans, paths, URLs without credentials,
// the name itself, or a short identifier such as a method name ("rcw").
func notSecretValue(name, v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	low := strings.ToLower(v)
	switch {
	case v == "":
		return true
	case low == "yes" || low == "no" || low == "on" || low == "off" || low == "true" || low == "false":
		return true
	case strings.EqualFold(nameSeparators.Replace(v), nameSeparators.Replace(name)):
		return true
	case strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "~/") || strings.HasPrefix(v, "classpath:") || strings.HasPrefix(v, "file:"):
		return true
	case strings.Contains(v, "://") && !strings.Contains(v, "@"):
		return true
	}
	if propertyName.MatchString(v) || namesASecret(v) {
		return true
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return true
	}
	if _, err := time.ParseDuration(v); err == nil {
		return true
	}
	if durationWords.MatchString(v) {
		return true
	}
	return false
}

// propertyName is a dotted setting name ("sormas2sormas.keystorePass"):
// the constant that names a secret, not the secret.
var propertyName = lazyregexp.New(`^[a-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)+$`)

// namesASecret reports a value that is itself a name of a secret
// ("s3_secret_key", "keystorePassword"), as in labels and lookups.
func namesASecret(v string) bool {
	return identifier.MatchString(v) && len(nameWords(v)) >= 2 && secretNameKind(v) != ""
}

// identifier is a snake_case, dotted or lowerCamel name (a kebab-case
// literal such as "registry-websub-secret" may be the secret itself).
var identifier = lazyregexp.New(`^[a-z][a-z0-9]*([_.][a-z0-9]+)+$|^[a-z]+([A-Z][a-z]+)+$|^[a-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)+$`)

var durationWords = lazyregexp.New(`(?i)^[0-9]+\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|years?)$`)

// looksGenerated reports a value that looks machine-generated: long, no
// spaces, several character classes and high entropy.
func looksGenerated(v string) bool {
	if len(v) < 16 || strings.ContainsAny(v, " \t") || isSampleValue(v) {
		return false
	}
	var lower, upper, digit, other bool
	for _, r := range v {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, c := range []bool{lower, upper, digit, other} {
		if c {
			classes++
		}
	}
	return classes >= 2 && digit && entropy(v) >= 3.2
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	var h float64
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// credentialValue reports whether value, set for a setting called name, is
// a secret written into the file.
func credentialValue(name, value string) bool {
	kind := secretNameKind(name)
	if kind == "" || notSecretValue(name, value) || isSampleValue(value) {
		return false
	}
	v := strings.Trim(strings.TrimSpace(value), `"'`)
	switch kind {
	case "password", "secret":
		return len(v) >= 8 && strings.ContainsAny(v, "0123456789") && !strings.ContainsAny(v, " \t")
	case "key":
		return looksGenerated(v)
	}
	return false
}

// LiteralSecret reports whether a variable set in deployment configuration
// (compose environment) holds a secret written as a literal: a password of
// any value that is not a placeholder, or a secret or key that looks like
// one. Settings about secrets (lifetimes, methods, paths) are not secrets.
func LiteralSecret(name, value string) bool {
	kind := secretNameKind(name)
	if kind == "" || IsPlaceholder(value) || notSecretValue(name, value) {
		return false
	}
	v := strings.Trim(strings.TrimSpace(value), `"'`)
	switch kind {
	case "password":
		return true
	case "secret":
		return len(v) >= 8
	}
	return looksGenerated(v)
}

// nameSeparators make a setting's name and a value that repeats it compare
// alike ("db-password" and "DB_PASSWORD").
var nameSeparators = strings.NewReplacer("-", "_", ".", "_")
