package rootfs

import (
	"io/fs"
	"path"
	"slices"
	"sync"
)

// Limits of reading ahead.
const (
	// aheadWorkers list directories beside the walk. Listing is mostly
	// system calls (on file systems whose directory entries carry no type,
	// an lstat per entry), so two keep a walk fed on two CPUs.
	aheadWorkers = 2
	// maxHeld bounds the listings read and not yet asked for, so that a
	// walk that stops early or skips a subtree holds little memory.
	maxHeld = 2048
)

// ahead lists, on a few goroutines, the directories a depth-first walk is
// about to ask for. Each goroutine has its own directory handles (an FS
// beside the walk's on the same root), so the walk's handles stay those
// of the files it opens, and answers are those of ReadDir.
type ahead struct {
	descend func(dir string) bool

	mu      sync.Mutex
	wake    *sync.Cond
	stack   []string            // directories to list; the next is last
	lists   map[string]*listing // queued, being listed, or listed and not yet asked for
	held    int                 // listings done and not yet asked for
	stopped bool
	workers sync.WaitGroup
}

type listing struct {
	taken   bool          // a worker lists it, or the walk does itself
	done    chan struct{} // closed when a worker has listed it
	entries []fs.DirEntry
	err     error
}

// ReadDirAhead starts listing directories before a depth-first walk of f
// (fs.WalkDir) asks for them, descending only into those descend accepts
// (a directory path, "a/b"); descend is called from other goroutines. The
// returned stop ends reading ahead and releases its handles; call it
// before closing the root, and before starting another.
func (f *FS) ReadDirAhead(descend func(dir string) bool) (stop func()) {
	a := &ahead{descend: descend, lists: map[string]*listing{}}
	a.wake = sync.NewCond(&a.mu)
	f.mu.Lock()
	f.ahead = a
	f.mu.Unlock()
	for range aheadWorkers {
		beside := New(f.root)
		a.workers.Go(func() {
			a.work(beside)
			beside.Close()
		})
	}
	return func() {
		a.mu.Lock()
		a.stopped = true
		a.wake.Broadcast()
		a.mu.Unlock()
		a.workers.Wait()
		f.mu.Lock()
		if f.ahead == a {
			f.ahead = nil
		}
		f.mu.Unlock()
	}
}

// work lists directories from the stack until stopped.
func (a *ahead) work(fsys *FS) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		for !a.stopped && (len(a.stack) == 0 || a.held >= maxHeld) {
			a.wake.Wait()
		}
		if a.stopped {
			return
		}
		dir := a.stack[len(a.stack)-1]
		a.stack = a.stack[:len(a.stack)-1]
		l := a.lists[dir]
		if l == nil || l.taken {
			continue // the walk asked for it first
		}
		l.taken = true
		a.mu.Unlock()
		l.entries, l.err = fsys.readDir(dir)
		a.mu.Lock()
		close(l.done)
		a.held++ // until the walk takes it, if it ever does
		if l.err == nil {
			a.pushLocked(dir, l.entries)
		}
	}
}

// take returns the listing of dir if a worker made it, waiting for one
// under way. When a worker has not started on dir, the walk lists it
// itself (ok false), and no worker will.
func (a *ahead) take(dir string) (entries []fs.DirEntry, ok bool) {
	a.mu.Lock()
	l := a.lists[dir]
	if l == nil {
		a.mu.Unlock()
		return nil, false
	}
	delete(a.lists, dir)
	if !l.taken {
		l.taken = true
		a.mu.Unlock()
		return nil, false
	}
	a.mu.Unlock()
	<-l.done
	a.mu.Lock()
	a.held--
	a.wake.Broadcast()
	a.mu.Unlock()
	return l.entries, l.err == nil
}

// push queues the subdirectories of dir that the walk will enter.
func (a *ahead) push(dir string, entries []fs.DirEntry) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pushLocked(dir, entries)
}

func (a *ahead) pushLocked(dir string, entries []fs.DirEntry) {
	if a.stopped {
		return
	}
	pushed := false
	// Entries are sorted; pushed in reverse, the first is listed first,
	// as a depth-first walk asks.
	for _, e := range slices.Backward(entries) {
		if !e.IsDir() {
			continue
		}
		sub := path.Join(dir, e.Name())
		if _, queued := a.lists[sub]; queued || !a.descend(sub) {
			continue
		}
		a.lists[sub] = &listing{done: make(chan struct{})}
		a.stack = append(a.stack, sub)
		pushed = true
	}
	if pushed {
		a.wake.Broadcast()
	}
}
