#!/usr/bin/env bash
# Jetty session store benchmark, one run: two jetty-home 12.0.x nodes serving the cart webapp (ee10), one with
# Jetty's default in-memory sessions (modules http,ee10-deploy: DefaultSessionCache, no session store: the
# baseline) and one with Limpet's store on a throwaway redis-server (plus limpet-session, installed as docs/jetty.md
# says). wrk drives, with one session's cookie, the session-touching page GET /cart/cart.txt (reads the cart from the
# session: with Limpet, serialized and hashed each request, written only if it changed) and the changing
# POST /cart/cart (adds an item / clears the cart alternately: a Redis write per request with Limpet). Paired
# rounds, alternating baseline and Limpet; prints the medians of requests/s and of CPU per request (the Jetty
# JVM's own user+system CPU time over the requests it served) and the ratios Limpet / baseline. Writes the table
# to $1 if given (e.g. bench/JETTY.md appends it by hand).
#
#   bench/jetty-sessions.sh [out.md]      ~2 minutes; DURATION=10 ROUNDS=4 WARMUP=2 CONNECTIONS=8 THREADS=1
#
# Needs wrk, redis-server, curl, java, and the build: filter-jetty/target/limpet-jetty-base.zip and, under
# integration-tests/target, the unpacked jetty-home and cart.war (mvn -B -pl integration-tests -am test-compile).
# Never touches another Redis: everything runs on free loopback ports and is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
ZIP=filter-jetty/target/limpet-jetty-base.zip
WAR=integration-tests/target/wars/cart.war
JHOME=$(ls -d integration-tests/target/tomcat-dist/jetty-home-12.* 2>/dev/null | sort -V | tail -n 1)
for f in "$ZIP" "$WAR" "$JHOME/start.jar"; do
  [ -e "$f" ] || { echo "jetty-sessions.sh: missing $f: mvn -B -pl integration-tests -am test-compile" >&2; exit 2; }
done
for b in wrk redis-server curl java unzip; do
  command -v "$b" >/dev/null || { echo "jetty-sessions.sh: $b is missing" >&2; exit 2; }
done
JHOME=$(realpath "$JHOME")

. bench/scratch.sh jetty-sessions

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  > "$work/redis.log" 2>&1 &
pids+=($!)
await_port redis-server "$redis_port"
head -c 32 /dev/urandom | base64 > "$work/secret"

jetty_base() { # name, then the start.jar --add-modules arguments; prints the base
  local base=$work/$1
  shift
  mkdir -p "$base/webapps"
  (cd "$base" && unzip -q "$(realpath "$OLDPWD/$ZIP")" && java -jar "$JHOME/start.jar" "$@" > add-modules.log 2>&1)
  cp "$WAR" "$base/webapps/cart.war"
  echo "$base"
}

start_jetty() { # base port; sets jetty_pid
  (cd "$1" && exec java -Xmx512m -jar "$JHOME/start.jar" jetty.http.host=127.0.0.1 "jetty.http.port=$2" \
    > console.log 2>&1) &
  jetty_pid=$!
  pids+=("$jetty_pid")
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$2/cart/health" && return 0
    sleep 0.2
  done
  echo "jetty-sessions.sh: $1 did not start:" >&2; tail -30 "$1/console.log" >&2; exit 1
}

std_port=$(free_port)
lim_port=$(free_port)
std_base=$(jetty_base default --add-modules=http,ee10-deploy jetty.sessionIdManager.workerName=bench)
lim_base=$(jetty_base limpet --add-modules=http,ee10-deploy,limpet-session \
  "jetty.session.limpet.storeUri=redis://127.0.0.1:$redis_port/0" "jetty.session.limpet.secretFile=$work/secret" \
  jetty.sessionIdManager.workerName=bench)
start_jetty "$std_base" "$std_port"; std_pid=$jetty_pid
start_jetty "$lim_base" "$lim_port"; lim_pid=$jetty_pid
grep -q "Limpet session store \[redis" "$lim_base/console.log" \
  || { echo "jetty-sessions.sh: Limpet's store did not start:" >&2; cat "$lim_base/console.log" >&2; exit 1; }

session_cookie() { # port: creates a session with one item; prints the JSESSIONID cookie
  curl -fs -c "$work/jar-$1" -o /dev/null -X POST -d 'action=add&item=Limpet+plush+toy&quantity=1' \
    "http://127.0.0.1:$1/cart/cart"
  awk '$6 == "JSESSIONID" {print "JSESSIONID=" $7}' "$work/jar-$1"
}

# The changing request, one session per connection: add one plush toy, then clear, alternately.
cat > "$work/change.lua" <<'LUA'
local n, cookie = 0, nil
request = function()
  n = n + 1
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}
  return wrk.format("POST", nil, headers, (n % 2 == 0) and "action=clear" or "action=add&item=Limpet+plush+toy")
end
response = function(status, headers, body)
  if cookie == nil and headers["Set-Cookie"] ~= nil then cookie = string.match(headers["Set-Cookie"], "^[^;]+") end
end
LUA

measure() { # port cookie pid [change]: prints "requests/s CPU-microseconds-per-request"
  local before after out
  local args=(-t"$THREADS" -c"$CONNECTIONS" -H "Cookie: $2" "http://127.0.0.1:$1/cart/cart.txt")
  [ "${4:-}" = change ] && args=(-t"$CONNECTIONS" -c"$CONNECTIONS" -s "$work/change.lua" "http://127.0.0.1:$1/cart/cart")
  before=$(awk '{print $14 + $15}' "/proc/$3/stat")
  out=$(wrk -d"${DURATION}s" "${args[@]}")
  after=$(awk '{print $14 + $15}' "/proc/$3/stat")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {n = $1} /Requests\/sec/ {rps = $2} /Non-2xx/ {bad = $NF}
    END {if (bad > 0 && n - bad < n * 0.99) {print "too many errors: " bad > "/dev/stderr"; exit 1}
         printf "%s %.1f\n", rps, ticks / hz * 1e6 / n}' <<< "$out"
}

std_cookie=$(session_cookie "$std_port")
lim_cookie=$(session_cookie "$lim_port")
declare -A runs
round() { # label: one measurement of each, alternating
  for page in read change; do
    local kind=""; [ "$page" = change ] && kind=change
    read -r r c < <(measure "$std_port" "$std_cookie" "$std_pid" $kind); runs[$1-std-$page-r]+="$r "; runs[$1-std-$page-c]+="$c "
    read -r r c < <(measure "$lim_port" "$lim_cookie" "$lim_pid" $kind); runs[$1-lim-$page-r]+="$r "; runs[$1-lim-$page-c]+="$c "
  done
}
for _ in $(seq 1 "${WARMUP:-2}"); do round warm; done
for _ in $(seq 1 "${ROUNDS:-4}"); do round m; done

median() { printf '%s\n' $1 | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
row() { # page label
  local sr lr sc lc
  sr=$(median "${runs[m-std-$1-r]}"); lr=$(median "${runs[m-lim-$1-r]}")
  sc=$(median "${runs[m-std-$1-c]}"); lc=$(median "${runs[m-lim-$1-c]}")
  printf '| %s | %s (%s) | %s (%s) | %s | %s | %s | %s |\n' "$2" "$sr" "${runs[m-std-$1-r]% }" "$lr" \
    "${runs[m-lim-$1-r]% }" "$(python3 -c "print(f'{$lr / $sr:.3f}')")" "$sc" "$lc" \
    "$(python3 -c "print(f'{$lc / $sc:.3f}')")"
}
report=$(cat <<REPORT
| page | Jetty default req/s (runs) | Limpet + Redis req/s (runs) | req/s ratio | default CPU µs/req | Limpet CPU µs/req | CPU ratio |
| --- | --- | --- | --- | --- | --- | --- |
$(row read "GET /cart/cart.txt (one session, wrk -t$THREADS -c$CONNECTIONS)")
$(row change "POST /cart/cart add/clear (one session per connection, wrk -t$CONNECTIONS -c$CONNECTIONS)")

jetty-home $(basename "$JHOME"), ${DURATION} s runs, ${WARMUP:-2} warm-up and ${ROUNDS:-4} measured paired rounds (medians), $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ).
REPORT
)
echo "$report"
[ -n "${1:-}" ] && echo "$report" > "$1"
exit 0
