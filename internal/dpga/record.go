package dpga

import (
	"fmt"
	"strings"
	"time"

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
	if root.get("license") == nil && root.get("openlicenses") == nil && root.get("SDGs") == nil &&
		root.get("sdgs") == nil && root.get("repositories") == nil && root.get("repositoryURL") == nil {
		return nil, &ParseError{Line: root.line, Msg: "no license, SDGs or repositories field: this is not a DPGA registry record (nominee-schema.json)"}
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
	if s := root.get("stage"); s != nil {
		r.StageLine = s.line
	}
	for _, key := range RenewalKeys {
		n := root.get(key)
		if n == nil || n.kind == nullKind || (n.kind == stringKind && strings.TrimSpace(n.text) == "") {
			continue
		}
		t, ok := parseDate(n)
		if !ok {
			return nil, &ParseError{Line: n.line, Msg: fmt.Sprintf("%q is %s, not a date (write YYYY-MM-DD)", key, quoted(n))}
		}
		r.Renewal, r.RenewalField, r.RenewalLine = t, key, n.line
		break
	}
	return r, nil
}

// checkLicences requires every nominee license entry to name an id.
func checkLicences(root *node) error {
	l := root.get("license")
	if l == nil || l.kind == nullKind {
		return nil
	}
	if l.kind != arrayKind && l.kind != stringKind {
		return &ParseError{Line: l.line, Msg: fmt.Sprintf(`"license" is %s; the nominee schema wants [{"spdx": "MIT", "licenseURL": "https://..."}]`, describe(l))}
	}
	for i, n := range listOf(l) {
		var id *node
		switch n.kind {
		case objectKind:
			id = n.get("spdx")
		case stringKind:
			id = n
		}
		if !id.is(stringKind) || strings.TrimSpace(id.text) == "" {
			return &ParseError{Line: n.line, Msg: fmt.Sprintf("license[%d].spdx is missing or not a licence id", i)}
		}
	}
	return nil
}

// checkSDGs requires every nominee SDG entry to name a goal from 1 to 17.
func checkSDGs(root *node) error {
	for i, n := range listOf(root.get("SDGs")) {
		g := n
		switch n.kind {
		case objectKind:
			g = n.get("SDGNumber")
		case arrayKind:
			g = nil
			if len(n.items) > 0 {
				g = n.items[0]
			}
		}
		if goal(g) == 0 {
			what := "missing"
			if g != nil {
				what = quoted(g)
			}
			return &ParseError{Line: n.line, Msg: fmt.Sprintf("SDGs[%d].SDGNumber is %s, not a goal from 1 to 17", i, what)}
		}
	}
	return nil
}

// recordRepos reads repositories[{name, url}] (or URLs) and the legacy
// repositoryURL; an entry without a URL is an error.
func recordRepos(root *node) ([]RecordRepo, error) {
	var out []RecordRepo
	for i, n := range listOf(root.get("repositories")) {
		r := RecordRepo{Line: n.line}
		if n.is(objectKind) {
			r.Name, r.URL = text(n.get("name")), text(n.get("url"))
		} else {
			r.URL = text(leaf(n))
		}
		if r.URL == "" {
			return nil, &ParseError{Line: n.line, Msg: fmt.Sprintf("repositories[%d].url is missing", i)}
		}
		out = appendCapped(out, r)
	}
	if n := leaf(root.get("repositoryURL")); n != nil && text(n) != "" {
		out = appendCapped(out, RecordRepo{Name: "main", URL: text(n), Line: n.line})
	}
	return out, nil
}

// parseDate reads a date written as YYYY-MM-DD, an RFC 3339 time or
// "YYYY-MM-DD hh:mm:ss" (the portal's MySQL form).
func parseDate(n *node) (time.Time, bool) {
	if !n.is(stringKind) {
		return time.Time{}, false
	}
	s := strings.TrimSpace(n.text)
	for _, layout := range []string{time.DateOnly, time.RFC3339, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// quoted shows a leaf value in a message, cut short.
func quoted(n *node) string {
	if l := leaf(n); l != nil {
		s := l.text
		if len(s) > 40 {
			s = textlimit.Cut(s, 40) + "…"
		}
		if l.kind == stringKind {
			return fmt.Sprintf("%q", s)
		}
		return s
	}
	return describe(n)
}
