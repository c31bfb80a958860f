package evidence

import "testing"

func TestCredentialValue(t *testing.T) {
	cases := []struct {
		name, value string
		want        bool
	}{
		{"DB_PASSWORD", "s3cr3tPassw0rd99", true},
		{"DB_PASS", "Zq7!mR2vKx9w", true},
		{"client_secret", "YzuG7sK2pQ9wLm4x", true},
		{"primary_key", "7Hqb3LpV9xZ2mKc8RtW4nY6sJd1Fg5Ae", true},
		{"primary_key", "id", false},
		{"CONFIG_TOKEN_EXPIRY_SECONDS", "604800", false},
		{"signature_v2_credential_did_method", "rcw", false},
		{"access_token_ttl", "15m", false},
		{"password_min_length", "12", false},
		{"ckan.recaptcha.privatekey", "6Lc...-jP", false},
		{"api_key", "<your-api-key-123>", false},
		{"api_key", "xxxx-xxxx-1234", false},
		{"client_secret", "changeme123", false},
		{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", false},
		{"recaptcha_secret_key", "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe", false},
		{"MOSIP_PACKET_AUTH_CLIENT_SECRET", "abcdeABCDE123456", false},
		{"SIGN_P12_FILE_PASSWORD", "mosip123", false},
		{"account-keystore-password", "testPassword1234", false},
		{"s3_access_key", "s3_access_key", false},
		{"KEYSTORE_PASSWORD", "registry2registry.keystorePass", false},
		{"password", "${DB_PASSWORD}", false},
		{"DB_PASSWORD_FILE", "/run/secrets/db_password1", false},
	}
	for _, c := range cases {
		if got := credentialValue(c.name, c.value); got != c.want {
			t.Errorf("credentialValue(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

func TestLiteralSecret(t *testing.T) {
	cases := []struct {
		name, value string
		want        bool
	}{
		{"POSTGRES_PASSWORD", "postgres", true},
		{"POSTGRES_PASSWORD", "${POSTGRES_PASSWORD}", false},
		{"CONFIG_TOKEN_EXPIRY_SECONDS", "604800", false},
		{"signature_v2_credential_did_method", "rcw", false},
		{"JWT_SECRET", "secret", false},
		{"JWT_SECRET", "a-long-literal-secret", true},
		{"JWT_SECRET", "app.jwtSecret", false},
		{"ALLOW_EMPTY_PASSWORD", "yes", false},
	}
	for _, c := range cases {
		if got := LiteralSecret(c.name, c.value); got != c.want {
			t.Errorf("LiteralSecret(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

func TestScanSecretsFormats(t *testing.T) {
	cases := []struct {
		path, text string
		want       int
	}{
		{"a.md", "see https://hooks.slack.com/services/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", 1},
		{"a.md", "see https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", 0},
		{"a.md", "token eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiVGVzdCJ9.negHPJEwkKcNcgVC6dNtzPZk_48Kig6IzxnabL9jKsw", 0},
		{"a.go", `const h = "-----BEGIN RSA PRIVATE KEY-----"`, 0},
		{"a.json", `{"k": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAz9nQcM4rE6tW8zA1oP3sL7vB0yN5kJ2hX6iU9fR4e\n-----END RSA PRIVATE KEY-----"}`, 1},
		{"app.test.ts", `const t = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAz9nQcM4rE6tW8zA1oP3sL7vB0yN5kJ2hX6iU9fR4e"`, 0},
		{"settings.py", "SECRET_KEY = os.environ.get(\n    \"SECRET_KEY\", \"q8v^^2k_x3-91!pzt&we#+m*b=%k(yc#4s7$!d2r6%9$wl=xy\"\n)", 1},
		{"settings.py", `RATELIMIT_KEY = os.getenv("RATELIMIT_KEY", "ip")`, 0},
		{"i18n/es.json", `{"password": "Contraseña1234"}`, 0},
	}
	for _, c := range cases {
		if got := scanSecrets(c.path, []byte(c.text)); len(got) != c.want {
			t.Errorf("scanSecrets(%q, %q) = %v, want %d", c.path, c.text, got, c.want)
		}
	}
}
