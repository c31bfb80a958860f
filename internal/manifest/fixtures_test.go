package manifest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixtureTests lists the expected parse of every file under testdata/ (except
// the fuzz corpus). The fixtures are modelled on real projects and include
// the constructs each parser must ignore.
var fixtureTests = []struct {
	path string
	want *File
}{
	{path: "testdata/cargo/Cargo.lock", want: &File{Path: "testdata/cargo/Cargo.lock", Ecosystem: Cargo, Kind: Lockfile,
		Deps: []Dep{
			{Name: "log", Version: "0.4.20", Line: 14},
			{Name: "serde", Version: "1.0.193", Line: 20},
			{Name: "serde", Version: "0.9.15", Line: 29, Indirect: true},
			{Name: "serde_derive", Version: "1.0.193", Line: 34, Indirect: true},
		},
	}},
	{path: "testdata/cargo/Cargo.toml", want: &File{Path: "testdata/cargo/Cargo.toml", Ecosystem: Cargo, Kind: Manifest, Name: "acme-tiles",
		Deps: []Dep{
			{Name: "serde", Version: "1.0.193", Line: 11},
			{Name: "tokio", Version: "1", Line: 12},
			{Name: "image", Version: "0.24.7", Line: 13},
			{Name: "geo-types", Line: 14},
			{Name: "openssl", Version: "0.10", Line: 15, Dev: true},
			{Name: "log", Line: 16},
			{Name: "actix-web", Version: "4.4.0", Line: 17},
			{Name: "reqwest", Version: "0.11.22", Line: 19},
			{Name: "criterion", Version: "0.5", Line: 24, Dev: true},
			{Name: "cc", Version: "1.0.83", Line: 27},
			{Name: "winapi", Version: "0.3.9", Line: 30},
			{Name: "nix", Version: "0.27", Line: 33, Dev: true},
			{Name: "log", Version: "0.4.20", Line: 36},
		},
		Licenses: []Declared{{Value: "MIT OR Apache-2.0", Line: 6}, {Value: "file:LICENSE-COMMERCIAL", Line: 7}},
		Authors:  []string{"Jane Doe", "ACME Foundation"},
	}},
	{path: "testdata/composer/composer.json", want: &File{Path: "testdata/composer/composer.json", Ecosystem: Composer, Kind: Manifest, Name: "acme/registry-php",
		Deps: []Dep{
			{Name: "guzzlehttp/guzzle", Version: "^7.8", Line: 19},
			{Name: "symfony/console", Version: "^6.4 || ^7.0", Line: 20},
			{Name: "phpunit/phpunit", Version: "^10.5", Line: 23, Dev: true},
		},
		Licenses: []Declared{{Value: "MIT", Line: 5}, {Value: "GPL-2.0-or-later", Line: 5}},
		Authors:  []string{"Jane Doe", "ACME Foundation"},
	}},
	{path: "testdata/composer/composer.lock", want: &File{Path: "testdata/composer/composer.lock", Ecosystem: Composer, Kind: Lockfile,
		Deps: []Dep{
			{Name: "guzzlehttp/guzzle", Version: "7.8.1", Line: 9, License: "MIT"},
			{Name: "psr/http-client", Version: "1.0.3", Line: 21},
			{Name: "phpunit/phpunit", Version: "10.5.3", Line: 27, Dev: true},
		},
	}},
	{path: "testdata/cran/DESCRIPTION", want: &File{Path: "testdata/cran/DESCRIPTION", Ecosystem: CRAN, Kind: Manifest, Name: "acmegeo",
		Deps: []Dep{
			{Name: "sf", Version: ">= 1.0-14", Line: 17},
			{Name: "dplyr", Version: ">= 1.1.0", Line: 19},
			{Name: "httr2", Line: 20},
			{Name: "rlang", Line: 21},
			{Name: "Rcpp", Line: 22},
			{Name: "testthat", Version: ">= 3.0.0", Line: 24, Dev: true},
			{Name: "knitr", Line: 25, Dev: true},
		},
		Licenses: []Declared{{Value: "MIT + file LICENSE", Line: 13}},
		Authors:  []string{"Jane Doe", "ACME Foundation"},
	}},
	{path: "testdata/cran/renv.lock", want: &File{Path: "testdata/cran/renv.lock", Ecosystem: CRAN, Kind: Lockfile,
		Deps: []Dep{
			{Name: "cli", Version: "3.6.1", Line: 12},
			{Name: "dplyr", Version: "1.1.4", Line: 19},
		},
	}},
	{path: "testdata/go/go.mod", want: &File{Path: "testdata/go/go.mod", Ecosystem: Go, Kind: Manifest, Name: "github.com/acme/registry",
		Deps: []Dep{
			{Name: "github.com/google/uuid", Version: "v1.5.0", Line: 7},
			{Name: "github.com/jackc/pgx/v5", Version: "v5.5.1", Line: 10},
			{Name: "golang.org/x/sync", Version: "v0.5.0", Line: 11, Indirect: true},
			{Name: "gopkg.in/yaml.v3", Version: "v3.0.1", Line: 12},
			{Name: "github.com/jackc/puddle/v2", Version: "v2.2.1", Line: 13, Indirect: true},
		},
	}},
	{path: "testdata/go/go.sum", want: &File{Path: "testdata/go/go.sum", Ecosystem: Go, Kind: Lockfile,
		Deps: []Dep{
			{Name: "github.com/google/uuid", Version: "v1.5.0", Line: 1},
			{Name: "github.com/jackc/pgx/v5", Version: "v5.5.1", Line: 3},
			{Name: "golang.org/x/sync", Version: "v0.5.0", Line: 6},
		},
	}},
	{path: "testdata/gradle/build.gradle.kts", want: &File{Path: "testdata/gradle/build.gradle.kts", Ecosystem: Maven, Kind: Manifest,
		Deps: []Dep{
			{Name: "org.jetbrains.kotlinx:kotlinx-coroutines-bom", Version: "1.7.3", Line: 14},
			{Name: "io.ktor:ktor-server-core", Version: "2.3.6", Line: 15},
			{Name: "org.jetbrains.kotlinx:kotlinx-coroutines-core", Line: 16},
			{Name: "com.squareup.okhttp3:okhttp", Version: "4.12.0", Line: 17},
			{Name: "org.postgresql:postgresql", Version: "42.7.0", Line: 19},
			{Name: "org.projectlombok:lombok", Version: "1.18.30", Line: 20},
			{Name: "org.jetbrains.kotlin:kotlin-test", Line: 23, Dev: true},
			{Name: "io.mockk:mockk", Version: "1.13.8", Line: 24, Dev: true},
		},
	}},
	{path: "testdata/gradle/gradle.lockfile", want: &File{Path: "testdata/gradle/gradle.lockfile", Ecosystem: Maven, Kind: Lockfile,
		Deps: []Dep{
			{Name: "com.squareup.okhttp3:okhttp", Version: "4.12.0", Line: 4},
			{Name: "com.squareup.okio:okio", Version: "3.6.0", Line: 5},
			{Name: "io.mockk:mockk", Version: "1.13.8", Line: 6, Dev: true},
			{Name: "org.postgresql:postgresql", Version: "42.7.0", Line: 7},
		},
	}},
	{path: "testdata/gradle-groovy/build.gradle", want: &File{Path: "testdata/gradle-groovy/build.gradle", Ecosystem: Maven, Kind: Manifest,
		Deps: []Dep{
			{Name: "com.google.guava:guava", Version: "32.1.3-jre", Line: 6},
			{Name: "org.apache.commons:commons-lang3", Version: "3.14.0", Line: 7},
			{Name: "org.projectlombok:lombok", Version: "1.18.30", Line: 8},
			{Name: "org.junit.jupiter:junit-jupiter", Version: "5.10.1", Line: 11, Dev: true},
			{Name: "org.assertj:assertj-core", Version: "3.24.2", Line: 11, Dev: true},
			{Name: "androidx.test:runner", Version: "1.5.2", Line: 12, Dev: true},
		},
	}},
	{path: "testdata/hex/mix.exs", want: &File{Path: "testdata/hex/mix.exs", Ecosystem: Hex, Kind: Manifest, Name: "acme_registry",
		Deps: []Dep{
			{Name: "phoenix", Version: "~> 1.7.10", Line: 25},
			{Name: "ecto_sql", Version: "~> 3.11", Line: 26},
			{Name: "credo", Version: "~> 1.7", Line: 28, Dev: true},
			{Name: "ex_doc", Version: ">= 0.0.0", Line: 29, Dev: true},
			{Name: "telemetry", Version: "~> 1.2", Line: 30},
			{Name: "acme_auth", Line: 31},
			{Name: "jason", Version: "~> 1.4", Line: 32},
		},
		Licenses: []Declared{{Value: "Apache-2.0", Line: 17}},
	}},
	{path: "testdata/hex/mix.lock", want: &File{Path: "testdata/hex/mix.lock", Ecosystem: Hex, Kind: Lockfile,
		Deps: []Dep{
			{Name: "acme_auth", Line: 2},
			{Name: "credo", Version: "1.7.1", Line: 3},
			{Name: "ecto_sql", Version: "3.11.0", Line: 4},
			{Name: "phoenix", Version: "1.7.10", Line: 5},
		},
	}},
	{path: "testdata/maven/pom.xml", want: &File{Path: "testdata/maven/pom.xml", Ecosystem: Maven, Kind: Manifest, Name: "registry-service", Namespace: "org.acme",
		Deps: []Dep{
			{Name: "org.springframework.boot:spring-boot-starter-web", Line: 55},
			{Name: "org.postgresql:postgresql", Version: "${postgresql.version}", Line: 59},
			{Name: "jakarta.servlet:jakarta.servlet-api", Version: "6.0.0", Line: 65},
			{Name: "org.junit.jupiter:junit-jupiter", Version: "5.10.1", Line: 71, Dev: true},
			{Name: "io.micrometer:micrometer-registry-prometheus", Version: "1.12.0", Line: 100},
		},
		Licenses: []Declared{{Value: "Apache License, Version 2.0", Line: 20}},
		Authors:  []string{"ACME Foundation", "Jane Doe"},
	}},
	{path: "testdata/npm/package-lock.json", want: &File{Path: "testdata/npm/package-lock.json", Ecosystem: NPM, Kind: Lockfile, Name: "@acme/web-app",
		Deps: []Dep{
			{Name: "ansi-regex", Version: "5.0.1", Line: 26, Indirect: true},
			{Name: "lodash", Version: "4.17.21", Line: 34},
			{Name: "string-width", Version: "4.2.3", Line: 39},
			{Name: "strip-ansi", Version: "6.0.1", Line: 47, Indirect: true},
			{Name: "typescript", Version: "5.3.2", Line: 53, Dev: true, License: "Apache-2.0"},
			{Name: "clsx", Version: "2.0.0", Line: 65},
		},
	}},
	{path: "testdata/npm/package.json", want: &File{Path: "testdata/npm/package.json", Ecosystem: NPM, Kind: Manifest, Name: "@acme/web-app",
		Deps: []Dep{
			{Name: "lodash", Version: "^4.17.21", Line: 16},
			{Name: "react", Version: "18.2.0", Line: 17},
			{Name: "@tanstack/react-query", Version: "~5.8.4", Line: 18},
			{Name: "string-width-cjs", Version: "npm:string-width@^4.2.0", Line: 19},
			{Name: "typescript", Version: "^5.3.2", Line: 22, Dev: true},
			{Name: "vitest", Version: "^1.0.0", Line: 23, Dev: true},
			{Name: "react-dom", Version: ">=18", Line: 26},
			{Name: "fsevents", Version: "2.3.3", Line: 29},
		},
		Licenses: []Declared{{Value: "(MIT OR Apache-2.0)", Line: 6}},
		Authors:  []string{"Jane Doe"},
	}},
	{path: "testdata/npm-v1/npm-shrinkwrap.json", want: &File{Path: "testdata/npm-v1/npm-shrinkwrap.json", Ecosystem: NPM, Kind: Lockfile, Name: "legacy-cli",
		Deps: []Dep{
			{Name: "chalk", Version: "2.4.2", Line: 7},
			{Name: "ansi-styles", Version: "3.2.1", Line: 14, Indirect: true},
			{Name: "mocha", Version: "5.2.0", Line: 20, Dev: true},
			{Name: "wrap-ansi", Version: "7.0.0", Line: 24},
		},
	}},
	{path: "testdata/nuget/Acme.Geo.nuspec", want: &File{Path: "testdata/nuget/Acme.Geo.nuspec", Ecosystem: NuGet, Kind: Manifest, Name: "Acme.Geo",
		Deps: []Dep{
			{Name: "NetTopologySuite", Version: "2.5.0", Line: 11},
			{Name: "System.Memory", Version: "4.5.5", Line: 15},
		},
		Licenses: []Declared{{Value: "MIT", Line: 7}},
		Authors:  []string{"ACME Foundation", "Jane Doe"},
	}},
	{path: "testdata/nuget/Acme.Registry.csproj", want: &File{Path: "testdata/nuget/Acme.Registry.csproj", Ecosystem: NuGet, Kind: Manifest, Name: "Acme.Registry",
		Deps: []Dep{
			{Name: "Newtonsoft.Json", Version: "13.0.3", Line: 13},
			{Name: "Serilog", Version: "3.1.1", Line: 14},
			{Name: "StyleCop.Analyzers", Version: "1.1.118", Line: 17, Dev: true},
			{Name: "Microsoft.SourceLink.GitHub", Version: "8.0.0", Line: 21, Dev: true},
		},
		Licenses: []Declared{{Value: "Apache-2.0", Line: 9}},
		Authors:  []string{"Jane Doe", "John Roe", "ACME Foundation"},
	}},
	// A classic (non-SDK) project: assemblies referenced by path or from the
	// GAC and COM components are dependencies; the .NET Framework's own
	// assemblies and NuGet-managed ones (listed in packages.config) are not.
	{path: "testdata/nuget/Legacy.Desktop.csproj", want: &File{Path: "testdata/nuget/Legacy.Desktop.csproj", Ecosystem: NuGet, Kind: Manifest, Name: "Legacy.Desktop",
		Deps: []Dep{
			{Name: "ExcelLibrary", Line: 10},
			{Name: "Microsoft.SqlServer.Smo", Version: "14.100.0.0", Line: 13},
			{Name: "Microsoft.Office.Interop.Excel", Line: 24},
		},
	}},
	{path: "testdata/nuget/Directory.Packages.props", want: &File{Path: "testdata/nuget/Directory.Packages.props", Ecosystem: NuGet, Kind: Manifest,
		Deps: []Dep{
			{Name: "Newtonsoft.Json", Version: "13.0.3", Line: 6},
			{Name: "xunit", Version: "2.6.2", Line: 7},
			{Name: "Nerdbank.GitVersioning", Version: "3.6.133", Line: 8, Dev: true},
		},
	}},
	{path: "testdata/nuget/packages.config", want: &File{Path: "testdata/nuget/packages.config", Ecosystem: NuGet, Kind: Manifest,
		Deps: []Dep{
			{Name: "EntityFramework", Version: "6.4.4", Line: 3},
			{Name: "NUnit", Version: "3.14.0", Line: 4, Dev: true},
		},
	}},
	{path: "testdata/nuget/packages.lock.json", want: &File{Path: "testdata/nuget/packages.lock.json", Ecosystem: NuGet, Kind: Lockfile,
		Deps: []Dep{
			{Name: "Newtonsoft.Json", Version: "13.0.3", Line: 5},
			{Name: "Serilog", Version: "3.1.1", Line: 11, Indirect: true},
		},
	}},
	{path: "testdata/pep621/pyproject.toml", want: &File{Path: "testdata/pep621/pyproject.toml", Ecosystem: PyPI, Kind: Manifest, Name: "acme-registry",
		Deps: []Dep{
			{Name: "httpx", Version: ">=0.25", Line: 22},
			{Name: "pydantic", Version: ">=2.0,<3", Line: 23},
			{Name: "tomli", Version: ">=1.1.0", Line: 24},
			{Name: "pytest", Version: ">=7", Line: 28, Dev: true},
			{Name: "pytest-cov", Line: 28, Dev: true},
			{Name: "ruff", Version: "==0.1.6", Line: 31, Dev: true},
		},
		Licenses: []Declared{{Value: "Apache-2.0", Line: 11}, {Value: "License :: OSI Approved :: Apache Software License", Line: 18}},
		Authors:  []string{"ACME Foundation", "Jane Doe"},
	}},
	{path: "testdata/pnpm-v5/pnpm-lock.yaml", want: &File{Path: "testdata/pnpm-v5/pnpm-lock.yaml", Ecosystem: NPM, Kind: Lockfile,
		Deps: []Dep{
			{Name: "@babel/core", Version: "7.17.8", Line: 17, Dev: true, Indirect: true},
			{Name: "jest", Version: "27.5.1", Line: 22, Dev: true},
			{Name: "react", Version: "17.0.2", Line: 27},
			{Name: "styled-components", Version: "5.3.5", Line: 31},
		},
	}},
	{path: "testdata/pnpm-v6/pnpm-lock.yaml", want: &File{Path: "testdata/pnpm-v6/pnpm-lock.yaml", Ecosystem: NPM, Kind: Lockfile,
		Deps: []Dep{
			{Name: "@types/express", Version: "4.17.21", Line: 22, Dev: true},
			{Name: "accepts", Version: "1.3.8", Line: 26, Indirect: true},
			{Name: "express", Version: "4.18.2", Line: 31},
			{Name: "react-dom", Version: "18.2.0", Line: 38},
		},
	}},
	{path: "testdata/pnpm-v9/pnpm-lock.yaml", want: &File{Path: "testdata/pnpm-v9/pnpm-lock.yaml", Ecosystem: NPM, Kind: Lockfile,
		Deps: []Dep{
			{Name: "@types/node", Version: "20.10.4", Line: 21, Dev: true, Indirect: true},
			{Name: "js-tokens", Version: "4.0.0", Line: 24, Indirect: true},
			{Name: "loose-envify", Version: "1.4.0", Line: 27, Indirect: true},
			{Name: "react", Version: "18.2.0", Line: 31},
			{Name: "vitest", Version: "1.0.4", Line: 35, Dev: true},
		},
	}},
	{path: "testdata/poetry/poetry.lock", want: &File{Path: "testdata/poetry/poetry.lock", Ecosystem: PyPI, Kind: Lockfile,
		Deps: []Dep{
			{Name: "click", Version: "8.1.7", Line: 4},
			{Name: "colorama", Version: "0.4.6", Line: 18},
			{Name: "pytest", Version: "7.4.3", Line: 26, Dev: true},
		},
	}},
	{path: "testdata/poetry/pyproject.toml", want: &File{Path: "testdata/poetry/pyproject.toml", Ecosystem: PyPI, Kind: Manifest, Name: "acme-cli",
		Deps: []Dep{
			{Name: "click", Version: "^8.1.7", Line: 11},
			{Name: "rich", Version: "^13.7", Line: 12},
			{Name: "pyyaml", Version: "6.0.1", Line: 13},
			{Name: "boto3", Version: "^1.33", Line: 14, Dev: true},
			{Name: "acme-core", Line: 15},
			{Name: "httpx", Version: "^0.25.2", Line: 17},
			{Name: "pytest", Version: "^7.4.3", Line: 24, Dev: true},
			{Name: "mypy", Version: "^1.7", Line: 25, Dev: true},
			{Name: "mkdocs", Version: "^1.5.3", Line: 31, Dev: true},
		},
		Licenses: []Declared{{Value: "MIT", Line: 6}},
		Authors:  []string{"Jane Doe", "John Roe"},
	}},
	{path: "testdata/poetry2/poetry.lock", want: &File{Path: "testdata/poetry2/poetry.lock", Ecosystem: PyPI, Kind: Lockfile,
		Deps: []Dep{
			{Name: "click", Version: "8.1.7", Line: 4},
			{Name: "iniconfig", Version: "2.0.0", Line: 12, Dev: true},
		},
	}},
	{path: "testdata/python/Pipfile", want: &File{Path: "testdata/python/Pipfile", Ecosystem: PyPI, Kind: Manifest,
		Deps: []Dep{
			{Name: "flask", Version: "==3.0.0", Line: 7},
			{Name: "sqlalchemy", Version: ">=2.0", Line: 8},
			{Name: "gunicorn", Version: "*", Line: 9},
			{Name: "pytest", Version: "*", Line: 12, Dev: true},
		},
	}},
	{path: "testdata/python/Pipfile.lock", want: &File{Path: "testdata/python/Pipfile.lock", Ecosystem: PyPI, Kind: Lockfile,
		Deps: []Dep{
			{Name: "flask", Version: "==3.0.0", Line: 12},
			{Name: "werkzeug", Version: "==3.0.1", Line: 19},
			{Name: "pytest", Version: "==7.4.3", Line: 24, Dev: true},
		},
	}},
	{path: "testdata/python/requirements-dev.txt", want: &File{Path: "testdata/python/requirements-dev.txt", Ecosystem: PyPI, Kind: Manifest,
		Deps: []Dep{
			{Name: "pytest", Version: ">=7.4", Line: 2, Dev: true},
			{Name: "black", Version: "==23.11.0", Line: 3, Dev: true},
		},
	}},
	{path: "testdata/python/requirements.txt", want: &File{Path: "testdata/python/requirements.txt", Ecosystem: PyPI, Kind: Manifest,
		Deps: []Dep{
			{Name: "Django", Version: ">=4.2,<5.0", Line: 6},
			{Name: "requests", Version: "==2.31.0", Line: 7},
			{Name: "psycopg2-binary", Version: "==2.9.9", Line: 8},
			{Name: "celery", Version: "~= 5.3", Line: 9},
			{Name: "numpy", Line: 10},
			{Name: "mypkg", Line: 15},
			{Name: "uvicorn", Version: "==0.24.0", Line: 16},
			{Name: "gunicorn", Version: ">=21.2", Line: 19},
		},
	}},
	{path: "testdata/python/setup.cfg", want: &File{Path: "testdata/python/setup.cfg", Ecosystem: PyPI, Kind: Manifest, Name: "acme-geo",
		Deps: []Dep{
			{Name: "shapely", Version: ">=2.0", Line: 15},
			{Name: "pyproj", Line: 16},
			{Name: "fiona", Version: "==1.9.5", Line: 18},
			{Name: "pytest", Line: 19, Dev: true},
			{Name: "matplotlib", Version: ">=3.7", Line: 23, Dev: true},
		},
		Licenses: []Declared{{Value: "BSD-3-Clause", Line: 6}, {Value: "License :: OSI Approved :: BSD License", Line: 9}},
		Authors:  []string{"ACME Foundation"},
	}},
	{path: "testdata/python/setup.py", want: &File{Path: "testdata/python/setup.py", Ecosystem: PyPI, Kind: Manifest, Name: "acme-legacy",
		Deps: []Dep{
			{Name: "six", Version: ">=1.16", Line: 14},
			{Name: "requests", Line: 15},
			{Name: "lxml", Version: "==4.9.3", Line: 16},
			{Name: "pytest", Line: 19, Dev: true},
			{Name: "flake8", Version: ">=6", Line: 19, Dev: true},
		},
		Licenses: []Declared{{Value: "GPL-3.0-or-later", Line: 11}, {Value: "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)", Line: 22}},
		Authors:  []string{"ACME Foundation"},
	}},
	{path: "testdata/ruby/Gemfile", want: &File{Path: "testdata/ruby/Gemfile", Ecosystem: RubyGems, Kind: Manifest,
		Deps: []Dep{
			{Name: "rails", Version: "~> 7.1.2", Line: 7},
			{Name: "pg", Version: "~> 1.1, >= 1.1.4", Line: 8},
			{Name: "puma", Version: ">= 5.0", Line: 9},
			{Name: "bootsnap", Line: 10},
			{Name: "tzinfo-data", Line: 11},
			{Name: "debug", Line: 14, Dev: true},
			{Name: "rspec-rails", Version: "~> 6.1", Line: 15, Dev: true},
			{Name: "web-console", Line: 19, Dev: true},
			{Name: "rack-mini-profiler", Line: 21, Dev: true},
			{Name: "lograge", Line: 26},
			{Name: "rubocop", Line: 29, Dev: true},
			{Name: "sidekiq", Version: "~> 7.2", Line: 30},
		},
	}},
	{path: "testdata/ruby/Gemfile.lock", want: &File{Path: "testdata/ruby/Gemfile.lock", Ecosystem: RubyGems, Kind: Lockfile,
		Deps: []Dep{
			{Name: "acme_auth", Version: "0.2.0", Line: 5},
			{Name: "jwt", Version: "2.7.1", Line: 17, Indirect: true},
			{Name: "nokogiri", Version: "1.15.5-x86_64-linux", Line: 18},
			{Name: "racc", Version: "1.7.3", Line: 20, Indirect: true},
			{Name: "rake", Version: "13.1.0", Line: 21},
			{Name: "rgeo", Version: "3.0.1", Line: 22, Indirect: true},
		},
	}},
	{path: "testdata/ruby/acme_geo.gemspec", want: &File{Path: "testdata/ruby/acme_geo.gemspec", Ecosystem: RubyGems, Kind: Manifest, Name: "acme_geo",
		Deps: []Dep{
			{Name: "rgeo", Version: "~> 3.0", Line: 14},
			{Name: "activesupport", Version: ">= 6.0, < 8", Line: 15},
			{Name: "rake", Version: "~> 13.0", Line: 16, Dev: true},
			{Name: "rspec", Line: 17, Dev: true},
		},
		Licenses: []Declared{{Value: "MIT", Line: 11}},
		Authors:  []string{"Jane Doe", "John Roe"},
	}},
	{path: "testdata/uv/uv.lock", want: &File{Path: "testdata/uv/uv.lock", Ecosystem: PyPI, Kind: Lockfile,
		Deps: []Dep{
			{Name: "fastapi", Version: "0.104.1", Line: 21},
			{Name: "pytest", Version: "7.4.3", Line: 30, Dev: true},
			{Name: "starlette", Version: "0.27.0", Line: 35, Indirect: true},
		},
	}},
	{path: "testdata/yarn-berry/yarn.lock", want: &File{Path: "testdata/yarn-berry/yarn.lock", Ecosystem: NPM, Kind: Lockfile,
		Deps: []Dep{
			{Name: "@types/node", Version: "20.10.4", Line: 8},
			{Name: "react", Version: "18.2.0", Line: 26},
			{Name: "undici-types", Version: "5.26.5", Line: 35, Indirect: true},
		},
	}},
	{path: "testdata/yarn-v1/yarn.lock", want: &File{Path: "testdata/yarn-v1/yarn.lock", Ecosystem: NPM, Kind: Lockfile,
		Deps: []Dep{
			{Name: "@babel/code-frame", Version: "7.12.13", Line: 5},
			{Name: "js-tokens", Version: "4.0.0", Line: 12},
			{Name: "lodash", Version: "4.17.21", Line: 16},
			{Name: "string-width", Version: "4.2.3", Line: 20},
		},
	}}}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	for _, tt := range fixtureTests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(tt.path, data)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.path, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// TestFixturesCovered makes sure no fixture is left without expectations.
func TestFixturesCovered(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*/*")
	if err != nil {
		t.Fatal(err)
	}
	covered := make(map[string]bool)
	for _, tt := range fixtureTests {
		covered[tt.path] = true
	}
	for _, f := range files {
		f = filepath.ToSlash(f)
		if _, _, ok := Recognize(f); ok && !covered[f] {
			t.Errorf("fixture %s has no entry in fixtureTests", f)
		}
	}
}

// TestPomNamespace: a module that declares no groupId is published in its
// parent's.
func TestPomNamespace(t *testing.T) {
	t.Parallel()
	for pom, want := range map[string]string{
		`<project><groupId>com.github.someone</groupId><artifactId>date-converter</artifactId></project>`:                "com.github.someone",
		`<project><parent><groupId>org.msh</groupId></parent><artifactId>pharmadex2</artifactId></project>`:              "org.msh",
		`<project><parent><groupId>org.a</groupId></parent><groupId>org.b</groupId><artifactId>x</artifactId></project>`: "org.b",
		`<project><artifactId>x</artifactId></project>`:                                                                  "",
	} {
		f, err := Parse("pom.xml", []byte(pom))
		if err != nil {
			t.Fatal(err)
		}
		if f.Namespace != want {
			t.Errorf("namespace of %s = %q, want %q", pom, f.Namespace, want)
		}
	}
}
