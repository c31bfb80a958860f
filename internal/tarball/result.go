package tarball

// Result describes what Extract did.
type Result struct {
	Files  int    // regular files written (on error, the last one may be partial)
	Bytes  int64  // bytes written to those files
	Commit string // commit id from the pax global header, or ""
	// Skipped counts the entries not extracted, by reason (the Skip constants).
	// It is nil when nothing was skipped.
	Skipped map[string]int
}

// Reasons an entry is skipped, the keys of Result.Skipped.
const (
	SkipSymlink    = "symlink"     // symbolic link: never created
	SkipHardlink   = "hardlink"    // hard link: never created
	SkipDevice     = "device"      // character or block device
	SkipFIFO       = "fifo"        // named pipe
	SkipOtherType  = "other type"  // any other entry type, e.g. old GNU sparse
	SkipUnsafePath = "unsafe path" // absolute, "..", backslash, NUL, not UTF-8: not fs.ValidPath
	SkipLongPath   = "long path"   // name too long for common file systems
	SkipTooLarge   = "too large"   // file over Limits.MaxFileBytes
	SkipDuplicate  = "duplicate"   // name already extracted or in dir, or below a file or symbolic link
)

func (r *Result) skip(reason string) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
}
