package engine

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/rootfs"
)

// monorepo is a generated 20,000-file monorepo shared by the benchmarks of
// one test binary (written once, removed by TestMain): nested services in
// four languages, sub-package manifests and READMEs, a documentation site
// of prose pages, CI, containers, Helm, Kubernetes, SQL, API descriptions,
// large binary assets and a node_modules tree.
var (
	monorepoMade bool
	monorepo     = sync.OnceValues(writeMonorepo)
)

func TestMain(m *testing.M) {
	code := m.Run()
	if monorepoMade {
		if dir, err := monorepo(); err == nil {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// docPage is a documentation page of ordinary prose, about 3 KB, that names
// a few standards and practices the way real projects do.
func docPage(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Module %d\n\nThis module registers patients and facilities and exchanges records with other systems.\n\n", i)
	topics := []string{
		"It exposes a REST API described with OpenAPI and accepts FHIR resources.",
		"Users sign in with OpenID Connect through Keycloak; tokens follow OAuth 2.0.",
		"Dates are written in ISO 8601 and all timestamps are stored in UTC.",
		"Reports can be exported as CSV or JSON for analysis in other tools.",
		"The service is deployed with Helm on Kubernetes; see the deployment guide.",
		"Personal data is encrypted at rest and access is logged for audits.",
	}
	for p := 0; p < 6; p++ {
		fmt.Fprintf(&b, "## Section %d\n\n", p)
		for s := 0; s < 4; s++ {
			b.WriteString(topics[(i+p+s)%len(topics)])
			b.WriteString(" The configuration lives in environment variables and a YAML file that operators edit before the first start.\n")
		}
		b.WriteString("\n```sh\nmake build && ./run --port 8080\n```\n\n")
	}
	return b.String()
}

func writeMonorepo() (string, error) {
	dir, err := os.MkdirTemp("", "dpgcheck-engine-bench-")
	if err != nil {
		return "", err
	}
	monorepoMade = true
	w := func(name string, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err == nil {
			err = os.WriteFile(p, []byte(data), 0o644)
		}
	}
	mitText, _ := os.ReadFile("../license/testdata/corpus/mit-plain.txt")
	w("LICENSE", string(mitText))
	w("README.md", "# Big\n\nA large monorepo for health information exchange. It implements FHIR R4 and HL7 v2.\n\n"+
		"## Installation\n\n```sh\nmake\n```\n\n## Contributing\n\nSee CONTRIBUTING.md. Report security issues to security@example.org.\n")
	w("CONTRIBUTING.md", "# Contributing\n\nOpen a pull request; every change is reviewed. Run `make test` before.\n")
	w("SECURITY.md", "# Security\n\nReport vulnerabilities privately to security@example.org.\n")
	w("CODE_OF_CONDUCT.md", "# Code of conduct\n\nReport unacceptable behaviour to conduct@example.org.\n")
	w("package.json", `{"name":"big","license":"MIT","dependencies":{"express":"^4","keycloak-connect":"^22"}}`)
	w("go.mod", "module example.org/big\n\ngo 1.26\n\nrequire github.com/lib/pq v1.10.9\n")
	w("Dockerfile", "FROM golang:1.26 AS build\nRUN make\nFROM gcr.io/distroless/static\nUSER 65532\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n")
	w("docker-compose.yml", "services:\n  app:\n    build: .\n    ports: [\"8080:8080\"]\n  db:\n    image: postgres:16\n")
	w(".github/workflows/ci.yml", "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n      - run: npm test\n")
	w(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: {interval: weekly}\n")
	w("api/openapi.yaml", "openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths:\n  /patients:\n    get:\n      responses:\n        '200': {description: ok}\n")
	w("deploy/helm/big/Chart.yaml", "apiVersion: v2\nname: big\nversion: 1.0.0\n")
	w("deploy/helm/big/values.yaml", "image:\n  repository: example/big\n  tag: 1.0.0\nresources:\n  limits: {cpu: 500m, memory: 512Mi}\n")
	w("deploy/helm/big/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n      containers:\n        - name: big\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n")
	files := 15
	src := strings.Repeat("// some code that does things\nfunc f() int { return 1 }\n", 40) // ~2 KB
	for pkg := 0; files < 16500; pkg++ {
		depth := pkg % 12
		base := "services/svc" + fmt.Sprint(pkg%40)
		for d := 0; d < depth; d++ {
			base += fmt.Sprintf("/level%d", d)
		}
		base += fmt.Sprintf("/pkg%d", pkg) // the service and depth repeat every 120 packages
		if pkg%25 == 0 {
			w(base+"/package.json", fmt.Sprintf(`{"name":"p%d","license":"MIT","dependencies":{"lodash":"^4"},"devDependencies":{"jest":"^29"}}`, pkg))
			w(base+"/README.md", "# package\n\nDocs for this package, with an example of how to export CSV.\n")
			w(base+"/Dockerfile", "FROM node:22-alpine\nCOPY . .\nCMD [\"node\", \"index.js\"]\n")
			w(base+"/schema.sql", "CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);\n")
			files += 4
		}
		for i := 0; i < 20 && files < 16500; i++ {
			ext := []string{".go", ".py", ".ts", ".java"}[i%4]
			w(fmt.Sprintf("%s/file%d%s", base, i, ext), src)
			files++
		}
	}
	for i := 0; files < 18000; i++ {
		w(fmt.Sprintf("docs/section%d/page%d.md", i%20, i), docPage(i))
		files++
	}
	big := strings.Repeat("\x00", 10<<20)
	for i := 0; i < 3; i++ {
		w(fmt.Sprintf("assets/blob%d.bin", i), big)
		files++
	}
	for files < 20000 {
		w(fmt.Sprintf("node_modules/pkg%d/index.js", files), "module.exports = 1\n")
		files++
	}
	return dir, err
}

func benchmarkEvaluate(b *testing.B, standards []string) {
	dir, err := monorepo()
	if err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	fsys := rootfs.New(root) // as the CLI walks it
	defer fsys.Close()
	detector() // compiled once per process, as in the CLI; not what is measured
	b.ReportAllocs()
	var files int
	var read int64
	cpu := cpuTime()
	for b.Loop() {
		r, err := Evaluate(context.Background(), fsys, Options{Standards: standards, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		files, read = r.Scan.Files, r.Scan.BytesRead
	}
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(read)/1e6, "MB-read")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkEvaluateMonorepoDPG evaluates the 20,000-file monorepo for the
// DPG Standard, warm.
func BenchmarkEvaluateMonorepoDPG(b *testing.B) { benchmarkEvaluate(b, []string{"dpg"}) }

// BenchmarkEvaluateMonorepoDPGGovStack evaluates it for the DPG Standard and
// GovStack's cross-functional requirements.
func BenchmarkEvaluateMonorepoDPGGovStack(b *testing.B) {
	benchmarkEvaluate(b, []string{"dpg", "govstack-cfr"})
}

// BenchmarkReadMonorepo is the yardstick: open and read every regular file
// of the monorepo once, as `find DIR -type f | xargs cat` does.
func BenchmarkReadMonorepo(b *testing.B) {
	dir, err := monorepo()
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if f, err := os.Open(p); err == nil {
					io.Copy(io.Discard, f)
					f.Close()
				}
			}
			return nil
		})
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkReadMonorepoFindXargsCat is the issue's own yardstick, run as it
// is written: `find DIR -type f | xargs cat`, output discarded. It reads
// more slowly than BenchmarkReadMonorepo, which has no processes to start
// and no pipe to write to; the README reports both.
func BenchmarkReadMonorepoFindXargsCat(b *testing.B) {
	dir, err := monorepo()
	if err != nil {
		b.Fatal(err)
	}
	for _, tool := range []string{"sh", "find", "xargs", "cat"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s is not installed: %v", tool, err)
		}
	}
	cpu := childCPUTime()
	for b.Loop() {
		cmd := exec.Command("sh", "-c", `find "$1" -type f -print0 | xargs -0 cat >/dev/null`, "sh", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("find | xargs cat: %v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(childCPUTime()-cpu)/float64(b.N), "cpu-ns/op")
}
