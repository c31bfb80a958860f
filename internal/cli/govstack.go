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

// maxReferenceFetch bounds the time to download a reference specification.
const maxReferenceFetch = 30 * time.Second

func readReference(ctx context.Context, src string, client *http.Client) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		data, err := readFileCapped(src, engine.MaxReferenceSize)
		if err != nil {
			return nil, usagef("read reference specification: %v", err)
		}
		if len(data) > engine.MaxReferenceSize {
			return nil, usagef("reference specification %s is larger than %d MB", src, engine.MaxReferenceSize>>20)
		}
		return data, nil
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return nil, usagef("--reference-spec %q is not a valid URL", src)
	}
	ctx, cancel := context.WithTimeout(ctx, maxReferenceFetch)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, usagef("--reference-spec: %v", err)
	}
	req.Header.Set("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5")
	req.Header.Set("User-Agent", "dpgcheck/"+Version())
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch reference specification %s: %w", redactURL(u), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch reference specification %s: HTTP %s", redactURL(u), resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, engine.MaxReferenceSize+1))
	if err != nil {
		return nil, fmt.Errorf("fetch reference specification %s: %w", redactURL(u), err)
	}
	if len(data) > engine.MaxReferenceSize {
		return nil, fmt.Errorf("reference specification %s is larger than %d MB", redactURL(u), engine.MaxReferenceSize>>20)
	}
	return data, nil
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
