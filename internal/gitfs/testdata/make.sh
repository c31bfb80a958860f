#!/bin/sh
# make.sh regenerates the repository fixtures of package gitfs. The tests do
# not run it and do not need git; it documents how the committed fixtures were
# made (with git 2.39.5). Run it from anywhere: sh internal/gitfs/testdata/make.sh
#
#   packed.git    bare; after "git gc --aggressive": one pack with OFS_DELTA
#                 entries, refs in packed-refs (with peeled "^" lines)
#   refdelta.git  bare; repacked with repack.useDeltaBaseOffset=false, so its
#                 deltas are REF_DELTA
#   loose.git     bare; loose objects and loose refs only
#   shallow.git   bare; "git clone --depth 1" of main: HEAD's parent is missing
#   *.ls-tree     "git ls-tree -r -t -l" of a commit, what the tests compare
#                 the tree FS against
#   refs.txt      "git show-ref --head -d" of packed.git
#
# A ".git" file (worktrees, submodules) cannot be committed to git, so the
# tests build the worktree-style layouts in a temporary directory at run time.
set -eu
# Never let a git command below find an enclosing repository.
export GIT_CEILING_DIRECTORIES="$(cd "$(dirname "$0")/.." && pwd)"

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A reproducible environment: no user or system configuration, fixed identity
# and dates.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Fixture Author" GIT_AUTHOR_EMAIL="author@example.org"
export GIT_COMMITTER_NAME="Fixture Committer" GIT_COMMITTER_EMAIL="committer@example.org"
when() { export GIT_AUTHOR_DATE="2024-01-0$1T12:00:00Z" GIT_COMMITTER_DATE="2024-01-0$1T12:00:00Z"; }
mkdir -p "$tmp/home"

src="$tmp/src"
git init -q -b main "$src"
cd "$src"

# big.txt: 4000 numbered lines (about 180 KiB), larger than 64 KiB so that its
# deltas use multi-byte copy offsets and 64 KiB copy chunks.
big() {
	awk -v change="$1" 'BEGIN {
		for (i = 1; i <= 4000; i++) {
			line = sprintf("%05d the quick brown fox jumps over the lazy dog", i)
			if (change != "" && (i == 1000 || i == 2500 || i == 3999)) line = line " " change
			print line
		}
	}'
}

# Commit 1: the initial tree.
when 1
printf '# Fixture\n\nA small repository for package gitfs.\n' >README.md
printf 'Apache License 2.0 (placeholder)\n' >LICENSE
mkdir -p src/lib a/b/c bin docs
printf 'package main\n\nfunc main() {}\n' >src/main.go
printf 'package lib\n\n// Version is the library version.\nconst Version = "1"\n' >src/lib/lib.go
printf 'deep\n' >a/b/c/deep.txt
printf '#!/bin/sh\necho run\n' >bin/run.sh
chmod 755 bin/run.sh
printf '# Docs\n' >docs/index.md
: >empty.txt
printf 'x' >one.txt
big "" >big.txt
ln -s README.md link
ln -s docs docs-link
git add -A
git commit -q -m "initial"
git tag light

# Commit 2: small changes, so that the packs hold deltas.
when 2
big "v2" >big.txt
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("v2") }\n' >src/main.go
printf '# Docs\n\nMore text.\n' >docs/index.md
git add -A
git commit -q -m "second: edit big.txt and main.go"
git tag -a -m "release 1.0" v1.0

# A branch from commit 2.
git checkout -q -b feature
when 3
printf 'feature\n' >feature.txt
big "feature" >big.txt
git add -A
git commit -q -m "feature: add feature.txt"

# Commit 3 on main, then a merge of feature (two parents).
git checkout -q main
when 4
printf 'package lib\n\n// Version is the library version.\nconst Version = "3"\n' >src/lib/lib.go
mkdir -p a/b/c/d
printf 'deeper\n' >a/b/c/d/deeper.txt
git add -A
git commit -q -m "third: bump lib"
when 5
git merge -q --no-ff -m "merge feature" feature
# A gitlink (submodule entry) without a .gitmodules file: only the tree entry
# matters to gitfs. It points at commit 1 of this repository.
git update-index --add --cacheinfo "160000,$(git rev-parse light),vendor/sub"
git commit -q -m "add a gitlink"
git tag -a -m "release 2.0" v2.0

git ls-tree -r -t -l main >"$here/main.ls-tree"
git ls-tree -r -t -l v1.0 >"$here/v1.0.ls-tree"

# Strip what the fixtures do not need: hooks, logs, the index, descriptions.
# Empty directories (refs/heads after pack-refs) cannot be committed anyway;
# gitfs does not need them, git itself does (use a copy with "mkdir refs").
strip() {
	rm -rf "$1/hooks" "$1/logs" "$1/info" "$1/description" "$1/index" "$1/COMMIT_EDITMSG" \
		"$1/ORIG_HEAD" "$1/FETCH_HEAD" "$1/branches"
	find "$1" -type d -empty -delete
}

cd "$here"
rm -rf packed.git refdelta.git loose.git shallow.git

git clone -q --bare --no-local "$src" packed.git
git --git-dir=packed.git -c pack.threads=1 gc -q --aggressive --prune=now
git --git-dir=packed.git show-ref --head -d >refs.txt
strip packed.git

git clone -q --bare --no-local "$src" refdelta.git
git --git-dir=refdelta.git -c pack.threads=1 -c repack.useDeltaBaseOffset=false repack -q -a -d -f
git --git-dir=refdelta.git pack-refs --all
strip refdelta.git

# loose.git: a copy of the working repository's .git, which only has loose
# objects and loose refs.
cp -R "$src/.git" loose.git
git --git-dir=loose.git config core.bare true
strip loose.git

git clone -q --bare --depth 1 "file://$src" shallow.git
strip shallow.git

