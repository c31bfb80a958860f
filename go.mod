module github.com/dpgcheck/dpgcheck

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/licensecheck v0.3.1
	github.com/pelletier/go-toml/v2 v2.2.4
	go.yaml.in/yaml/v3 v3.0.4
	golang.org/x/tools v0.38.0
)
