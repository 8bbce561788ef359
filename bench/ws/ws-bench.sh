#!/usr/bin/env bash
# WebSocket through the router vs direct to the node, same run (see WsBench.java for what is measured).
#
#   bench/ws/ws-bench.sh                         # router jar from front-router/target
#   ROUTER_JAR=/path/limpet-router.jar ROUNDS=3 bench/ws/ws-bench.sh
#
# Needs the front-router module built with its tests compiled (mvn -pl front-router -am package -DskipTests
# also compiles the test classes); MAVEN_REPO picks the local repository for the classpath.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${ROUTER_JAR:-$ROOT/front-router/target/limpet-router.jar}
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn -B -q ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl front-router dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" > /dev/null)
CP="$ROOT/front-router/target/test-classes:$ROOT/front-router/target/classes:$(cat "$CP_FILE")"
uptime
java -Drounds="${ROUNDS:-3}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$HERE/WsBench.java" "$JAR"
uptime
