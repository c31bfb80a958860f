package dpga

import (
	"fmt"
	"strings"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
)

// This file reads a registry record for drift (dpgcheck --registry): the
// record the DPGA certified, given by the user rather than found in the
// repository. Unlike Parse it is strict about the fields drift compares —
// a licence without an id, an SDG that is not a goal, a repository without a
// URL or a renewal date that is not a date is an error naming the line and
// the field — because a silently skipped field would hide the very drift the
// user asked about.

// RenewalKeys are the top-level fields read as the date the certification
// must be renewed by. Neither nominee-schema.json nor the portal API
// publishes one; records that carry one use one of these names.
var RenewalKeys = []string{"renewalDate", "renewal", "expiryDate", "expirationDate", "expiresAt", "validUntil"}

// Record is a registry record: the Application, where its facts are, and
// its renewal date when it has one.
type Record struct {
	*Application
	// Repos are the repositories with their lines (Application.Repositories
	// keeps the URLs only).
	Repos []RecordRepo
	// StageLine is the line of "stage"; 0 when absent.
	StageLine int
	// Renewal is the renewal (expiry) date, zero when the record has none;
	// RenewalField names the field it came from and RenewalLine its line.
	Renewal      time.Time
	RenewalField string
	RenewalLine  int
}

// RecordRepo is one repository of a record.
type RecordRepo struct {
	Name string // "main" marks the primary repository
	URL  string
	Line int
}

// ParseRecord reads a registry record. Errors are *ParseError with the line
// and the field at fault.
func ParseRecord(data []byte) (*Record, error) {
	root, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	if root.Get("license") == nil && root.Get("openlicenses") == nil && root.Get("SDGs") == nil &&
		root.Get("sdgs") == nil && root.Get("repositories") == nil && root.Get("repositoryURL") == nil {
		return nil, &ParseError{Line: root.Line, Msg: "no license, SDGs or repositories field: this is not a DPGA registry record (nominee-schema.json)"}
	}
	if err := checkLicences(root); err != nil {
		return nil, err
	}
	if err := checkSDGs(root); err != nil {
		return nil, err
	}
	r := &Record{Application: fromTree(root)}
	if r.Repos, err = recordRepos(root); err != nil {
		return nil, err
	}
	if s := root.Get("stage"); s != nil {
		r.StageLine = s.Line
	}
	for _, key := range RenewalKeys {
		n := root.Get(key)
		if n == nil || n.Kind == jsonline.Null || (n.Kind == jsonline.String && strings.TrimSpace(n.Text) == "") {
			continue
		}
		t, ok := parseDate(n)
		if !ok {
			return nil, &ParseError{Line: n.Line, Msg: fmt.Sprintf("%q is %s, not a date (write YYYY-MM-DD)", key, quoted(n))}
		}
		r.Renewal, r.RenewalField, r.RenewalLine = t, key, n.Line
		break
	}
	return r, nil
}

// checkLicences requires every nominee license entry to name an id.
func checkLicences(root *jsonline.Value) error {
	l := root.Get("license")
	if l == nil || l.Kind == jsonline.Null {
		return nil
	}
	if l.Kind != jsonline.Array && l.Kind != jsonline.String {
		return &ParseError{Line: l.Line, Msg: fmt.Sprintf(`"license" is %s; the nominee schema wants [{"spdx": "MIT", "licenseURL": "https://..."}]`, describe(l))}
	}
	for i, n := range listOf(l) {
		var id *jsonline.Value
		switch n.Kind {
		case jsonline.Object:
			id = n.Get("spdx")
		case jsonline.String:
			id = n
		}
		if !id.Is(jsonline.String) || strings.TrimSpace(id.Text) == "" {
			return &ParseError{Line: n.Line, Msg: fmt.Sprintf("license[%d].spdx is missing or not a licence id", i)}
		}
	}
	return nil
}

// checkSDGs requires every nominee SDG entry to name a goal from 1 to 17.
func checkSDGs(root *jsonline.Value) error {
	for i, n := range listOf(root.Get("SDGs")) {
		g := n
		switch n.Kind {
		case jsonline.Object:
			g = n.Get("SDGNumber")
		case jsonline.Array:
			g = nil
			if len(n.Elems) > 0 {
				g = n.Elems[0]
			}
		}
		if goal(g) == 0 {
			what := "missing"
			if g != nil {
				what = quoted(g)
			}
			return &ParseError{Line: n.Line, Msg: fmt.Sprintf("SDGs[%d].SDGNumber is %s, not a goal from 1 to 17", i, what)}
		}
	}
	return nil
}

// recordRepos reads repositories[{name, url}] (or URLs) and the legacy
// repositoryURL; an entry without a URL is an error.
func recordRepos(root *jsonline.Value) ([]RecordRepo, error) {
	var out []RecordRepo
	for i, n := range listOf(root.Get("repositories")) {
		r := RecordRepo{Line: n.Line}
		if n.Is(jsonline.Object) {
			r.Name, r.URL = text(n.Get("name")), text(n.Get("url"))
		} else {
			r.URL = text(leaf(n))
		}
		if r.URL == "" {
			return nil, &ParseError{Line: n.Line, Msg: fmt.Sprintf("repositories[%d].url is missing", i)}
		}
		out = appendCapped(out, r)
	}
	if n := leaf(root.Get("repositoryURL")); n != nil && text(n) != "" {
		out = appendCapped(out, RecordRepo{Name: "main", URL: text(n), Line: n.Line})
	}
	return out, nil
}

// parseDate reads a date written as YYYY-MM-DD, an RFC 3339 time or
// "YYYY-MM-DD hh:mm:ss" (the portal's MySQL form).
func parseDate(n *jsonline.Value) (time.Time, bool) {
	if !n.Is(jsonline.String) {
		return time.Time{}, false
	}
	s := strings.TrimSpace(n.Text)
	for _, layout := range []string{time.DateOnly, time.RFC3339, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// quoted shows a leaf value in a message, cut short.
func quoted(n *jsonline.Value) string {
	if l := leaf(n); l != nil {
		s := l.Text
		if len(s) > 40 {
			s = textlimit.Cut(s, 40) + "…"
		}
		if l.Kind == jsonline.String {
			return fmt.Sprintf("%q", s)
		}
		return s
	}
	return describe(n)
}
