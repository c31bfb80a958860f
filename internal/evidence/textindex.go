package evidence

import (
	"sync"

	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// texts holds the text indexes of a Repo, one per vocabulary: each
// document, policy and CI file is scanned once for every pattern of a
// vocabulary, the first time a rule asks about it.
type texts struct {
	mu      sync.Mutex
	indexes map[*textindex.Vocabulary]*textindex.Index
}

// TextIndex returns the repository's index of texts for the patterns of v.
// Ask it instead of running a pattern's regular expression on a text (a
// Doc's Text or Prose, a policy, a CI file): it answers the same, and reads
// each text once however many patterns are asked.
func (r *Repo) TextIndex(v *textindex.Vocabulary) *textindex.Index {
	r.texts.mu.Lock()
	defer r.texts.mu.Unlock()
	if r.texts.indexes == nil {
		r.texts.indexes = map[*textindex.Vocabulary]*textindex.Index{}
	}
	ix := r.texts.indexes[v]
	if ix == nil {
		ix = v.NewIndex()
		r.texts.indexes[v] = ix
	}
	return ix
}
