#!/usr/bin/env bash
# bench/fleet.sh — the monthly national run in miniature (issue #14): SITES
# synthetic sites (sizes 20..MAXPAGES pages, median ~150, each under its own
# host name on one loopback server, bench/vhost) are enqueued in River on
# PostgreSQL and scanned at RATE req/s per host by WORKERS worker processes;
# one is SIGKILLed at KILL_AT seconds. Then it checks that every site was
# recorded exactly once, compares the findings with a one-machine batch of
# the same sites (at rate 0: findings do not depend on the pace) and prints
# wall time against the politeness bound:
#   max(largest site's pages / RATE, total pages / (RATE × sites in parallel)).
# Run by hand, never in CI:
#   BENCH_POSTGRES=postgres://user@127.0.0.1:PORT/postgres bench/fleet.sh
#   SITES=1000 MAXPAGES=3000 WORKERS=3 PER_WORKER=350 KILL_AT=750 bench/fleet.sh
# Only loopback is contacted: run it under `unshare -n` if you can.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${BENCH_POSTGRES:?set BENCH_POSTGRES to a PostgreSQL URL whose user may create databases}"
SITES=${SITES:-300} MAXPAGES=${MAXPAGES:-600} WORKERS=${WORKERS:-3} PER_WORKER=${PER_WORKER:-120}
RATE=${RATE:-2} KILL_AT=${KILL_AT:-0} SEED=${SEED:-1}
WORK=${WORK:-$(mktemp -d /tmp/gongkai-fleet.XXXX)}
mkdir -p "$WORK" && cd "$WORK"
echo "fleet: $SITES sites up to $MAXPAGES pages, $WORKERS workers × $PER_WORKER, rate $RATE, kill at ${KILL_AT}s; in $WORK" >&2
(cd "$ROOT" && go build -o "$WORK/gongkai" ./cmd/gongkai && go build -o "$WORK/vhost" ./bench/vhost)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
./vhost > vhost.url & pids+=($!)
for _ in $(seq 100); do [ -s vhost.url ] && break; sleep 0.1; done
PORT=$(sed 's#.*:\([0-9]*\)/#\1#' vhost.url)
RESOLVE="*.bench.test:80:127.0.0.1:$PORT"
# Sizes: log-normal around 150 pages, clipped to 20..MAXPAGES; the last site
# is the largest, so the bound is known.
python3 - "$SITES" "$MAXPAGES" "$SEED" > sites.csv <<'PY'
import math, random, sys
n, top, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
print("名称,URL,单位")
for i in range(n):
    p = top if i == n - 1 else min(top, max(20, int(math.exp(random.gauss(math.log(150), 0.9)))))
    print(f"站点{i:04d},http://s{i:04d}-p{p}.bench.test/,单位{i % 37}")
PY
total=$(tail -n +2 sites.csv | sed 's/.*-p\([0-9]*\)\..*/\1/' | paste -sd+ | bc)
median=$(tail -n +2 sites.csv | sed 's/.*-p\([0-9]*\)\..*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
DB=gongkai_fleet_$$
psql "$BENCH_POSTGRES" -qc "CREATE DATABASE $DB" >/dev/null
Q=$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path='/$DB').geturl())" "$BENCH_POSTGRES")
COMMON=(--rate "$RATE" --as-of 2025-11-20 --resolve "$RESOLVE" --no-search-probe --no-external --max-time 2h)
start=$(date +%s.%N)
./gongkai batch sites.csv --queue "$Q" --detach "${COMMON[@]}" 2>&1 | tail -1
wp=()
for w in $(seq "$WORKERS"); do
	./gongkai worker --queue "$Q" --sites "$PER_WORKER" --id "w$w" \
		--heartbeat 10s --rescue-after 60s --retry-wait 5s 2> "worker$w.log" & wp+=($!); pids+=($!)
done
if [ "$KILL_AT" -gt 0 ]; then
	( sleep "$KILL_AT"; pkill -KILL -f -- "--id w2" && echo "fleet: SIGKILLed worker w2 at ${KILL_AT}s" >&2 ) &
fi
# Follow to the end (batch --queue without --detach), then the reports.
./gongkai batch sites.csv --queue "$Q" --out out-queue --quiet "${COMMON[@]}" 2> follow.log
end=$(date +%s.%N)
for p in "${wp[@]}"; do
	echo "worker pid $p: $(grep -h VmHWM /proc/$p/status 2>/dev/null || echo 'killed')"
	kill -TERM "$p" 2>/dev/null || true
done
wait "${wp[@]}" 2>/dev/null || true
wall=$(echo "$end - $start" | bc)
par=$(( WORKERS * PER_WORKER < SITES ? WORKERS * PER_WORKER : SITES ))
bound=$(echo "b1 = $MAXPAGES / $RATE; b2 = $total / ($RATE * $par); if (b1 > b2) b1 else b2" | bc -l)
echo "fleet: $SITES sites, $total pages (median $median, largest $MAXPAGES); wall ${wall}s; politeness bound ${bound}s; ratio $(echo "$wall / $bound" | bc -l | cut -c1-5)"
psql "$Q" -Atc "SELECT 'results: ' || count(*) || ' rows, ' || count(DISTINCT site) || ' sites, ' || sum((status='done')::int) || ' done, ' || sum((status='failed')::int) || ' failed' FROM gongkai_results"
psql "$Q" -Atc "SELECT 'history scans: ' || count(*) || ' (' || count(DISTINCT site) || ' sites)' FROM scans"
psql "$Q" -Atc "SELECT 'jobs: ' || string_agg(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM river_job GROUP BY state) s"
psql "$Q" -Atc "SELECT 'rescued or retried jobs: ' || count(*) FROM river_job WHERE attempt > 1 OR metadata ? 'river:rescue_count'"
# The same sites on one machine, unpaced: the findings must be the same.
/usr/bin/time -f "one-machine batch wall=%e s peak_rss_kb=%M" ./gongkai batch sites.csv --out out-local --db - --parallel 8 --quiet \
	--rate 0 --as-of 2025-11-20 --resolve "$RESOLVE" --no-search-probe --no-external 2>&1 | tail -1
python3 - <<'PY'
import json, glob, os
diff = same = 0
for f in sorted(glob.glob("out-local/*.json")):
    a = json.load(open(f)); q = "out-queue/" + os.path.basename(f)
    b = json.load(open(q)) if os.path.exists(q) else None
    if b and a["findings"] == b["findings"] and a["score"] == b["score"]:
        same += 1
    else:
        diff += 1
print(f"findings identical to the one-machine batch: {same} sites; different or missing: {diff}")
PY
psql "$BENCH_POSTGRES" -qc "DROP DATABASE $DB WITH (FORCE)" >/dev/null
