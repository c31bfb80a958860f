package rules

import (
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// security#req-1: transport security. TLS versions need a running endpoint;
// the API descriptions show whether services are served over HTTPS.
func transportSecurity(in *Input) Result {
	var plain, secure []report.Evidence
	var items, aside []string
	for _, s := range openAPIs(in.Repo) {
		for _, sv := range s.Doc.Servers {
			u, err := url.Parse(sv.URL)
			if err != nil {
				continue
			}
			switch {
			case u.Scheme == "http" && nonProductHost(u.Hostname()):
				aside = append(aside, fmt.Sprintf("set aside: %s (%s:%d), a local, development, test or example host", sv.URL, s.Path, sv.Line))
			case u.Scheme == "http":
				plain = append(plain, specLine(s, sv.Line))
				items = append(items, fmt.Sprintf("%s (%s:%d)", sv.URL, s.Path, sv.Line))
			case u.Scheme == "https":
				secure = append(secure, specLine(s, sv.Line))
			}
		}
	}
	if len(aside) > 10 {
		aside = append(aside[:10], "set aside: "+plural(len(aside)-10, "more local, development, test or example host"))
	}
	if len(plain) > 0 {
		return failWith("services are served over plain HTTP: "+listUpTo(items, 3), plain, aside...)
	}
	r := manual(in)
	if len(secure) > 0 {
		r.Evidence = secure
		r.Message = "the API descriptions serve over HTTPS; TLS 1.3 and the cipher suites can only be checked on a running endpoint"
	}
	r.Details = append(r.Details, aside...)
	return r
}

// devLabel is a host name label that names a development, test or staging
// environment: dev, dev2, dev-api, staging, test-server, qa, uat, sandbox.
var devLabel = lazyregexp.New(`(?i)^(dev|develop|development|test|testing|staging|stage|stg|qa|uat|sandbox|local)([0-9]*|-.*)$`)

// reservedTLD are the top-level names reserved for tests, examples and local
// networks (RFC 2606, RFC 6761, RFC 6762, ICANN's .internal).
var reservedTLD = map[string]bool{"local": true, "localhost": true, "test": true, "example": true, "invalid": true, "internal": true, "lan": true, "localdomain": true}

// nonProductHost reports a host that is not where the product is served:
// loopback and unspecified addresses, a container's service name (no dot),
// reserved test and example names (example.com, *.test, *.local), and names
// with a development, test or staging label (dev.sunbirdrc,
// api.staging.example.org). A public name over plain HTTP is not one.
func nonProductHost(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if ip, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		return ip.IsLoopback() || ip.IsUnspecified()
	}
	labels := strings.Split(h, ".")
	if len(labels) == 1 {
		return true
	}
	last := labels[len(labels)-1]
	if reservedTLD[last] {
		return true
	}
	if len(labels) >= 2 && slices.Contains([]string{"example.com", "example.org", "example.net"}, strings.Join(labels[len(labels)-2:], ".")) {
		return true
	}
	return slices.ContainsFunc(labels[:len(labels)-1], devLabel.MatchString)
}

// security#req-3: access control with OIDC, OAuth2 or bearer tokens. A
// scheme counts only where a requirement applies it: one only declared
// (Swagger's `security: []`, no operation naming it) protects nothing.
func accessControl(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return manual(in)
	}
	var good, weak, unapplied []report.Evidence
	var weakNames, unappliedNames []string
	for _, s := range specs {
		for _, sc := range s.Doc.SecuritySchemes {
			switch {
			case !sc.Applied:
				unapplied = append(unapplied, specLine(s, sc.Line))
				unappliedNames = appendNew(unappliedNames, sc.Name+" ("+sc.Type+")")
			case tokenScheme(sc):
				good = append(good, specLine(s, sc.Line))
			default:
				weak = append(weak, specLine(s, sc.Line))
				weakNames = appendNew(weakNames, sc.Name+" ("+sc.Type+")")
			}
		}
	}
	var notes []string
	if len(unapplied) > 0 {
		notes = append(notes, "declared but applied to no operation: "+listUpTo(unappliedNames, 5))
	}
	markers, what := authMarkers(in.Repo.AuthMarkers)
	var tokenMarkers []report.Evidence
	var tokenWhat []string
	for i, a := range in.Repo.AuthMarkers {
		if a.Token {
			tokenMarkers, tokenWhat = append(tokenMarkers, markers[i]), append(tokenWhat, what[i])
		}
	}
	switch {
	case len(good) > 0:
		return passWith("the API applies OAuth2, OpenID Connect or bearer-token security", good, notes...)
	case len(weak) > 0 && len(tokenMarkers) > 0:
		return reviewWith("the API descriptions apply only "+listUpTo(weakNames, 3)+", but the code verifies OAuth2, OpenID Connect or JWT tokens: "+listUpTo(tokenWhat, 2)+
			"; a reviewer checks which endpoints accept only the token and the specs should declare it",
			append(weak[:min(len(weak), 4)], tokenMarkers[:min(len(tokenMarkers), 4)]...), append(tokenWhat, notes...)...)
	case len(weak) > 0:
		return failWith("the API is protected only by "+listUpTo(weakNames, 3)+"; GovStack requires OpenID Connect for users and OAuth2/JWT between machines", weak, notes...)
	case len(markers) > 0 && len(unapplied) > 0:
		return reviewWith("the API descriptions declare "+listUpTo(unappliedNames, 2)+" but apply it to no operation, and the code enforces authentication: "+listUpTo(what, 2)+
			"; a reviewer checks that it is OpenID Connect or OAuth2/JWT and the specs should apply the scheme",
			append(unapplied[:min(len(unapplied), 4)], markers...), what...)
	case len(unapplied) > 0:
		return reviewWith("the API descriptions declare "+listUpTo(unappliedNames, 2)+" but apply it to no operation (no security requirement names it), and no code that enforces authentication was found; "+
			"provide the gateway, proxy or middleware configuration that enforces it, or apply the scheme in the specs",
			unapplied[:min(len(unapplied), 4)], notes...)
	}
	spec := specLine(specs[0], specs[0].Line)
	if len(markers) > 0 {
		return reviewWith("the API descriptions declare no security scheme, but the code enforces authentication: "+listUpTo(what, 2)+
			"; a reviewer checks that it is OpenID Connect or OAuth2/JWT and the spec should declare it",
			append([]report.Evidence{spec}, markers...), what...)
	}
	return failWith("the API descriptions declare no security scheme and no code that enforces authentication was found", []report.Evidence{spec})
}

// appendNew appends s unless list holds it: several specs often declare the
// same scheme.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// tokenScheme is an OAuth2, OpenID Connect, bearer-token or mutual TLS
// security scheme.
func tokenScheme(sc openapi.SecurityScheme) bool {
	return sc.Type == "oauth2" || sc.Type == "openIdConnect" || sc.Type == "http" && strings.EqualFold(sc.Scheme, "bearer") || sc.Type == "mutualTLS"
}

// authMarkers lists code that enforces authentication, as evidence and as
// "what (path:line)".
func authMarkers(m []evidence.AuthMarker) ([]report.Evidence, []string) {
	var ev []report.Evidence
	var what []string
	for _, a := range m {
		ev = append(ev, report.At(a.Path, a.Line))
		what = append(what, fmt.Sprintf("%s (%s:%d)", a.What, a.Path, a.Line))
	}
	return ev, what
}

var sbomFile = lazyregexp.New(`(?i)(^|/)(bom\.(json|xml)|sbom[^/]*\.(json|xml|spdx)|[^/]+\.cdx\.(json|xml)|[^/]+\.spdx(\.json)?)$`)
var sbomStep = docWords.MustCompile(`(?i)syft|cyclonedx|anchore/sbom-action|spdx-sbom-generator|sbom:\s*true|docker sbom|trivy.*--format (cyclonedx|spdx)`)

// security#req-15: an SBOM per release.
func sbom(in *Input) Result {
	if why := specificationReason(in.Repo); why != "" {
		return notApplicable(why)
	}
	ev := append(filesMatching(in.Repo, sbomFile, 2), ciMatching(in.Repo, sbomStep)...)
	if len(ev) > 0 {
		return passWith("an SBOM is produced (CycloneDX or SPDX)", ev)
	}
	return failWith("no SBOM in the repository or its CI", nil)
}

// docsOrManual passes a criterion when the docs mention it, else asks for review.
func docsOrManual(re *textindex.Pattern, what string) func(*Input) Result {
	return func(in *Input) Result {
		if ev := docsMatching(in.Repo, re, 2); len(ev) > 0 {
			return passWith(what+" is documented", ev, "whether the procedure is followed needs a reviewer")
		}
		return manual(in)
	}
}

var debugFlag = lazyregexp.New(`(?i)^(DEBUG|DJANGO_DEBUG|FLASK_DEBUG|APP_DEBUG|SERVER_ERROR_INCLUDE_STACKTRACE)$`)

// devCompose is a compose file for development or tests, where debug output
// is expected: docker-compose.dev.yml, compose.override.yaml ...
var devCompose = lazyregexp.New(`(?i)[.-](dev|development|local|override|test|testing|ci)\.ya?ml$`)

// security#req-16: no stack traces or sensitive data in errors and logs.
func noSensitiveErrors(in *Input) Result {
	var bad []report.Evidence
	var items []string
	for _, cs := range composeServices(in.Repo) {
		if devCompose.MatchString(cs.file) {
			continue
		}
		for _, e := range cs.svc.Environment {
			if debugFlag.MatchString(e.Name) && (strings.EqualFold(e.Value, "true") || e.Value == "1" || strings.EqualFold(e.Value, "always")) {
				bad = append(bad, report.At(cs.file, e.Line))
				items = append(items, fmt.Sprintf("%s sets %s=%s (%s:%d)", cs.svc.Name, e.Name, e.Value, cs.file, e.Line))
			}
		}
	}
	if len(items) > 0 {
		return failWith("debug output is switched on in the deployment: "+listUpTo(items, 2), bad)
	}
	return manual(in)
}

var weakCryptoDep = lazyregexp.New(`(?i)^(pycrypto|md5|sha1|bcrypt-nodejs|crypto-js)$`)

// security#req-2: current cryptographic algorithms. Abandoned or weak
// crypto packages the product itself depends on fail (a lockfile entry
// pulled in by another package, or a development tool, is not the product's
// choice); the algorithms configured at run time need review.
func currentCrypto(in *Input) Result {
	if ev := directDepMatching(in.Repo, weakCryptoDep); len(ev) > 0 {
		return failWith("an abandoned or weak cryptography package is a dependency (pycrypto, md5, sha1, crypto-js ...); use the platform's maintained library (cryptography, Web Crypto, libsodium)", ev)
	}
	return manual(in)
}

var sanitizerDep = lazyregexp.New(`(?i)^(dompurify|isomorphic-dompurify|sanitize-html|xss|xss-filters|helmet|bleach|nh3|html-sanitizer|com\.googlecode\.owasp-java-html-sanitizer:owasp-java-html-sanitizer|org\.owasp\.encoder:encoder|github\.com/microcosm-cc/bluemonday|loofah|rails-html-sanitizer|htmlsanitizer|ganss\.xss)$`)

// security#req-6: input and output sanitization.
func sanitization(in *Input) Result {
	return withEvidence(func(in *Input) []report.Evidence {
		return depMatching(in.Repo, sanitizerDep)
	}, "a sanitization library")(in)
}

var gatewayImage = lazyregexp.New(`(?i)(^|/)(kong|traefik|envoy|apisix|tyk|krakend|nginx|haproxy|gravitee|wso2am|x-road|xroad|caddy)`)

// security#req-9: a secure API gateway in front of the services.
func apiGateway(in *Input) Result {
	return withEvidence(func(in *Input) []report.Evidence {
		var ev []report.Evidence
		for _, img := range imagesOf(in.Repo) {
			if gatewayImage.MatchString(img.ref) {
				ev = append(ev, img.at)
			}
		}
		return ev
	}, "an API gateway or reverse proxy image")(in)
}
