package evidence

import (
	"slices"
	"testing"
)

func FuzzEnvDefaultsAgreeWithRegexp(f *testing.F) {
	for _, s := range []string{
		`SECRET = os.environ.get("SECRET_KEY", "django-insecure-abc") ; x = getenv('A', 'b')`,
		"password = System.getenv(\"DB_PASS\")\nkey = config(\n  'APP_KEY',\n  default='base64:xyz')",
		"const s = process.env.JWT_SECRET || 'changeme'; url: ${DB_URL:jdbc:postgresql://db/x}",
		"mygetenv(\"A\", \"b\") env(\"A\",\"b\")env(\"C\", 'd') ENV.fetch(\"K\", \"v\") os.environ.setdefault('X', 'y')",
		"${A:${B:c}} env.str(\"S\", default=\"t\") ${ ${X:}",
	} {
		f.Add([]byte(s), 500)
	}
	f.Add([]byte(`env("a","b") env("c","d") env("e","f")`), 2)
	f.Fuzz(func(t *testing.T, text []byte, max int) {
		if max < 1 || max > 1000 {
			return
		}
		got, want := envDefaultsIn(text, max), envDefault.Regexp().FindAllSubmatchIndex(text, max)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q (max %d):\n got %v\nwant %v", text, max, got, want)
		}
	})
}
