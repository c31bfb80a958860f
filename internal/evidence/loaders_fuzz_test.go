package evidence

import (
	"strings"
	"testing"
)

// FuzzParseCompose: any compose file parses without panicking, every line
// it reports is inside the file, and no value is kept for a variable that
// only names an interpolation.
func FuzzParseCompose(f *testing.F) {
	f.Add([]byte("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PW}\n    privileged: true\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n"))
	f.Add([]byte("services:\n  a: &x\n    image: a\n    depends_on: {b: {condition: service_healthy}}\n  b: *x\nvolumes:\n  v: {external: true}\n"))
	f.Add([]byte("services:\n  a:\n    environment: [A=1, B, C=${D}]\n    deploy: {resources: {limits: {cpus: '1'}}}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := parseCompose(data)
		if err != nil || cf == nil {
			return
		}
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", ""), "\r") + 1
		for _, s := range cf.Services {
			check := func(what string, line int) {
				if line < 0 || line > lines {
					t.Fatalf("%s line %d outside a %d-line file", what, line, lines)
				}
			}
			check("service", s.Line)
			for _, e := range s.Environment {
				check("environment", e.Line)
				if e.Set && strings.Contains(e.Value, "${") {
					t.Fatalf("%s=%q counted as a literal value", e.Name, e.Value)
				}
			}
			for _, e := range s.Escapes {
				check("escape", e.Line)
			}
		}
	})
}

// FuzzParseStages: any Dockerfile text yields stages whose instructions
// are in order and inside the file.
func FuzzParseStages(f *testing.F) {
	f.Add("FROM golang:1.26 AS build\nARG TOKEN\nRUN go build \\\n  -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT [\"/app\"]\n")
	f.Add("# syntax=docker/dockerfile:1\nFROM a\nRUN <<EOF\necho hi\nEOF\n")
	f.Add("from a as b\nenv A=1 B=2\n\\\n")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		prev := 0
		for _, st := range parseStages(text) {
			if st.Line < prev || st.Line > lines {
				t.Fatalf("stage at line %d after %d in a %d-line file", st.Line, prev, lines)
			}
			for _, ins := range st.Instructions {
				if ins.Line < st.Line || ins.Line > lines {
					t.Fatalf("instruction %s at line %d, stage at %d, %d lines", ins.Cmd, ins.Line, st.Line, lines)
				}
				if ins.Cmd != strings.ToUpper(ins.Cmd) {
					t.Fatalf("instruction %q not upper case", ins.Cmd)
				}
			}
			prev = st.Line
		}
	})
}

// FuzzGovStack: the scanner never panics, reports lines inside the
// text, and never keeps the secret itself.
func FuzzGovStack(f *testing.F) {
	f.Add("config/.env", []byte("DB_PASSWORD=s3cr3tPassw0rd99\n"))
	f.Add("a.yaml", []byte("aws: AKIAIOSFODNN7EXAMPLE\nkey: |\n  -----BEGIN RSA PRIVATE KEY-----\n"))
	f.Add("a.json", []byte(`{"client_secret": "abc123def456ghi"}`))
	f.Fuzz(func(t *testing.T, p string, text []byte) {
		lines := strings.Count(string(text), "\n") + 1
		for _, s := range scanSecrets(p, text) {
			if s.Line < 0 || s.Line > lines {
				t.Fatalf("secret at line %d of %d", s.Line, lines)
			}
			if s.Kind == "" || len(s.Kind) > 40 {
				t.Fatalf("kind %q", s.Kind)
			}
		}
	})
}

// FuzzKeyFiles: the keystore and OpenPGP readers never panic or loop on
// any bytes.
func FuzzKeyFiles(f *testing.F) {
	f.Add([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 'a'})
	f.Add([]byte{0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Add([]byte{0x95, 0x03, 0xc6})
	f.Add([]byte{0x30, 0x82})
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = keystoreKind(data)
		_ = pgpSecretKey(data)
	})
}

// FuzzDependencyBot: a Dependabot or Renovate file never panics the reader,
// and every ecosystem it reports has a line in the file.
func FuzzDependencyBot(f *testing.F) {
	f.Add(".github/dependabot.yml", []byte("version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n"))
	f.Add("renovate.json", []byte(`{"extends": ["config:recommended"]}`))
	f.Add(".github/dependabot.yml", []byte("updates: [{package-ecosystem: [1]}, 3, {directory: {}}]"))
	f.Fuzz(func(t *testing.T, p string, data []byte) {
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", ""), "\r") + 1
		for _, u := range parseDependencyBot(p, data) {
			if u.Line < 1 || u.Line > lines {
				t.Fatalf("ecosystem %q at line %d of %d", u.Ecosystem, u.Line, lines)
			}
		}
	})
}
