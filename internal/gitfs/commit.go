package gitfs

import (
	"bytes"
	"errors"
	"fmt"
)

// This file parses commit and tag objects: headers of "key value" lines up to
// a blank line, then a message.

// Commit is the part of a commit object that dpgcheck needs.
type Commit struct {
	Hash    Hash   // the commit's name
	Tree    Hash   // its root tree
	Parents []Hash // its parents, first parent first; none for a root commit
}

// Commit reads and parses the commit h. A commit the checkout does not have
// is an error that wraps ErrNotInCheckout.
func (r *Repo) Commit(h Hash) (*Commit, error) {
	data, err := r.readTyped(h, typeCommit)
	if err != nil {
		return nil, err
	}
	c, err := parseCommit(h, data)
	if err != nil {
		return nil, objectError(h, err)
	}
	return c, nil
}

// parseCommit parses the commit object h with content data. As git does, it
// takes the "tree" header, which must come first, and the "parent" headers
// right after it; the other headers and the message are not read.
func parseCommit(h Hash, data []byte) (*Commit, error) {
	c := &Commit{Hash: h}
	line, rest, err := headerLine(data)
	if err != nil {
		return nil, err
	}
	v, ok := bytes.CutPrefix(line, []byte("tree "))
	if !ok {
		return nil, errors.New("commit does not start with a tree header")
	}
	if c.Tree, err = parseHashBytes(v); err != nil {
		return nil, fmt.Errorf("commit tree header: %w", err)
	}
	for {
		line, next, err := headerLine(rest)
		if err != nil || !bytes.HasPrefix(line, []byte("parent ")) {
			break
		}
		p, err := parseHashBytes(line[len("parent "):])
		if err != nil {
			return nil, fmt.Errorf("commit parent header %d: %w", len(c.Parents)+1, err)
		}
		c.Parents = append(c.Parents, p)
		rest = next
	}
	return c, nil
}

// parseTag returns the object an annotated tag points at and that object's
// type, from the "object" and "type" headers that must start the tag.
func parseTag(data []byte) (Hash, objectType, error) {
	line, rest, err := headerLine(data)
	if err != nil {
		return Hash{}, 0, err
	}
	v, ok := bytes.CutPrefix(line, []byte("object "))
	if !ok {
		return Hash{}, 0, errors.New("tag does not start with an object header")
	}
	target, err := parseHashBytes(v)
	if err != nil {
		return Hash{}, 0, fmt.Errorf("tag object header: %w", err)
	}
	line, _, err = headerLine(rest)
	if err != nil {
		return Hash{}, 0, err
	}
	v, ok = bytes.CutPrefix(line, []byte("type "))
	if !ok {
		return Hash{}, 0, errors.New("tag has no type header after its object header")
	}
	t, ok := parseObjectType(v)
	if !ok {
		return Hash{}, 0, fmt.Errorf("tag names an object of unknown type %s", strconvQuote(string(v)))
	}
	return target, t, nil
}

// headerLine splits the first header line off data. A header line must end
// with a newline and must not be empty (the blank line ends the headers).
func headerLine(data []byte) (line, rest []byte, err error) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return nil, nil, errors.New("header line is not terminated")
	}
	if i == 0 {
		return nil, nil, errors.New("headers end early")
	}
	return data[:i], data[i+1:], nil
}

// parseHashBytes parses a full hexadecimal object name.
func parseHashBytes(b []byte) (Hash, error) {
	if !isHashHex(string(b)) {
		return Hash{}, fmt.Errorf("bad object name %s", strconvQuote(string(b)))
	}
	return ParseHash(string(b))
}
