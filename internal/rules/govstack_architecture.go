package rules

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/manifest"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// architecture#req-1: autonomous: the compose files need nothing outside.
func autonomous(in *Input) Result {
	r := in.Repo
	if len(r.Compose) == 0 {
		return reviewWith("no compose file shows how the building block runs on its own; a reviewer needs evidence that it starts without other building blocks", nil)
	}
	var ext []string
	var ev []report.Evidence
	for _, c := range r.Compose {
		for _, x := range c.External {
			ext = append(ext, fmt.Sprintf("%s (%s:%d)", x.Name, c.Path, x.Line))
			ev = append(ev, report.At(c.Path, x.Line))
		}
	}
	if len(ext) > 0 {
		return failWith("the compose files need resources that exist outside them: "+listUpTo(ext, 4), ev)
	}
	return passWith("the compose files declare everything the building block needs", []report.Evidence{report.At(r.Compose[0].Path, 1)})
}

var imHeader = regexp.MustCompile(`(?i)^(x-road-client|x-govstack-client|information-mediator-client|x-road-id|x-road-userid)$`)
var imPath = regexp.MustCompile(`/r1/[^/]+/[^/]+/[^/]+/[^/]+`)
var imImage = regexp.MustCompile(`(?i)xroad|x-road|security-server`)
var imEnv = regexp.MustCompile(`(?i)^(IM_CLIENT|XROAD_.*|X_ROAD_.*|SECURITY_SERVER(_URL)?|INFORMATION_MEDIATOR.*)$`)

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
		return passWith("no database or volume is shared between services", append([]report.Evidence{report.At(r.Compose[0].Path, 1)}, imEv...), details...)
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

var semverRE = regexp.MustCompile(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
var pathVersion = regexp.MustCompile(`(^|/)v\d+(\.\d+)?(/|$)|\{version\}`)

// architecture#req-3: versioned APIs: semver info.version, or a version in the
// path, server or a header.
func versionedAPIs(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return reviewWith("no API description to read the versioning from", nil)
	}
	var bad []string
	var ev []report.Evidence
	for _, s := range specs {
		d := s.Doc
		ok := semverRE.MatchString(d.InfoVersion)
		for _, sv := range d.Servers {
			ok = ok || pathVersion.MatchString(sv.URL)
		}
		for _, op := range d.Operations {
			ok = ok || pathVersion.MatchString(op.Path)
		}
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: info.version %q is not semantic and no path or server carries a version", s.Path, d.InfoVersion))
			ev = append(ev, specLine(s, d.InfoVersionLine))
		} else {
			ev = append(ev, specLine(s, d.InfoVersionLine))
		}
	}
	if len(bad) > 0 {
		return failWith(bad[0], ev, bad...)
	}
	return passWith("every API description is versioned", ev)
}

// unsafeGetID matches operation ids that start with a state-changing verb as
// a whole word (createPerson, delete_record), not words that merely begin
// like one (postsList, addressSearch, settingsGet).
var unsafeGetID = regexp.MustCompile(`^(?i:create|delete|remove|add|insert|update|set|post|put|patch|cancel|start|stop)([A-Z_.-]|$)`)

// architecture#req-5: GET (and HEAD, OPTIONS) operations must not change
// state: no request body, no create/delete operation ids.
func idempotentMethods(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return reviewWith("no API description to read the HTTP methods from", nil)
	}
	var bad []string
	var ev []report.Evidence
	for _, s := range specs {
		for _, op := range s.Doc.Operations {
			if op.Method != "GET" && op.Method != "HEAD" && op.Method != "OPTIONS" {
				continue
			}
			switch {
			case op.RequestBody != nil:
				bad = append(bad, fmt.Sprintf("%s %s (%s:%d) takes a request body", op.Method, op.Path, s.Path, op.Line))
			case unsafeGetID.MatchString(op.OperationID):
				bad = append(bad, fmt.Sprintf("%s %s (%s:%d) is named %q, which changes state", op.Method, op.Path, s.Path, op.Line, op.OperationID))
			default:
				continue
			}
			ev = append(ev, specLine(s, op.Line))
		}
	}
	if len(bad) > 0 {
		verb := "look"
		if len(bad) == 1 {
			verb = "looks"
		}
		return failWith(fmt.Sprintf("%s %s state-changing: %s", plural(len(bad), "safe-method operation"), verb, listUpTo(bad, 3)), ev, bad...)
	}
	return passWith("no GET, HEAD or OPTIONS operation takes a body or changes state by its name", []report.Evidence{specLine(specs[0], specs[0].Line)})
}

var piiParam = regexp.MustCompile(`(?i)^(national[-_]?id|nin|nid|ssn|social[-_]?security([-_]?number)?|e[-_]?mail([-_]?address)?|phone([-_]?number)?|mobile([-_]?number)?|msisdn|dob|date[-_]?of[-_]?birth|birth[-_]?date|passport([-_]?number)?|card[-_]?number|iban|password|passwd|pass|pin|token|access[-_]?token|refresh[-_]?token|id[-_]?token|api[-_]?key|apikey|secret|client[-_]?secret|session([-_]?id)?|sessionid|jsessionid|auth)$`)

// architecture#req-6: TMF630 part 1: no PII or secrets in URLs (path or
// query parameters).
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
				if (p.In == "path" || p.In == "query") && piiParam.MatchString(p.Name) {
					bad = append(bad, fmt.Sprintf("%s %s puts %q in the %s (%s:%d)", op.Method, op.Path, p.Name, map[string]string{"path": "URL path", "query": "query string"}[p.In], s.Path, p.Line))
					ev = append(ev, specLine(s, p.Line))
				}
			}
		}
	}
	if len(bad) > 0 {
		return Result{Outcome: report.Fail, Evidence: ev[:min(len(ev), 8)], Details: bad,
			Message:     fmt.Sprintf("personal data or secrets in URLs: %s", listUpTo(bad, 2)),
			Remediation: "Move personal identifiers, tokens and passwords out of paths and query strings: send them in the request body (POST) or in headers; URLs end up in logs and browser histories."}
	}
	return passWith("no personal data or secret is carried in a URL", []report.Evidence{specLine(specs[0], specs[0].Line)})
}

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
		return reviewWith(fmt.Sprintf("the SQL files create %s: %s; confirm none holds business logic (timestamp and audit triggers are fine)",
			plural(len(items), "database object"), listUpTo(items, 3)), ev, items...)
	}
	switch {
	case r.SQLFiles > 0:
		return passWith(fmt.Sprintf("no trigger, stored procedure or function in %s", plural(r.SQLFiles, "SQL file")), nil)
	case usesDatabase(r):
		return reviewWith("the project uses a database but has no SQL files to inspect; show that no business logic lives in the database", nil)
	}
	return notApplicable("no database")
}

var brokerImage = regexp.MustCompile(`(?i)(kafka|rabbitmq|nats|activemq|artemis|pulsar|redpanda|mosquitto|emqx|zeromq)`)
var brokerDep = regexp.MustCompile(`(?i)^(kafkajs|amqplib|pika|aio-pika|confluent-kafka|kafka-python|nats|nats\.py|org\.springframework\.kafka:.*|org\.springframework\.boot:spring-boot-starter-amqp|github\.com/segmentio/kafka-go|github\.com/nats-io/nats\.go|github\.com/rabbitmq/amqp091-go|celery|bullmq|@nestjs/microservices)$`)

func asyncEvidence(r *evidence.Repo) []report.Evidence {
	var ev []report.Evidence
	for _, img := range imagesOf(r) {
		if brokerImage.MatchString(img.ref) {
			ev = append(ev, img.at)
		}
	}
	for _, s := range r.APISpecs {
		if s.Kind == "asyncapi" {
			ev = append(ev, report.At(s.Path, s.Line))
		}
	}
	return append(ev, depMatching(r, brokerDep)...)
}

// architecture#req-11: asynchronous first.
func asyncFirst(in *Input) Result {
	if ev := asyncEvidence(in.Repo); len(ev) > 0 {
		return passWith("asynchronous messaging is in use (a message broker or AsyncAPI)", ev)
	}
	return manual(in)
}

var resilienceDep = regexp.MustCompile(`(?i)(resilience4j|polly|tenacity|^backoff$|^retry$|retrying|opossum|cockatiel|hystrix|failsafe|gobreaker|cenkalti/backoff|avast/retry-go|axios-retry|p-retry|async-retry)`)

// architecture#req-12: resilience to failures of external systems.
func resilience(in *Input) Result {
	if ev := depMatching(in.Repo, resilienceDep); len(ev) > 0 {
		return passWith("a retry or circuit-breaker library is a dependency", ev, "whether every external call uses it needs a reviewer")
	}
	return manual(in)
}

var correlationHeader = regexp.MustCompile(`(?i)^(x-correlation-?id|x-request-?id|correlation-?id|request-?id|traceparent|tracestate|x-road-id|x-b3-traceid|x-amzn-trace-id|x-cloud-trace-context)$`)
var otelDep = regexp.MustCompile(`(?i)opentelemetry|(^|[/@._-])otel([/._-]|$)|jaeger|zipkin|spring-cloud-starter-sleuth|micrometer-tracing`)

// architecture#req-13: transaction, trace or correlation ids.
func correlationIDs(in *Input) Result {
	r := in.Repo
	var ev []report.Evidence
	for _, s := range openAPIs(r) {
		if p, ok := headerParam(s.Doc, correlationHeader); ok {
			ev = append(ev, specLine(s, p.Line))
		}
	}
	ev = append(ev, depMatching(r, otelDep)...)
	switch {
	case len(ev) > 0:
		return passWith("requests carry correlation or trace ids (headers in the API description, or tracing libraries)", ev)
	case len(openAPIs(r)) > 0:
		return failWith("the API description declares no correlation or trace header (X-Correlation-ID, X-Request-ID, traceparent)", nil)
	}
	return manual(in)
}

var callbackParam = regexp.MustCompile(`(?i)callback|webhook|notify[-_]?url|notification[-_]?url`)

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
var healthPath = regexp.MustCompile(`(?i)(^|[^}])/(health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|actuator/health)(/|$)`)
var metricsPath = regexp.MustCompile(`(?i)/(metrics|actuator/prometheus|prometheus)(/|$)`)
var metricsDep = regexp.MustCompile(`(?i)prometheus|micrometer|opentelemetry|prom-client|statsd|dogstatsd`)

// architecture#req-15: health, readiness and metrics endpoints.
func observability(in *Input) Result {
	r := in.Repo
	var health, metrics []report.Evidence
	for _, s := range openAPIs(r) {
		for _, op := range s.Doc.Operations {
			switch {
			case healthPath.MatchString(op.Path):
				health = append(health, specLine(s, op.Line))
			case metricsPath.MatchString(op.Path):
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
		if cs.svc.Healthcheck {
			health = append(health, report.At(cs.file, cs.svc.Line))
		}
	}
	for _, m := range r.K8s {
		if m.Probes {
			health = append(health, report.At(m.Path, m.Line))
		}
	}
	metrics = append(metrics, depMatching(r, metricsDep)...)
	switch {
	case len(health) > 0 && len(metrics) > 0:
		return passWith("health checks and metrics are in place", append(health[:1], metrics[:1]...))
	case len(health) > 0:
		return failWith("health checks exist, but no metrics endpoint or metrics library was found", health)
	case len(metrics) > 0:
		return failWith("metrics exist, but no health or readiness check (endpoint, HEALTHCHECK or probe) was found", metrics)
	}
	return failWith("no health, readiness or metrics endpoint, HEALTHCHECK or probe was found", nil)
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
func headerParam(d *openapi.Doc, re *regexp.Regexp) (openapi.Parameter, bool) {
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
func asyncSchemas(in *Input) Result {
	r := in.Repo
	var specs []report.Evidence
	for _, s := range r.APISpecs {
		if s.Kind == "asyncapi" {
			specs = append(specs, report.At(s.Path, s.Line))
		}
	}
	specs = append(specs, filesMatching(r, regexp.MustCompile(`(?i)cloudevents|(^|/)events?/[^/]+\.schema\.json$`), 2)...)
	switch {
	case len(specs) > 0:
		return passWith("message and event schemas are published (AsyncAPI or CloudEvents)", specs)
	case len(asyncEvidence(r)) > 0:
		return failWith("the project uses asynchronous messaging but publishes no AsyncAPI or event schemas", asyncEvidence(r))
	}
	return notApplicable("no asynchronous messaging found")
}

// directDepMatching returns the first runtime dependency matching re that
// the project declares itself: in a manifest, not a lockfile, and not a
// go.mod "// indirect" requirement. A library a lockfile pulls in for
// another (retry under lerna, OpenTelemetry under an APM agent) is not the
// project's choice.
func directDepMatching(r *evidence.Repo, re *regexp.Regexp) []report.Evidence {
	for _, m := range r.Manifests {
		if m.Kind != manifest.Manifest {
			continue
		}
		for _, d := range m.Deps {
			if !d.Dev && !d.Indirect && re.MatchString(d.Name) {
				return []report.Evidence{report.At(m.Path, d.Line)}
			}
		}
	}
	return nil
}
