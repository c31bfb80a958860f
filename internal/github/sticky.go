package github

import (
	"context"
	"fmt"
)

// CommentMode says when dpgcheck comments on a pull request.
type CommentMode string

// Comment modes (the Action's "comment" input).
const (
	CommentAlways    CommentMode = "always"     // create or update on every run
	CommentOnFailure CommentMode = "on-failure" // create only when failing; always update an existing comment
	CommentOnChange  CommentMode = "on-change"  // create or update only when the outcomes differ from the comment's
	CommentNever     CommentMode = "never"
)

// ParseCommentMode parses the comment input.
func ParseCommentMode(s string) (CommentMode, error) {
	switch m := CommentMode(s); m {
	case CommentAlways, CommentOnFailure, CommentOnChange, CommentNever:
		return m, nil
	}
	return "", fmt.Errorf("comment %q is not one of always, on-failure, on-change, never", s)
}

// StickyRequest is one run's wish to show its report on a pull request.
type StickyRequest struct {
	Repo    Repo
	PR      int
	Marker  Marker // this run's marker (Key, run, SHA, outcomes)
	Mode    CommentMode
	Failing bool // the verdict fails (for on-failure)
	// Body renders the comment for this run; prev is the marker of the
	// comment being replaced, if any, so the body can say what changed. The
	// body must start with Marker.String().
	Body func(prev *Marker) string
}

// StickyResult says what happened to the comment.
type StickyResult struct {
	Action   string // created, updated, unchanged, skipped-older-run, skipped-mode, duplicate-removed
	Comment  *Comment
	Previous *Marker
}

// Sticky shows a run's report in dpgcheck's one comment for (pull request,
// key): it edits the comment in place, never lets an older run overwrite a
// newer one, and, when two runs create a comment at the same time, the one
// whose comment came second deletes it (after moving its report into the
// first when it is the newer run). Steady state: one list and one edit.
func (c *Client) Sticky(ctx context.Context, req StickyRequest) (StickyResult, error) {
	if req.Mode == CommentNever {
		return StickyResult{Action: "skipped-mode"}, nil
	}
	mine, err := c.listSticky(ctx, req.Repo, req.PR, req.Marker.Key)
	if err != nil {
		return StickyResult{}, err
	}
	if len(mine) == 0 {
		if req.Mode == CommentOnFailure && !req.Failing {
			return StickyResult{Action: "skipped-mode"}, nil
		}
		created, err := c.createComment(ctx, req.Repo, req.PR, req.Body(nil))
		if err != nil {
			return StickyResult{}, err
		}
		return c.settleRace(ctx, req, created)
	}
	existing := mine[0]
	for _, dup := range mine[1:] { // left over from an earlier race
		if err := c.deleteComment(ctx, req.Repo, dup.ID); err != nil && !IsNotFound(err) {
			return StickyResult{}, err
		}
	}
	prev := existing.Marker
	switch {
	case prev.NewerThan(req.Marker):
		return StickyResult{Action: "skipped-older-run", Comment: &existing, Previous: &prev}, nil
	case req.Mode == CommentOnChange && sameOutcomes(prev, req.Marker):
		return StickyResult{Action: "unchanged", Comment: &existing, Previous: &prev}, nil
	}
	edited, err := c.editComment(ctx, req.Repo, existing.ID, req.Body(&prev))
	if err != nil {
		return StickyResult{}, err
	}
	return StickyResult{Action: "updated", Comment: &edited, Previous: &prev}, nil
}

// settleRace re-lists after creating a comment. If another run created one
// first (a lower id), this run deletes its own, and moves its report into the
// first comment when it is the newer run.
func (c *Client) settleRace(ctx context.Context, req StickyRequest, created Comment) (StickyResult, error) {
	mine, err := c.listSticky(ctx, req.Repo, req.PR, req.Marker.Key)
	if err != nil {
		return StickyResult{}, err
	}
	if len(mine) == 0 || mine[0].ID == created.ID {
		return StickyResult{Action: "created", Comment: &created}, nil
	}
	winner := mine[0]
	if err := c.deleteComment(ctx, req.Repo, created.ID); err != nil && !IsNotFound(err) {
		return StickyResult{}, err
	}
	if !req.Marker.NewerThan(winner.Marker) {
		return StickyResult{Action: "duplicate-removed", Comment: &winner, Previous: &winner.Marker}, nil
	}
	prev := winner.Marker
	edited, err := c.editComment(ctx, req.Repo, winner.ID, req.Body(&prev))
	if err != nil {
		return StickyResult{}, err
	}
	return StickyResult{Action: "duplicate-removed", Comment: &edited, Previous: &prev}, nil
}

func sameOutcomes(a, b Marker) bool {
	if len(a.Outcomes) != len(b.Outcomes) {
		return false
	}
	for k, v := range a.Outcomes {
		if b.Outcomes[k] != v {
			return false
		}
	}
	return true
}
