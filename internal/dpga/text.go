package dpga

import (
	"math"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/jsonline"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/textlimit"
)

// clip trims s and cuts it to MaxText bytes on a UTF-8 boundary.
func clip(s string) string {
	return textlimit.Cut(strings.TrimSpace(s), MaxText)
}

// text returns the clipped text of a string node. The records use "" and []
// interchangeably, so a list of strings is joined with newlines; other kinds
// (numbers and booleans included) are unexpected and give "".
func text(n *jsonline.Value) string {
	return clip(rawText(n))
}

// rawText is text without clipping, for URL extraction from long answers.
func rawText(n *jsonline.Value) string {
	switch {
	case n == nil:
		return ""
	case n.Kind == jsonline.String:
		return n.Text
	case n.Kind == jsonline.Array:
		var parts []string
		for _, item := range n.Elems {
			if s := strings.TrimSpace(rawText(leaf(item))); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// leaf returns n when it is a string, number or boolean, otherwise nil.
func leaf(n *jsonline.Value) *jsonline.Value {
	if n == nil || n.Kind == jsonline.Array || n.Kind == jsonline.Object || n.Kind == jsonline.Null {
		return nil
	}
	return n
}

// texts returns the non-empty texts of a list node; a single non-empty text
// is a one-item list. Other kinds give nil.
func texts(n *jsonline.Value) []string {
	var out []string
	switch {
	case n.Is(jsonline.Array):
		for _, item := range n.Elems {
			if s := text(leaf(item)); s != "" {
				out = appendCapped(out, s)
			}
		}
	case leaf(n) != nil:
		if s := text(n); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// firstText returns the text of the first of keys that has one in object n.
func firstText(n *jsonline.Value, keys ...string) string {
	for _, k := range keys {
		if s := text(n.Get(k)); s != "" {
			return s
		}
	}
	return ""
}

// urlPattern finds http(s) URLs in free text.
var urlPattern = lazyregexp.New(`https?://[^\s<>"'` + "`" + `]+`)

// urls returns the distinct URLs written in s, without trailing punctuation.
func urls(s string) []string {
	var out []string
	for _, u := range urlPattern.FindAllString(s, MaxItems) {
		u = clip(strings.TrimRight(u, ".,;:!?)]}*"))
		if len(u) > len("https://") && !contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// firstURL returns the first URL in s, or s itself (trimmed) when it has none.
func firstURL(s string) string {
	if u := urls(s); len(u) > 0 {
		return u[0]
	}
	return clip(s)
}

// sdgGoal matches "SDG16", "SDG 16", "SDG #16" and "Goal 16" in portal labels.
var sdgGoal = lazyregexp.New(`(?i)(?:sdg|goal)\s*#?\s*0*([0-9]{1,2})\b`)

// goal returns the SDG number (1-17) of a number node or of a text such as
// "16", "16.0" or "SDG16: Peace, Justice and Strong Institutions", or 0.
func goal(n *jsonline.Value) int {
	n = leaf(n)
	if n == nil {
		return 0
	}
	s := strings.TrimSpace(n.Text)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f >= 1 && f <= 17 && f == math.Trunc(f) {
			return int(f)
		}
		return 0
	}
	if m := sdgGoal.FindStringSubmatch(s); m != nil {
		if g, err := strconv.Atoi(m[1]); err == nil && g >= 1 && g <= 17 {
			return g
		}
	}
	return 0
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// appendCapped appends items to list without letting it exceed MaxItems.
func appendCapped[T any](list []T, items ...T) []T {
	room := MaxItems - len(list)
	if room <= 0 {
		return list
	}
	if len(items) > room {
		items = items[:room]
	}
	return append(list, items...)
}

// appendNew appends the items of add that list does not hold yet, up to
// MaxItems.
func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if s != "" && !contains(list, s) {
			list = appendCapped(list, s)
		}
	}
	return list
}
