package evidence

import "testing"

func TestScopeOf(t *testing.T) {
	product := func(p string) bool { return p == "examples/reference-app" }
	cases := []struct{ path, where, why string }{
		{"src/main/java/App.java", "", ""},
		{"src/test/resources/petstore.yaml", "src/test", "tests"},
		{"module/src/test/resources/api.yaml", "module/src/test", "tests"},
		{"app/src/androidTest/java/T.java", "app/src/androidTest", "tests"},
		{"tests/fixtures/openapi.json", "tests", "tests"},
		{"packages/web/__tests__/a.js", "packages/web/__tests__", "tests"},
		{".devcontainer/docker-compose.yml", ".devcontainer", "development container"},
		{"test-infrastructure/Dockerfile", "test-infrastructure", "test infrastructure"},
		{"examples/simple/openapi.yaml", "examples", "examples"},
		{"examples/reference-app/Dockerfile", "", ""}, // declared product by the configuration
		{"docs/api/petstore.yaml", "docs/api/petstore.yaml", "example API description"},
		{"docker-compose.test.yml", "docker-compose.test.yml", "test or CI container setup"},
		{"deploy/Dockerfile.ci", "deploy/Dockerfile.ci", "test or CI container setup"},
		{"docker-compose.yml", "", ""},
		{"docker-compose.latest.yml", "", ""}, // "latest" is not "test"
		{"api/contest/openapi.yaml", "", ""},  // "contest" is not "test"
		{"mock/mockoon.json", "mock", "test mocks"},
		{"api-test/Biometric Devices/Face/Keys/mosipface.p12", "api-test", "tests"},
		{"ui-sample/alpacaJs/lang/stringData-en.json", "ui-sample", "examples"},
		{"Docker/xrd-dev-stack/compose.dev.yaml", "Docker/xrd-dev-stack", "development environment"},
		{"compose.dev.yaml", "compose.dev.yaml", "development container setup"},
		{"docker-compose.dev-deps.yml", "docker-compose.dev-deps.yml", "development container setup"},
		{"development/hurl/Dockerfile", "development/hurl/Dockerfile", "development container setup"},
		{"tools/dev/docker-compose.yml", "tools/dev/docker-compose.yml", "development container setup"},
		{"development/README.md", "", ""}, // only container files of a development folder
		{"src/main/resources/application-test.yml", "src/main/resources/application-test.yml", "test configuration"},
		{"src/main/resources/application-prod.yml", "", ""},
		{"src/3RD-PARTY-NOTICES.txt", "src/3RD-PARTY-NOTICES.txt", "third-party notices"},
		{"THIRD_PARTY_LICENSES.md", "THIRD_PARTY_LICENSES.md", "third-party notices"},
		{"latest/config.yml", "", ""},
		{"src/main/java/org/example/app/Export.java", "", ""},
		{"devices/driver.go", "", ""},
		{"ig/output/assets/js/anchor.min.js", "ig/output/assets/js/anchor.min.js", "minified or bundled code"},
	}
	for _, c := range cases {
		where, why := scopeOf(c.path, product)
		if where != c.where || why != c.why {
			t.Errorf("scopeOf(%q) = %q, %q; want %q, %q", c.path, where, why, c.where, c.why)
		}
	}
}
