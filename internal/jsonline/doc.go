// Package jsonline decodes JSON from untrusted repositories into a tree of
// values that remembers the line of every value and every object key, and
// the order of object members. encoding/json gives neither, and dpgcheck
// needs both: findings point at lines, and manifests are read in file order.
// The manifest, OpenAPI and DPGA readers all decode JSON through it.
//
// Where the three readers it replaced behaved differently, this package
// decides once, and says why:
//
//   - Duplicate keys: every member is kept in Members, in file order, and
//     [Value.Get] and [Value.Member] return the last one. JavaScript's
//     JSON.parse (npm, the DPGA registry's tooling, most JSON Schema
//     validators), PHP's json_decode (Composer), Python's json (Pipfile.lock),
//     Go's encoding/json and the YAML-based OpenAPI tools all let the last one
//     win, and RFC 8259 notes that many implementations report the last
//     name/value pair only. The DPGA reader used to take the first one,
//     which was an accident of its loop, not a decision. Callers that must
//     see every occurrence (to report the duplicate) range over Members.
//   - Trailing data after the top-level value is an error, as it is for
//     JSON.parse, json_decode and encoding/json. The OpenAPI fallback reader
//     used to ignore it, again as an accident of where its loop stopped.
//   - A UTF-8 byte order mark at the start is skipped (RFC 8259 allows a
//     parser to ignore it; editors on Windows write one).
//   - Raw control characters inside strings are rejected, as RFC 8259 and
//     every tool above require, unless [Options.ControlCharacters] is set.
//     The OpenAPI reader sets it on purpose: hand-edited specifications
//     contain raw tabs, and OpenAPI tools read JSON with YAML parsers that
//     accept them. Line breaks inside strings are always rejected, so a
//     string never spans lines.
//   - Invalid UTF-8 in strings becomes U+FFFD, as with encoding/json.
//   - Size: every call has a byte cap ([Options.MaxBytes], with a default).
//     A caller that only needs a bounded part of the document caps the
//     members kept per array or object, the values kept in all, and the
//     depth kept; values beyond those caps are read and dropped, not an
//     error. Nesting deeper than 10,000 levels (encoding/json's and the YAML
//     parser's limit) is an error unless the depth kept is capped: the DPGA
//     reader has always accepted any nesting, and with the cap the tree
//     built stays shallow.
//
// The decoder checks the grammar with json.Valid, which does not allocate,
// and then builds the tree in one pass, allocating values in blocks, sharing
// repeated short keys, and sizing each member list once.
package jsonline
