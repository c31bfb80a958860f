package evidence

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// pemHeaderLine is a header inside a PEM block ("Proc-Type: 4,ENCRYPTED",
// "DEK-Info: ...", "Version: GnuPG v2" in PGP armour).
var pemHeaderLine = lazyregexp.New(`^[A-Za-z][A-Za-z-]*:`)

// pemHasBody reports whether a private key header is followed by a key: at
// least 40 base64 characters within the next lines, in a file or in a string
// with "\n" escapes. A header alone (a parser's constant, a test seed, a
// "..." in a document) is not a key.
func pemHasBody(_ string, text []byte, loc []int) bool {
	window := string(text[loc[1]:min(len(text), loc[1]+600)])
	window = lineBreaks.Replace(window)
	run := 0
	for _, line := range strings.Split(window, "\n") {
		line = strings.Trim(strings.TrimSpace(line), `"'+,`)
		line = strings.TrimSpace(line)
		if line == "" || pemHeaderLine.MatchString(line) {
			continue
		}
		for _, c := range line {
			if isBase64Char(c) {
				run++
				if run >= 40 {
					return true
				}
				continue
			}
			return false
		}
	}
	return false
}

func isBase64Char(c rune) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// sampleClaim are claim values of hand-made sample tokens (jwt.io's
// {"sub":"1234567890","name":"John Doe"}, {"name":"Test"}).
var sampleClaim = lazyregexp.New(`(?i)^(test|tester|testuser|test user|john doe|jane doe|1234567890|example|foo|bar|baz|sample)$|@example\.(com|org|net)$`)

// docFile reports prose documents, where a token is shown, not used.
func docFile(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".rst", ".adoc", ".asciidoc", ".txt", ".html", ".htm":
		return true
	}
	return false
}

// issuedJWT reports whether a JSON Web Token looks issued by a real service
// rather than written as a sample: its payload decodes, has no sample
// claims, and in a document names an issuer.
func issuedJWT(p string, text []byte, loc []int) bool {
	parts := bytes.SplitN(text[loc[0]:loc[1]], []byte("."), 3)
	if len(parts) < 3 {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(string(parts[1]), "="))
	if err != nil {
		return false
	}
	var claims map[string]any
	if json.Unmarshal(payload, &claims) != nil {
		return false
	}
	for _, v := range claims {
		if s, ok := v.(string); ok && sampleClaim.MatchString(strings.TrimSpace(s)) {
			return false
		}
	}
	_, iss := claims["iss"]
	_, exp := claims["exp"]
	if docFile(p) && !iss {
		return false
	}
	return iss || exp || len(claims) > 2
}

// awsSecretNear is an AWS secret access key: 40 base64 characters.
var awsSecretNear = lazyregexp.New(`(?:^|[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?:[^A-Za-z0-9/+=]|$)`)

// weakAlone says why a format match does not show a leaked secret by
// itself, or "": an AWS access key ID with no secret key within three
// lines is an identifier (it is in every presigned URL); a Google API key
// in a Firebase client configuration is published with the app.
func weakAlone(p, kind string, text []byte, loc []int) string {
	switch kind {
	case "AWS access key ID":
		from, to := loc[0], loc[1]
		for n := 0; n < 4 && from > 0; from-- {
			if text[from-1] == '\n' {
				n++
			}
		}
		for n := 0; n < 4 && to < len(text); to++ {
			if text[to] == '\n' {
				n++
			}
		}
		around := append(bytes.Clone(text[from:loc[0]]), text[loc[1]:to]...)
		for _, m := range awsSecretNear.FindAll(around, -1) {
			if looksGenerated(strings.Trim(string(m), " \t\n\"'=:,")) {
				return ""
			}
		}
		return "an AWS access key ID with no secret key next to it: an identifier, not a credential; a reviewer checks that its secret is not committed elsewhere"
	case "Google API key":
		switch strings.ToLower(path.Base(p)) {
		case "google-services.json", "googleservice-info.plist":
			return "a Firebase client configuration, published with the app; a reviewer checks that the key is restricted"
		}
	}
	return ""
}

// lineBreaks turns escaped and carriage-return line breaks into line feeds.
var lineBreaks = strings.NewReplacer(`\r\n`, "\n", `\n`, "\n", `\r`, "\n", "\r", "\n")
