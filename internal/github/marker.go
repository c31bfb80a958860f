package github

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Marker is the hidden first line of dpgcheck's sticky comment. It says which
// comment this is (Key: the evaluated path and standards), which run wrote it
// (so an older run never overwrites a newer one) and the outcomes it showed (so
// the next run can say what changed).
type Marker struct {
	Key      string
	RunID    int64
	Attempt  int
	SHA      string
	Outcomes map[string]string // criterion id -> outcome
}

// CommentKey identifies the sticky comment of one (path, standards) pair.
func CommentKey(path string, standards []string) string {
	s := slices.Clone(standards)
	slices.Sort(s)
	return "path=" + path + ";standards=" + strings.Join(s, ",")
}

// markerPrefix starts every marker; a comment is dpgcheck's only if its body
// starts with it.
const markerPrefix = "<!-- dpgcheck:report v1 "

// String renders the marker as an HTML comment. Every field is
// percent-encoded, so no value can close the comment early.
func (m Marker) String() string {
	var outs []string
	for _, id := range slices.Sorted(maps.Keys(m.Outcomes)) {
		outs = append(outs, url.QueryEscape(id)+":"+url.QueryEscape(m.Outcomes[id]))
	}
	return fmt.Sprintf("%skey=%s run=%d.%d sha=%s outcomes=%s -->", markerPrefix, url.QueryEscape(m.Key), m.RunID, m.Attempt,
		url.QueryEscape(m.SHA), strings.Join(outs, ","))
}

var markerLine = lazyregexp.New(`^<!-- dpgcheck:report v1 key=(\S*) run=(\d+)\.(\d+) sha=(\S*) outcomes=(\S*) -->`)

// ParseMarker reads the marker at the start of a comment body.
func ParseMarker(body string) (Marker, bool) {
	m := markerLine.FindStringSubmatch(body)
	if m == nil {
		return Marker{}, false
	}
	key, err1 := url.QueryUnescape(m[1])
	sha, err2 := url.QueryUnescape(m[4])
	run, err3 := strconv.ParseInt(m[2], 10, 64)
	attempt, err4 := strconv.Atoi(m[3])
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return Marker{}, false
	}
	mk := Marker{Key: key, RunID: run, Attempt: attempt, SHA: sha, Outcomes: map[string]string{}}
	if m[5] != "" {
		for _, kv := range strings.Split(m[5], ",") {
			k, v, ok := strings.Cut(kv, ":")
			if !ok {
				continue
			}
			ku, e1 := url.QueryUnescape(k)
			vu, e2 := url.QueryUnescape(v)
			if e1 == nil && e2 == nil {
				mk.Outcomes[ku] = vu
			}
		}
	}
	return mk, true
}

// NewerThan reports whether m was written by a later run than o: a higher run
// id (run ids grow across a repository), or a later attempt of the same run.
func (m Marker) NewerThan(o Marker) bool {
	if m.RunID != o.RunID {
		return m.RunID > o.RunID
	}
	return m.Attempt > o.Attempt
}
