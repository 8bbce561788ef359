#!/usr/bin/env bash
# Session Manager benchmark, one run: two real Tomcat 11 distributions serving the cart webapp, one with
# Tomcat's StandardManager (the baseline) and one with LimpetSessionManager (sticky, Redis on a throwaway
# redis-server), driven by wrk with one session's cookie on the session-touching page /cart/cart.txt (reads the
# cart from the session) and on a changing POST /cart/cart (adds an item: a store write per request with
# Limpet). Prints requests/s and CPU per request of each and their ratios, then the Redis round trips per request
# (client commands seen with MONITOR / requests) for a read-only request (GET /cart/cart.txt) and a changing one (POST
# /cart adding an item, the cart changed in place). Writes the figures to $1 if given (e.g. bench/MANAGER.md).
#
#   bench/manager.sh [out.md]     ~2 minutes; DURATION=10 ROUNDS=4 WARMUP=2 CONNECTIONS=8 THREADS=1 CHANGES=300
#
# JAR=path/to/limpet-tomcat.jar measures another build (e.g. a copy of the previous one, for a before/after
# comparison run right after this one); PROFILE_DIR=dir records a JFR profile of each Tomcat (standard.jfr,
# limpet.jfr) over the whole run, for `jfr print --events jdk.ExecutionSample`.
#
# Needs wrk, redis-server, curl, and the build: valve-tomcat/target/limpet-tomcat.jar and the unpacked
# distribution + cart.war under integration-tests/target (mvn -B -pl integration-tests -am test-compile).
# Never touches another Redis (e.g. on 6379): everything runs on free loopback ports and is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
CHANGES=${CHANGES:-300}
JAR=${JAR:-valve-tomcat/target/limpet-tomcat.jar}
WAR=integration-tests/target/wars/cart.war
HOME11=$(ls -d integration-tests/target/tomcat-dist/apache-tomcat-11.* 2>/dev/null | sort -V | tail -n 1)
for f in "$JAR" "$WAR" "$HOME11/bin/catalina.sh"; do
  [ -e "$f" ] || { echo "manager.sh: missing $f: mvn -B -pl integration-tests -am test-compile" >&2; exit 2; }
done
for b in wrk redis-server redis-cli curl; do
  command -v "$b" >/dev/null || { echo "manager.sh: $b is missing" >&2; exit 2; }
done

. bench/scratch.sh manager   # after the cd above: paths are relative to the repository

await_http() { # url base
  for _ in $(seq 1 1500); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "manager.sh: $1 did not answer within 300 s:" >&2; tail -20 "$2/logs/console.log" >&2; exit 1
}

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  > "$work/redis.log" 2>&1 &
pids+=($!)

secret=$work/secret
head -c 32 /dev/urandom | base64 > "$secret"

tomcat_base() { # name port manager-line
  local base=$work/$1
  mkdir -p "$base"/{lib,logs,temp,webapps,work}
  cp -r "$HOME11/conf" "$base/"
  cp "$JAR" "$base/lib/"
  cp "$WAR" "$base/webapps/cart.war"
  sed -i -e 's/<Server port="8005"/<Server port="-1"/' \
         -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" port=\"$2\"/" \
         -e 's/<Engine name="Catalina" defaultHost="localhost">/<Engine name="Catalina" defaultHost="localhost" jvmRoute="bench">/' \
         "$base/conf/server.xml"
  sed -i "s#</Context>#  $3\n</Context>#" "$base/conf/context.xml"
  echo "$base"
}

start_tomcat() { # base
  local opts="-Xmx512m"
  if [ -n "${PROFILE_DIR:-}" ]; then
    mkdir -p "$PROFILE_DIR"
    opts="$opts -XX:StartFlightRecording=settings=profile,filename=$(realpath "$PROFILE_DIR")/$(basename "$1").jfr"
  fi
  CATALINA_HOME=$HOME11 CATALINA_BASE=$1 CATALINA_OPTS="$opts" JAVA_OPTS="" \
    sh "$HOME11/bin/catalina.sh" run > "$1/logs/console.log" 2>&1 &
  pids+=($!)
}

std_port=$(free_port)
lim_port=$(free_port)
std_base=$(tomcat_base standard "$std_port" '<Manager pathname=""/>')
lim_base=$(tomcat_base limpet "$lim_port" "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\" storeUri=\"redis://127.0.0.1:$redis_port/0\" secretFile=\"$secret\" sessionAttributeValueClassNameFilter=\"dev\\\\.limpet\\\\.samples\\\\..*\"/>")
start_tomcat "$std_base"
std_pid=${pids[-1]}
start_tomcat "$lim_base"
lim_pid=${pids[-1]}
await_http "http://127.0.0.1:$std_port/cart/health" "$std_base"
await_http "http://127.0.0.1:$lim_port/cart/health" "$lim_base"
grep -q "LimpetSessionManager of \[/cart\] started" "$lim_base/logs/console.log" \
  || { echo "manager.sh: LimpetSessionManager did not start:" >&2; cat "$lim_base/logs/console.log" >&2; exit 1; }

session_cookie() { # port: creates a session with one item; prints the JSESSIONID cookie
  local jar=$work/jar-$1
  curl -fs -c "$jar" -o /dev/null -X POST -d 'action=add&item=Limpet+plush+toy&quantity=1' "http://127.0.0.1:$1/cart/cart"
  awk '$6 == "JSESSIONID" {print "JSESSIONID=" $7}' "$jar"
}

cpu_ticks() { # pid: user + system CPU time of the process (all its threads), clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# The changing request: POST /cart/cart, alternately adding one plush toy and clearing the cart, so that every
# request changes the session (adding alone stops changing it at the 99 per item cap). Each wrk thread has one
# connection and its own session (the cookie its first response set): users change their own carts, they do
# not queue behind one session's writes.
cat > "$work/change.lua" <<'LUA'
local n = 0
local cookie = nil
request = function()
  n = n + 1
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = cookie
  local body = (n % 2 == 0) and "action=clear" or "action=add&item=Limpet+plush+toy&quantity=1"
  return wrk.format("POST", nil, headers, body)
end
response = function(status, headers, body)
  local set = headers["Set-Cookie"]
  if cookie == nil and set ~= nil then cookie = string.match(set, "^[^;]+") end
end
LUA

# One wrk run; prints "requests/s CPU-microseconds-per-request" (the Tomcat's own CPU time over the requests it
# served: unlike requests/s, it hardly depends on how much of the shared machine the other processes take).
# With a 4th argument "change", the request is the changing POST instead of GET /cart/cart.txt.
measure() { # port cookie pid [change]
  local before after out
  local args=(-t"$THREADS" -c"$CONNECTIONS" -H "Cookie: $2" "http://127.0.0.1:$1/cart/cart.txt")
  [ "${4:-}" = change ] && args=(-t"$CONNECTIONS" -c"$CONNECTIONS" -s "$work/change.lua" "http://127.0.0.1:$1/cart/cart")
  before=$(cpu_ticks "$3")
  out=$(wrk -d"${DURATION}s" "${args[@]}")
  after=$(cpu_ticks "$3")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {n = $1} /Requests\/sec/ {rps = $2}
    END {printf "%s %.1f\n", rps, ticks / hz * 1e6 / n}' <<< "$out"
}

std_cookie=$(session_cookie "$std_port")
lim_cookie=$(session_cookie "$lim_port")
# Warm-up (JIT: WARMUP runs of each, 2 by default; with one, the first measured runs still cost up to 3x the CPU),
# then ROUNDS measured runs each, alternating standard and limpet so that load from elsewhere on the machine hits
# both alike; the medians are compared.
for _ in $(seq 1 "${WARMUP:-2}"); do
  measure "$std_port" "$std_cookie" "$std_pid" > /dev/null
  measure "$lim_port" "$lim_cookie" "$lim_pid" > /dev/null
  measure "$std_port" "$std_cookie" "$std_pid" change > /dev/null
  measure "$lim_port" "$lim_cookie" "$lim_pid" change > /dev/null
done
std_runs=(); lim_runs=(); std_cpus=(); lim_cpus=()
stdc_runs=(); limc_runs=(); stdc_cpus=(); limc_cpus=()
for _ in $(seq 1 "${ROUNDS:-4}"); do
  read -r r c < <(measure "$std_port" "$std_cookie" "$std_pid"); std_runs+=("$r"); std_cpus+=("$c")
  read -r r c < <(measure "$lim_port" "$lim_cookie" "$lim_pid"); lim_runs+=("$r"); lim_cpus+=("$c")
  read -r r c < <(measure "$std_port" "$std_cookie" "$std_pid" change); stdc_runs+=("$r"); stdc_cpus+=("$c")
  read -r r c < <(measure "$lim_port" "$lim_cookie" "$lim_pid" change); limc_runs+=("$r"); limc_cpus+=("$c")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio_of() { python3 -c "print(f'{$1 / $2:.3f}')"; }
std=$(median "${std_runs[@]}"); lim=$(median "${lim_runs[@]}"); ratio=$(ratio_of "$lim" "$std")
std_cpu=$(median "${std_cpus[@]}"); lim_cpu=$(median "${lim_cpus[@]}"); cpu_ratio=$(ratio_of "$lim_cpu" "$std_cpu")
stdc=$(median "${stdc_runs[@]}"); limc=$(median "${limc_runs[@]}"); ratioc=$(ratio_of "$limc" "$stdc")
stdc_cpu=$(median "${stdc_cpus[@]}"); limc_cpu=$(median "${limc_cpus[@]}"); cpu_ratioc=$(ratio_of "$limc_cpu" "$stdc_cpu")
load=$(cut -d' ' -f1-3 /proc/loadavg)

# Round trips = commands sent by clients, seen with MONITOR (commands a Lua script runs are marked "lua" there
# and are not round trips).
round_trips() { # label, then the requests to count, from stdin: one "METHOD URL [DATA]" per line
  local log=$work/monitor-$1.log n=0 method url data
  redis-cli -p "$redis_port" monitor > "$log" &
  local monitor=$!
  sleep 0.5
  while read -r method url data; do
    if [ "$method" = POST ]; then
      curl -fs -o /dev/null -H "Cookie: $lim_cookie" -X POST -d "$data" "$url"
    else
      curl -fs -o /dev/null -H "Cookie: $lim_cookie" "$url"
    fi
    n=$((n + 1))
  done
  sleep 2
  kill "$monitor"; wait "$monitor" 2>/dev/null || true
  local trips
  trips=$(grep -c '^[0-9.]* \[[0-9]* 127\.0\.0\.1:' "$log" || true)
  python3 -c "print(f'{$trips / $n:.3f}')"
  { grep '^[0-9.]* \[[0-9]* 127\.0\.0\.1:' "$log" || true; } | awk '{print $4}' | sort | uniq -c | tr -s ' \n' ' ' \
    > "$work/commands-$1"
}

items=("Limpet+plush+toy" "Tide+table+2027" "Rock+pool+guide" "Sea+glass+necklace" "Barnacle-proof+boots" "Lighthouse+postcard+set")
read_only=$(for _ in $(seq 1 "$CHANGES"); do echo "GET http://127.0.0.1:$lim_port/cart/cart.txt"; done | round_trips read)
changing=$(for i in $(seq 1 "$CHANGES"); do
  echo "POST http://127.0.0.1:$lim_port/cart/cart action=add&item=${items[$((i % 6))]}&quantity=1"; done | round_trips change)
commands="read-only: $(cat "$work/commands-read"); changing: $(cat "$work/commands-change")"

report=$(cat <<REPORT
| measure | value |
| --- | --- |
| StandardManager, GET /cart/cart.txt (one session, wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s runs, median) | $std req/s (${std_runs[*]}) |
| LimpetSessionManager sticky + Redis, same page, same run, alternating | $lim req/s (${lim_runs[*]}) |
| ratio Limpet / StandardManager (requests/s) | $ratio |
| Tomcat CPU time per request, StandardManager (median) | $std_cpu µs (${std_cpus[*]}) |
| Tomcat CPU time per request, LimpetSessionManager (median) | $lim_cpu µs (${lim_cpus[*]}) |
| ratio CPU per request Limpet / StandardManager | $cpu_ratio |
| StandardManager, POST /cart/cart (adds an item or clears the cart: every request changes the session; wrk -t$CONNECTIONS -c$CONNECTIONS, one session per connection), same runs | $stdc req/s (${stdc_runs[*]}), $stdc_cpu µs CPU (${stdc_cpus[*]}) |
| LimpetSessionManager, same changing POST | $limc req/s (${limc_runs[*]}), $limc_cpu µs CPU (${limc_cpus[*]}) |
| ratio Limpet / StandardManager on the changing POST: requests/s, CPU per request | $ratioc, $cpu_ratioc |
| Redis round trips per read-only request (GET cart.txt, $CHANGES requests) | $read_only |
| Redis round trips per changing request (POST add item, cart changed in place, $CHANGES requests) | $changing |

Client commands seen by Redis (MONITOR): $commands

Load average at the end (1, 5, 15 min): $load
REPORT
)
echo "$report"
if [ $# -ge 1 ]; then
  printf '%s\n' "$report" > "$1"
fi
