package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// architecture#req-1: autonomous. A compose file can show that the
// building block starts with its own datastores and needs nothing declared
// outside it, but not that it needs no other building block: that is for a
// reviewer, whatever the files say. Resources declared external may be the
// building block's own (a network its services share) as much as another's.
func autonomous(in *Input) Result {
	r := in.Repo
	if len(r.Compose) == 0 {
		return reviewWith("no compose file shows how the building block runs on its own; a reviewer needs evidence that it starts without other building blocks", nil)
	}
	var ext, stacks, storesOnly []string
	var ev []report.Evidence
	for _, c := range r.Compose {
		for _, x := range c.External {
			ext = append(ext, fmt.Sprintf("%s (%s:%d)", x.Name, c.Path, x.Line))
			ev = append(ev, report.At(c.Path, x.Line))
		}
		switch apps, stores := composeRoles(c); {
		case len(apps) > 0:
			stacks = append(stacks, fmt.Sprintf("%s starts %s", c.Path, listUpTo(apps, 4))+withStores(stores))
			ev = append(ev, report.At(c.Path, 1))
		case len(stores) > 0:
			storesOnly = append(storesOnly, fmt.Sprintf("%s starts only %s", c.Path, listUpTo(stores, 4)))
		}
	}
	details := append(append(stacks, storesOnly...), prefixAll("declared outside the compose files: ", ext)...)
	switch {
	case len(stacks) == 0:
		return reviewWith("no compose file starts the building block's own services (only datastores, or overlays of other files); a reviewer needs evidence that it runs on its own", ev, details...)
	case len(ext) > 0:
		return reviewWith("the compose files use resources declared outside them: "+listUpTo(ext, 3)+"; if they belong to the building block itself (a network its own services share) it is still autonomous: a reviewer confirms it needs no other building block", ev, details...)
	}
	return reviewWith(listUpTo(stacks, 2)+", and needs nothing declared outside the compose files; whether the building block needs another building block is for a reviewer", ev, details...)
}

// composeRoles splits the services of a compose file into the ones that
// run the application (built from the repository, or an image that is not
// a datastore or broker) and its datastores; overlay entries without an
// image or build are neither.
func composeRoles(c *evidence.ComposeFile) (apps, stores []string) {
	for _, s := range c.Services {
		switch {
		case s.Image == "" && !s.Build:
		case s.Image != "" && isStoreImage(s.Image):
			stores = append(stores, s.Name)
		default:
			apps = append(apps, s.Name)
		}
	}
	return apps, stores
}

// storeImage is a datastore, cache, search engine or broker, named
// anywhere in the image's own name: postgres:16, bitnami/redis,
// ghcr.io/openimis/openimis-pgsql.
var storeImage = lazyregexp.New(`(?i)(pgsql|postgres|postgis|mysql|mariadb|mongo|mssql|sqlserver|oracle|cockroach|couchdb|timescale|redis|valkey|memcached|elasticsearch|opensearch|minio|clickhouse|cassandra|neo4j|influxdb|etcd|keydb|solr|kafka|rabbitmq|nats|activemq|artemis|pulsar|redpanda|mosquitto|emqx|zookeeper)`)

// isStoreImage reports whether an image reference is a datastore or
// broker, judging by its repository name (not its registry host or tag).
func isStoreImage(ref string) bool {
	name, _, _ := strings.Cut(ref, "@")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name, _, _ = strings.Cut(name, ":")
	return storeImage.MatchString(name)
}

// mainCompose is the first compose file that starts application services,
// else the first one.
func mainCompose(r *evidence.Repo) *evidence.ComposeFile {
	for _, c := range r.Compose {
		if apps, _ := composeRoles(c); len(apps) > 0 {
			return c
		}
	}
	return r.Compose[0]
}

func withStores(stores []string) string {
	if len(stores) == 0 {
		return ""
	}
	return " with " + listUpTo(stores, 4)
}

func prefixAll(prefix string, items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = prefix + s
	}
	return out
}

var imHeader = lazyregexp.New(`(?i)^(x-road-client|x-govstack-client|information-mediator-client|x-road-id|x-road-userid)$`)
var imPath = lazyregexp.New(`/r1/[^/]+/[^/]+/[^/]+/[^/]+`)
var imImage = lazyregexp.New(`(?i)xroad|x-road|security-server`)
var imEnv = lazyregexp.New(`(?i)^(IM_CLIENT|XROAD_.*|X_ROAD_.*|SECURITY_SERVER(_URL)?|INFORMATION_MEDIATOR.*)$`)

// mediatorSignals gathers evidence that the project talks through an
// Information Mediator (X-Road style security server).
func mediatorSignals(r *evidence.Repo) (lines []string, ev []report.Evidence) {
	for _, s := range openAPIs(r) {
		if p, ok := headerParam(s.Doc, imHeader); ok {
			lines = append(lines, fmt.Sprintf("%s declares the %s header (%s:%d)", s.Path, p.Name, s.Path, p.Line))
			ev = append(ev, specLine(s, p.Line))
		}
		for _, sv := range s.Doc.Servers {
			if imPath.MatchString(sv.URL) {
				lines = append(lines, fmt.Sprintf("%s serves under an Information Mediator path %s", s.Path, sv.URL))
				ev = append(ev, specLine(s, sv.Line))
			}
		}
	}
	for _, img := range imagesOf(r) {
		if imImage.MatchString(img.ref) {
			lines = append(lines, fmt.Sprintf("a security-server image runs: %s (%s)", img.ref, img.at))
			ev = append(ev, img.at)
		}
	}
	for _, cs := range composeServices(r) {
		for _, e := range cs.svc.Environment {
			if imEnv.MatchString(e.Name) {
				lines = append(lines, fmt.Sprintf("%s configures %s (%s:%d)", cs.svc.Name, e.Name, cs.file, e.Line))
				ev = append(ev, report.At(cs.file, e.Line))
			}
		}
	}
	return lines, ev
}

// architecture#req-2: only via APIs; no data store shared between services.
func onlyViaAPI(in *Input) Result {
	r := in.Repo
	im, imEv := mediatorSignals(r)
	var details []string
	if len(im) > 0 {
		details = append(details, "Information Mediator readiness: "+strings.Join(im, "; "))
	}
	var shared []string
	var ev []report.Evidence
	for _, c := range r.Compose {
		dbs := map[string]bool{}
		for _, s := range c.Services {
			if dbImage.MatchString(s.Image) {
				dbs[s.Name] = true
			}
		}
		users := map[string][]string{}
		volumes := map[string][]string{}
		for _, s := range c.Services {
			if dbs[s.Name] {
				continue
			}
			for db := range dbs {
				if usesService(s, db) {
					users[db] = append(users[db], s.Name)
				}
			}
			for _, v := range s.Volumes {
				if !strings.HasPrefix(v, ".") && !strings.HasPrefix(v, "/") {
					volumes[v] = append(volumes[v], s.Name)
				}
			}
		}
		for _, db := range slices.Sorted(maps.Keys(users)) {
			if us := users[db]; len(us) > 1 {
				shared = append(shared, fmt.Sprintf("services %s share the database %q (%s)", strings.Join(us, " and "), db, c.Path))
				ev = append(ev, report.At(c.Path, serviceLine(c, db)))
			}
		}
		for _, v := range slices.Sorted(maps.Keys(volumes)) {
			if us := volumes[v]; len(us) > 1 {
				shared = append(shared, fmt.Sprintf("services %s share the volume %q (%s)", strings.Join(us, " and "), v, c.Path))
				ev = append(ev, report.At(c.Path, serviceLine(c, us[0])))
			}
		}
	}
	switch {
	case len(shared) > 0:
		return Result{Outcome: report.NeedsReview, Evidence: append(ev, imEv...), Details: append(shared, details...),
			Message: listUpTo(shared, 2) + "; if they belong to different building blocks, they must exchange data through APIs instead",
			Remediation: "Give each building block its own database and volumes, and exchange data only through documented APIs " +
				"(through the Information Mediator where the deployment has one); attest it if these services form one building block."}
	case len(r.Compose) > 0:
		// A compose file shows no sharing between its own services; how the
		// building block reaches other building blocks is in its code.
		return reviewWith("no database or volume is shared between the services of the compose files; that the building block reaches other building blocks only through their APIs needs a reviewer",
			append([]report.Evidence{report.At(mainCompose(r).Path, 1)}, imEv...), details...)
	}
	res := manual(in)
	res.Evidence, res.Details = imEv, append(details, res.Details...)
	return res
}

// usesService reports whether a compose service depends on or points at another.
func usesService(s evidence.Service, other string) bool {
	for _, d := range s.DependsOn {
		if d == other {
			return true
		}
	}
	for _, e := range s.Environment {
		v := strings.ToLower(e.Value)
		if strings.Contains(v, "@"+other+":") || strings.Contains(v, "//"+other+":") || strings.Contains(v, "//"+other+"/") ||
			strings.Contains(v, "host="+other) || v == other && strings.Contains(strings.ToUpper(e.Name), "HOST") {
			return true
		}
	}
	return false
}

func serviceLine(c *evidence.ComposeFile, name string) int {
	for _, s := range c.Services {
		if s.Name == name {
			return s.Line
		}
	}
	return 1
}

var semverRE = lazyregexp.New(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
var pathVersion = lazyregexp.New(`(^|/)v\d+(\.\d+)?(/|$)|(?i)\{[^}/]*version[^}/]*\}`)

// versioningPolicy is documentation of how the API is versioned.
var versioningPolicy = docWords.MustCompile(`(?i)\bAPI versions?\b[^.]{0,60}\b(in sync|semantic|semver|increment|deprecat)|\bversioning (policy|strategy|scheme|rules?)\b|\bAPIs? (is|are) versioned\b`)

// versionHeader is a header parameter that selects the API version.
var versionHeader = lazyregexp.New(`(?i)^(x-)?(api-)?version$|^accept-version$|^api-version$|^x-api-version$`)

// versionMediaType is a media type that carries the version
// ("application/vnd.registry.v2+json", "application/json; version=2").
var versionMediaType = lazyregexp.New(`(?i)\.v\d+(\.\d+)?\+|;\s*(api-)?version=`)

// apiVersionSelector returns where an operation carries the API version:
// its path, a version header or a versioned media type.
func apiVersionSelector(op *openapi.Operation) (int, bool) {
	if pathVersion.MatchString(op.Path) {
		return op.Line, true
	}
	for _, p := range op.Parameters {
		if strings.EqualFold(p.In, "header") && versionHeader.MatchString(p.Name) {
			return p.Line, true
		}
	}
	if op.RequestBody != nil {
		for _, m := range op.RequestBody.Content {
			if versionMediaType.MatchString(m.Type) {
				return m.Line, true
			}
		}
	}
	return 0, false
}

// architecture#req-3: versioned APIs: a version in the path or server, a
// version header or a versioned media type. info.version versions the
// description document, not the API its clients call: alone it is for a
// reviewer (is there a versioning policy?).
func versionedAPIs(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return reviewWith("no API description to read the versioning from", nil)
	}
	var bad, docOnly []string
	var ev, docEv []report.Evidence
	for _, s := range specs {
		d := s.Doc
		at := specLine(s, d.InfoVersionLine)
		selected := false
		for _, sv := range d.Servers {
			selected = selected || pathVersion.MatchString(sv.URL)
		}
		for _, op := range d.Operations {
			if selected {
				break
			}
			if line, ok := apiVersionSelector(op); ok {
				selected, at = true, specLine(s, line)
			}
		}
		switch {
		case selected:
			ev = append(ev, at)
		case semverRE.MatchString(d.InfoVersion):
			docOnly = append(docOnly, fmt.Sprintf("%s: info.version %q versions the description; no path, server, header or media type carries the API version", s.Path, d.InfoVersion))
			docEv = append(docEv, at)
		default:
			bad = append(bad, fmt.Sprintf("%s: info.version %q is not semantic and no path or server carries a version", s.Path, d.InfoVersion))
			ev = append(ev, at)
		}
	}
	if len(bad) > 0 {
		return failWith(bad[0], append(ev, docEv...), bad...)
	}
	if len(docOnly) > 0 {
		if policy := docsMatching(in.Repo, versioningPolicy, 1); len(policy) > 0 {
			return passWith("the API versioning policy is documented, and the descriptions carry semantic versions", append(policy, append(ev, docEv...)...), docOnly...)
		}
		return reviewWith(docOnly[0]+"; a reviewer checks the documented versioning policy (or put the major version in the path, e.g. /v1/)",
			append(docEv, ev...), docOnly...)
	}
	return passWith("every API description carries the API version (path, server, header or media type)", ev)
}

// unsafeGetID matches operation ids that start with a state-changing verb as
// a whole word (createPerson, delete_record), not words that merely begin
// like one (postsList, addressSearch, settingsGet).
var unsafeGetID = lazyregexp.New(`^(?i:create|delete|remove|add|insert|update|set|post|put|patch|cancel|start|stop)([A-Z_.-]|$)`)

// architecture#req-5: safe methods change no state, and repeated calls of
// idempotent ones leave the same state. Only a running system shows that
// (repeat-call tests); the API description gives hints: a GET that takes a
// body, or is named like a change.
func idempotentMethods(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return reviewWith("no API description to read the HTTP methods from; idempotency needs repeat-call tests", nil)
	}
	var hints []string
	var ev []report.Evidence
	for _, s := range specs {
		for _, op := range s.Doc.Operations {
			if op.Method != "GET" && op.Method != "HEAD" && op.Method != "OPTIONS" {
				continue
			}
			switch {
			case op.RequestBody != nil:
				hints = append(hints, fmt.Sprintf("%s %s (%s:%d) takes a request body", op.Method, op.Path, s.Path, op.Line))
			case unsafeGetID.MatchString(op.OperationID):
				hints = append(hints, fmt.Sprintf("%s %s (%s:%d) is named %q, which sounds like a change", op.Method, op.Path, s.Path, op.Line, op.OperationID))
			default:
				continue
			}
			ev = append(ev, specLine(s, op.Line))
		}
	}
	if len(hints) > 0 {
		return reviewWith(fmt.Sprintf("%s may change state: %s; confirm with repeat-call tests that safe methods change nothing and PUT/DELETE are idempotent",
			plural(len(hints), "safe-method operation"), listUpTo(hints, 3)), ev, hints...)
	}
	return reviewWith("no GET, HEAD or OPTIONS operation takes a body or is named like a change; that repeated calls leave the same state needs repeat-call tests on a running system",
		[]report.Evidence{specLine(specs[0], specs[0].Line)})
}

var piiParam = lazyregexp.New(`(?i)^(national[-_]?id|nin|nid|ssn|social[-_]?security([-_]?number)?|e[-_]?mail([-_]?address)?|phone([-_]?number)?|mobile([-_]?number)?|msisdn|dob|date[-_]?of[-_]?birth|birth[-_]?date|passport([-_]?number)?|card[-_]?number|iban|password|passwd|pass|pin|token|access[-_]?token|refresh[-_]?token|id[-_]?token|api[-_]?key|apikey|secret|client[-_]?secret|session([-_]?id)?|sessionid|jsessionid|auth|personal[-_]?(id|code|number|identifier)|id[-_]?code|national[-_]?identity[-_]?number)$`)

// piiDescription is how a parameter's description says it carries a
// person's identifier or personal data ("User's personal unique
// identifier").
var piiDescription = lazyregexp.New(`(?i)\b(personal\s+(unique\s+)?(identifier|id|identification|identity|code|number)|national\s+(id|identity|identification|identifier)|social\s+security|personal\s+identification|identity\s+(card|document)\s+number|date\s+of\s+birth|e-?mail\s+address|(tele)?phone\s+number|passport\s+number)\b`)

// architecture#req-6: TMF630 part 1. The API description shows one part
// of it: no personal data or secret in a path or query string (by the
// parameter's name or its description). Caching, retries and
// representations need a reviewer, so the rule never passes on its own.
func restGuidelinesPart1(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return reviewWith("no API description to check for personal data or secrets in URLs", nil)
	}
	var bad []string
	var ev []report.Evidence
	for _, s := range specs {
		for _, op := range s.Doc.Operations {
			for _, p := range op.Parameters {
				if p.In != "path" && p.In != "query" {
					continue
				}
				why := ""
				switch {
				case piiParam.MatchString(p.Name):
					why = fmt.Sprintf("%q", p.Name)
				case piiDescription.MatchString(p.Description):
					why = fmt.Sprintf("%q (%q)", p.Name, cut(p.Description, 80))
				default:
					continue
				}
				bad = append(bad, fmt.Sprintf("%s %s puts %s in the %s (%s:%d)", op.Method, op.Path, why, map[string]string{"path": "URL path", "query": "query string"}[p.In], s.Path, p.Line))
				ev = append(ev, specLine(s, p.Line))
			}
		}
	}
	if len(bad) > 0 {
		return Result{Outcome: report.Fail, Evidence: ev[:min(len(ev), 8)], Details: bad,
			Message:     fmt.Sprintf("personal data or secrets in URLs: %s", listUpTo(bad, 2)),
			Remediation: "Move personal identifiers, tokens and passwords out of paths and query strings: send them in the request body (POST) or in headers; URLs end up in logs and browser histories."}
	}
	return reviewWith("no path or query parameter is named or described as personal data or a secret; the rest of TMF630 Part 1 (caching, retries, resource URIs, separate representations, self-descriptive media types) needs a reviewer",
		[]report.Evidence{specLine(specs[0], specs[0].Line)})
}

// cut shortens s to at most n bytes, at a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// ciDatabaseLogic is a CI step that loads SQL scripts of functions, stored
// procedures or triggers into the database: the schema is kept elsewhere
// (another repository), with logic in it.
var ciDatabaseLogic = docWords.MustCompile(`(?i)[\w./ -]*(functions?|stored[_ -]?proc\w*|procedures?|triggers?)\.sql\b`)

// architecture#req-9: no business logic in the database.
func noDatabaseLogic(in *Input) Result {
	r := in.Repo
	if len(r.SQLObjects) > 0 {
		var items []string
		var ev []report.Evidence
		for _, o := range r.SQLObjects {
			items = append(items, fmt.Sprintf("%s at %s:%d", strings.ToLower(o.Kind), o.Path, o.Line))
			ev = append(ev, report.At(o.Path, o.Line))
		}
		return reviewWith(fmt.Sprintf("the SQL scripts and migrations create %s: %s; confirm none holds business logic (timestamp and audit triggers are fine)",
			plural(len(items), "database object"), listUpTo(items, 3)), ev, items...)
	}
	if ev := ciMatching(r, ciDatabaseLogic); len(ev) > 0 {
		return reviewWith("the CI loads SQL scripts of functions or stored procedures into the database (their source is not in this repository); confirm they hold no business logic", ev)
	}
	switch {
	case r.SQLFiles > 0:
		return passWith(fmt.Sprintf("no trigger, stored procedure or function in %s (SQL scripts and Liquibase changelogs)", plural(r.SQLFiles, "file")), nil)
	case keepsData(r):
		return reviewWith("the project uses a database but has no SQL scripts or migrations to inspect; show that no business logic lives in the database", nil)
	}
	return notApplicable("no database")
}

// odooAddon is the manifest of an Odoo addon: Odoo keeps every model in
// PostgreSQL, though no dependency names a driver.
var odooAddon = lazyregexp.New(`(^|/)__(manifest|openerp)__\.py$`)

// keepsData reports whether the project runs or talks to a database:
// usesDatabase, or a framework that always does.
func keepsData(r *evidence.Repo) bool {
	return usesDatabase(r) || len(filesMatching(r, odooAddon, 1)) > 0
}

var brokerImage = lazyregexp.New(`(?i)(kafka|rabbitmq|nats|activemq|artemis|pulsar|redpanda|mosquitto|emqx|zeromq)`)

// messagingDep is a client of a message broker or event bus: messages
// that can travel between building blocks.
var messagingDep = lazyregexp.New(`(?i)^(kafkajs|amqplib|amqp-connection-manager|pika|aio-pika|kombu|confluent-kafka|kafka-python|aiokafka|nats|nats\.py|paho-mqtt|mqtt|stompit|@stomp/stompjs|org\.springframework\.kafka:.*|org\.apache\.kafka:.*|org\.springframework\.boot:spring-boot-starter-amqp|org\.springframework\.cloud:spring-cloud-stream.*|io\.nats:.*|org\.apache\.pulsar:.*|com\.rabbitmq:amqp-client|github\.com/segmentio/kafka-go|github\.com/confluentinc/confluent-kafka-go.*|github\.com/ibm/sarama|github\.com/shopify/sarama|github\.com/nats-io/nats\.go|github\.com/rabbitmq/amqp091-go|github\.com/streadway/amqp|@nestjs/microservices|ruby-kafka|rdkafka|karafka|bunny|sneakers|azure-servicebus|@azure/service-bus|@google-cloud/pubsub|google-cloud-pubsub)$`)

// taskQueueDep is a background job queue: asynchronous work inside one
// application, not messages between building blocks.
var taskQueueDep = lazyregexp.New(`(?i)^(celery|rq|dramatiq|huey|django-q|bull|bullmq|bee-queue|agenda|sidekiq|resque|delayed_job|good_job|que|oban|hangfire\.core|hangfire|github\.com/hibiken/asynq|github\.com/riverqueue/river)$`)

// messagingEvidence is what shows the product exchanges asynchronous
// messages: a broker its compose files start, a broker client among its
// own dependencies, or an AsyncAPI description. A broker image in a Helm
// chart is not enough: repositories carry other products' charts.
func messagingEvidence(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	for _, cs := range composeServices(r) {
		if brokerImage.MatchString(cs.svc.Image) {
			ev = append(ev, report.At(cs.file, cs.svc.Line))
			break
		}
	}
	for _, s := range r.APISpecs {
		if s.Kind == "asyncapi" {
			ev = append(ev, report.At(s.Path, s.Line))
		}
	}
	return append(ev, usedDirectDepMatching(r, messagingDep)...)
}

// architecture#req-11: asynchronous first. Messaging between services
// (a broker, its client, AsyncAPI) shows the pattern in use; a background
// job queue shows asynchronous work inside one application, for a
// reviewer to weigh.
func asyncFirst(in *Input) Result {
	if ev := messagingEvidence(in.Repo); len(ev) > 0 {
		return passWith("asynchronous messaging is in use (a message broker, its client or AsyncAPI)", ev,
			"whether the design is asynchronous first needs a reviewer")
	}
	if q := directDepMatching(in.Repo, taskQueueDep); len(q) > 0 {
		return reviewWith("a background job queue is a dependency: work inside the application runs asynchronously; whether calls between building blocks are asynchronous first needs a reviewer", q)
	}
	return manual(in)
}

// resilienceDep is a retry, backoff or circuit-breaker library.
var resilienceDep = lazyregexp.New(`(?i)^(io\.github\.resilience4j:.*|org\.springframework\.retry:spring-retry|org\.springframework\.cloud:spring-cloud-starter-circuitbreaker.*|org\.springframework\.cloud:spring-cloud-starter-netflix-hystrix|com\.netflix\.hystrix:.*|dev\.failsafe:failsafe|net\.jodah:failsafe|polly|polly\.core|microsoft\.extensions\.http\.polly|microsoft\.extensions\.http\.resilience|tenacity|backoff|retry|retrying|opossum|cockatiel|axios-retry|p-retry|async-retry|promise-retry|retry-axios|fetch-retry|github\.com/sony/gobreaker|github\.com/cenkalti/backoff(/v\d+)?|github\.com/avast/retry-go(/v\d+)?|github\.com/afex/hystrix-go|github\.com/eapache/go-resiliency|github\.com/failsafe-go/failsafe-go|retriable|retryable|faraday-retry|circuitbox|stoplight|semian)$`)

// architecture#req-12: resilience to failures of external systems.
func resilience(in *Input) Result {
	if ev := directDepMatching(in.Repo, resilienceDep); len(ev) > 0 {
		return passWith("a retry or circuit-breaker library is a direct dependency", ev, "whether every external call uses it needs a reviewer")
	}
	return manual(in)
}

var correlationHeader = lazyregexp.New(`(?i)^(x-correlation-?id|x-request-?id|correlation-?id|request-?id|traceparent|tracestate|x-road-id|x-b3-traceid|x-amzn-trace-id|x-cloud-trace-context)$`)

// tracingDep is a distributed tracing library or APM agent: it creates and
// propagates trace ids.
var tracingDep = lazyregexp.New(`(?i)opentelemetry|(^|[/@._-])otel([/._-]|$)|jaeger|zipkin|spring-cloud-starter-sleuth|micrometer-tracing|^elastic-apm(-node)?$|^co\.elastic\.apm:|^dd-trace$|^ddtrace$|^com\.datadoghq:dd-java-agent$|^newrelic$|^skywalking`)

// architecture#req-13: transaction, trace or correlation ids.
func correlationIDs(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	for _, s := range openAPIs(r) {
		if p, ok := headerParam(s.Doc, correlationHeader); ok {
			ev = append(ev, specLine(s, p.Line))
		}
	}
	ev = append(ev, directDepMatching(r, tracingDep)...)
	switch {
	case len(ev) > 0:
		return passWith("requests carry correlation or trace ids (headers in the API description, or a tracing library the project declares)", ev)
	case len(openAPIs(r)) > 0:
		return failWith("the API description declares no correlation or trace header (X-Correlation-ID, X-Request-ID, traceparent) and no tracing library is a direct dependency", nil)
	}
	return manual(in)
}

var callbackParam = lazyregexp.New(`(?i)callback|webhook|notify[-_]?url|notification[-_]?url`)

// architecture#req-14: webhooks for callbacks.
func webhooks(in *Input) Result {
	var ev []report.Evidence
	for _, s := range openAPIs(in.Repo) {
		if len(s.Doc.Webhooks) > 0 {
			ev = append(ev, specLine(s, s.Line))
		}
		for _, op := range s.Doc.Operations {
			if len(op.Callbacks) > 0 {
				ev = append(ev, specLine(s, op.Line))
			}
			for _, p := range op.Parameters {
				if callbackParam.MatchString(p.Name) {
					ev = append(ev, specLine(s, p.Line))
				}
			}
		}
	}
	if len(ev) > 0 {
		return passWith("callbacks are declared as webhooks", ev)
	}
	return manual(in)
}

// healthPath is a health endpoint; /orders/{id}/status, the status of one
// resource, is not.
var healthPath = lazyregexp.New(`(?i)(^|[^}])/(health|healthz|healthcheck|health_checks?|ready|readyz|readiness|live|livez|liveness|ping|status|actuator/health)(/|$)`)

// prometheusPath is a Prometheus scrape endpoint; a /metrics operation
// counts only when it returns the text exposition format (a /v1/metrics
// returning JSON record counts is business analytics).
var prometheusPath = lazyregexp.New(`(?i)/(actuator/prometheus|prometheus)(/|$)`)
var metricsPath = lazyregexp.New(`(?i)/metrics/?$`)
var exposition = lazyregexp.New(`(?i)^(text/plain|application/openmetrics-text)`)

// healthDep is a health-check library; metricsDep a metrics library.
var healthDep = lazyregexp.New(`(?i)^(org\.springframework\.boot:spring-boot-starter-actuator|okcomputer|health-monitor-rails|health_check|django-health-check|django-healthchecks|flask-healthz|py-healthcheck|fastapi-health|@nestjs/terminus|lightship|express-healthcheck|@godaddy/terminus|@cloudnative/health-connect|github\.com/heptiolabs/healthcheck|github\.com/hellofresh/health-go(/v\d+)?|github\.com/alexliesenfeld/health|aspnetcore\.healthchecks\..*|microsoft\.extensions\.diagnostics\.healthchecks.*|io\.smallrye:smallrye-health|io\.quarkus:quarkus-smallrye-health)$`)
var metricsDep = lazyregexp.New(`(?i)^(io\.micrometer:micrometer-registry-.*|io\.micrometer:micrometer-core|io\.prometheus:.*|prom-client|express-prom-bundle|@willsoto/nestjs-prometheus|prometheus[-_]client|django-prometheus|prometheus-flask-exporter|prometheus-fastapi-instrumentator|starlette-exporter|github\.com/prometheus/client_golang|prometheus-net.*|prometheus_exporter|yabeda.*|prometheus-client-mmap|@opentelemetry/sdk-metrics|opentelemetry-sdk|io\.opentelemetry:opentelemetry-sdk-metrics|hot-shots|statsd|node-statsd|dogstatsd-ruby|datadog|io\.quarkus:quarkus-micrometer.*)$`)

// architecture#req-15: health, readiness and metrics in forms monitoring
// stacks consume. Health and metrics together pass; anything less is for a
// reviewer: a health check or a metrics endpoint may be served by code or
// infrastructure the repository does not show.
func observability(in *Input) Result {
	r := in.Repo
	var health, metrics []report.Evidence
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			switch {
			case healthPath.MatchString(op.Path):
				health = append(health, specLine(s, op.Line))
			case prometheusPath.MatchString(op.Path), metricsPath.MatchString(op.Path) && returnsExposition(op):
				metrics = append(metrics, specLine(s, op.Line))
			}
		}
	}
	for _, d := range r.Dockerfiles {
		for _, st := range d.Stages {
			for _, ins := range st.Instructions {
				if ins.Cmd == "HEALTHCHECK" && !strings.EqualFold(strings.TrimSpace(ins.Args), "NONE") {
					health = append(health, report.At(d.Path, ins.Line))
				}
			}
		}
	}
	for _, cs := range composeServices(r) {
		// A datastore's own health check says nothing of the application's.
		if cs.svc.Healthcheck && !isStoreImage(cs.svc.Image) {
			health = append(health, report.At(cs.file, cs.svc.Line))
		}
	}
	for _, m := range r.K8s {
		if m.Probes {
			health = append(health, report.At(m.Path, m.Line))
		}
		if m.Kind == "ServiceMonitor" || m.Kind == "PodMonitor" {
			metrics = append(metrics, report.At(m.Path, m.Line))
		}
	}
	health = append(health, directDepMatching(r, healthDep)...)
	metrics = append(metrics, directDepMatching(r, metricsDep)...)
	switch {
	case len(health) > 0 && len(metrics) > 0:
		return passWith("health checks and metrics are in place", append(health[:1], metrics[:1]...),
			"that the health check covers critical dependencies and logs reach a monitoring stack needs a reviewer")
	case len(health) > 0:
		return reviewWith("health checks exist, but no Prometheus or OpenTelemetry metrics endpoint or library was found; show how metrics reach a monitoring stack", health)
	case len(metrics) > 0:
		return reviewWith("a metrics library or endpoint exists, but no health or readiness check (endpoint, health library, HEALTHCHECK or probe) was found; show the health checks", metrics)
	}
	return reviewWith("no health, readiness or metrics endpoint, library, HEALTHCHECK or probe was found in the repository; show how the running system is monitored", nil)
}

// returnsExposition reports whether an operation's successful response can
// be the Prometheus or OpenMetrics text format: it says so, or declares no
// media type at all. A /metrics answering JSON is an application's own
// statistics.
func returnsExposition(op *openapi.Operation) bool {
	declared := false
	for _, resp := range op.Responses {
		if !strings.HasPrefix(resp.Code, "2") {
			continue
		}
		for _, mt := range resp.Content {
			declared = true
			if exposition.MatchString(mt.Type) {
				return true
			}
		}
	}
	return !declared
}

// architecture#req-17: deprecated operations announce their end with a
// Sunset header (RFC 8594).
func deprecationLifecycle(in *Input) Result {
	var dep, bad []report.Evidence
	var items []string
	for _, s := range openAPIs(in.Repo) {
		for _, op := range s.Doc.Operations {
			if !op.Deprecated {
				continue
			}
			dep = append(dep, specLine(s, op.Line))
			if !hasResponseHeader(op.Responses, "sunset") {
				bad = append(bad, specLine(s, op.Line))
				items = append(items, fmt.Sprintf("%s %s (%s:%d)", op.Method, op.Path, s.Path, op.Line))
			}
		}
	}
	switch {
	case len(dep) == 0:
		return notApplicable("no deprecated operation")
	case len(bad) > 0:
		return failWith("deprecated operations without a Sunset header: "+listUpTo(items, 3), bad)
	}
	return passWith("deprecated operations announce their Sunset date", dep)
}

// headerParam returns the first header parameter of a document whose name
// matches re.
func headerParam(d *openapi.Doc, re *lazyregexp.Regexp) (openapi.Parameter, bool) {
	for _, op := range d.Operations {
		for _, p := range op.Parameters {
			if p.In == "header" && re.MatchString(p.Name) {
				return p, true
			}
		}
	}
	return openapi.Parameter{}, false
}

func hasResponseHeader(rs []openapi.Response, name string) bool {
	for _, r := range rs {
		for _, h := range r.Headers {
			if strings.EqualFold(h, name) {
				return true
			}
		}
	}
	return false
}

// architecture#req-19: asynchronous messages follow a published schema.
// It applies to messages between building blocks: a background job queue
// inside the application is not that.
func asyncSchemas(in *Input) Result {
	r := in.Repo
	var specs []report.Evidence
	for _, s := range r.APISpecs {
		if s.Kind == "asyncapi" {
			specs = append(specs, report.At(s.Path, s.Line))
		}
	}
	specs = append(specs, filesMatching(r, lazyregexp.New(`(?i)cloudevents|(^|/)events?/[^/]+\.schema\.json$|\.avsc$`), 2)...)
	switch {
	case len(specs) > 0:
		return passWith("message and event schemas are published (AsyncAPI, CloudEvents, Avro or JSON Schema)", specs)
	case len(messagingEvidence(r)) > 0:
		return failWith("the project uses a message broker but publishes no AsyncAPI or event schemas", messagingEvidence(r))
	}
	if q := directDepMatching(r, taskQueueDep); len(q) > 0 {
		return notApplicable("only a background job queue is in use, for work inside the application; no messages between building blocks were found", q...)
	}
	return notApplicable("no asynchronous messaging found")
}
