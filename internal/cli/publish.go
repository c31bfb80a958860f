package cli

import (
	"context"
	"net/http"
	"time"
)

// publishSettings bound the action's conversation with GitHub.
type publishSettings struct {
	transport      http.RoundTripper // nil: the default transport
	requestTimeout time.Duration     // each request; 0: github.DefaultRequestTimeout
	budget         time.Duration     // all publishing steps together; 0: publish.DefaultBudget
	sleep          func(context.Context, time.Duration) error
}
