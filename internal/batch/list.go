package batch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a list file: more is not a list of repositories a person wrote
// or a script generated for one batch.
const (
	MaxListBytes = 8 << 20 // the whole file
	MaxLineBytes = 4096    // one line
	MaxItems     = 100_000 // repositories and folders
)

// Item is one line of a list: a repository by name or a folder on this
// machine.
type Item struct {
	Line   int     // where it is in the list, from 1
	Text   string  // as written, trimmed
	Remote *Remote // the repository, or nil for a folder
	Path   string  // the folder as written, for a local item
}

// Key identifies the item: two lines with the same key are the same
// evaluation. Owner and repository names are compared without case, as
// GitHub does; local paths are cleaned.
func (it Item) Key() string {
	if it.Remote != nil {
		return it.Remote.key()
	}
	return "path:" + path.Clean(filepath.ToSlash(it.Path))
}

// String is how reports and progress name the item.
func (it Item) String() string {
	if it.Remote != nil {
		return it.Remote.String()
	}
	return it.Path
}

// hash is the item's digest: its file names and its shard come from it, so
// they depend on what the item is, never on where it is in the list.
func (it Item) hash() [sha256.Size]byte { return sha256.Sum256([]byte(it.Key())) }

// FileName is the name of the item's JSON report in the output folder:
// readable (owner--repo@ref, or the folder's name) and unique (a digest of
// the key). It holds only [A-Za-z0-9._@-] and never starts with a dot.
func (it Item) FileName() string {
	var readable string
	if it.Remote != nil {
		readable = it.Remote.Owner + "--" + it.Remote.Name
		if it.Remote.Ref != "" {
			readable += "@" + it.Remote.Ref
		}
	} else {
		readable = path.Base(path.Clean(filepath.ToSlash(it.Path)))
	}
	h := it.hash()
	return slug(readable) + "-" + hex.EncodeToString(h[:6]) + ReportSuffix
}

// ErrorFileName is the name of the item's error record.
func (it Item) ErrorFileName() string {
	return strings.TrimSuffix(it.FileName(), ReportSuffix) + ErrorSuffix
}

// File name suffixes in an output folder.
const (
	ReportSuffix = ".json"
	ErrorSuffix  = ".error.json"
)

// slug keeps the characters that are safe in a file name on every system
// and cuts the result to a readable length.
func slug(s string) string {
	const max = 80
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= max {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '@':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// ListError is a line of a list that is not a repository or a folder.
type ListError struct {
	Line int // 0 when it concerns the whole list
	Msg  string
}

func (e *ListError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Duplicate is a line that names an item listed before.
type Duplicate struct {
	Line, First int
	Text        string
}

// ParseList reads a list: one item a line, either a repository
// (github.com/OWNER/REPO[@REF], https://HOST/OWNER/REPO[/tree/REF]) or a
// folder on this machine. Blank lines and lines starting with # are
// skipped; an item listed again is evaluated once and reported as a
// Duplicate. It reads at most MaxListBytes; a longer list, a line over
// MaxLineBytes, more than MaxItems items, a line that is not UTF-8 or holds
// control characters, or a malformed repository name is a *ListError.
func ParseList(r io.Reader) ([]Item, []Duplicate, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxListBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxListBytes {
		return nil, nil, &ListError{Msg: fmt.Sprintf("the list is larger than %d MiB", MaxListBytes>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	var items []Item
	var dups []Duplicate
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes+2)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		if len(raw) > MaxLineBytes {
			return nil, nil, &ListError{Line: line, Msg: fmt.Sprintf("longer than %d bytes", MaxLineBytes)}
		}
		text := strings.TrimSpace(raw)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		it, err := parseItem(line, text)
		if err != nil {
			return nil, nil, err
		}
		k := it.Key()
		if first, ok := seen[k]; ok {
			dups = append(dups, Duplicate{Line: line, First: first, Text: text})
			continue
		}
		if len(items) == MaxItems {
			return nil, nil, &ListError{Line: line, Msg: fmt.Sprintf("more than %d items", MaxItems)}
		}
		seen[k] = line
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, &ListError{Line: line + 1, Msg: fmt.Sprintf("longer than %d bytes", MaxLineBytes)}
		}
		return nil, nil, err
	}
	return items, dups, nil
}

func parseItem(line int, text string) (Item, error) {
	if !utf8.ValidString(text) {
		return Item{}, &ListError{Line: line, Msg: "not UTF-8"}
	}
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) }) {
		return Item{}, &ListError{Line: line, Msg: "holds a control character"}
	}
	if IsRemote(text) {
		r, err := ParseRemote(text)
		if err != nil {
			return Item{}, &ListError{Line: line, Msg: fmt.Sprintf("%s: %v (write github.com/OWNER/REPO[@REF] or https://HOST/OWNER/REPO[/tree/REF])", text, err)}
		}
		return Item{Line: line, Text: text, Remote: &r}, nil
	}
	return Item{Line: line, Text: text, Path: text}, nil
}

// Shard is one of Count parts of a list: shard Index of Count, from 1.
type Shard struct {
	Index, Count int
}

// ParseShard reads "i/N" (1 <= i <= N).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	var sh Shard
	if ok {
		_, err1 := fmt.Sscanf(a, "%d", &sh.Index)
		_, err2 := fmt.Sscanf(b, "%d", &sh.Count)
		ok = err1 == nil && err2 == nil && fmt.Sprintf("%d/%d", sh.Index, sh.Count) == s
	}
	if !ok || sh.Count < 1 || sh.Index < 1 || sh.Index > sh.Count || sh.Count > 1024 {
		return Shard{}, fmt.Errorf("--shard %q is not i/N with 1 <= i <= N <= 1024 (for example 1/4)", s)
	}
	return sh, nil
}

// Has reports whether it belongs to the shard. An item's shard is decided
// by a digest of what it is (its key), so every item is in exactly one shard
// of N, and stays there when the list is reordered or grows.
func (sh Shard) Has(it Item) bool {
	if sh.Count <= 1 {
		return true
	}
	h := it.hash()
	return binary.BigEndian.Uint64(h[:8])%uint64(sh.Count) == uint64(sh.Index-1)
}

// Select returns the items of the shard, in list order.
func (sh Shard) Select(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if sh.Has(it) {
			out = append(out, it)
		}
	}
	return out
}
