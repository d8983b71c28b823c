#!/usr/bin/env bash
# bench/findings-identical.sh REV — do this tree and git revision REV produce
# byte-identical findings? (issue 13: a change to the code's shape changes no
# finding.)
#
#   bench/findings-identical.sh main
#   bench/findings-identical.sh HEAD~3
#
# Both trees run TestFindingsIdentical (cmd/gongkai/findings_identical_test.go)
# with -findings-out DIR: the demo, every fixture site, a 300-page synthetic
# site (bench/sitegen), the demo against a baseline with waivers, points and
# --fail-on, and a batch ranking — the JSON without its timestamps and every
# workbook sheet's rows. REV is exported with `git archive` into a temporary
# directory (no worktree is added); when REV predates the test, this tree's
# test file is copied in. Loopback only; about a minute. Exit 0 when
# identical, 1 with a diff when not, 2 on a usage error.
#
# CI runs the same test against the committed golden files
# (cmd/gongkai/testdata/findings/); this script compares with any revision.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: bench/findings-identical.sh REV   (e.g. main)" >&2
	exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REV=$1
if ! git -C "$ROOT" rev-parse --verify --quiet "$REV^{commit}" >/dev/null; then
	echo "findings-identical: $REV is not a revision of this repository" >&2
	exit 2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
TEST=cmd/gongkai/findings_identical_test.go

produce() { # produce TREE OUTDIR
	(cd "$1" && go test ./cmd/gongkai -run '^TestFindingsIdentical$' -count=1 -findings-out "$2" >"$2.log" 2>&1) || {
		echo "findings-identical: the test failed in $1:" >&2
		tail -20 "$2.log" >&2
		exit 3
	}
}

mkdir -p "$TMP/rev"
git -C "$ROOT" archive "$REV" | tar -x -C "$TMP/rev"
if [ ! -f "$TMP/rev/$TEST" ]; then
	cp "$ROOT/$TEST" "$TMP/rev/$TEST"
fi
# ../shared beside the tree, as in a clone (some tests read it).
if [ -d "$ROOT/../shared" ]; then
	ln -s "$(cd "$ROOT/../shared" && pwd)" "$TMP/shared"
fi

produce "$ROOT" "$TMP/this"
produce "$TMP/rev" "$TMP/that"
if diff -r -u "$TMP/that" "$TMP/this"; then
	echo "findings-identical: identical to $REV ($(ls "$TMP/this" | wc -l) outputs)"
else
	echo "findings-identical: this tree differs from $REV (- $REV, + this tree)" >&2
	exit 1
fi
