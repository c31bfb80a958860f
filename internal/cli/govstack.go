package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/engine"
)

// govstackChoice is what the user chose of GovStack: the CFR edition and,
// for API conformance, a building block and its reference specification.
type govstackChoice struct {
	version       string // --govstack-version: "2.1" (default) or "23Q4"
	buildingBlock string // --building-block
	referenceSpec string // --reference-spec: a path or an http(s) URL
}

// govstackEditions maps --govstack-version values to catalogue standards.
var govstackEditions = map[string]string{"2.1": "govstack-cfr", "2.1.0": "govstack-cfr", "23q4": "govstack-23q4"}

// selectStandards resolves the --standard list: "govstack" is the edition
// chosen by --govstack-version; ids are checked against the catalogue.
func selectStandards(list []string, g govstackChoice, cat *criteria.Catalog) ([]string, error) {
	edition := "govstack-cfr"
	if g.version != "" {
		e, ok := govstackEditions[strings.ToLower(g.version)]
		if !ok {
			return nil, usagef("--govstack-version %q is not 2.1 or 23Q4", g.version)
		}
		edition = e
	}
	if (g.buildingBlock == "") != (g.referenceSpec == "") {
		return nil, usagef("--building-block and --reference-spec go together: name the building block and give its OpenAPI specification (a file or an https URL)")
	}
	var out []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if s == "govstack" {
			s = edition
		}
		if _, ok := cat.Standard(s); !ok {
			var known []string
			for _, st := range cat.Standards() {
				known = append(known, st.ID)
			}
			return nil, usagef("unknown standard %q; known standards are %s, and govstack (the edition --govstack-version selects)", s, strings.Join(known, ", "))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 && g.buildingBlock == "" {
		return nil, usagef("no standard selected; use --standard dpg, govstack or both")
	}
	if g.version != "" && !slices.ContainsFunc(out, func(s string) bool { return strings.HasPrefix(s, "govstack") }) {
		return nil, usagef("--govstack-version %s is set but no GovStack standard is selected; add --standard govstack", g.version)
	}
	return out, nil
}

// maxReferenceFetch bounds the time to download a reference specification
// or a registry record.
const maxReferenceFetch = 30 * time.Second

func readReference(ctx context.Context, src string, client *http.Client) ([]byte, error) {
	return readSource(ctx, src, client, source{what: "reference specification", flag: "--reference-spec",
		max: engine.MaxReferenceSize, accept: "application/yaml, application/json;q=0.9, */*;q=0.5"})
}

// source says what a file or URL the user named is, for messages and caps.
type source struct {
	what   string // "reference specification"
	flag   string // "--reference-spec"
	max    int    // bytes
	accept string // the Accept header of a download
}

// readSource reads a file, or downloads an http(s) URL within
// maxReferenceFetch, capped at s.max bytes.
func readSource(ctx context.Context, src string, client *http.Client, s source) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		data, err := readFileCapped(src, int64(s.max))
		if err != nil {
			return nil, usagef("read %s: %v", s.what, err)
		}
		if len(data) > s.max {
			return nil, usagef("%s %s is larger than %s", s.what, src, sizeText(s.max))
		}
		return data, nil
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return nil, usagef("%s %q is not a valid URL", s.flag, src)
	}
	ctx, cancel := context.WithTimeout(ctx, maxReferenceFetch)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, usagef("%s: %v", s.flag, err)
	}
	req.Header.Set("Accept", s.accept)
	req.Header.Set("User-Agent", "dpgcheck/"+Version())
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: %w", s.what, redactURL(u), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s %s: HTTP %s", s.what, redactURL(u), resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(s.max)+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: %w", s.what, redactURL(u), err)
	}
	if len(data) > s.max {
		return nil, fmt.Errorf("%s %s is larger than %s", s.what, redactURL(u), sizeText(s.max))
	}
	return data, nil
}

// sizeText says a cap in MB, or KB under a megabyte.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// redactURL drops credentials and the query (which may carry a token) from
// a URL before it is logged or reported.
func redactURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.Fragment = nil, "", ""
	return c.String()
}

// displaySource is how reports name a reference specification: a URL
// without credentials or query, or the path as given.
func displaySource(src string) string {
	if u, err := url.Parse(src); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		return redactURL(u)
	}
	return path.Clean(strings.ReplaceAll(src, "\\", "/"))
}

// pathInside returns file's slash path relative to dir when file is inside
// dir, else "".
func pathInside(dir, file string) string {
	if strings.Contains(file, "://") {
		return ""
	}
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}
