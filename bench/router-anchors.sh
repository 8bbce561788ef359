#!/usr/bin/env bash
# Limpet router against the anchors (HAProxy, nginx, Jetty's ProxyHandler) in the same interleaved rounds,
# using the shared harness ../shared/bench/run-anchors.sh (see its README). The router routes on the
# .node1/.node2 suffix of JSESSIONID (persistence method jsessionid), backends on 127.0.0.1:18081/18082.
#
#   bench/router-anchors.sh                       # full run, ~7 min; results in $OUT_DIR (default below)
#   ROUNDS=1 DUR=5 CLOSE_DUR=0 WARM_JAVA=15 bench/router-anchors.sh    # quick look, ~1.5 min
#   bench/router-ratios.py RESULTS/raw.csv [more raw.csv]              # the router's ratios, pooled
#
# Needs: ../shared/bench/setup.sh once (haproxy, nginx, wrk), and the router jar
# (mvn -B -q -pl front-router -am install -DskipTests). Everything else the harness's knobs control
# (ROUNDS, DUR, CLOSE_DUR, BACKEND, ...). Results are written outside ../shared.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
JAR=${ROUTER_JAR:-$ROOT/front-router/target/limpet-router.jar}
[[ -f $HARNESS/run-anchors.sh ]] || { echo "harness not found: $HARNESS/run-anchors.sh" >&2; exit 1; }
if [[ ! -f $HARNESS/lib/common.sh ]]; then
    # The shared harness ships without lib/common.sh: run a private copy of it (outside ../shared) with
    # our equivalent helpers (anchors-common.sh). The copy keeps the helpers' compiled classes.
    COPY=${HARNESS_COPY:-/tmp/limpet-anchors-harness}
    rm -rf "$COPY" && mkdir -p "$COPY"
    (cd "$HARNESS" && tar --exclude=./results -cf - .) | (cd "$COPY" && tar -xf -)
    chmod -R u+w "$COPY"
    mkdir -p "$COPY/lib" && cp "$HERE/anchors-common.sh" "$COPY/lib/common.sh"
    HARNESS=$COPY
fi
[[ -f $JAR ]] || { echo "router jar not found: $JAR (build front-router first)" >&2; exit 1; }

WORK=${ROUTER_WORK:-/tmp/limpet-router-bench}
mkdir -p "$WORK"
# A throw-away secret for this benchmark only (the jsessionid method does not use it).
[[ -s $WORK/secret ]] || { head -c 32 /dev/urandom | base64 > "$WORK/secret"; chmod 600 "$WORK/secret"; }
ROUTER_PORT=${ROUTER_PORT:-18110}
cat > "$WORK/router.yaml" <<YAML
listen: 127.0.0.1:$ROUTER_PORT
secretFile: $WORK/secret
backends:
  - route: node1
    url: http://127.0.0.1:18081
  - route: node2
    url: http://127.0.0.1:18082
persistence: [jsessionid]
YAML

export OUT_DIR=${OUT_DIR:-$WORK/results/$(date +%Y%m%d-%H%M%S)}
export ROUTER_PORT
export ROUTER_CMD="java ${ROUTER_JAVA_OPTS:--Xms512m -Xmx512m} -jar $JAR --config $WORK/router.yaml"
echo "router: $ROUTER_CMD"
echo "results: $OUT_DIR"
cd "$HARNESS"
bash run-anchors.sh
python3 "$HERE/router-ratios.py" "$OUT_DIR/raw.csv" | tee "$OUT_DIR/router-ratios.txt"
