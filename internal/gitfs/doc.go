// Package gitfs owns reading a git repository without the git binary: it finds
// the object store of a checkout, resolves revisions through HEAD, loose refs
// and packed-refs, decodes loose and packed objects (including deltas), and
// presents one commit's tree as a read-only [io/fs.FS].
//
// dpgcheck runs in a container without git, and for a pull request it must
// evaluate the base commit from the local checkout's .git directory, without
// network access. Objects the checkout does not have (a shallow or partial
// clone) are reported with an error that wraps [ErrNotInCheckout]; every
// object that cannot be read, for that or any other reason (over a size cap,
// damaged, a delta that lies about its size), with an error that wraps
// [ErrUnreadableObject], so a reader can tell an incomplete tree from a path
// that does not exist.
//
// # Untrusted input
//
// The repository content and the .git directory are untrusted: a pull request
// can contain anything and the object store may be damaged. Every read is
// bounded (see limits.go): inflated objects have a size cap per type, delta
// chains have a depth cap and a cap on the bytes they produce, and tree paths
// have a depth cap. Damaged pack files, index files and objects yield errors
// that name the object and what was wrong; they never panic or hang.
//
// Every object read by its hash is verified: the SHA-1 of its content must be
// the hash it was asked for. That detects damaged stores and makes a tree that
// contains itself impossible (it would need a SHA-1 fixed point).
//
// # The tree file system
//
// [Repo.TreeFS] presents a commit's tree as an [io/fs.FS] that never follows
// symbolic links: a link is listed with [io/fs.ModeSymlink], Stat describes
// the link itself, ReadLink returns its target, and its content cannot be
// read (Open returns a file whose Read fails, as testing/fstest requires
// Open to succeed on every listed entry). Submodules are empty directories.
// See [Repo.TreeFS] for the details.
//
// # What is not supported
//
// SHA-256 repositories (extensions.objectFormat = sha256) and the reftable
// ref backend are refused with errors that wrap [errors.ErrUnsupported]. The
// multi-pack-index, commit-graph, bitmap and reverse-index files are ignored:
// every object is still found through the per-pack .idx files, which git
// always writes. Version 1 pack indexes (written by git before 1.5.2) are
// refused. Revision syntax is limited to full hashes and ref names: no
// abbreviated hashes, no "~", "^" or "@{...}". The packs of an objects
// directory are listed once, when first needed: packs written after that (by
// a concurrent fetch or gc) are seen only by a Repo opened afterwards.
package gitfs
