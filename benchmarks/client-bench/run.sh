#!/usr/bin/env bash
# Runs the client benchmark: the ujrpc server pinned to one core, the clients to another.
# Needs the ujrpc artifacts installed in the local repository given as M2 (default ~/.m2/repository):
#   ./mvnw -q install -DskipTests -Dmaven.repo.local=$M2   (at the root)
# Usage: benchmarks/client-bench/run.sh [warm-up s] [measured s] [rounds] [threads] [window]
set -euo pipefail
cd "$(dirname "$0")/../.."
M2=${M2:-$HOME/.m2/repository}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
./mvnw -B -ntp -q -f benchmarks/pom.xml -pl client-bench -Dmaven.repo.local="$M2" package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/client-bench/target/classes:$(cat benchmarks/client-bench/target/classpath.txt)"
PORT=${PORT:-18080}
TCP_PORT=${TCP_PORT:-18090}
coproc SERVER { taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -cp "$CP" io.ujrpc.benchmarks.client.BenchmarkServer "$PORT" "$TCP_PORT"; }
trap 'exec {SERVER[1]}>&-; wait "$SERVER_PID" 2>/dev/null || true' EXIT
read -r -t 60 line <&"${SERVER[0]}"
[ "$line" = ready ] || { echo "server did not start: $line" >&2; exit 1; }
taskset -c "$CLIENT_CPU" java -Xms512m -Xmx512m -cp "$CP" io.ujrpc.benchmarks.client.ClientBenchmark \
  "$PORT" "$TCP_PORT" "${1:-5}" "${2:-10}" "${3:-3}" "${4:-16}" "${5:-64}"
