#!/usr/bin/env bash
# Throughput of the sample app's `sum` with metrics on and off, measured in one run.
# Two sample-app JVMs run side by side, both pinned to the server core; wrk, pinned to the other
# core, loads one at a time, alternating off/on so that noise from other work hits both alike.
#   ./mvnw -q -pl sample-app -am package -DskipTests && benchmarks/metrics/overhead.sh
# SERVER_CPU (default 0), LOAD_CPU (default 1), ROUNDS (3), DURATION (10s), WARMUP (15s), CONNECTIONS (32);
# ON_ARGS adds arguments to the metrics-on app, e.g. ON_ARGS=--management.metrics.observations.ignored-meters=long-task-timer
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$(ls "$root"/sample-app/target/sample-app-*.jar | head -1)"
server_cpu="${SERVER_CPU:-0}"
load_cpu="${LOAD_CPU:-1}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-15s}"
connections="${CONNECTIONS:-32}"
off_port=18080
on_port=18081
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # port metrics-enabled [args]
	# shellcheck disable=SC2086
	taskset -c "$server_cpu" java -Xms256m -Xmx256m -jar "$jar" --server.port="$1" --ujrpc.metrics.enabled="$2" \
		--logging.level.root=WARN ${3:-} >"/tmp/ujrpc-overhead-$1.log" 2>&1 &
	pids+=($!)
}

wait_up() { # port
	for _ in $(seq 1 120); do
		curl -sf "localhost:$1/actuator/health" >/dev/null && return 0
		sleep 0.5
	done
	echo "sample app on port $1 did not start" >&2
	exit 1
}

rps() { # port duration
	taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"$2" -s "$root/benchmarks/lua/post.lua" "http://127.0.0.1:$1/" \
		| awk '/^Requests\/sec/ {print $2}'
}

start "$off_port" false
start "$on_port" true "${ON_ARGS:-}"
wait_up "$off_port"
wait_up "$on_port"
rps "$off_port" "$warmup" >/dev/null
rps "$on_port" "$warmup" >/dev/null
echo "round off_rps on_rps on/off"
for round in $(seq 1 "$rounds"); do
	off="$(rps "$off_port" "$duration")"
	on="$(rps "$on_port" "$duration")"
	echo "$round $off $on $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}')"
done
curl -s "localhost:$on_port/actuator/prometheus" | grep '^jsonrpc_server_requests_seconds_count' || true
