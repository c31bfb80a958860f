package gitfs

import (
	"errors"
	"fmt"
)

// ErrNotInCheckout is wrapped by errors about objects the checkout does not
// have: a shallow clone's missing history, a partial clone's missing blobs or
// trees, or a revision that was never fetched.
var ErrNotInCheckout = errors.New("object not in the checkout")

// errClosed is returned by reads from a closed Repo.
var errClosed = errors.New("gitfs: repository is closed")

// objectError describes what was wrong with the object named h.
func objectError(h Hash, err error) error {
	return fmt.Errorf("gitfs: object %s: %w", h, err)
}

// notFound is the error for an object no store has.
func notFound(h Hash) error {
	return objectError(h, ErrNotInCheckout)
}
