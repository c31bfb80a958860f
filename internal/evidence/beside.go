package evidence

import "sync"

// beside runs work that needs nothing of the walk but its own input on a
// goroutine beside the walk, in the order given: parsing a document's
// Markdown or reStructuredText was a tenth of a walk. wait returns when
// all of it is done; nothing the work writes is read before.
type beside struct {
	jobs chan func()
	done sync.WaitGroup
}

func (s *beside) start() {
	jobs := make(chan func(), 256)
	s.jobs = jobs
	s.done.Go(func() {
		for job := range jobs {
			job()
		}
	})
}

// running reports whether the goroutine is running.
func (s *beside) running() bool { return s.jobs != nil }

// do runs job beside the walk, or at once when the goroutine is not
// running.
func (s *beside) do(job func()) {
	if s.jobs == nil {
		job()
		return
	}
	s.jobs <- job
}

// wait returns when every job given has run, and stops the goroutine.
func (s *beside) wait() {
	if s.jobs != nil {
		close(s.jobs)
		s.jobs = nil
		s.done.Wait()
	}
}
