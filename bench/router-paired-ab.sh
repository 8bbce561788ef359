#!/usr/bin/env bash
# Paired A/B of two router builds or JVM option sets: both routers run AT THE SAME TIME (ports 18310/18311, nginx
# backends on 18381/18382), each under its own `wrk -t1 -c50` with the harness's sessions.lua, so both see the
# same machine load; prints each router's CPU µs/request (from /proc/<pid>/stat) and B/A per pair. Used for
# the A/B figures in bench/ROUTER.md (a shared machine makes back-to-back runs too noisy).
#
#   bench/router-paired-ab.sh A.jar B.jar                       # 5 pairs of 12 s after 35 s of warm-up
#   OPTS_B='-XX:+UseParallelGC' bench/router-paired-ab.sh X.jar X.jar
#   WARGS=close REPS=3 DUR=8 bench/router-paired-ab.sh A.jar B.jar   # Connection: close
#   HARNESS=/work/shared/bench bench/router-paired-ab.sh A.jar B.jar  # harness not at ../../shared/bench
#
# Every process started here is stopped by PID on exit.
set -euo pipefail
JA=$1; JB=$2
OPTS_A=${OPTS_A:-}; OPTS_B=${OPTS_B:-}; REPS=${REPS:-5}; DUR=${DUR:-12}; WARM=${WARM:-35}; WARGS=${WARGS:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HARNESS=${HARNESS:-$HERE/../../shared/bench}   # the shared harness beside the checkout (a worktree elsewhere sets it)
LUA=${LUA:-$HARNESS/conf/sessions.lua}
W=$(mktemp -d /tmp/limpet-paired-ab.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true' EXIT
# shellcheck source=nginx-backends.sh
source "$HERE/nginx-backends.sh"
start_nginx_backends "$W" 18381 18382
head -c 32 /dev/urandom | base64 > "$W/secret"
for p in 18310 18311; do
    printf 'listen: 127.0.0.1:%s\nsecretFile: %s\nbackends:\n  - route: node1\n    url: http://127.0.0.1:18381\n  - route: node2\n    url: http://127.0.0.1:18382\npersistence: [jsessionid]\n' \
        "$p" "$W/secret" > "$W/router-$p.yaml"
done
# shellcheck disable=SC2086
java -Xms512m -Xmx512m $OPTS_A -jar "$JA" --config "$W/router-18310.yaml" > "$W/a.log" 2>&1 & PA=$!; PIDS+=($PA)
# shellcheck disable=SC2086
java -Xms512m -Xmx512m $OPTS_B -jar "$JB" --config "$W/router-18311.yaml" > "$W/b.log" 2>&1 & PB=$!; PIDS+=($PB)
for p in 18310 18311; do
    for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.5; done
done
load() { # seconds port out
    # shellcheck disable=SC2086
    wrk -t1 -c50 -d"$1s" -s "$LUA" "http://127.0.0.1:$2/" -- $WARGS > "$3"; }
load "$WARM" 18310 /dev/null & L1=$!; load "$WARM" 18311 /dev/null & L2=$!; wait $L1 $L2
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
for r in $(seq "$REPS"); do
    a0=$(cpu $PA); b0=$(cpu $PB)
    load "$DUR" 18310 "$W/wa.txt" & L1=$!; load "$DUR" 18311 "$W/wb.txt" & L2=$!; wait $L1 $L2
    a1=$(cpu $PA); b1=$(cpu $PB)
    ra=$(awk '/requests in/{print $1}' "$W/wa.txt"); rb=$(awk '/requests in/{print $1}' "$W/wb.txt")
    python3 -c "
a=($a1-$a0)/$TCK*1e6/$ra; b=($b1-$b0)/$TCK*1e6/$rb
print(f'pair $r: A {a:.1f} us/req ({$ra/$DUR:.0f}/s) | B {b:.1f} us/req ({$rb/$DUR:.0f}/s) | B/A {b/a:.3f} | non-2xx A $(grep -c Non-2xx "$W/wa.txt" || true) B $(grep -c Non-2xx "$W/wb.txt" || true) | load', open('/proc/loadavg').read().split()[0])"
done
