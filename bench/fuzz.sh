#!/usr/bin/env bash
# bench/fuzz.sh — run every Fuzz target of the repository, one after the
# other, for a given time each (default 10m). Run by hand, never in CI.
#
#   bench/fuzz.sh              10 minutes per target
#   bench/fuzz.sh 1m           1 minute per target
#   bench/fuzz.sh 30s attach   only the targets under ./attach/...
#   FUZZ_PARALLEL=1 FUZZ_MINIMIZE=5s bench/fuzz.sh 1m   workers, minimizing time
#
# A failing input is written by `go test` to <package>/testdata/fuzz/<Target>/
# and kept there: commit it with the fix, so it stays a regression test that
# every `go test` runs. The script runs the targets found by grep, so a new
# Fuzz function is picked up without editing it. It exits 1 when any target
# failed, after running all of them, and prints a summary line per target.
# Only 127.0.0.1 is contacted (the fuzz targets do no network at all).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DUR=${1:-10m}
ONLY=${2:-}
# One worker per core is the default of go test; on a shared machine keep
# it at most 2.
PAR=${FUZZ_PARALLEL:-2}
# go test spends up to 60 s minimizing every new interesting input, during
# which nothing else is fuzzed: a 1-minute FuzzText run did 345 executions.
MINIMIZE=${FUZZ_MINIMIZE:-10s}

mapfile -t targets < <(grep -rlE '^func Fuzz[A-Za-z0-9_]*\(' --include='*_test.go' . |
	sort | while read -r f; do
		dir=$(dirname "$f")
		grep -oE '^func (Fuzz[A-Za-z0-9_]*)\(' "$f" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*)\(/\1/' |
			while read -r fn; do echo "$dir $fn"; done
	done)

failed=0
summary=()
for t in "${targets[@]}"; do
	dir=${t% *}
	fn=${t#* }
	if [[ -n $ONLY && $dir != ./$ONLY* ]]; then
		continue
	fi
	echo "== $dir $fn ($DUR)"
	log=$(mktemp)
	corpus="$dir/testdata/fuzz/$fn"
	before=$(ls "$corpus" 2>/dev/null | sort)
	# -run '^$' skips the unit tests. -timeout 0: go test's default 10m
	# would end a 10m fuzz run as a failure (the targets' own watchdogs
	# catch hangs).
	if go test "$dir" -run '^$' -fuzz "^${fn}\$" -fuzztime "$DUR" -fuzzminimizetime "$MINIMIZE" -parallel "$PAR" -timeout 0 2>&1 | tee "$log"; then
		summary+=("ok    $dir $fn")
	else
		new=$(comm -13 <(echo "$before") <(ls "$corpus" 2>/dev/null | sort) | grep . || true)
		if [[ -z $new ]] && grep -q 'context deadline exceeded' "$log"; then
			# Go <1.27 fuzz coordinator race at the -fuzztime boundary
			# (go.dev/issue/75804): no input failed.
			summary+=("ok    $dir $fn (go test reported its own fuzztime deadline race, go.dev/issue/75804; no failing input)")
		else
			failed=1
			summary+=("FAIL  $dir $fn: ${new:-see output above}")
		fi
	fi
	rm -f "$log"
done
echo
printf '%s\n' "${summary[@]}"
exit $failed
