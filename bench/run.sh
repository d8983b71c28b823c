#!/usr/bin/env bash
# bench/run.sh — gongkai side by side with link checkers on one loopback
# server (issue 7). Run by hand, never in CI: it installs the peers from their
# registries and takes minutes.
#
#   bench/run.sh                 3,000 pages, 3 repetitions
#   bench/run.sh --100k          also 100,000 pages (slow: tens of minutes)
#   bench/run.sh --sizes "3000 20000" --reps 5 --tools "gongkai-scan linkinator"
#   bench/run.sh --no-install    use what bench/.tools already holds
#
# Tools: gongkai-scan gongkai-crawl gongkai-check gongkai-incremental
# linkinator muffet floor. gongkai-incremental re-scans the unchanged site
# with --incremental --baseline-snapshot (the repetition's gongkai-crawl
# snapshot, or an unmeasured crawl of its own): conditional requests, 304s.
#
# Steps: (1) build gongkai, the server, the floor crawler and the tabulator
# into bench/.tools/bin; (2) install linkinator@6 with npm into bench/.tools
# (never global) and muffet with `go install` at a pinned version; (3) for
# each size, start ONE server and run every tool against it, each under
# /usr/bin/time -v (wall, CPU, peak RSS) with the server's byte counter reset
# before it; (4) print one table of medians with ratios vs linkinator, and
# whether the gongkai reports of a repetition hold the same findings.
#
# Only 127.0.0.1 is ever contacted while measuring: the measurement runs in a
# fresh network namespace (unshare -n) that has nothing but loopback, when the
# machine allows it; otherwise every tool is pointed at 127.0.0.1 only.
# Every run has a time limit; every wait loop is bounded.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/bench/.tools
BIN=$TOOLS/bin
MUFFET_VERSION=${MUFFET_VERSION:-v2.11.5}
LINKINATOR_SPEC=${LINKINATOR_SPEC:-linkinator@6}
AS_OF=2025-11-20 # the synthetic site's "today": findings do not drift with the date
CONC=32

sizes="3000"
reps=3
tools="gongkai-scan gongkai-crawl gongkai-check gongkai-incremental linkinator muffet floor"
install=1
measure_only=0 # internal: the measuring half, re-executed (under unshare -n when possible)
netns=0
out=""

while [ $# -gt 0 ]; do
	case "$1" in
	--100k) sizes="$sizes 100000" ;;
	--sizes) sizes=$2; shift ;;
	--reps) reps=$2; shift ;;
	--tools) tools=$2; shift ;;
	--no-install) install=0 ;;
	--out) out=$2; shift ;;
	--measure-only) measure_only=1 ;;
	--netns) netns=1 ;;
	-h | --help) sed -n '2,27p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case "$reps" in '' | *[!0-9]*) echo "run.sh: --reps needs a number" >&2; exit 2 ;; esac
[ "$reps" -ge 1 ] && [ "$reps" -le 20 ] || { echo "run.sh: --reps must be 1..20" >&2; exit 2; }
for n in $sizes; do
	case "$n" in '' | *[!0-9]*) echo "run.sh: size $n is not a number" >&2; exit 2 ;; esac
done
out=${out:-$ROOT/bench/.out/$(date +%Y%m%d-%H%M%S)}

note() { echo "$*" | tee -a "$out/notes.txt" >&2; }

# ---------------------------------------------------------------- measuring
# limit_for SIZE: seconds one tool may take on a site of SIZE pages.
limit_for() { echo $((120 + $1 / 20)); }

# field NAME FILE: a number from the server's /stats JSON.
field() { grep -o "\"$1\":[0-9]*" "$2" 2>/dev/null | head -1 | cut -d: -f2 || true; }

# report_pages FILE: the pages of a gongkai JSON report (0 without one).
report_pages() { grep -o '"pages": *[0-9]*' "$1" 2>/dev/null | head -1 | grep -o '[0-9]*$' || echo 0; }

# compare SIZE REP A B A.json B.json: whether two gongkai reports of one
# repetition hold the same findings, in notes.txt and same.tsv (the line
# under the table).
compare() {
	local size=$1 rep=$2 a=$3 b=$4 msg same=yes
	msg=$("$BIN/tabulate" same "$5" "$6" 2>&1) || same=no
	note "$size pages, rep $rep, $a vs $b: $msg"
	printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$rep" "$a" "$b" "$same" >>"$out/same.tsv"
}

# measure SIZE TOOL REP CMD...: run CMD under time -v and append a line to
# results.tsv.
measure() {
	local size=$1 tool=$2 rep=$3
	shift 3
	local base=$out/$size/$tool.$rep
	curl -fsS -X POST --max-time 5 "${CTL}reset" >/dev/null
	local rc=0
	/usr/bin/time -v -o "$base.time" timeout -k 10 "$(limit_for "$size")" "$@" >"$base.out" 2>"$base.err" || rc=$?
	curl -fsS --max-time 5 "${CTL}stats" >"$base.stats"
	local wall cpu rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$base.time")
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s + 0 }' "$base.time")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$base.time")
	local pages requests distinct bytes notmod
	pages=$(field html "$base.stats")
	requests=$(field requests "$base.stats")
	distinct=$(field distinct "$base.stats")
	bytes=$(field bytes_out "$base.stats")
	notmod=$(field not_modified "$base.stats")
	case "$tool" in
	gongkai-check)
		# check fetches nothing (bytes 0 proves it); its pages are the snapshot's.
		pages=$(report_pages "$out/$size/check.json") ;;
	gongkai-incremental)
		# A page answered 304 is a page too (gongkai sends validators for
		# pages only): counted like the full scan's, /col/index.html included.
		pages=$((${pages:-0} + ${notmod:-0})) ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$rep" "$rc" "$wall" "$cpu" "$rss" \
		"${pages:-0}" "${requests:-0}" "${distinct:-0}" "${bytes:-0}" "${notmod:-0}" >>"$out/results.tsv"
	printf '  %-14s rep %d: rc %d, %6.2f s, %4d MB, %s pages\n' "$tool" "$rep" "$rc" "$wall" $((${rss:-0} / 1024)) "${pages:-0}" >&2
}

run_tool() {
	local size=$1 tool=$2 rep=$3 w=$out/$size
	case "$tool" in
	gongkai-scan)
		rm -rf "$w/cache"
		# --db -: the bench writes no scan history into the user's data directory.
		XDG_CACHE_HOME=$w/cache measure "$size" "$tool" "$rep" "$BIN/gongkai" scan "$SITE" --rate 0 --concurrency $CONC \
			--max-pages $((size * 2)) --quiet --as-of $AS_OF --db - --xlsx "$w/scan.xlsx" --json "$w/scan.json"
		;;
	gongkai-crawl)
		rm -f "$w/site.snap" # a failed crawl leaves no older snapshot behind for check and incremental
		measure "$size" "$tool" "$rep" "$BIN/gongkai" crawl "$SITE" -o "$w/site.snap" --rate 0 --concurrency $CONC \
			--max-pages $((size * 2)) --quiet
		crawled=$size.$rep
		;;
	gongkai-check)
		[ -s "$w/site.snap" ] || { note "gongkai-check: no snapshot (run gongkai-crawl first)"; return; }
		measure "$size" "$tool" "$rep" "$BIN/gongkai" check "$w/site.snap" --quiet --as-of $AS_OF \
			--xlsx "$w/check.xlsx" --json "$w/check.json"
		;;
	gongkai-incremental)
		# The baseline is this repetition's gongkai-crawl snapshot; without
		# one, an unmeasured crawl just before makes it.
		local snap=$w/site.snap
		if [ "${crawled:-}" != "$size.$rep" ] || ! [ -s "$snap" ]; then
			snap=$w/incremental-base.snap
			rm -f "$snap"
			timeout -k 10 "$(limit_for "$size")" "$BIN/gongkai" crawl "$SITE" -o "$snap" --rate 0 --concurrency $CONC \
				--max-pages $((size * 2)) --quiet >"$w/incremental-base.$rep.err" 2>&1 || true
			[ -s "$snap" ] || { note "gongkai-incremental: the baseline crawl failed: $(tail -1 "$w/incremental-base.$rep.err")"; return; }
		fi
		rm -rf "$w/cache-incremental"
		XDG_CACHE_HOME=$w/cache-incremental measure "$size" "$tool" "$rep" "$BIN/gongkai" scan "$SITE" --rate 0 --concurrency $CONC \
			--max-pages $((size * 2)) --quiet --as-of $AS_OF --db - --incremental --baseline-snapshot "$snap" \
			--xlsx "$w/incremental.xlsx" --json "$w/incremental.json"
		;;
	linkinator)
		[ -x "$TOOLS/node_modules/.bin/linkinator" ] || { note "linkinator: not installed, skipped"; return; }
		# The negative lookahead skips anything but this server (JS regex).
		measure "$size" "$tool" "$rep" "$TOOLS/node_modules/.bin/linkinator" "$SITE" --recurse --concurrency $CONC \
			--timeout 15000 --format csv --skip "^(?!http://127\\.0\\.0\\.1:$PORT/)"
		;;
	muffet)
		[ -x "$BIN/muffet" ] || return 0 # the install step said why
		measure "$size" "$tool" "$rep" "$BIN/muffet" --max-connections $CONC --max-connections-per-host $CONC \
			--buffer-size 65536 --timeout 15 --include "^http://127\\.0\\.0\\.1:$PORT/" "$SITE"
		;;
	floor)
		measure "$size" "$tool" "$rep" "$BIN/floor" -concurrency $CONC "$SITE"
		;;
	*) note "unknown tool $tool, skipped" ;;
	esac
}

measure_all() {
	if [ "$netns" = 1 ]; then
		ip link set lo up
	fi
	printf 'size\ttool\trep\trc\twall_s\tcpu_s\trss_kb\tpages\trequests\tdistinct\tbytes_out\tnot_modified\n' >"$out/results.tsv"
	printf 'size\trep\ta\tb\tidentical\n' >"$out/same.tsv"
	for size in $sizes; do
		mkdir -p "$out/$size"
		: >"$out/$size/server.urls" # exists before the server writes it: no race with the wait below
		"$BIN/server" -pages "$size" -static-pager >"$out/$size/server.urls" 2>"$out/$size/server.err" &
		spid=$!
		trap 'kill "$spid" 2>/dev/null || true' EXIT # never leave a server behind, whatever fails
		local i=0
		while [ "$(wc -l <"$out/$size/server.urls")" -lt 2 ] && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		SITE=$(sed -n 1p "$out/$size/server.urls")
		CTL=$(sed -n 2p "$out/$size/server.urls")
		case "$SITE$CTL" in
		http://127.0.0.1:*http://127.0.0.1:*) ;;
		*) kill "$spid" 2>/dev/null; echo "run.sh: the server did not start on loopback: $(cat "$out/$size/server.err")" >&2; exit 1 ;;
		esac
		PORT=${SITE#http://127.0.0.1:}
		PORT=${PORT%/}
		note "$size pages: server $SITE (pid $spid), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
		for rep in $(seq 1 "$reps"); do
			# Reports of this repetition only are compared below.
			rm -f "$out/$size/scan.json" "$out/$size/check.json" "$out/$size/incremental.json"
			for tool in $tools; do
				run_tool "$size" "$tool" "$rep"
			done
			local w=$out/$size
			if [ -s "$w/scan.json" ] && [ -s "$w/check.json" ]; then
				compare "$size" "$rep" gongkai-scan gongkai-crawl+check "$w/scan.json" "$w/check.json"
			fi
			if [ -s "$w/scan.json" ] && [ -s "$w/incremental.json" ]; then
				compare "$size" "$rep" gongkai-scan gongkai-incremental "$w/scan.json" "$w/incremental.json"
			fi
		done
		kill "$spid"
		wait "$spid" 2>/dev/null || true
		trap - EXIT
		note "$size pages: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	done
}

if [ "$measure_only" = 1 ]; then
	measure_all
	exit 0
fi

# ---------------------------------------------------------------- building
mkdir -p "$out" "$BIN"
cd "$ROOT"
note "gongkai bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')"
note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
go build -o "$BIN/gongkai" ./cmd/gongkai
go build -o "$BIN/server" ./bench/server
go build -o "$BIN/floor" ./bench/floor
go build -o "$BIN/tabulate" ./bench/tabulate
note "$(go version)"

# ---------------------------------------------------------------- peers
if [ "$install" = 1 ]; then
	if ! [ -x "$TOOLS/node_modules/.bin/linkinator" ]; then
		(cd "$TOOLS" && timeout 600 npm install --no-audit --no-fund --prefix . "$LINKINATOR_SPEC" >/dev/null) ||
			note "linkinator: npm install $LINKINATOR_SPEC failed"
	fi
	if ! [ -x "$BIN/muffet" ]; then
		# The module proxy refuses @latest for some modules: pin a version.
		if ! (cd "$TOOLS" && GOBIN=$BIN GOFLAGS=-mod=mod timeout 600 go install "github.com/raviqqe/muffet/v2@$MUFFET_VERSION" 2>"$out/muffet-install.err"); then
			note "muffet: go install github.com/raviqqe/muffet/v2@$MUFFET_VERSION failed ($(tail -1 "$out/muffet-install.err" | tr -s ' ')); its row is left out"
		fi
	fi
fi
if [ -x "$TOOLS/node_modules/.bin/linkinator" ]; then
	note "linkinator $("$TOOLS/node_modules/.bin/linkinator" --version 2>/dev/null || echo '?') on node $(node --version)"
fi
[ -x "$BIN/muffet" ] && note "muffet $("$BIN/muffet" --version 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- measuring
args=(--measure-only --out "$out" --sizes "$sizes" --reps "$reps" --tools "$tools")
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	note "measuring in a private network namespace: only loopback exists"
	unshare -n bash "$0" "${args[@]}" --netns
else
	note "WARNING: cannot create a network namespace; measuring on the host, every tool pointed at 127.0.0.1 only"
	bash "$0" "${args[@]}"
fi

echo >&2
"$BIN/tabulate" table "$out/results.tsv" | tee "$out/table.md"
echo
echo "raw data: $out (results.tsv, same.tsv, notes.txt, per-run *.time *.stats *.err)"
