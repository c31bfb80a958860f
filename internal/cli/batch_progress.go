package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// progress shows how far a batch is: on a terminal one bar redrawn in
// place, otherwise (a CI log, a file) one plain line per item.
type progress struct {
	w        io.Writer
	terminal bool
	total    int

	mu           sync.Mutex
	done, failed int
	drawn        bool
}

func newProgress(env Env, total int) *progress {
	return &progress{w: env.Stderr, terminal: isTerminal(env), total: total}
}

// isTerminal reports whether standard error is a terminal that can redraw
// a line.
func isTerminal(env Env) bool {
	if env.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := env.Stderr.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

const barWidth = 30

// step records one item's end; counted is false for an item that is not
// done (its report could not be written).
func (p *progress) step(res batchResult, counted bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if counted {
		p.done++
	}
	if res.failure != nil || !counted {
		p.failed++
	}
	name := safetext.Line(res.item.String())
	var what string
	switch {
	case !counted:
		what = "not written: " + res.err.Error()
	case res.failure != nil:
		what = "failed to evaluate (" + res.failure.Kind + "): " + res.failure.Error
	default:
		what = string(res.verdict)
	}
	if !p.terminal {
		fmt.Fprintf(p.w, "dpgcheck batch: [%d/%d] %s: %s (%s)\n", p.done, p.total, name, safetext.Line(what), res.took.Round(100*time.Millisecond))
		return
	}
	if res.failure != nil || !counted {
		// Failures stay on screen above the bar.
		fmt.Fprintf(p.w, "\r\x1b[K%s: %s\n", name, safetext.Line(what))
	}
	filled := 0
	if p.total > 0 {
		filled = barWidth * p.done / p.total
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled)
	if r := []rune(name); len(r) > 48 {
		name = string(r[:47]) + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s %d/%d · %d failed · %s", bar, p.done, p.total, p.failed, name)
	p.drawn = true
}

// finish ends the bar's line, leaving the bar as it ended.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.drawn {
		fmt.Fprint(p.w, "\n")
	}
}
