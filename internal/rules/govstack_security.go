package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// security#req-1: transport security. TLS versions need a running endpoint;
// the API descriptions show whether services are served over HTTPS.
func transportSecurity(in *Input) Result {
	var plain, secure []report.Evidence
	var items []string
	for _, s := range openAPIs(in.Repo) {
		for _, sv := range s.Doc.Servers {
			u, err := url.Parse(sv.URL)
			if err != nil {
				continue
			}
			switch {
			case u.Scheme == "http" && !localHost(u.Hostname()):
				plain = append(plain, specLine(s, sv.Line))
				items = append(items, fmt.Sprintf("%s (%s:%d)", sv.URL, s.Path, sv.Line))
			case u.Scheme == "https":
				secure = append(secure, specLine(s, sv.Line))
			}
		}
	}
	if len(plain) > 0 {
		return failWith("services are served over plain HTTP: "+listUpTo(items, 3), plain)
	}
	r := manual(in)
	if len(secure) > 0 {
		r.Evidence = secure
		r.Message = "the API descriptions serve over HTTPS; TLS 1.3 and the cipher suites can only be checked on a running endpoint"
	}
	return r
}

func localHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "::1" || h == "0.0.0.0" || strings.HasSuffix(h, ".local") || !strings.Contains(h, ".")
}

// security#req-3: access control with OIDC, OAuth2 or bearer tokens.
func accessControl(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return manual(in)
	}
	var good, weak []report.Evidence
	var weakNames []string
	for _, s := range specs {
		for _, sc := range s.Doc.SecuritySchemes {
			switch {
			case sc.Type == "oauth2" || sc.Type == "openIdConnect" || sc.Type == "http" && strings.EqualFold(sc.Scheme, "bearer") || sc.Type == "mutualTLS":
				good = append(good, specLine(s, sc.Line))
			default:
				weak = append(weak, specLine(s, sc.Line))
				weakNames = append(weakNames, sc.Name+" ("+sc.Type+")")
			}
		}
	}
	switch {
	case len(good) > 0:
		return passWith("the API declares OAuth2, OpenID Connect or bearer-token security", good)
	case len(weak) > 0:
		return failWith("the API is protected only by "+listUpTo(weakNames, 3)+"; GovStack requires OpenID Connect for users and OAuth2/JWT between machines", weak)
	}
	spec := specLine(specs[0], specs[0].Line)
	if m := in.Repo.AuthMarkers; len(m) > 0 {
		var ev []report.Evidence
		var what []string
		for _, a := range m {
			ev = append(ev, report.At(a.Path, a.Line))
			what = append(what, fmt.Sprintf("%s (%s:%d)", a.What, a.Path, a.Line))
		}
		return reviewWith("the API descriptions declare no security scheme, but the code enforces authentication: "+listUpTo(what, 2)+
			"; a reviewer checks that it is OpenID Connect or OAuth2/JWT and the spec should declare it",
			append([]report.Evidence{spec}, ev...), what...)
	}
	return failWith("the API descriptions declare no security scheme and no code that enforces authentication was found", []report.Evidence{spec})
}

var sbomFile = regexp.MustCompile(`(?i)(^|/)(bom\.(json|xml)|sbom[^/]*\.(json|xml|spdx)|[^/]+\.cdx\.(json|xml)|[^/]+\.spdx(\.json)?)$`)
var sbomStep = regexp.MustCompile(`(?i)syft|cyclonedx|anchore/sbom-action|spdx-sbom-generator|sbom:\s*true|docker sbom|trivy.*--format (cyclonedx|spdx)`)

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

var debugFlag = regexp.MustCompile(`(?i)^(DEBUG|DJANGO_DEBUG|FLASK_DEBUG|APP_DEBUG|SERVER_ERROR_INCLUDE_STACKTRACE)$`)

// devCompose is a compose file for development or tests, where debug output
// is expected: docker-compose.dev.yml, compose.override.yaml ...
var devCompose = regexp.MustCompile(`(?i)[.-](dev|development|local|override|test|testing|ci)\.ya?ml$`)

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

var weakCryptoDep = regexp.MustCompile(`(?i)^(pycrypto|md5|sha1|bcrypt-nodejs|crypto-js)$`)

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

var sanitizerDep = regexp.MustCompile(`(?i)^(dompurify|isomorphic-dompurify|sanitize-html|xss|xss-filters|helmet|bleach|nh3|html-sanitizer|com\.googlecode\.owasp-java-html-sanitizer:owasp-java-html-sanitizer|org\.owasp\.encoder:encoder|github\.com/microcosm-cc/bluemonday|loofah|rails-html-sanitizer|htmlsanitizer|ganss\.xss)$`)

// security#req-6: input and output sanitization.
func sanitization(in *Input) Result {
	return withEvidence(func(in *Input) []report.Evidence {
		return depMatching(in.Repo, sanitizerDep)
	}, "a sanitization library")(in)
}

var gatewayImage = regexp.MustCompile(`(?i)(^|/)(kong|traefik|envoy|apisix|tyk|krakend|nginx|haproxy|gravitee|wso2am|x-road|xroad|caddy)`)

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
