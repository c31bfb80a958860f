package evidence

// With GovStack the walk reads every source file and scans it for secrets,
// authentication, imports, SQL objects and copyright headers: half of a
// walk's CPU. That scanning needs nothing of the walk but the file, so it
// runs on the goroutine beside the walk (b.beside), and what it finds is
// recorded on the walk's goroutine, in the walk's order, by the closure it
// returns: an effect. Effects are applied, in order, as they complete;
// every other write to what effects write (a key file's or an archive's
// secret, a SQL file) first applies all pending effects (drain), so the Repo
// is what a walk that scanned each file in turn would build, caps included.

// maxPending bounds the effects waiting to be applied (and the files they
// hold on to).
const maxPending = 512

type effect struct {
	done  chan struct{}
	apply func()
}

// later runs scan beside the walk and queues the effect it returns.
func (b *builder) later(scan func() (apply func())) {
	if len(b.pending) >= maxPending {
		b.applyDone(true)
	} else if !b.holdEffects {
		b.applyDone(false)
	}
	e := &effect{done: make(chan struct{})}
	b.pending = append(b.pending, e)
	b.beside.do(func() {
		e.apply = scan()
		close(e.done)
	})
	if !b.beside.running() {
		b.drain() // nothing beside the walk: recorded at once, in turn
	}
}

// applyDone applies the effects at the head of the queue that are done,
// waiting for the first when wait is set.
func (b *builder) applyDone(wait bool) {
	n := 0
	for _, e := range b.pending {
		if wait && n == 0 {
			<-e.done
		} else {
			select {
			case <-e.done:
			default:
				b.pending = b.pending[n:]
				return
			}
		}
		e.apply()
		n++
	}
	b.pending = b.pending[:0]
}

// drain applies every pending effect, waiting for them.
func (b *builder) drain() {
	for _, e := range b.pending {
		<-e.done
		e.apply()
	}
	b.pending = b.pending[:0]
}

// record applies what a scan found (nil: nothing).
func (b *builder) record(r func(*builder)) {
	if r != nil {
		r(b)
	}
}
