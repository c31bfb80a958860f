package gitfs

import (
	"container/list"
	"sync"
)

// This file is the cache of resolved objects: delta bases (by pack and
// offset) and parsed trees (by name). It is a least-recently-used list
// bounded by the bytes its values hold.

// cacheKey names a cached value: a pack entry (pack and offset) or an object
// (hash) in one of the forms the kind says.
type cacheKey struct {
	pack *packFile
	off  int64
	hash Hash
	kind cacheKind
}

type cacheKind uint8

const (
	kindPackEntry cacheKind = iota + 1 // a *cachedObject resolved from pack+off
	kindTree                           // a []treeEntry parsed from tree hash
)

// cachedObject is an inflated object and its type. Its data is shared: no
// one may modify it.
type cachedObject struct {
	t    objectType
	data []byte
}

// objectCache is safe for concurrent use.
type objectCache struct {
	mu      sync.Mutex
	max     int64 // bytes of all values
	itemMax int64 // bytes of one value
	used    int64
	lru     list.List // of *cacheItem, most recently used first
	items   map[cacheKey]*list.Element
}

type cacheItem struct {
	key  cacheKey
	val  any
	size int64
}

// newObjectCache returns a cache holding values of at most itemMax bytes and
// maxBytes in all.
func newObjectCache(maxBytes, itemMax int64) *objectCache {
	return &objectCache{max: maxBytes, itemMax: itemMax, items: make(map[cacheKey]*list.Element)}
}

// get returns the value cached under k.
func (c *objectCache) get(k cacheKey) (any, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cacheItem).val, true
}

// add caches v, which holds size bytes, under k, evicting the least recently
// used values to make room. Values larger than the item limit are not cached.
func (c *objectCache) add(k cacheKey, v any, size int64) {
	if c == nil || size > c.itemMax {
		return
	}
	size += 64 // bookkeeping: bounds the number of tiny values too
	if size > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.lru.MoveToFront(e)
		return
	}
	for c.used+size > c.max {
		last := c.lru.Back()
		it := last.Value.(*cacheItem)
		c.lru.Remove(last)
		delete(c.items, it.key)
		c.used -= it.size
	}
	c.items[k] = c.lru.PushFront(&cacheItem{key: k, val: v, size: size})
	c.used += size
}
