package gitfs

// The limits below bound what a hostile or damaged repository can make gitfs
// do. A limit that is hit is an error, never a silent truncation.
const (
	// maxBlobSize caps the inflated size of a file. Larger files can still
	// be listed and stat'ed (their size comes from object headers), but not
	// read.
	maxBlobSize = 64 << 20
	// maxTreeSize caps a directory listing: about 300,000 entries.
	maxTreeSize = 16 << 20
	// maxCommitSize and maxTagSize cap commit and tag objects, which are
	// headers and a message.
	maxCommitSize = 4 << 20
	maxTagSize    = 4 << 20

	// maxDeltaChain caps the deltas between an object and its base. git's
	// own pack-objects never writes chains deeper than 4095; gc --aggressive
	// once used 250, so a cap like 64 would refuse real repositories. The
	// cost of a long chain is bounded by maxDeltaWork.
	maxDeltaChain = 4095
	// maxDeltaWork caps the bytes produced while resolving one object: the
	// base plus every intermediate result of its delta chain.
	maxDeltaWork = 1 << 30

	// maxTreeDepth caps the number of path elements the tree FS walks.
	maxTreeDepth = 256
	// maxSymrefDepth caps "ref: ..." indirections, as git does.
	maxSymrefDepth = 5
	// maxTagDepth caps annotated tags that point at annotated tags.
	maxTagDepth = 16

	// maxSmallFile caps files like HEAD, a loose ref, commondir or a .git file.
	maxSmallFile = 64 << 10
	// maxConfigSize caps the config and objects/info/alternates files.
	maxConfigSize = 1 << 20
	// maxRefLine caps one line of packed-refs or shallow.
	maxRefLine = 64 << 10
	// maxAlternates caps the entries of objects/info/alternates.
	maxAlternates = 64
	// maxIndexSize caps a pack index (.idx) file, which is read into
	// memory: 1 GiB is about 38 million objects.
	maxIndexSize = 1 << 30

	// cacheBytes bounds the cache of resolved objects (delta bases, trees),
	// and cacheItemMax the largest object it keeps.
	cacheBytes   = 48 << 20
	cacheItemMax = 8 << 20
)

// sizeLimit returns the largest inflated size allowed for an object of type t.
func sizeLimit(t objectType) int64 {
	switch t {
	case typeBlob:
		return maxBlobSize
	case typeTree:
		return maxTreeSize
	case typeCommit:
		return maxCommitSize
	case typeTag:
		return maxTagSize
	}
	return maxBlobSize
}

// deltaSizeLimit returns the largest inflated delta that can produce an object
// of at most limit bytes: inserts cost one opcode per 127 bytes, copies at most
// eight bytes per 64 KiB.
func deltaSizeLimit(limit int64) int64 {
	return limit + limit/64 + 4096
}
