package cli

import (
	"context"
	"fmt"
)

// baseFor finds the base of a pull request: in the local history first,
// then through the API; a base without a tree says why neither worked.
func (a *actionRun) baseFor(ctx context.Context, workspace string) *baseTree {
	e := a.event
	b, err := localBase(workspace, a.in.Path, e.HeadSHA, e.BaseSHA)
	if err == nil {
		return b
	}
	a.log.Info("the base is not in the local history; trying the API", "reason", err)
	reason := fmt.Sprintf("the checkout does not have the base commit (%v)", err)
	if a.client == nil {
		return &baseTree{commit: e.BaseSHA, reason: reason + " and there is no token to download it"}
	}
	b, err = apiBase(ctx, a.client, a.repo, a.in.Path, e.BaseSHA)
	if err != nil {
		return &baseTree{commit: e.BaseSHA, reason: reason + "; " + err.Error()}
	}
	return b
}
