#!/usr/bin/env bash
# Store benchmark: starts throwaway store servers on free loopback ports (in a temp dir, stopped by PID on
# exit), runs the JMH store and envelope benchmarks (bench/jmh, dev.limpet.bench.StoreReport) and prints, per
# store and operation, the median latency of Limpet's operation and of the raw client doing the same single
# command in the same run, their ratio, and the round trips of each. Writes the table to $1 if given.
#
#   bench/stores.sh [out.md]        ~5 minutes on 2 cores (48 benchmarks; 1 fork, 2x1 s warm-up, 3x1 s measured each)
#
# Needs redis-server, memcached and PostgreSQL (apt-get install -y redis-server memcached postgresql). Never
# touches a server already running (e.g. Redis on 6379, PostgreSQL on 5432).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/jmh/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  mvn -B -q -pl core,session-stores/redis,session-stores/memcached,session-stores/jdbc,bench/jmh -am install -DskipTests
fi
command -v redis-server >/dev/null || { echo "stores.sh: redis-server is missing: apt-get install -y redis-server" >&2; exit 2; }
command -v memcached >/dev/null || { echo "stores.sh: memcached is missing: apt-get install -y memcached" >&2; exit 2; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "stores.sh: PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 2; }

. bench/scratch.sh stores   # after the cd above: paths are relative to the repository

redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis" \
  --daemonize no >"$work/redis/redis.log" 2>&1 &
pids+=($!)
await_port redis-server "$redis_port"

# Two memcached nodes: the store runs with its backup copy on the second node, as deployed.
mc_ports=()
for n in 1 2; do
  port=$(free_port)
  memcached -p "$port" -U 0 -l 127.0.0.1 -u root -m 64 >"$work/memcached-$n.log" 2>&1 &
  pids+=($!)
  await_port memcached "$port"
  mc_ports+=("$port")
done

# PostgreSQL: a throwaway cluster, run as the postgres user when we are root (initdb refuses root); fsync off,
# as the point is the client's overhead over raw JDBC on the same server, not the disk.
pg_port=$(free_port)
mkdir -p "$work/pg"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chmod 711 "$work"
  chown -R postgres:postgres "$work/pg"
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
  >"$work/pg/initdb.log" 2>&1 || { cat "$work/pg/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/postgres" -D "$work/pg/data" -p "$pg_port" -k "$work/pg" -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off >"$work/pg/postgres.log" 2>&1 &
pids+=($!)
await_port postgres "$pg_port"

java -Xmx512m -Dlimpet.bench.redis="redis://127.0.0.1:$redis_port/0" \
  -Dlimpet.bench.memcached="memcached://127.0.0.1:${mc_ports[0]},127.0.0.1:${mc_ports[1]}" \
  -Dlimpet.bench.jdbc="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" \
  -cp "$JAR" dev.limpet.bench.StoreReport "$@"
