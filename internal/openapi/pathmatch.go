package openapi

import (
	"net/url"
	"strings"
)

// Paths are matched as lists of segments. A candidate and a reference
// describe the same operation when their method is the same and some form
// of their paths is equal after normalising: parameter names erased
// ({id} and {personId} both become {}), empty segments and trailing slashes
// dropped. The forms of a path are the path itself, the path with each
// server path prefixed or removed, and each of those with an Information
// Mediator prefix /r1/{instance}/{class}/{code}/{subsystem}[/{service}]
// removed. Each form has a rank (how much was assumed to get it); a pair of
// operations matching through lower ranks wins.

// pathForm is one normalised form of an operation's path.
type pathForm struct {
	key  string
	rank int
}

// pathForms returns the normalised forms of path under the given server
// path prefixes (already normalised into segments), lowest rank first.
func pathForms(path string, servers [][]string) []pathForm {
	own := pathSegments(path)
	type base struct {
		segments []string
		rank     int
	}
	bases := []base{{own, 0}}
	for _, server := range servers {
		bases = append(bases, base{append(append([]string(nil), server...), own...), 1})
		if hasSegmentPrefix(own, server) {
			bases = append(bases, base{own[len(server):], 1})
		}
	}
	var forms []pathForm
	add := func(segments []string, rank int) {
		key := "/" + strings.Join(segments, "/")
		for i, f := range forms {
			if f.key == key {
				forms[i].rank = min(f.rank, rank)
				return
			}
		}
		forms = append(forms, pathForm{key, rank})
	}
	for _, b := range bases {
		add(b.segments, b.rank)
		if isMediatorPath(b.segments) {
			add(b.segments[5:], b.rank+1)
			if len(b.segments) > 6 {
				add(b.segments[6:], b.rank+2) // the service code too
			}
		}
	}
	return forms
}

// isMediatorPath reports whether segments start with an Information
// Mediator prefix: r1 and four more segments (instance, member class,
// member code, subsystem), literal or parameters.
func isMediatorPath(segments []string) bool {
	return len(segments) >= 5 && strings.EqualFold(segments[0], "r1")
}

// pathSegments splits a path into normalised segments: no empty segments,
// and every {name} replaced by {}.
func pathSegments(path string) []string {
	var segments []string
	for s := range strings.SplitSeq(path, "/") {
		if s == "" {
			continue
		}
		segments = append(segments, eraseParameterNames(s))
	}
	return segments
}

// eraseParameterNames replaces each {name} of a segment by {}.
func eraseParameterNames(segment string) string {
	if !strings.Contains(segment, "{") {
		return segment
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(segment, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(segment[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(segment[:open])
		b.WriteString("{}")
		segment = segment[open+end+1:]
	}
	b.WriteString(segment)
	return b.String()
}

// hasSegmentPrefix reports whether segments start with prefix.
func hasSegmentPrefix(segments, prefix []string) bool {
	if len(prefix) > len(segments) {
		return false
	}
	for i, p := range prefix {
		if segments[i] != p {
			return false
		}
	}
	return true
}

// maxServerPrefixes bounds the server prefixes tried for each path.
const maxServerPrefixes = 16

// serverPrefixes returns the distinct, non-empty path prefixes of a
// document's servers, as segments; at most maxServerPrefixes of them.
func serverPrefixes(d *Doc) [][]string {
	var prefixes [][]string
	seen := map[string]bool{}
	for _, s := range d.Servers {
		if len(prefixes) == maxServerPrefixes {
			break
		}
		segments := pathSegments(serverPath(s.URL))
		key := strings.Join(segments, "/")
		if len(segments) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		prefixes = append(prefixes, segments)
	}
	return prefixes
}

// serverPath returns the path part of a server URL: "https://h/api/v1" and
// "h:8080/api/v1" give "/api/v1", "/api/v1" stays, "https://h" gives "".
func serverPath(raw string) string {
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if !strings.HasPrefix(raw, "/") {
		slash := strings.IndexByte(s, '/')
		if slash < 0 {
			return ""
		}
		s = s[slash:]
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if unescaped, err := url.PathUnescape(s); err == nil {
		s = unescaped
	}
	return s
}
