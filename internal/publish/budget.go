package publish

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// DefaultBudget bounds the time all publishing steps of one report together
// (finding the App's installation, the check run, the comment) may spend
// talking to GitHub. It fits two of the longest rate-limit waits dpgcheck
// accepts (90 s each) besides the requests themselves; a GitHub that needs
// longer is down or throttling, and waiting on would only delay what the
// user needs.
const DefaultBudget = 3 * time.Minute

// budget runs the steps that publish to GitHub within one budget of time.
// Only the time spent in those steps counts, not the evaluation between them.
type budget struct {
	total    time.Duration
	left     time.Duration
	now      func() time.Time
	ranOutIn string // the step during which the budget ran out
}

func newBudget(total time.Duration, now func() time.Time) *budget {
	if total <= 0 {
		total = DefaultBudget
	}
	if now == nil {
		now = time.Now
	}
	return &budget{total: total, left: total, now: now}
}

// BudgetError is a publishing step stopped, or skipped, because the
// publishing budget ran out.
type BudgetError struct {
	Budget  time.Duration
	RanOut  string // the step it ran out in
	Skipped bool
}

func (e *BudgetError) Error() string {
	if e.Skipped {
		return fmt.Sprintf("skipped: the publishing budget of %s ran out while dpgcheck tried to %s", e.Budget, e.RanOut)
	}
	return fmt.Sprintf("the publishing budget of %s ran out (GitHub answered too slowly, or asked dpgcheck to wait)", e.Budget)
}

// step runs one publishing step with what is left of the budget.
func (b *budget) step(ctx context.Context, what string, f func(context.Context) error) error {
	if b.left <= 0 {
		return &BudgetError{Budget: b.total, RanOut: b.ranOutIn, Skipped: true}
	}
	sctx, cancel := context.WithTimeout(ctx, b.left)
	defer cancel()
	start := b.now()
	err := f(sctx)
	b.left -= b.now().Sub(start)
	ranOut := errors.Is(sctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	if b.left <= 0 || ranOut {
		b.left = 0
		if b.ranOutIn == "" {
			b.ranOutIn = what
		}
	}
	if err != nil && ranOut {
		return &BudgetError{Budget: b.total, RanOut: what}
	}
	return err
}
