package cli

import (
	"context"
	"errors"

	"github.com/dpgcheck/dpgcheck/internal/gitfs"
)

// checkoutAdvice is what makes the base part of the checkout, so that no
// download is needed.
const checkoutAdvice = "to compare with the base, set `fetch-depth: 2` on the actions/checkout step"

// baseFor finds the base of a pull request: in the local history first,
// then through the API; a base without a tree says, in a user's words, why
// neither worked and what to do. GitHub's own answer goes to the log.
func (a *actionRun) baseFor(ctx context.Context, workspace string) *baseTree {
	e := a.event
	b, err := localBase(workspace, a.in.Path, e.HeadSHA, e.BaseSHA)
	if err == nil {
		return b
	}
	a.log.Info("the base is not in the local history; trying the API", "reason", err)
	missing := "the checkout does not have the base commit " + shortSHA(e.BaseSHA)
	if errors.Is(err, gitfs.ErrNotInCheckout) {
		missing = "the checkout is shallow (actions/checkout fetches one commit by default), so it does not have the base commit " + shortSHA(e.BaseSHA)
	}
	if a.client == nil {
		return &baseTree{commit: e.BaseSHA, reason: missing + ", and there is no token to download it; " + checkoutAdvice}
	}
	b, err = apiBase(ctx, a.client, a.repo, a.in.Path, e.BaseSHA)
	if err != nil {
		a.log.Warn("could not download the base from GitHub", "error", err)
		return &baseTree{commit: e.BaseSHA, reason: missing + ", and GitHub did not let dpgcheck download it (its answer is in the step's log); " + checkoutAdvice}
	}
	return b
}
