package server

import "container/list"

// deliveries remembers the most recent delivery ids, so that a delivery
// GitHub sends again (a redelivery, a replay) is acted on once. It is
// bounded: the oldest id is forgotten first. Not safe for concurrent use.
type deliveries struct {
	max   int
	order *list.List // front: the newest
	seen  map[string]*list.Element
}

func newDeliveries(max int) *deliveries {
	return &deliveries{max: max, order: list.New(), seen: map[string]*list.Element{}}
}

// has reports whether id was recorded and not yet forgotten.
func (d *deliveries) has(id string) bool {
	_, ok := d.seen[id]
	return ok
}

// add records id, forgetting the oldest past the bound.
func (d *deliveries) add(id string) {
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
