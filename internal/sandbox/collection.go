package sandbox

import "encoding/json"

// Collection is an ordered in-memory table of one resource type. List order is
// insertion order: the real APIs answer oldest records first and clients page
// through that order, so a stable order is what makes paging testable.
//
// A Collection does no locking of its own; every collection lives in a state
// that is only touched while Tenant.mu is held.
type Collection[T any] struct {
	key   func(*T) string
	items []T
}

func newCollection[T any](key func(*T) string, items ...T) *Collection[T] {
	return &Collection[T]{key: key, items: items}
}

// Len reports how many records the collection holds.
func (c *Collection[T]) Len() int { return len(c.items) }

// All returns the records in list order. The slice is fresh; the records share
// their nested slices with the stored ones, so callers must not mutate them.
func (c *Collection[T]) All() []T { return append([]T(nil), c.items...) }

// Filter returns the records for which keep reports true, in list order.
func (c *Collection[T]) Filter(keep func(*T) bool) []T {
	var out []T
	for i := range c.items {
		if keep(&c.items[i]) {
			out = append(out, c.items[i])
		}
	}
	return out
}

// Get returns the record whose key is id.
func (c *Collection[T]) Get(id string) (T, bool) {
	if i := c.index(id); i >= 0 {
		return c.items[i], true
	}
	var zero T
	return zero, false
}

// Has reports whether a record with key id exists.
func (c *Collection[T]) Has(id string) bool { return c.index(id) >= 0 }

// Insert appends v; the caller has given it a fresh key.
func (c *Collection[T]) Insert(v T) { c.items = append(c.items, v) }

// Replace stores v in place of the record with the same key and reports
// whether there was one.
func (c *Collection[T]) Replace(v T) bool {
	if i := c.index(c.key(&v)); i >= 0 {
		c.items[i] = v
		return true
	}
	return false
}

// Delete removes the record with key id and reports whether it existed.
func (c *Collection[T]) Delete(id string) bool {
	i := c.index(id)
	if i < 0 {
		return false
	}
	c.items = append(c.items[:i:i], c.items[i+1:]...)
	return true
}

// index is a linear scan: collections hold at most a few hundred records and a
// scan keeps insertion order trivially correct across deletes.
func (c *Collection[T]) index(id string) int {
	for i := range c.items {
		if c.key(&c.items[i]) == id {
			return i
		}
	}
	return -1
}

// pageOf returns the 1-based page of size items, or nil past the end.
func pageOf[T any](items []T, page, size int) []T {
	if page < 1 || size < 1 {
		return nil
	}
	start := (page - 1) * size
	if start >= len(items) {
		return nil
	}
	return items[start:min(start+size, len(items))]
}

// cloneJSON deep-copies v through its wire form. Updates decode the request
// body onto a clone so that a rejected update cannot have touched the stored
// record (json.Unmarshal reuses slice backing arrays).
func cloneJSON[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sandbox: clone: " + err.Error()) // seed types always marshal
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic("sandbox: clone: " + err.Error())
	}
	return out
}
