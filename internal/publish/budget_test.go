package publish

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestBudgetCountsOnlyPublishingTime: the budget is spent inside the steps
// only (the evaluation between them does not count), and once it is spent the
// later steps are skipped, naming the step it ran out in.
func TestBudgetCountsOnlyPublishingTime(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := New(nil, Target{}, time.Minute, func() time.Time { return clock }, nil)
	spend := func(d time.Duration) func(context.Context) error {
		return func(context.Context) error { clock = clock.Add(d); return nil }
	}
	if err := p.Step(context.Background(), "create the check run", spend(40*time.Second)); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour) // the evaluation
	if err := p.Step(context.Background(), "update the pull-request comment", spend(30*time.Second)); err != nil {
		t.Fatalf("the evaluation's time was counted: %v", err)
	}
	ran := false
	err := p.Step(context.Background(), "complete the check run", func(context.Context) error { ran = true; return nil })
	var be *BudgetError
	if ran || !errors.As(err, &be) || !strings.Contains(err.Error(), "ran out while dpgcheck tried to update the pull-request comment") {
		t.Errorf("after the budget was spent: ran = %v, err = %v", ran, err)
	}
	if len(p.Failures) != 1 || p.Failures[0].What != "complete the check run" {
		t.Errorf("the skipped step is not recorded as a failure: %+v", p.Failures)
	}
}
