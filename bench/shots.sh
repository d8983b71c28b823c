#!/usr/bin/env bash
# bench/shots.sh — what --screenshots costs on the demo (issue 16): the
# unthrottled demo scan with and without screenshots, REPS runs each,
# interleaved, medians. Run by hand, never in CI (it takes about a minute).
#
#   bench/shots.sh                  5 runs each, the browser's default tabs
#   bench/shots.sh --reps 3 --extra "--screenshot-tabs 3"
#   bench/shots.sh --bin /tmp/gongkai   measure a given binary (no build)
#
# Measured per run:
#   wall      /usr/bin/time's elapsed time of the whole `gongkai scan --demo`
#   cpu       user+system CPU seconds of gongkai and all its descendants:
#             each process's last sampled utime+stime (/proc/PID/stat),
#             summed, or /usr/bin/time's figure when larger (a run without
#             a browser ends between samples). /usr/bin/time alone counts
#             only processes waited for and misses half of Chromium's (its
#             renderers). Unlike the wall time, hardly changed by other load
#             on the machine
#   rss       /usr/bin/time -v's maximum RSS: gongkai's own without
#             screenshots; with them the largest single process of the tree
#             (Chromium's browser process), as getrusage reports children
#   chrome    the browser's peak memory: every 100 ms, the sum over all
#             processes descending from gongkai (Chromium's browser, zygotes,
#             GPU/network utilities, renderers) of Pss from
#             /proc/PID/smaps_rollup (shared pages split among the processes
#             that share them, so the sum is what the browser really holds);
#             the sum of their RSS, which counts shared pages once per
#             process and so overstates, is shown beside it
#   shots     images written and their total size
# The demo serves itself on 127.0.0.1 and the browser is kept on loopback
# (--host-resolver-rules): nothing leaves the machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
reps=5
bin=""
extra=""
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--extra) extra=$2; shift 2 ;;
	*) echo "usage: bench/shots.sh [--reps N] [--bin GONGKAI] [--extra 'FLAGS']" >&2; exit 2 ;;
	esac
done
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || {
	echo "bench/shots.sh: no Chromium on PATH (apt-get install chromium fonts-noto-cjk)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$bin" ]; then
	bin=$work/gongkai
	(cd "$ROOT" && go build -o "$bin" ./cmd/gongkai)
fi

# sample PID OUT: until PID ends, the peak sums of Pss and Rss (kB) of its
# descendants, and the CPU ticks of PID and its descendants, written to OUT
# as "pss rss ticks".
sample() {
	local pid=$1 out=$2 peakp=0 peakr=0
	declare -A ticks=()
	while kill -0 "$pid" 2>/dev/null; do
		local t
		t=$(awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$pid"/stat 2>/dev/null) && ticks[$pid]=$t
		local kids p=0 r=0
		kids=$(ps -e -o pid=,ppid= | awk -v root="$pid" '
			{ par[$1] = $2 }
			END { for (c in par) { q = par[c]; while (q != "" && q != 0) { if (q == root) { print c; break } ; q = par[q] } } }')
		for k in $kids; do
			# smaps_rollup: "Rss: N kB" then … "Pss: N kB"
			read -r kp kr < <(awk '/^Pss:/{p=$2} /^Rss:/{r=$2} END{print p+0, r+0}' /proc/"$k"/smaps_rollup 2>/dev/null || echo "0 0")
			p=$((p + kp)); r=$((r + kr))
			t=$(awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$k"/stat 2>/dev/null) && ticks[$k]=$t
		done
		[ "$p" -gt "$peakp" ] && peakp=$p
		[ "$r" -gt "$peakr" ] && peakr=$r
		sleep 0.1
	done
	local sum=0
	for t in "${ticks[@]}"; do sum=$((sum + t)); done
	echo "$peakp $peakr $sum" >"$out"
}

# one MODE I: one measured run; prints "MODE wall_s rss_kB pss_kB chrome_rss_kB n bytes cpu_s".
one() {
	local mode=$1 i=$2 dir=$work/$1-$2 shots=()
	mkdir -p "$dir"
	[ "$mode" = shots ] && shots=(--screenshots "$dir/shots")
	# shellcheck disable=SC2086
	/usr/bin/time -v -o "$dir/time" "$bin" scan --demo --quiet --as-of 2025-11-24 \
		--xlsx "$dir/r.xlsx" "${shots[@]}" $extra >"$dir/out" 2>"$dir/err" &
	local tpid=$!
	sleep 0.02
	# /usr/bin/time's child is gongkai.
	local gpid
	gpid=$(pgrep -P "$tpid" | head -1 || true)
	local spid=""
	if [ -n "$gpid" ]; then
		sample "$gpid" "$dir/mem" &
		spid=$!
	fi
	wait "$tpid" || true
	[ -z "$spid" ] || wait "$spid" 2>/dev/null || true
	local wall rss cpu n=0 bytes=0
	wall=$(awk -F': ' '/Elapsed/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$dir/time")
	rss=$(awk -F': ' '/Maximum resident/{print $2}' "$dir/time")
	cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$dir/time")
	if [ -d "$dir/shots" ]; then
		n=$(find "$dir/shots" -type f | wc -l)
		bytes=$(du -sb "$dir/shots" | cut -f1)
	fi
	local pss=0 crss=0 ticks=0
	[ -f "$dir/mem" ] && read -r pss crss ticks <"$dir/mem"
	cpu=$(awk -v a="$cpu" -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN{ s = t / hz; print (s > a ? s : a) }')
	echo "$mode $wall $rss $pss $crss $n $bytes $cpu"
}

results=$work/results
for i in $(seq 1 "$reps"); do
	one plain "$i" | tee -a "$results"
	one shots "$i" | tee -a "$results"
done

median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
col() { awk -v m="$1" -v c="$2" '$1==m{print $c}' "$results" | median; }
pw=$(col plain 2); sw=$(col shots 2)
echo
echo "medians of $reps runs ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf 'without screenshots: wall %6.2f s  cpu %5.2f s  gongkai peak RSS %4d MB\n' "$pw" "$(col plain 8)" "$(( $(col plain 3) / 1024 ))"
printf 'with screenshots:    wall %6.2f s  cpu %5.2f s  largest process %4d MB  browser peak Pss %4d MB (sum of RSS %d MB)\n' \
	"$sw" "$(col shots 8)" "$(( $(col shots 3) / 1024 ))" "$(( $(col shots 4) / 1024 ))" "$(( $(col shots 5) / 1024 ))"
awk -v p="$pw" -v s="$sw" -v n="$(col shots 6)" -v b="$(col shots 7)" -v pc="$(col plain 8)" -v sc="$(col shots 8)" 'BEGIN{
	printf "ratio %.2fx wall, %.2fx cpu; %d images, %.1f MB; per image %.0f ms wall, %.0f ms cpu\n", s/p, sc/pc, n, b/1048576, (s-p)*1000/n, (sc-pc)*1000/n }'
