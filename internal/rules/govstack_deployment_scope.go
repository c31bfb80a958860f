package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// What the deployment requirements judge: the product's own images and
// deployments. A Dockerfile that copies nothing and starts nothing is a
// build or tool environment; a compose file that only starts databases and
// brokers is a local dependency stack; a repository that holds only a
// specification deploys nothing.

// notDeployable is the result of a deployment requirement on a
// specification repository.
func notDeployable() Result {
	return notApplicable("a specification repository (API descriptions and documents, no implementation): it builds and deploys nothing")
}

// productDockerfiles returns the Dockerfiles that build the product's
// images: build and tool environments left out.
func productDockerfiles(r *evidence.Repo) []*evidence.Dockerfile {
	var out []*evidence.Dockerfile
	for _, d := range r.Dockerfiles {
		if !d.ToolImage() {
			out = append(out, d)
		}
	}
	return out
}

// infraImage names the images of the services a product runs next to it:
// databases, caches, brokers, search, object storage, identity providers,
// proxies, mail catchers and mocks.
var infraImage = lazyregexp.New(`(?i)postgres|postgis|pgsql|mysql|mariadb|mssql|sqlserver|mongo|redis|valkey|memcached|elasticsearch|opensearch|kibana|logstash|minio|rabbitmq|kafka|zookeeper|nats|keycloak|vault|clickhouse|influxdb|cassandra|couchdb|etcd|consul|mailhog|mailpit|smtp|localstack|adminer|pgadmin|jaeger|prometheus|grafana|traefik|solr|neo4j|cockroach|timescale|oracle|hazelcast|activemq|artemis|nginx|haproxy|envoy|caddy|wiremock|mockserver|selenium|flyway|liquibase|mailcatcher|azurite`)

// productService reports a compose service that runs the product: it is
// built from the repository, or its image is not a well-known dependency.
func productService(s evidence.Service) bool {
	if s.Build {
		return true
	}
	repo, _ := splitImage(s.Image)
	return repo != "" && !infraImage.MatchString(path.Base(repo))
}

// productCompose returns the compose files that deploy the product: those
// with at least one product service. A file that only starts dependencies
// is a local development stack.
func productCompose(r *evidence.Repo) []*evidence.ComposeFile {
	var out []*evidence.ComposeFile
	for _, c := range r.Compose {
		for _, s := range c.Services {
			if productService(s) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// productComposeServices returns the services of the product's compose
// files.
func productComposeServices(r *evidence.Repo) []composeService {
	var out []composeService
	for _, c := range productCompose(r) {
		for _, s := range c.Services {
			out = append(out, composeService{c.Path, s})
		}
	}
	return out
}

// builtImages maps the image repositories that compose files build from a
// Dockerfile of the repository ("ghcr.io/org/app-base") to that Dockerfile.
func builtImages(r *evidence.Repo) map[string]*evidence.Dockerfile {
	byPath := map[string]*evidence.Dockerfile{}
	for _, d := range r.Dockerfiles {
		byPath[d.Path] = d
	}
	out := map[string]*evidence.Dockerfile{}
	for _, c := range r.Compose {
		for _, s := range c.Services {
			if !s.Build || s.Image == "" {
				continue
			}
			ctx := path.Join(path.Dir(c.Path), s.BuildContext)
			file := s.BuildFile
			if file == "" {
				file = "Dockerfile"
			}
			for _, p := range []string{path.Join(ctx, file), path.Join(path.Dir(c.Path), file)} {
				if d := byPath[p]; d != nil {
					repo, _ := splitImage(s.Image)
					out[repo] = d
					break
				}
			}
		}
	}
	return out
}

// imageBuilders are the ways to build an image without a Dockerfile: Cloud
// Native Buildpacks (Spring Boot's bootBuildImage and build-image, pack,
// Paketo), Jib and ko.
var imageBuilders = docWords.MustCompile(`(?i)\bbootBuildImage\b|spring-boot:build-image|\bjib(DockerBuild|BuildTar)?\b|jib-maven-plugin|\bjib:(build|dockerBuild)|\bpack build\b|paketo|\bko (build|publish|apply|resolve)\b`)

var builderConfig = lazyregexp.New(`(?i)(^|/)(project\.toml|\.ko\.ya?ml)$`)

// imageBuildWithoutDockerfile returns where the repository builds an image
// with buildpacks, Jib or ko.
func imageBuildWithoutDockerfile(r *evidence.Repo) []report.Evidence {
	ev := ciMatching(r, imageBuilders)
	return append(ev, filesMatching(r, builderConfig, 2)...)
}

// externalImageDoc finds documentation that points to container images or
// a container setup kept in another repository or registry.
var externalImageLink = lazyregexp.New(`(?i)hub\.docker\.com/|ghcr\.io/|quay\.io/|github\.com/[^/\s]+/[^/\s]*docker[^/\s]*`)
var externalImageText = lazyregexp.New(`(?i)\bdocker(?:[- ]compose)?\b.{0,40}\b(images?|repositor(y|ies)|setup)\b|\b(official|our|published)\s+(docker|container)\s+images?\b`)

func externalImageDoc(r *evidence.Repo) []report.Evidence {
	var out []report.Evidence
	for _, d := range r.Docs {
		if !operatorDoc(r, d) {
			continue
		}
		for _, l := range d.Links {
			if externalImageLink.MatchString(l.URL) || l.Text != "" && externalImageText.MatchString(l.Text) {
				out = append(out, report.At(d.Path, l.Line))
				break
			}
		}
		if len(out) >= 3 {
			break
		}
	}
	return out
}

// specificationOnly reports a repository that holds a specification and no
// implementation: API descriptions or a spec/ folder of documents, and no
// source code (scripts aside), runtime dependencies, product images or
// deployment outside tests and examples. Deployment and operations
// requirements do not apply to it.
func specificationOnly(r *evidence.Repo) bool { return specificationReason(r) != "" }

// specificationReason says why the repository is specification-only, or "".
func specificationReason(r *evidence.Repo) string {
	if len(productDockerfiles(r))+len(r.Compose)+len(r.HelmCharts)+len(r.K8s) > 0 {
		return ""
	}
	for _, f := range r.Files {
		if lang := evidence.Language(f); lang != "" && lang != "Shell" {
			return ""
		}
	}
	for _, m := range r.Manifests {
		if m.Kind != manifest.Manifest {
			continue
		}
		for _, d := range m.Deps {
			if !d.Dev {
				return ""
			}
		}
	}
	if len(r.APISpecs) > 0 {
		return fmt.Sprintf("the repository holds a specification (%s and documents) and no implementation: no source code, containers or deployment outside tests and examples",
			plural(len(r.APISpecs), "API description"))
	}
	for _, f := range r.Files {
		if top, _, ok := strings.Cut(f, "/"); ok && (strings.EqualFold(top, "spec") || strings.EqualFold(top, "specification")) && strings.HasSuffix(f, ".md") {
			return "the repository holds a specification (documents under " + top + "/) and no implementation"
		}
	}
	return ""
}
