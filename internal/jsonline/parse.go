package jsonline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// DefaultMaxBytes is the byte cap Parse applies when Options.MaxBytes is 0.
const DefaultMaxBytes = 8 << 20

// Options says how much of a document Parse reads and keeps. The zero value
// reads up to DefaultMaxBytes strictly and keeps everything.
type Options struct {
	// MaxBytes caps the input; a longer document is an error. 0 means
	// DefaultMaxBytes.
	MaxBytes int
	// MaxItems caps the members kept of each array or object; later ones
	// are dropped. 0 keeps all.
	MaxItems int
	// MaxValues caps the values kept in all; later ones are dropped. 0
	// keeps all.
	MaxValues int
	// MaxDepth drops values nested MaxDepth or more levels deep (the
	// top-level value is at depth 0, its members at depth 1). With it set
	// (to at most 10,000), a document may nest any number of levels; with
	// 0, everything is kept and nesting beyond 10,000 levels is an error.
	MaxDepth int
	// ControlCharacters accepts raw control characters other than line
	// breaks inside strings, which RFC 8259 forbids.
	ControlCharacters bool
}

// maxNesting is encoding/json's nesting limit, which json.Valid applies.
const maxNesting = 10000

// Error is a document Parse cannot read.
type Error struct {
	// Line is the 1-based line of the fault, or 0 when it has none.
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ErrEmpty is returned for a document that holds nothing but white space.
var ErrEmpty = errors.New("the document is empty")

// byteOrderMark is the UTF-8 byte order mark.
var byteOrderMark = []byte("\xef\xbb\xbf")

// Parse reads data, which must hold exactly one JSON value, into a tree. A
// document that is not JSON gives an *Error with the line of the fault;
// one holding only white space gives ErrEmpty.
func Parse(data []byte, opts Options) (*Value, error) {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if len(data) > limit {
		return nil, &Error{Msg: fmt.Sprintf("the document is %d bytes, more than the limit of %d", len(data), limit)}
	}
	data = bytes.TrimPrefix(data, byteOrderMark)
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return nil, ErrEmpty
	}
	if opts.ControlCharacters {
		data = EscapeControlCharacters(data)
	}
	// json.Valid checks the whole grammar, nesting included, without
	// allocating; the scanner below then only builds.
	if !json.Valid(data) {
		e := syntaxError(data)
		if !strings.HasSuffix(e.Msg, "exceeded max depth") || opts.MaxDepth <= 0 || opts.MaxDepth > maxNesting {
			return nil, e
		}
		// Values this deep are dropped, and skipping them does not
		// recurse, so any depth can be read: check the grammar by
		// streaming tokens, which has no depth limit.
		if err := checkStream(data); err != nil {
			return nil, err
		}
	}
	s := &scanner{data: data, line: 1, opts: opts}
	s.skipSpace()
	return s.value(0), nil
}

// syntaxError describes why json.Valid rejected data.
func syntaxError(data []byte) *Error {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		if err == nil {
			err = errors.New("malformed document")
		}
		return &Error{Line: 1, Msg: err.Error()}
	}
	// Offset counts the bytes read when the fault was found, so the
	// offending byte is the one before it.
	at := min(max(int(se.Offset)-1, 0), len(data))
	msg := se.Error()
	switch {
	case int(se.Offset) >= len(data) && strings.HasPrefix(msg, "unexpected end"):
		at = len(bytes.TrimRight(data, " \t\r\n"))
		at = max(at-1, 0)
		msg = "unexpected end of input"
	case strings.HasSuffix(msg, "after top-level value"):
		msg = "more data after the top-level value"
	}
	return &Error{Line: bytes.Count(data[:at], []byte{'\n'}) + 1, Msg: msg}
}

// checkStream checks the grammar of data token by token, which, unlike
// json.Valid, has no nesting limit.
func checkStream(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	lineOf := func(off int64) int {
		return bytes.Count(data[:min(max(off, 0), int64(len(data)))], []byte{'\n'}) + 1
	}
	for depth := 0; ; {
		tok, err := dec.Token()
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return &Error{Line: lineOf(se.Offset), Msg: se.Error()}
		case err != nil:
			end := int64(len(bytes.TrimRight(data, " \t\r\n")))
			return &Error{Line: lineOf(end - 1), Msg: "unexpected end of input"}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Line: lineOf(dec.InputOffset()), Msg: "more data after the top-level value"}
	}
	return nil
}

// EscapeControlCharacters returns data with raw control characters other
// than line breaks inside JSON strings written as \u escapes, so that the
// grammar accepts them. Line breaks are left alone (they keep line numbers
// right, and a string cannot span lines anyway). data itself is returned
// when there is nothing to escape. Parse does this when
// Options.ControlCharacters is set; it is exported for callers that hand the
// same document to another JSON reader (the OpenAPI validator).
func EscapeControlCharacters(data []byte) []byte {
	var out []byte
	inString, escaped := false, false
	last := 0
	for i, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20 && c != '\n' && c != '\r':
			if out == nil {
				out = make([]byte, 0, len(data)+64)
			}
			out = append(out, data[last:i]...)
			out = fmt.Appendf(out, "\\u%04x", c)
			last = i + 1
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
