package manifest

import (
	"bytes"
	"sort"
	"strings"
)

// splitLines splits data into lines without their "\n" or "\r\n" terminators.
// Line i of the result is line i+1 of the file.
func splitLines(data []byte) []string {
	text := string(data)
	lines := strings.Split(text, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// lineIndex converts byte offsets into 1-based line numbers.
type lineIndex struct {
	newlines []int // offsets of every '\n'
}

func newLineIndex(data []byte) *lineIndex {
	idx := &lineIndex{}
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		idx.newlines = append(idx.newlines, off+i)
		off += i + 1
	}
	return idx
}

// line returns the 1-based line containing the byte at offset.
func (x *lineIndex) line(offset int) int {
	return sort.SearchInts(x.newlines, offset) + 1
}

// indentOf returns the number of leading spaces and tabs of line.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

// unquote strips one pair of matching single or double quotes around s.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
