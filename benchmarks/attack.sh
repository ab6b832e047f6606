#!/usr/bin/env bash
# Attack runs against a ujrpc server on loopback (issue 9): slowhttptest slowloris (-H), slow
# body (-B) and slow read (-X) with 1,000 connections each, 15,000 idle connections,
# non-reading pipeliners with ~109 KB responses, and a soak of mixed load. During each, a probe
# makes one sum call every 20 ms on a keep-alive connection (a new one after any failure) and
# reports success % and p50/p99 latency; the server's RSS is taken before, right after, and
# after a GC settle (jcmd GC.run, 5 s); its log is searched for OutOfMemoryError and LEAK
# (the server runs with -Dio.netty.leakDetection.level=paranoid).
#   benchmarks/attack.sh              (about 10 minutes; SECONDS_PER_ATTACK=60, SOAK_SECONDS=180)
#   benchmarks/attack.sh --quick      (10 s per attack: checks that the script works)
#   ONLY='slow read|soak' benchmarks/attack.sh   (only the attacks whose names match)
#   SKIP_BUILD=1 benchmarks/attack.sh (reuse the classpath and classes of the last run)
# Output: a markdown table on stdout and in $OUT (default /tmp/ujrpc-attack/results.md), with
# the server log and each tool's output beside it. Everything targets 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${OUT:-/tmp/ujrpc-attack}"
seconds="${SECONDS_PER_ATTACK:-60}"
soak_seconds="${SOAK_SECONDS:-180}"
if [ "${1:-}" = "--quick" ]; then
	seconds=10
	soak_seconds=10
fi
port="${PORT:-18080}"
tcp_port="${TCP_PORT:-18081}"
java="${JAVA:-java}"
mkdir -p "$out/classes"

if ! command -v slowhttptest >/dev/null 2>&1; then
	echo "== Installing slowhttptest"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slowhttptest >/dev/null
fi
# 15,000 idle connections need as many descriptors in the client and in the server.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt 16000 ]; then
	echo "ulimit -n is $(ulimit -n): the idle-connection run needs 16000" >&2
	exit 1
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
echo "== Building ujrpc-core and its classpath"
(cd "$root" && ./mvnw -B -ntp -q -pl ujrpc-core -am compile -Djacoco.skip=true -Dcheckstyle.skip -Dspring-javaformat.skip=true \
	&& ./mvnw -B -ntp -q -pl ujrpc-core dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile="$out/classpath.txt")
fi
cp="$root/ujrpc-core/target/classes:$(cat "$out/classpath.txt")"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	"${JAVAC:-javac}" -parameters -d "$out/classes" -cp "$cp" "$here/attack/AttackServer.java" \
		"$here/attack/AttackClient.java"
fi

server_log="$out/server.log"
"$java" -Xmx512m -Dio.netty.leakDetection.level=paranoid -Dlogback.configurationFile="$here/attack/logback.xml" \
	-cp "$out/classes:$cp" AttackServer "$port" "$tcp_port" 16384 >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
	grep -q "attack-server ready" "$server_log" && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; exit 1; }
	sleep 0.5
done
grep "attack-server ready" "$server_log"

client() { "$java" -cp "$out/classes" AttackClient "$@"; }
rss() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"; }
settle() { jcmd "$server_pid" GC.run >/dev/null 2>&1 || true; sleep 5; rss; }

# Warm up, then the baseline.
client probe "$port" 5 5 >/dev/null 2>&1 || true
baseline="$(settle)"
echo "== Baseline RSS after warm-up and GC: ${baseline} MB"
table="$out/results.md"
{
	echo "| attack | probe success | probe p50 / p99 | RSS before -> after -> after GC (MB) | OOM | LEAK |"
	echo "|---|---|---|---|---|---|"
} >"$table"

run() {
	local name="$1"
	shift
	# ONLY=regex runs the attacks whose names match, e.g. ONLY='slow read|pipeliners'.
	if [ -n "${ONLY:-}" ] && ! grep -Eq "$ONLY" <<<"$name"; then
		return 0
	fi
	local before log probe_out oom leak after settled line
	before="$(rss)"
	log="$out/$(echo "$name" | tr ' /' '__').log"
	probe_out="$out/probe-$(echo "$name" | tr ' /' '__').txt"
	local duration="$seconds"
	case "$name" in
		soak) duration="$soak_seconds" ;;
		# Connecting 15,000 takes a while on a loaded machine; then they are held.
		*idle*) duration=$((seconds * 2)) ;;
	esac
	echo "== $name ($duration s)"
	client probe "$port" "$((duration + 5))" 20 >"$probe_out" 2>&1 &
	local probe_pid=$!
	sleep 1
	"$@" >"$log" 2>&1 || echo "   ($name exited with $?; see $log)"
	wait "$probe_pid" || true
	after="$(rss)"
	settled="$(settle)"
	oom="$(grep -c "OutOfMemoryError\|OutOfDirectMemoryError" "$server_log" || true)"
	leak="$(grep -c "LEAK:" "$server_log" || true)"
	line="$(grep '^probe ' "$probe_out" || echo "probe: no summary")"
	local success p50 p99
	success="$(sed -n 's/.*success=\([0-9.]*%\).*/\1/p' <<<"$line")"
	p50="$(sed -n 's/.*p50=\([0-9.]*ms\).*/\1/p' <<<"$line")"
	p99="$(sed -n 's/.*p99=\([0-9.]*ms\).*/\1/p' <<<"$line")"
	echo "   $line; RSS $before -> $after -> $settled MB; OOM $oom, LEAK $leak (log lines so far)"
	tail -n 3 "$log" | sed 's/^/   | /'
	echo "| $name | $success | $p50 / $p99 | $before -> $after -> $settled | $oom | $leak |" >>"$table"
}

slow() { timeout "$((seconds + 30))" slowhttptest "$@" -l "$seconds"; }
run "slowloris (-H, 1000 connections)" slow -c 1000 -H -i 10 -r 200 -t GET -u "http://127.0.0.1:$port/" -x 24 -p 3
run "slow body (-B, 1000 connections)" slow -c 1000 -B -i 10 -r 200 -s 8192 -t POST -u "http://127.0.0.1:$port/" -x 10 -p 3
run "slow read (-X, 1000 connections)" slow -c 1000 -X -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -u "http://127.0.0.1:$port/" -p 3
run "15,000 idle connections" client idle "$port" 15000 "$((seconds * 3 / 4))"
run "6 non-reading pipeliners, 109 KB responses" client pipeline "$port" 6 "$seconds"
run "soak" client soak "$port" "$tcp_port" "$soak_seconds" 10

echo
echo "Baseline RSS (after warm-up and GC): ${baseline} MB; server: -Xmx512m, paranoid leak detection;"
echo "budget and limits: $(grep -o 'maxBufferedBytes=.*' "$server_log")"
cat "$table"
