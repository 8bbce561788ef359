#!/usr/bin/env bash
# Limpet router with learn-cookie persistence against HAProxy 2.6 with a stick table learning the same cookie,
# on the same two backends, in the same interleaved rounds (issue 5, "Done when").
#
#   bench/router-learn.sh                          # ~2 min: 3 rounds x 10 s per proxy after warm-up
#   ROUNDS=1 DUR=5 WARM_JAVA=10 bench/router-learn.sh
#
# Backends: one nginx with two servers (127.0.0.1:18281, :18282) that answer 200 with X-Node and, when the
# request has no JSESSIONID, set "JSESSIONID=<32 hex>; Path=/; HttpOnly" -- a session id WITHOUT a route, so
# only a proxy that learns it from the response can keep the session on its node.
#   HAProxy (:18291): stick-table type string len 64 size 1m expire 30m, stick on req.cook(JSESSIONID),
#                     stick store-response res.cook(JSESSIONID), balance roundrobin.
#   Limpet  (:18292): persistence [{method: learn-cookie, name: JSESSIONID}], sessionTable maxEntries 1000000,
#                     idle 1800 s.
# Load: wrk -t1 -c50, Lua script bench/router-learn.lua: the first 200 requests create sessions (no cookie), every
# later request carries one of the learned JSESSIONIDs. Before the rounds each proxy is checked: 20 requests with
# a learned cookie must all reach the node that set it. Reported: req/s, p99, CPU us/request of the proxy
# (utime+stime from /proc/<pid>/stat), and the ratio limpet/haproxy within each round.
# Needs nginx, haproxy, wrk (../shared/bench/setup.sh) and the router jar
# (mvn -B -q -pl front-router -am package -DskipTests, or ROUTER_JAR=...). All load goes to 127.0.0.1; every
# process started here is stopped again by its PID.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${ROUTER_JAR:-$ROOT/front-router/target/limpet-router.jar}
ROUNDS=${ROUNDS:-3} DUR=${DUR:-10} WARM=${WARM:-3} WARM_JAVA=${WARM_JAVA:-25}
WORK=${WORK:-/tmp/limpet-router-learn}
OUT=${OUT_DIR:-$WORK/results/$(date +%Y%m%d-%H%M%S)}
B1=18281 B2=18282 HA=18291 LR=18292
[[ -f $JAR ]] || { echo "router jar not found: $JAR" >&2; exit 1; }
for p in $B1 $B2 $HA $LR; do
    if (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then echo "port $p is taken; nothing started" >&2; exit 1; fi
done
mkdir -p "$WORK" "$OUT"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT

cat > "$WORK/nginx.conf" <<NGINX
daemon off; worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  map \$cookie_JSESSIONID \$new_session { "" "JSESSIONID=\$request_id; Path=/; HttpOnly"; default ""; }
  server { listen 127.0.0.1:$B1; location / { add_header X-Node node1; add_header Set-Cookie \$new_session; return 200 "node1\n"; } }
  server { listen 127.0.0.1:$B2; location / { add_header X-Node node2; add_header Set-Cookie \$new_session; return 200 "node2\n"; } }
}
NGINX
mkdir -p "$WORK/tmp"
cat > "$WORK/haproxy.cfg" <<HAP
global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend fe_learn
  bind 127.0.0.1:$HA
  default_backend be_learn
backend be_learn
  balance roundrobin
  stick-table type string len 64 size 1m expire 30m
  stick on req.cook(JSESSIONID)
  stick store-response res.cook(JSESSIONID)
  server s1 127.0.0.1:$B1
  server s2 127.0.0.1:$B2
HAP
head -c 32 /dev/urandom | base64 > "$WORK/secret"
cat > "$WORK/router.yaml" <<YAML
listen: 127.0.0.1:$LR
secretFile: $WORK/secret
backends:
  - route: node1
    url: http://127.0.0.1:$B1
  - route: node2
    url: http://127.0.0.1:$B2
persistence: [{method: learn-cookie, name: JSESSIONID}]
sessionTable: {maxEntries: 1000000, idleTimeoutSeconds: 1800}
YAML

nginx -c "$WORK/nginx.conf" > "$WORK/nginx.log" 2>&1 & PIDS+=($!)
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 & PIDS+=($!); HA_PID=$!
java ${ROUTER_JAVA_OPTS:--Xms512m -Xmx512m} -jar "$JAR" --config "$WORK/router.yaml" > "$WORK/router.log" 2>&1 &
PIDS+=($!); LR_PID=$!
for p in $B1 $B2 $HA $LR; do
    for _ in $(seq 100); do (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && break; sleep 0.1; done
done

verify() { # PORT NAME: sessions learned from the response stay on their node
    local port=$1 name=$2 ok=0 total=0
    for _ in 1 2 3 4; do
        local headers cookie node
        headers=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/")
        cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(JSESSIONID=[^;]*\).*/\1/p' <<< "$headers" | tr -d '\r')
        node=$(sed -n 's/^[Xx]-[Nn]ode: \(.*\)/\1/p' <<< "$headers" | tr -d '\r')
        for _ in $(seq 5); do
            total=$((total + 1))
            [[ $(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/") == "$node" ]] && ok=$((ok + 1))
        done
    done
    echo "verify $name: $ok/$total pinned requests reached the node that set the cookie" | tee -a "$OUT/verify.txt"
    [[ $ok == "$total" ]]
}
verify $HA haproxy
verify $LR limpet

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
run() { # NAME PORT PID SECONDS -> appends "round name req/s p99 us/req" to raw.txt
    local name=$1 port=$2 pid=$3 secs=$4 round=$5 t0 t1 out rps reqs p99
    t0=$(ticks "$pid")
    out=$(wrk -t1 -c50 -d"${secs}s" --latency -s "$HERE/router-learn.lua" "http://127.0.0.1:$port/")
    t1=$(ticks "$pid")
    echo "$out" > "$OUT/wrk-$round-$name.txt"
    rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
    reqs=$(awk '/requests in/ {print $1}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
    [[ $round == warm ]] && return
    echo "$round $name $rps $p99 $(awk -v d=$((t1 - t0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d / hz * 1e6 / n}')" \
        | tee -a "$OUT/raw.txt"
}
run haproxy $HA $HA_PID "$WARM" warm
run limpet $LR $LR_PID "$WARM_JAVA" warm
echo "round proxy req/s p99 cpu_us/req" > "$OUT/raw.txt"
for r in $(seq "$ROUNDS"); do
    if (( r % 2 )); then run haproxy $HA $HA_PID "$DUR" "$r"; run limpet $LR $LR_PID "$DUR" "$r"
    else run limpet $LR $LR_PID "$DUR" "$r"; run haproxy $HA $HA_PID "$DUR" "$r"; fi
done
python3 - "$OUT/raw.txt" <<'PY' | tee "$OUT/summary.txt"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:]]
by = {}
for rnd, name, rps, p99, cpu in rows:
    by.setdefault(rnd, {})[name] = (float(rps), p99, float(cpu))
for name in ("haproxy", "limpet"):
    v = [by[r][name] for r in by]
    print(f"{name:8s} req/s median {statistics.median(x[0] for x in v):10.0f}  "
          f"cpu us/req median {statistics.median(x[2] for x in v):6.1f}  p99 {[x[1] for x in v]}")
ratios = [by[r]["limpet"][0] / by[r]["haproxy"][0] for r in by]
print(f"limpet/haproxy req/s ratio per round {[round(x, 3) for x in ratios]}, median {statistics.median(ratios):.3f}")
PY
echo "results: $OUT"
