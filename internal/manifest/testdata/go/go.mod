module github.com/acme/registry

go 1.22

toolchain go1.22.1

require github.com/google/uuid v1.5.0

require (
	github.com/jackc/pgx/v5 v5.5.1
	golang.org/x/sync v0.5.0 // indirect
	"gopkg.in/yaml.v3" v3.0.1
	github.com/jackc/puddle/v2 v2.2.1 // indirect; needed by pgx
)

replace github.com/google/uuid => ../uuid

exclude golang.org/x/sync v0.4.0
