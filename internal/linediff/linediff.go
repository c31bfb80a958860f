// Package linediff owns line-level comparison of two versions of a text file:
// a pull request's base and head. It finds the hunks that turn the base into
// the head, and maps a base line to the head, because GitHub check-run
// annotations can only point at lines of the head file.
//
// Lines are split at "\n"; a "\r" before the "\n" is not part of the line, so
// "\r\n" and "\n" endings compare equal, and a final line without a newline is
// a line. Lines are numbered from 1.
//
// Diff computes a minimal line diff with Myers' O(ND) algorithm in its
// linear-space form, after trimming the common prefix and suffix. Its work is
// bounded: when either input is over 1 MiB, when the edit distance D (lines
// deleted plus lines inserted) is over 10,000, or when the search would take
// more than about 10^8 steps, Diff gives up on minimality and returns a
// single hunk covering the differing middle: everything between the common
// prefix and the common suffix. That hunk is still a correct (if coarse) diff.
// Diff never panics, whatever the input.
package linediff

import (
	"bytes"
	"strings"
)

// Hunk is one run of changed lines: BaseLines lines of the base, from line
// BaseStart, were replaced by HeadLines lines of the head, from line
// HeadStart. Hunks returned by Diff are in order, never empty, and separated
// by at least one unchanged line.
type Hunk struct {
	// BaseStart is the first base line replaced, and BaseLines their count.
	// When BaseLines is 0 (a pure insertion), BaseStart is the base line
	// after which the head lines were inserted, 0 for the top of the file.
	BaseStart, BaseLines int
	// HeadStart is the first head line inserted, and HeadLines their count.
	// When HeadLines is 0 (a pure deletion), HeadStart is the head line after
	// which the base lines were deleted, 0 for the top of the file.
	HeadStart, HeadLines int
	// AtHeadEnd reports that no head line follows the hunk. Diff sets it so
	// that HeadLine and FirstChange can keep a pure deletion at the end of
	// the file within the head, which the other fields cannot tell from one
	// in the middle. In a Hunk made by hand (say, from a unified diff) left
	// false, such a deletion maps to one past the head's last line.
	AtHeadEnd bool
}

// Default bounds on the work Diff does; see the package documentation.
const (
	maxInputBytes = 1 << 20
	maxEdits      = 10_000
	maxWork       = 100_000_000
)

type limits struct {
	bytes int // largest input diffed line by line
	edits int // largest edit distance searched
	work  int // largest number of search steps (diagonals visited plus lines compared)
}

var defaultLimits = limits{bytes: maxInputBytes, edits: maxEdits, work: maxWork}

// Diff returns the hunks that turn base into head, in order, with adjacent
// changes merged into one hunk. Identical inputs (line endings aside) give no
// hunks. The diff is minimal unless the bounds in the package documentation
// are exceeded, in which case it is one hunk covering the differing middle.
func Diff(base, head []byte) []Hunk {
	return diff(base, head, defaultLimits)
}

// span is a change in 0-based, half-open line ranges: base lines [a0, a1)
// were replaced by head lines [b0, b1).
type span struct{ a0, a1, b0, b1 int }

func diff(base, head []byte, lim limits) []Hunk {
	// Trim the common prefix and suffix on the bytes, without splitting the
	// whole files into lines: it is linear, allocates nothing, and often
	// leaves little to diff.
	prefix := 0
	a, b := base, head
	for len(a) > 0 && len(b) > 0 {
		la, ra := firstLine(a)
		lb, rb := firstLine(b)
		if !bytes.Equal(la, lb) {
			break
		}
		a, b = ra, rb
		prefix++
	}
	suffix := 0
	for len(a) > 0 && len(b) > 0 {
		la, ra := lastLine(a)
		lb, rb := lastLine(b)
		if !bytes.Equal(la, lb) {
			break
		}
		a, b = ra, rb
		suffix++
	}
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	headTotal := prefix + countLines(b) + suffix

	var spans []span
	if len(base) <= lim.bytes && len(head) <= lim.bytes {
		spans = myers(splitLines(string(a)), splitLines(string(b)), lim)
	}
	if spans == nil {
		// Over a bound (or, never expected, a search that failed): one hunk
		// for the whole differing middle.
		spans = []span{{0, countLines(a), 0, countLines(b)}}
	}
	// Merge touching changes, such as a deletion and the insertion that
	// replaces it, then number the lines from 1.
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && merged[n-1].a1 == s.a0 && merged[n-1].b1 == s.b0 {
			merged[n-1].a1, merged[n-1].b1 = s.a1, s.b1
			continue
		}
		merged = append(merged, s)
	}
	hunks := make([]Hunk, len(merged))
	for i, s := range merged {
		h := Hunk{BaseStart: prefix + s.a0, BaseLines: s.a1 - s.a0, HeadStart: prefix + s.b0, HeadLines: s.b1 - s.b0}
		if h.BaseLines > 0 {
			h.BaseStart++
		}
		if h.HeadLines > 0 {
			h.HeadStart++
		}
		h.AtHeadEnd = prefix+s.b1 == headTotal
		hunks[i] = h
	}
	return hunks
}

// HeadLine tells where base line baseLine is, or was, in the head, given the
// hunks Diff returned for the two versions. If the line is unchanged it
// returns its head line number and changed=false, however far insertions and
// deletions above it moved it. If a hunk removed or replaced it, it returns
// changed=true and the head line at that hunk: the first replacement line,
// or for a pure deletion the line just after the deletion point, kept within
// 1 and the head's last line (0 only when the head is empty).
//
// baseLine should be a line of the base; for a number outside it the result
// means nothing, but HeadLine does not panic and never returns a negative
// line.
func HeadLine(hunks []Hunk, baseLine int) (line int, changed bool) {
	if baseLine < 1 {
		return 0, false
	}
	offset := 0
	for i := range hunks {
		h := &hunks[i]
		if h.BaseLines <= 0 {
			// Pure insertion after base line BaseStart.
			if baseLine <= h.BaseStart {
				break
			}
			offset += h.HeadLines
			continue
		}
		if baseLine < h.BaseStart {
			break
		}
		if baseLine-h.BaseStart < h.BaseLines {
			return headPoint(h), true
		}
		offset += h.HeadLines - h.BaseLines
	}
	return max(baseLine+offset, 0), false
}

// FirstChange returns the head line of the first hunk, as HeadLine does for
// a changed line, and ok=false when there are no hunks.
func FirstChange(hunks []Hunk) (headLine int, ok bool) {
	if len(hunks) == 0 {
		return 0, false
	}
	return headPoint(&hunks[0]), true
}

// headPoint is the head line at h: its first line, or for a pure deletion
// the line after the deletion point, kept within 1 and the head's last line.
func headPoint(h *Hunk) int {
	if h.HeadLines > 0 {
		return max(h.HeadStart, 1)
	}
	if h.AtHeadEnd {
		return max(h.HeadStart, 0) // the last line; 0 when the head is empty
	}
	return max(h.HeadStart+1, 1)
}

// firstLine splits off the first line of non-empty b, without its ending.
func firstLine(b []byte) (line, rest []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil
	}
	line, rest = b[:i], b[i+1:]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, rest
}

// lastLine splits off the last line of non-empty b, without its ending.
func lastLine(b []byte) (line, rest []byte) {
	end := len(b)
	terminated := b[end-1] == '\n'
	if terminated {
		end--
	}
	i := bytes.LastIndexByte(b[:end], '\n')
	line, rest = b[i+1:end], b[:i+1]
	if n := len(line); terminated && n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, rest
}

func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// splitLines splits s into lines; they share its memory, so that one
// conversion from []byte is the only copy.
func splitLines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		line := s[:i]
		s = s[i+1:]
		lines = append(lines, strings.TrimSuffix(line, "\r"))
	}
	return lines
}
