package gitfs

import (
	"errors"
	"fmt"
)

// ErrNotInCheckout is wrapped by errors about objects the checkout does not
// have: a shallow clone's missing history, a partial clone's missing blobs or
// trees, or a revision that was never fetched.
var ErrNotInCheckout = errors.New("object not in the checkout")

// ErrUnreadableObject is wrapped by every error about an object that could
// not be read: one the checkout does not have (which also wraps
// ErrNotInCheckout), one over its size cap, a damaged pack or loose object,
// a delta that does not produce the size it declares, or content that does
// not match its name. A reader of a tree that meets it knows the tree is
// incomplete, as opposed to a path that does not exist (fs.ErrNotExist).
var ErrUnreadableObject = errors.New("object cannot be read")

// errClosed is returned by reads from a closed Repo.
var errClosed = errors.New("gitfs: repository is closed")

// objectErr is what was wrong with the object named h.
type objectErr struct {
	h   Hash
	err error
}

func (e *objectErr) Error() string { return fmt.Sprintf("gitfs: object %s: %v", e.h, e.err) }

// Unwrap gives the cause and ErrUnreadableObject.
func (e *objectErr) Unwrap() []error { return []error{e.err, ErrUnreadableObject} }

// objectError describes what was wrong with the object named h.
func objectError(h Hash, err error) error {
	return &objectErr{h: h, err: err}
}

// notFound is the error for an object no store has.
func notFound(h Hash) error {
	return objectError(h, ErrNotInCheckout)
}
