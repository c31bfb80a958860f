package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// defaultPublishBudget bounds the time all publishing steps together (finding
// the App's installation, the check run, the comment) may spend talking to
// GitHub. It fits two of the longest rate-limit waits dpgcheck accepts (90 s
// each) besides the requests themselves; a GitHub that needs longer is down
// or throttling, and waiting on would only delay the job summary and outputs
// the user needs.
const defaultPublishBudget = 3 * time.Minute

// publishSettings bound the action's conversation with GitHub.
type publishSettings struct {
	transport      http.RoundTripper // nil: the default transport
	requestTimeout time.Duration     // each request; 0: github.DefaultRequestTimeout
	budget         time.Duration     // all publishing steps together; 0: defaultPublishBudget
	sleep          func(context.Context, time.Duration) error
}

// publisher runs the steps that publish to GitHub within one budget of time.
// Only the time spent in those steps counts, not the evaluation between them.
type publisher struct {
	budget   time.Duration
	left     time.Duration
	now      func() time.Time
	ranOutIn string // the step during which the budget ran out
}

func newPublisher(budget time.Duration, now func() time.Time) *publisher {
	if budget <= 0 {
		budget = defaultPublishBudget
	}
	return &publisher{budget: budget, left: budget, now: now}
}

// budgetError is a publishing step stopped, or skipped, because the
// publishing budget ran out.
type budgetError struct {
	budget  time.Duration
	ranOut  string // the step it ran out in
	skipped bool
}

func (e *budgetError) Error() string {
	if e.skipped {
		return fmt.Sprintf("skipped: the publishing budget of %s ran out while dpgcheck tried to %s", e.budget, e.ranOut)
	}
	return fmt.Sprintf("the publishing budget of %s ran out (GitHub answered too slowly, or asked dpgcheck to wait)", e.budget)
}

// step runs one publishing step with what is left of the budget.
func (p *publisher) step(ctx context.Context, what string, f func(context.Context) error) error {
	if p.left <= 0 {
		return &budgetError{budget: p.budget, ranOut: p.ranOutIn, skipped: true}
	}
	sctx, cancel := context.WithTimeout(ctx, p.left)
	defer cancel()
	start := p.now()
	err := f(sctx)
	p.left -= p.now().Sub(start)
	ranOut := errors.Is(sctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	if p.left <= 0 || ranOut {
		p.left = 0
		if p.ranOutIn == "" {
			p.ranOutIn = what
		}
	}
	if err != nil && ranOut {
		return &budgetError{budget: p.budget, ranOut: what}
	}
	return err
}
