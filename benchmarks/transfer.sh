#!/usr/bin/env bash
# rpycbench's bandwidth (1 KB - 1 MB up/down) and binary transfer (1.5 / 128 / 500 MB, whole
# and in 64 KB chunks) against ujrpc's REST routes and Flask threaded (rpycbench's HTTP
# server), with each server's RSS. Loopback only; the server pinned to CPU 0, the client to
# CPU 1. Writes the results table into docs/rest.md (between its transfer-results markers).
#
#   benchmarks/transfer.sh            # the full run, about 5-10 minutes
#   benchmarks/transfer.sh --quick    # short measurements, 1.5 and 128 MB only; still writes docs/rest.md
#   benchmarks/transfer.sh --no-doc   # print the table, leave docs/rest.md alone
#
# Needs a JDK 17+, curl, python3 with requests and flask (installed into a venv under
# benchmarks/target when missing). Never installs into ~/.m2: it compiles ujrpc-core in place.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=$ROOT/benchmarks/target/transfer
QUICK=""
DOC=1
for arg in "$@"; do
	case "$arg" in
		--quick) QUICK=--quick ;;
		--no-doc) DOC="" ;;
		*) echo "unknown option: $arg" >&2; exit 2 ;;
	esac
done
mkdir -p "$TARGET"
PORT_UJRPC=${PORT_UJRPC:-18601}
PORT_FLASK=${PORT_FLASK:-18602}

if [ ! -x "$ROOT/benchmarks/target/venv/bin/python" ]; then
	python3 -m venv --system-site-packages "$ROOT/benchmarks/target/venv"
fi
PY=$ROOT/benchmarks/target/venv/bin/python
"$PY" -c "import flask, requests" 2>/dev/null || "$PY" -m pip install -q flask requests

echo "== building ujrpc-core and the transfer server"
./mvnw -B -ntp -q -pl ujrpc-core compile -Djacoco.skip=true
./mvnw -B -ntp -q -pl ujrpc-core dependency:build-classpath -Dmdep.outputFile="$TARGET/core.classpath" \
	-Dmdep.includeScope=runtime > /dev/null
CP="$ROOT/ujrpc-core/target/classes:$(cat "$TARGET/core.classpath")"
javac -d "$TARGET/classes" -cp "$CP" -parameters benchmarks/transfer/TransferServer.java
CP="$TARGET/classes:$CP"

SERVER_PID=""
stop_server() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=""
}
trap stop_server EXIT

wait_for() {
	local port=$1
	for _ in $(seq 1 300); do
		if curl -s -o /dev/null "http://127.0.0.1:$port/rest/up" -X POST -H 'Content-Type: application/octet-stream' \
			--data-binary x; then
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited" >&2; return 1; }
		sleep 0.1
	done
	echo "server on $port did not answer in 30 s" >&2
	return 1
}

run() {
	local name=$1 port=$2
	shift 2
	echo "== $name"
	taskset -c 0 "$@" > "$TARGET/$name.log" 2>&1 &
	SERVER_PID=$!
	wait_for "$port"
	taskset -c 1 "$PY" benchmarks/transfer/transfer.py "$name" "$port" "$SERVER_PID" "$TARGET/$name.json" $QUICK
	stop_server
}

run ujrpc "$PORT_UJRPC" java -Xms64m -Xmx256m -cp "$CP" TransferServer "$PORT_UJRPC"
run flask "$PORT_FLASK" "$PY" benchmarks/transfer/flask_server.py "$PORT_FLASK"

if [ -n "$DOC" ]; then
	"$PY" benchmarks/transfer/report.py docs/rest.md "$TARGET/ujrpc.json" "$TARGET/flask.json"
else
	cp docs/rest.md "$TARGET/rest.md"
	"$PY" benchmarks/transfer/report.py "$TARGET/rest.md" "$TARGET/ujrpc.json" "$TARGET/flask.json"
fi
