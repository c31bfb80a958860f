package evidence

import (
	"slices"
	"testing"
)

// asideLines scans a settings file and returns the lines of the secrets it
// counts and of those set aside as development defaults.
func asideLines(t *testing.T, p, text string) (counted, aside []int) {
	t.Helper()
	for _, s := range scanSecrets(p, []byte(text)) {
		switch s.Aside {
		case "":
			counted = append(counted, s.Line)
		case asideDevDefault:
			aside = append(aside, s.Line)
		default:
			t.Fatalf("line %d set aside for another reason: %s", s.Line, s.Aside)
		}
	}
	slices.Sort(counted)
	slices.Sort(aside)
	return counted, aside
}

func TestSetAsideDevDefaults(t *testing.T) {
	t.Parallel()
	const key = "7Hqb3LpV9xZ2mKc8RtW4nY6sJd1Fg5Ae"
	for _, tt := range []struct {
		name, path, text string
		counted, aside   []int
	}{
		{name: "production overrides from ENV and credentials", path: "config/app_settings.yml", text: `default: &default
  secret_key: <%= ENV.fetch("SECRET_KEY", "` + key + `") %>
  encryption:
    primary_key: ` + key + `
production: &production
  <<: *default
  secret_key: "<%= ENV.fetch("SECRET_KEY") { Rails.application.credentials.secret_key } %>"
  encryption:
    primary_key: "<%= ENV.fetch("PRIMARY_KEY") %>"
staging:
  <<: *production
development:
  <<: *default
`, aside: []int{2, 4}},
		{name: "production merges the nested keys unchanged", path: "config/app_settings.yml", text: `default: &default
  encryption:
    primary_key: ` + key + `
production:
  <<: *default
  secret_key: "<%= ENV.fetch("SECRET_KEY") %>"
`, counted: []int{3}},
		{name: "staging inherits what production overrides", path: "config/settings.yaml", text: `default: &default
  api_secret: ` + key + `
production:
  api_secret: "<%= ENV['API_SECRET'] %>"
staging:
  <<: *default
`, counted: []int{2}},
		{name: "development only, production writes its own literal", path: "config/secrets.yml", text: `development:
  secret_key_base: ` + key + `
production:
  secret_key_base: Zx9Kq2Lm4Np6Rs8Tv0Wy1Ab3Cd5Ef7Gh
`, counted: []int{4}, aside: []int{2}},
		{name: "no production block", path: "config/app.yml", text: `development:
  secret_key_base: ` + key + `
test:
  secret_key_base: ` + key + `
`, counted: []int{2, 4}},
		{name: "not YAML once the ERB is read", path: "config/app.yml", text: `development:
  secret_key_base: ` + key + `
<% if true %>
production:
  - [unbalanced
`, counted: []int{2}},
		{name: "a properties file with an environment-like name", path: "config/production.properties", text: "production:\napi.secret=" + key + "\n",
			counted: []int{2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			counted, aside := asideLines(t, tt.path, tt.text)
			if !slices.Equal(counted, tt.counted) || !slices.Equal(aside, tt.aside) {
				t.Errorf("counted %v, aside %v; want counted %v, aside %v", counted, aside, tt.counted, tt.aside)
			}
		})
	}
}

// FuzzSetAsideDevDefaults: any settings text, however broken or deeply
// merged, is read without a panic and sets aside only secrets it found.
func FuzzSetAsideDevDefaults(f *testing.F) {
	f.Add([]byte("default: &d\n  secret_key: 7Hqb3LpV9xZ2mKc8RtW4nY6sJd1Fg5Ae\nproduction:\n  <<: *d\n  secret_key: \"<%= ENV['X'] %>\"\n"))
	f.Add([]byte("a: &a\n  <<: *a\nproduction:\n  <<: [*a, *a]\ndevelopment:\n  password: Zx9Kq2Lm4Np6Rs8T\n"))
	f.Add([]byte("production: &p\n  x: &x\n    <<: *p\ndev:\n  <<: *p\n  token: <%\n%>abc\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		secrets := []Secret{{Path: "config/app.yml", Line: 2}, {Path: "config/app.yml", Line: 3, Aside: "kept"}}
		setAsideDevDefaults("config/app.yml", data, secrets)
		if secrets[1].Aside != "kept" {
			t.Fatalf("a secret already set aside was changed: %q", secrets[1].Aside)
		}
		_ = scanSecrets("config/app.yml", data)
	})
}
