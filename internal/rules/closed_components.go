package rules

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// closedHit is a mandatory dependency that is closed or restrictively
// licensed, where it is declared, and the open way out.
type closedHit struct {
	component   string // "MongoDB server"
	what        string // the reference as written: "mongo:7.0", "firebase ^10.7.0"
	why         string
	alternative string
	at          report.Evidence
}

func (h closedHit) line() string {
	return fmt.Sprintf("%s: %s — %s; open alternative: %s", h.at, h.what, h.why, h.alternative)
}

// component is knowledge about one closed or restrictive thing a project can
// depend on, by package name (per ecosystem) or container image.
type component struct {
	name        string
	why         string
	alternative string
	// clientWhy, when set, is why a package match matters: the package is
	// an open client library of a server that is not open (the npm mongodb
	// driver is Apache-2.0; the MongoDB server it talks to is SSPL).
	clientWhy string
	// pkg matches a dependency: ecosystem, package name, version as written.
	pkg func(eco, name, version string) bool
	// lib matches the base name of a compiled library committed in the
	// product (a .jar, .aar, .dll, .so): a closed SDK ships that way.
	lib func(base string) bool
	// image matches a container image: repository path and tag ("" when
	// unpinned); it returns the reason for this version, or "" when the image
	// is fine.
	image func(repo, tag string) string
}

// The DPGA's platform-independence guide (dpg-resources
// docs/platform-independence, 2026) names these; versions are from the
// vendors' licence changes.
var components = []component{
	{
		name: "MongoDB server", alternative: "FerretDB (Apache-2.0, speaks the MongoDB protocol on PostgreSQL) or PostgreSQL",
		why: "MongoDB releases after 2018-10-16 (3.4.18, 3.6.9, 4.0.3 and later) are under the SSPL, which is not an open licence",
		clientWhy: "an open client library (its own licence is Apache-2.0 or similar) of the MongoDB server, whose releases after " +
			"2018-10-16 (3.4.18, 3.6.9, 4.0.3 and later) are under the SSPL, which is not an open licence",
		image: func(repo, tag string) string {
			if !imageNamed(repo, "mongo", "mongodb", "mongodb-community-server", "mongodb-enterprise-server") {
				return ""
			}
			v, ok := version(tag)
			if ok && (v.lt(3, 4, 18) || v.atLeast(3, 6, 0) && v.lt(3, 6, 9) || v.atLeast(4, 0, 0) && v.lt(4, 0, 3)) {
				return ""
			}
			return "MongoDB server under the SSPL (releases after 2018-10-16)"
		},
		pkg: pkgIn(map[string][]string{
			"npm": {"mongodb", "mongoose"}, "pypi": {"pymongo", "motor", "mongoengine", "djongo"}, "go": {"go.mongodb.org/mongo-driver", "go.mongodb.org/mongo-driver/v2"},
			"maven": {"org.mongodb:"}, "rubygems": {"mongo", "mongoid"}, "nuget": {"MongoDB.Driver"}, "composer": {"mongodb/mongodb"},
			"cargo": {"mongodb"}, "hex": {"mongodb_driver", "mongodb"},
		}),
	},
	{
		name: "Elasticsearch or Kibana", alternative: "OpenSearch (Apache-2.0), or Elasticsearch 8.16 or later under AGPL-3.0",
		why: "Elasticsearch and Kibana 7.11 to 8.15 are under the Elastic License 2.0 or the SSPL only",
		image: func(repo, tag string) string {
			if !imageNamed(repo, "elasticsearch", "kibana", "logstash") {
				return ""
			}
			v, ok := version(tag)
			switch {
			case !ok:
				return "unpinned Elastic image: 7.11 to 8.15 are not open; pin 8.16 or later (AGPL-3.0) or use OpenSearch"
			case v.atLeast(7, 11, 0) && v.lt(8, 16, 0):
				return "Elastic License 2.0 or SSPL only (7.11 to 8.15)"
			}
			return ""
		},
		pkg: openUnlessVersion(pkgIn(map[string][]string{
			"npm": {"@elastic/elasticsearch", "elasticsearch"}, "pypi": {"elasticsearch", "elasticsearch-dsl"},
			"maven": {"co.elastic.clients:", "org.elasticsearch.client:"}, "go": {"github.com/elastic/go-elasticsearch"},
			"rubygems": {"elasticsearch"}, "nuget": {"Elastic.Clients.Elasticsearch", "NEST"},
		}), elasticClosed),
	},
	{
		name: "Redis", alternative: "Valkey (BSD-3-Clause), or Redis 8 under AGPL-3.0",
		why: "Redis 7.4 to 7.x is under the RSAL or the SSPL only",
		image: func(repo, tag string) string {
			switch {
			case imageNamed(repo, "redis-stack", "redis-stack-server"):
				return "Redis Stack modules are under the RSAL or the SSPL"
			case !imageNamed(repo, "redis"):
				return ""
			}
			if v, ok := version(tag); ok && v.atLeast(7, 4, 0) && v.lt(8, 0, 0) {
				return "RSAL or SSPL only (Redis 7.4 to 7.x)"
			}
			return ""
		},
	},
	{
		name: "Firebase", alternative: "Supabase or Appwrite (self-hostable, open source), or PostgreSQL with an open identity provider",
		why: "Firebase is a proprietary Google service",
		pkg: pkgPrefix(map[string][]string{
			"npm":   {"firebase", "firebase-admin", "firebase-functions", "@firebase/", "@react-native-firebase/", "react-native-firebase", "@angular/fire", "reactfire"},
			"maven": {"com.google.firebase:"}, "pypi": {"firebase-admin", "pyrebase"}, "go": {"firebase.google.com/go"},
			"nuget": {"FirebaseAdmin"}, "composer": {"kreait/firebase"},
		}),
	},
	{
		name: "Google Maps", alternative: "MapLibre or Leaflet with OpenStreetMap data",
		why: "the Google Maps SDKs and APIs are proprietary",
		pkg: pkgPrefix(map[string][]string{
			"npm":   {"@googlemaps/", "@react-google-maps/api", "google-maps-react", "@vis.gl/react-google-maps", "@angular/google-maps"},
			"maven": {"com.google.android.gms:play-services-maps", "com.google.maps.android:", "com.google.maps:google-maps-services"},
			"pypi":  {"googlemaps"}, "go": {"googlemaps.github.io/maps"},
		}),
	},
	{
		name: "Google Play services", alternative: "the Android platform APIs, or microG",
		why: "Google Play services libraries are proprietary and need Google's services on the device",
		pkg: func(eco, name, _ string) bool {
			return eco == "maven" && strings.HasPrefix(name, "com.google.android.gms:") && !strings.HasPrefix(name, "com.google.android.gms:play-services-maps")
		},
	},
	{
		name: "Mapbox GL JS 2+", alternative: "MapLibre GL JS (the BSD-3-Clause fork of Mapbox GL JS 1.x)",
		why: "Mapbox GL JS 2.0 and later (since December 2020) is under proprietary terms",
		pkg: func(eco, name, ver string) bool {
			v, ok := version(ver)
			return eco == "npm" && name == "mapbox-gl" && (!ok || v.atLeast(2, 0, 0))
		},
	},
	cloudSDK("AWS", map[string][]string{
		"npm": {"aws-sdk", "@aws-sdk/"}, "pypi": {"boto3", "botocore", "aioboto3", "aiobotocore"}, "maven": {"com.amazonaws:", "software.amazon.awssdk:"},
		"go": {"github.com/aws/aws-sdk-go"}, "rubygems": {"aws-sdk"}, "nuget": {"AWSSDK."}, "composer": {"aws/aws-sdk-php"}, "cargo": {"aws-sdk-", "aws-config"},
	}),
	cloudSDK("Google Cloud", map[string][]string{
		"npm": {"@google-cloud/"}, "pypi": {"google-cloud-"}, "maven": {"com.google.cloud:"}, "go": {"cloud.google.com/go"}, "nuget": {"Google.Cloud."},
	}),
	cloudSDK("Azure", map[string][]string{
		"npm": {"@azure/"}, "pypi": {"azure-"}, "maven": {"com.azure:", "com.microsoft.azure:"}, "go": {"github.com/Azure/azure-sdk-for-go"},
		"nuget": {"Azure.", "Microsoft.Azure."},
	}),
	{
		name: "Microsoft Office", alternative: "an open document library (for example NPOI or ClosedXML for spreadsheets) instead of automating Office",
		why: "Office automation (COM interop) needs Microsoft Office, which is proprietary, installed where the project runs",
		pkg: pkgPrefix(map[string][]string{"nuget": {"Microsoft.Office.Interop.", "Microsoft.Office.Core", "Microsoft.Vbe.Interop", "VBIDE"}}),
	},
	{
		name: "Microsoft SQL Server", alternative: "an open database (PostgreSQL, MySQL/MariaDB) through a provider-neutral data layer",
		why: "SQL Server's management objects and types (Microsoft.SqlServer.*) are Microsoft-licensed parts of SQL Server, a proprietary database",
		pkg: pkgPrefix(map[string][]string{"nuget": {"Microsoft.SqlServer."}}),
	},
	{
		name: "New Relic Ruby agent", alternative: "newrelic_rpm 6.12.0 or later (Apache-2.0), or the OpenTelemetry Ruby SDK",
		why: "newrelic_rpm releases before 6.12.0 are under the New Relic agent license agreement, which is not an open licence " +
			"(docs.newrelic.com, Ruby agent licenses)",
		// Only a version read from the file: an unpinned gem installs an
		// open release today.
		pkg: func(eco, name, ver string) bool {
			v, ok := version(ver)
			return eco == "rubygems" && name == "newrelic_rpm" && ok && v.lt(6, 12, 0)
		},
	},
	{
		name: "closed biometric SDK", alternative: "an open matcher (for example SourceAFIS) behind an interface the project owns",
		why: "the biometric SDK is proprietary",
		pkg: func(_, name, _ string) bool { return closedBiometric.MatchString(name) },
		lib: func(base string) bool { return closedBiometric.MatchString(base) },
	},
}

var closedBiometric = lazyregexp.New(`(?i)neurotec|verifinger|verieye|megamatcher|innovatrics|idemia|griaule|morpho\b`)

func cloudSDK(vendor string, names map[string][]string) component {
	return component{
		name:        vendor + " SDK",
		why:         "a hard dependency on one cloud vendor's services ties the project to that vendor",
		alternative: "an abstraction the project owns with an open backend (for example MinIO for object storage, or Apache Libcloud/jclouds)",
		pkg:         pkgPrefix(names),
	}
}

func pkgIn(names map[string][]string) func(eco, name, _ string) bool {
	return func(eco, name, _ string) bool {
		for _, n := range names[eco] {
			if name == n || strings.HasSuffix(n, ":") && strings.HasPrefix(name, n) {
				return true
			}
		}
		return false
	}
}

// openUnlessVersion narrows match to the versions closed reports; a
// version that cannot be read stays a match.
func openUnlessVersion(match func(eco, name, version string) bool, closed func(semver) bool) func(eco, name, version string) bool {
	return func(eco, name, ver string) bool {
		if !match(eco, name, ver) {
			return false
		}
		v, ok := version(ver)
		return !ok || closed(v)
	}
}

// elasticClosed reports a client of Elasticsearch 7.11 to 8.15. A client
// speaks to a server of its own major version: one of 7.10 or earlier
// (sunbird-learning-platform's 6.2.4) is built for an Apache-2.0 server, and
// from 8.16 the server is also under the AGPL-3.0.
func elasticClosed(v semver) bool { return v.atLeast(7, 11, 0) && v.lt(8, 16, 0) }

func pkgPrefix(names map[string][]string) func(eco, name, _ string) bool {
	return func(eco, name, _ string) bool {
		for _, n := range names[eco] {
			if name == n || (strings.HasSuffix(n, "/") || strings.HasSuffix(n, ":") || strings.HasSuffix(n, ".") || strings.HasSuffix(n, "-")) && strings.HasPrefix(name, n) ||
				eco == "go" && strings.HasPrefix(name, n) {
				return true
			}
		}
		return false
	}
}

// imageNamed reports whether an image repository's last element is one of names.
func imageNamed(repo string, names ...string) bool {
	base := path.Base(repo)
	for _, n := range names {
		if base == n {
			return true
		}
	}
	return false
}

// splitImage splits "registry/path/name:tag@digest" into repository and tag.
func splitImage(ref string) (repo, tag string) {
	ref, _, _ = strings.Cut(ref, "@")
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		return ref[:i], ref[i+1:]
	}
	return ref, ""
}

type semver [3]int

var versionRE = lazyregexp.New(`(\d+)(?:\.(\d+))?(?:\.(\d+))?`)

// version reads the first version number of a tag or constraint: "7.0",
// "^2.1.0", "~> 4.0", "7.4-alpine". Variables and "latest" are not versions.
func version(s string) (semver, bool) {
	if strings.Contains(s, "$") {
		return semver{}, false
	}
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return semver{}, false
	}
	var v semver
	for i := range 3 {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	return v, true
}

func (v semver) lt(a, b, c int) bool {
	return v[0] < a || v[0] == a && (v[1] < b || v[1] == b && v[2] < c)
}

func (v semver) atLeast(a, b, c int) bool { return !v.lt(a, b, c) }

// closedHits finds closed or restrictive mandatory dependencies: runtime
// dependencies of manifests and lockfiles, compiled libraries committed in
// the product, container images of Dockerfiles, compose files and Helm
// charts, and publiccode.yml's proprietary dependsOn.
// A component found in a manifest is not repeated from its lockfile.
func closedHits(in *Input) []closedHit {
	r := in.Repo
	var hits []closedHit
	seen := map[string]bool{}
	add := func(key string, h closedHit) {
		if !seen[key] {
			seen[key] = true
			hits = append(hits, h)
		}
	}
	for _, kind := range []string{"manifest", "lockfile"} {
		for _, m := range r.Manifests {
			if string(m.Kind) != kind {
				continue
			}
			for _, d := range m.Deps {
				if d.Dev {
					continue
				}
				for _, c := range components {
					if c.pkg == nil || !c.pkg(string(m.Ecosystem), d.Name, d.Version) {
						continue
					}
					what := strings.TrimSpace(d.Name + " " + d.Version)
					if kind == "lockfile" {
						what += " (via " + path.Base(m.Path) + ")"
					}
					why := c.why
					if c.clientWhy != "" {
						why = c.clientWhy
					}
					add(path.Dir(m.Path)+"\x00"+c.name, closedHit{component: c.name, what: what, why: why,
						alternative: c.alternative, at: report.At(m.Path, d.Line)})
				}
			}
		}
	}
	for _, p := range r.BinaryLibs {
		for _, c := range components {
			if c.lib != nil && c.lib(path.Base(p)) {
				add(path.Dir(p)+"\x00"+c.name, closedHit{component: c.name, what: path.Base(p) + ", committed", why: c.why,
					alternative: c.alternative, at: report.At(p, 0)})
			}
		}
	}
	for _, img := range projectImages(in) {
		repo, tag := splitImage(img.ref)
		for _, c := range components {
			if c.image == nil {
				continue
			}
			if why := c.image(repo, tag); why != "" {
				add(img.ref+"\x00"+c.name, closedHit{component: c.name, what: img.ref, why: why, alternative: c.alternative, at: img.at})
			}
		}
	}
	if pc := r.PublicCode; pc != nil && pc.File != nil {
		for _, d := range pc.File.DependsOn {
			if d.Kind == "proprietary" && !d.Optional {
				hits = append(hits, closedHit{component: d.Name, what: d.Name, why: "publiccode.yml declares it a proprietary mandatory dependency",
					alternative: "name one that works without significant changes to the project", at: report.At(pc.Path, d.Line)})
			}
		}
	}
	return hits
}

type imageUse struct {
	ref string
	at  report.Evidence
}

// projectImages lists the container images the project runs: the final stage
// of each Dockerfile, compose services and Helm values.
func projectImages(in *Input) []imageUse {
	r := in.Repo
	var out []imageUse
	for _, d := range r.Dockerfiles {
		for _, st := range d.Stages {
			if !isStageName(d.Stages, st.Image) {
				out = append(out, imageUse{st.Image, report.At(d.Path, st.Line)})
			}
		}
	}
	for _, c := range r.Compose {
		for _, s := range c.Services {
			if s.Image != "" {
				out = append(out, imageUse{s.Image, report.At(c.Path, s.Line)})
			}
		}
	}
	for _, h := range r.HelmCharts {
		for _, img := range h.Images {
			out = append(out, imageUse{img.Ref, report.At(img.Path, img.Line)})
		}
	}
	return out
}
