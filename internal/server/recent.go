package server

import "container/list"

// recent remembers the most recent ids (of deliveries, so that one GitHub
// sends again is acted on once; of commits evaluated, so that two events
// about one push do not evaluate it twice). It is bounded: the oldest id is
// forgotten first. Not safe for concurrent use.
type recent struct {
	max   int
	order *list.List // front: the newest
	seen  map[string]*list.Element
}

func newRecent(max int) *recent {
	return &recent{max: max, order: list.New(), seen: map[string]*list.Element{}}
}

// has reports whether id was recorded and not yet forgotten.
func (d *recent) has(id string) bool {
	_, ok := d.seen[id]
	return ok
}

// add records id, forgetting the oldest past the bound.
func (d *recent) add(id string) {
	if e, ok := d.seen[id]; ok {
		d.order.MoveToFront(e)
		return
	}
	d.seen[id] = d.order.PushFront(id)
	for d.order.Len() > d.max {
		oldest := d.order.Back()
		d.order.Remove(oldest)
		delete(d.seen, oldest.Value.(string))
	}
}
