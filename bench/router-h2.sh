#!/usr/bin/env bash
# Limpet router against HAProxy over HTTP/2 (h2c, prior knowledge) and HTTP/1.1, in the same alternating rounds:
# both proxies run AT THE SAME TIME in front of the same two nginx backends (the harness's nginx-backend.conf,
# 200-byte bodies), and each round loads every scenario in turn with h2load (one tool for both protocols):
#   router-h2 / haproxy-h2   h2load -c$CONNS -m$STREAMS (h2c to the proxy, HTTP/1.1 keep-alive to the nodes)
#   router-h1 / haproxy-h1   h2load --h1 -c$CONNS (HTTP/1.1 keep-alive, one request at a time per connection)
# Half the connections carry a node1 session, half a node2 one (Cookie: SERVERID=sN; JSESSIONID=<hex>.nodeN):
# HAProxy routes on SERVERID (cookie ... insert indirect), the router on the JSESSIONID suffix (jsessionid).
# Prints, per round and scenario, req/s and the proxy's CPU µs/request (utime+stime from /proc/<pid>/stat), then
# the medians and the per-round router/HAProxy ratios.
#
#   bench/router-h2.sh [router.jar]                 # 3 rounds of 10 s per scenario after 30 s of warm-up
#   ROUNDS=5 DUR=8 CONNS=50 STREAMS=10 bench/router-h2.sh
#   HARNESS=/work/shared/bench bench/router-h2.sh   # harness not at ../../shared/bench
#
# Needs h2load (Debian nghttp2-client), haproxy, nginx. Every process started here is stopped by PID on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${1:-$HERE/../front-router/target/limpet-router.jar}
HARNESS=${HARNESS:-$HERE/../../shared/bench}
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10}; WARM=${WARM:-30}; CONNS=${CONNS:-50}; STREAMS=${STREAMS:-10}
P_BE1=18481; P_BE2=18482; P_ROUTER=18410; P_HAPROXY=18411
for tool in h2load haproxy nginx java curl python3; do
    command -v "$tool" > /dev/null || { echo "$tool not found" >&2; exit 1; }
done
W=$(mktemp -d /tmp/limpet-h2-bench.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true' EXIT
# shellcheck source=nginx-backends.sh
source "$HERE/nginx-backends.sh"
start_nginx_backends "$W" $P_BE1 $P_BE2

cat > "$W/haproxy.cfg" <<CFG
global
    nbthread 2
    maxconn 4000
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend fe_sticky
    bind 127.0.0.1:$P_HAPROXY proto h2
    bind 127.0.0.1:$((P_HAPROXY + 100))
    default_backend be_sticky
backend be_sticky
    balance roundrobin
    cookie SERVERID insert indirect nocache
    server node1 127.0.0.1:$P_BE1 cookie s1
    server node2 127.0.0.1:$P_BE2 cookie s2
CFG
haproxy -db -f "$W/haproxy.cfg" > "$W/haproxy.log" 2>&1 & P_HA=$!; PIDS+=($P_HA)

head -c 32 /dev/urandom | base64 > "$W/secret"; chmod 600 "$W/secret"
printf 'listen: 127.0.0.1:%s\nsecretFile: %s\nhttp2: true\nbackends:\n  - route: node1\n    url: http://127.0.0.1:%s\n  - route: node2\n    url: http://127.0.0.1:%s\npersistence: [jsessionid]\n' \
    "$P_ROUTER" "$W/secret" "$P_BE1" "$P_BE2" > "$W/router.yaml"
java -Xms512m -Xmx512m -jar "$JAR" --config "$W/router.yaml" > "$W/router.log" 2>&1 & P_RT=$!; PIDS+=($P_RT)
for p in $P_ROUTER $P_HAPROXY; do
    for _ in $(seq 120); do curl -s --http2-prior-knowledge -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.5; done
done
# Verification: a node2 session reaches node2 over h2c through both.
for p in $P_ROUTER $P_HAPROXY; do
    n=$(curl -s --http2-prior-knowledge -D - -o /dev/null -H 'Cookie: SERVERID=s2; JSESSIONID=0123456789ABCDEF.node2' \
        "http://127.0.0.1:$p/" | tr -d '\r' | awk 'tolower($1)=="x-node:"{print $2}')
    [[ $n == node2 ]] || { echo "verification failed on port $p: X-Node [$n]" >&2; exit 1; }
done

SID1='Cookie: SERVERID=s1; JSESSIONID=00000001000000000000000000000001.node1'
SID2='Cookie: SERVERID=s2; JSESSIONID=00000002000000000000000000000002.node2'
load() { # seconds port proto(h1|h2) out: two h2load processes, half the connections per node
    local extra=(-m "$STREAMS") half=$((CONNS / 2))
    [[ $3 == h1 ]] && extra=(--h1 -m 1)
    h2load -t1 -c"$half" "${extra[@]}" -D "$1" -H "$SID1" "http://127.0.0.1:$2/" > "$4.1" 2>&1 & local a=$!
    h2load -t1 -c"$half" "${extra[@]}" -D "$1" -H "$SID2" "http://127.0.0.1:$2/" > "$4.2" 2>&1 & local b=$!
    wait $a $b
}
done_reqs() { awk '/^requests:/{s += $6} END {print s + 0}' "$1.1" "$1.2"; }  # "requests: N total, N started, N done, N succeeded, ..."
ok_reqs() { awk '/^requests:/{s += $8} END {print s + 0}' "$1.1" "$1.2"; }
port_of() { case $1 in router-h1) echo $P_ROUTER ;; router-h2) echo $P_ROUTER ;; haproxy-h2) echo $P_HAPROXY ;;
    haproxy-h1) echo $((P_HAPROXY + 100)) ;; esac; }
pid_of() { [[ $1 == router-* ]] && echo $P_RT || echo $P_HA; }
TCK=$(getconf CLK_TCK)
cpu() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }

echo "warm-up ${WARM}s per protocol"
load "$WARM" $P_ROUTER h1 "$W/warm"; load "$WARM" $P_ROUTER h2 "$W/warm"
load 5 $P_HAPROXY h2 "$W/warm"; load 5 $((P_HAPROXY + 100)) h1 "$W/warm"
SCEN=(router-h1 haproxy-h1 router-h2 haproxy-h2)
echo "round,scenario,req_per_s,proxy_cpu_us_per_req,succeeded,done,loadavg" | tee "$W/raw.csv"
for r in $(seq "$ROUNDS"); do
    rot=$(( (r - 1) % ${#SCEN[@]} ))
    for i in $(seq 0 $((${#SCEN[@]} - 1))); do
        s=${SCEN[$(( (i + rot) % ${#SCEN[@]} ))]}
        pid=$(pid_of "$s"); c0=$(cpu "$pid")
        load "$DUR" "$(port_of "$s")" "${s#*-}" "$W/out-$r-$s"
        c1=$(cpu "$pid"); n=$(done_reqs "$W/out-$r-$s"); ok=$(ok_reqs "$W/out-$r-$s")
        python3 -c "print(f'$r,$s,{$n/$DUR:.0f},{($c1-$c0)/$TCK*1e6/max($n,1):.1f},$ok,$n,' + open('/proc/loadavg').read().split()[0])" \
            | tee -a "$W/raw.csv"
        sleep 0.5
    done
done
python3 - "$W/raw.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault(r['scenario'], []).append(r)
print("\nscenario      req/s(median)  proxy µs/req(median)  failed")
for s, rs in by.items():
    print(f"{s:12} {statistics.median(float(r['req_per_s']) for r in rs):>14,.0f} "
          f"{statistics.median(float(r['proxy_cpu_us_per_req']) for r in rs):>21.1f} "
          f"{sum(int(r['done']) - int(r['succeeded']) for r in rs):>7}")
for proto in ("h1", "h2"):
    rnd = {}
    for r in rows:
        if r['scenario'].endswith(proto):
            rnd.setdefault(r['round'], {})[r['scenario'].split('-')[0]] = r
    cpu = [float(v['router']['proxy_cpu_us_per_req']) / float(v['haproxy']['proxy_cpu_us_per_req']) for v in rnd.values()]
    rps = [float(v['router']['req_per_s']) / float(v['haproxy']['req_per_s']) for v in rnd.values()]
    print(f"{proto}: router/haproxy per round (median): CPU µs/req x{statistics.median(cpu):.2f}, req/s x{statistics.median(rps):.2f}")
PY
echo "raw: $W/raw.csv"
