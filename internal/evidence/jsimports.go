package evidence

import (
	"bytes"

	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// jsModuleRefs calls add with the module named by every require("x"),
// import("x"), import "x" and ... from "x" in data, in order: the names the
// regular expression
//
//	(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)["']([^"'\s]+)["']
//
// finds (the tests hold it to that), found by hand because a regular
// expression with no literal prefix is run at every byte of every script.
func jsModuleRefs(data []byte, add func(name []byte)) {
	keywords := [...][]byte{[]byte("require"), []byte("import"), []byte("from")}
	next := [len(keywords)]int{}
	find := func(k, from int) {
		if i := bytes.Index(data[from:], keywords[k]); i >= 0 {
			next[k] = from + i
		} else {
			next[k] = -1
		}
	}
	for k := range keywords {
		find(k, 0)
	}
	for {
		k := -1
		for j, at := range next {
			if at >= 0 && (k < 0 || at < next[k]) {
				k = j
			}
		}
		if k < 0 {
			return
		}
		at := next[k]
		end, name := moduleRefAt(data, at, len(keywords[k]), k != 2, k != 0)
		if name == nil {
			find(k, at+1)
			continue
		}
		add(name)
		for j := range keywords {
			if next[j] >= 0 && next[j] < end {
				find(j, end)
			}
		}
	}
}

// moduleRefAt reads a module reference whose keyword (n bytes) starts at
// at: keyword ( "name" when call is allowed, keyword "name" (with white
// space between) when bare is. It returns the end of the reference and the
// name, or a nil name.
func moduleRefAt(data []byte, at, n int, call, bare bool) (int, []byte) {
	if at > 0 && textindex.WordByte(data[at-1]) {
		return 0, nil
	}
	i := at + n
	spaces := skipSpace(data, i)
	if call && spaces < len(data) && data[spaces] == '(' {
		if end, name := quotedName(data, skipSpace(data, spaces+1)); name != nil {
			return end, name
		}
	}
	if bare && spaces > i {
		return quotedName(data, spaces)
	}
	return 0, nil
}

// quotedName reads "name" or 'name' (either quote may close it) at i: a
// name of at least one byte, none of them a quote or white space.
func quotedName(data []byte, i int) (int, []byte) {
	if i >= len(data) || data[i] != '"' && data[i] != '\'' {
		return 0, nil
	}
	j := i + 1
	for j < len(data) && data[j] != '"' && data[j] != '\'' && !textindex.SpaceByte(data[j]) {
		j++
	}
	if j == i+1 || j >= len(data) || data[j] != '"' && data[j] != '\'' {
		return 0, nil
	}
	return j + 1, data[i+1 : j]
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && textindex.SpaceByte(data[i]) {
		i++
	}
	return i
}
