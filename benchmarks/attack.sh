#!/usr/bin/env bash
# Attack runs against a ujrpc server on loopback (issue 9): slowhttptest slowloris (-H), slow
# body (-B) and slow read (-X) with 1,000 connections each, 15,000 idle connections,
# non-reading pipeliners with ~109 KB responses, and a soak of mixed load. During each, a probe
# makes one sum call every 20 ms on a keep-alive connection (a new one after any failure) and
# reports success % and p50/p99 latency; its log is searched for OutOfMemoryError and LEAK
# (the server runs with -Dio.netty.leakDetection.level=paranoid).
# Memory: the baseline is taken after a warm-up load (a short soak and probe: the JIT's code
# and the classes loaded are part of a warmed-up server), a rehearsal (each attack with 50
# connections for 3 s, so that the attacks' own code paths are compiled too; REHEARSAL=0 skips
# it, and the RSS before it is printed as well) and an idle settle. The heap is pre-touched
# (-XX:+AlwaysPreTouch), so that committed heap is resident heap. Around each attack
# the server's RSS is taken before, right after, after $IDLE_SETTLE seconds idle (what the
# server gives back by itself: it runs with the flags docs/reliability.md recommends,
# periodic G1 collections and native heap trimming, here at a 5 s interval), and after an
# explicit jcmd GC.run and System.trim_native_heap; the idle figure is split into heap
# committed (and resident) + direct (Netty's and the JDK's buffers) + other (the rest of the
# RSS: code, metaspace, threads, GC structures, malloc), read from the server's own `memory`
# method and pmap; $OUT/chunks.txt gets Netty's pooled chunks at each of those points.
#   benchmarks/attack.sh              (about 15 minutes; SECONDS_PER_ATTACK=60, SOAK_SECONDS=180)
#   benchmarks/attack.sh --quick      (10 s per attack, about 4 minutes: checks that the script works)
#   ONLY='slow read|soak' benchmarks/attack.sh   (only the attacks whose names match)
#   SKIP_BUILD=1 benchmarks/attack.sh (reuse the classpath and classes of the last run)
#   SERVER_OPTS='...' benchmarks/attack.sh (the server's JVM flags besides -Xmx512m and the
#                                        leak detection; default below)
#   IDLE_SETTLE=15 (seconds idle after each attack before the "after idle" RSS)
#   ROUNDS=3 (the whole suite three times against one server; default 1)
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
idle_settle="${IDLE_SETTLE:-15}"
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

# A 5 s interval so that a run sees the effect; docs/reliability.md recommends 60 s (and says why
# the periodic collection is a full one).
default_opts="-XX:+AlwaysPreTouch -XX:G1PeriodicGCInterval=5000 -XX:-G1PeriodicGCInvokesConcurrent -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:NativeMemoryTracking=summary -Xlog:gc:file=$out/gc.log"
if "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q TrimNativeHeapInterval; then
	default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"
fi
server_opts="${SERVER_OPTS:-$default_opts}"
server_log="$out/server.log"
# shellcheck disable=SC2086
"$java" -Xmx512m $server_opts -Dio.netty.leakDetection.level=paranoid -Dlogback.configurationFile="$here/attack/logback.xml" \
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
# Resident MB of the heap's reserved range: G1 commits regions before it touches them, so
# committed heap is not all resident (the range from GC.heap_info, the pages from pmap).
heap_resident() {
	local range start end kb=0 address size resident rest
	range="$(jcmd "$server_pid" GC.heap_info 2>/dev/null | grep -o '\[0x[0-9a-f]*, 0x[0-9a-f]*)' | head -n 1)"
	if [ -z "$range" ]; then
		echo "?"
		return
	fi
	start=$((16#$(sed 's/\[0x\([0-9a-f]*\),.*/\1/' <<<"$range")))
	end=$((16#$(sed 's/.*, 0x\([0-9a-f]*\))/\1/' <<<"$range")))
	while read -r address size resident rest; do
		if [[ "$address" =~ ^[0-9a-f]{16}$ ]] && ((16#$address >= start && 16#$address < end)); then
			kb=$((kb + resident))
		fi
	done < <(pmap -x "$server_pid" 2>/dev/null)
	echo $((kb / 1024))
}
# "heap committed (resident) + direct + other" of the RSS now, in MB; other is the RSS minus
# the resident heap and the direct memory. Netty's buffers are in the JDK's direct count
# unless Netty allocates without a cleaner.
parts() {
	local label="$1" memory rss_now heap resident direct netty
	memory="$(client memory "$port" 2>/dev/null || echo "")"
	rss_now="$(rss)"
	heap="$(sed -n 's/.*heap_committed=\([0-9]*\).*/\1/p' <<<"$memory")"
	resident="$(heap_resident)"
	direct="$(sed -n 's/.*jdk_direct=\([0-9]*\).*/\1/p' <<<"$memory")"
	netty="$(sed -n 's/.*netty_direct=\([0-9]*\).*/\1/p' <<<"$memory")"
	if grep -q "netty_no_cleaner=true" <<<"$memory"; then
		direct=$((direct + netty))
	fi
	if [ "$resident" = "?" ]; then
		echo "$heap + $direct + $((rss_now - heap - direct))"
	else
		echo "$heap ($resident) + $direct + $((rss_now - resident - direct))"
	fi
	# Netty's size-classed chunks, for the log: segment size:in magazines+cached=KiB.
	echo "$label: $(sed -n 's/.* chunks=\([^ ]*\).*/\1/p' <<<"$memory")" >>"$out/chunks.txt"
}
idle() { sleep "$idle_settle"; rss; }
collect() {
	jcmd "$server_pid" GC.run >/dev/null 2>&1 || true
	jcmd "$server_pid" System.trim_native_heap >/dev/null 2>&1 || true
	sleep 2
	rss
}
# With SERVER_OPTS=-XX:NativeMemoryTracking=summary, the JVM's own account of its memory.
# nmt_mb prints "total / code" committed MB of the last summary, or "-" without NMT.
nmt() {
	jcmd "$server_pid" VM.native_memory summary >"$out/nmt-$1.txt" 2>&1 || true
}
nmt_mb() {
	local file="$out/nmt-$1.txt" total code
	total="$(sed -n 's/^Total: .*committed=\([0-9]*\)KB.*/\1/p' "$file" 2>/dev/null)"
	code="$(sed -n 's/^- *Code (.*committed=\([0-9]*\)KB.*/\1/p' "$file" 2>/dev/null)"
	if [ -z "$total" ] || [ -z "$code" ]; then
		echo "-"
	else
		echo "$((total / 1024)) / $((code / 1024))"
	fi
}

slow() { timeout "$((seconds + 30))" slowhttptest "$@" -l "$seconds"; }
# The attacks below, each with 50 connections (pipeliners: 1) for 3 s: a rehearsal that runs
# every code path once, so that its compiled code and loaded classes are in the baseline; too
# short and too small to fill any buffer, pool or cache to an attack's high-water mark.
rehearse() {
	local seconds=3
	slow -c 50 -H -i 1 -r 50 -t GET -u "http://127.0.0.1:$port/" -x 24 -p 3
	slow -c 50 -B -i 1 -r 50 -s 8192 -t POST -u "http://127.0.0.1:$port/" -x 10 -p 3
	slow -c 50 -X -r 50 -w 512 -y 1024 -n 1 -z 32 -k 3 -u "http://127.0.0.1:$port/" -p 3
	client idle "$port" 50 3
	client pipeline "$port" 1 3
}

# Warm up every path the attacks take (the JIT's code and the classes loaded are part of a
# warmed-up server's footprint), let it settle, then the baseline.
echo "== Warm-up: soak and probe, 10 s"
client soak "$port" "$tcp_port" 10 4 >/dev/null 2>&1 || true
client probe "$port" 5 5 >/dev/null 2>&1 || true
collect >/dev/null
warm="$(idle)"
warm_parts="$(parts warm-up)"
echo "== RSS after the warm-up and ${idle_settle} s idle: ${warm} MB ($warm_parts)"
if [ "${REHEARSAL:-1}" = 1 ]; then
	echo "== Rehearsal: each attack with 50 connections for 3 s"
	rehearse >"$out/rehearsal.log" 2>&1 || echo "   (rehearsal exited with $?; see $out/rehearsal.log)"
fi
cold="$(collect)"
baseline="$(idle)"
baseline_parts="$(parts baseline)"
nmt baseline
echo "== Baseline RSS after the warm-up, the rehearsal and ${idle_settle} s idle: ${baseline} MB (heap committed (resident) + direct + other: $baseline_parts); after GC and trim: $cold MB; NMT total / code: $(nmt_mb baseline) MB"
table="$out/results.md"
{
	echo "| attack | probe success | probe p50 / p99 | RSS before -> after -> idle ${idle_settle} s -> GC (MB) | idle: heap (resident) + direct + other | GC: heap (resident) + direct + other | NMT total / code (MB) | OOM | LEAK |"
	echo "|---|---|---|---|---|---|---|---|---|"
} >"$table"

run() {
	local name="$1"
	shift
	# ONLY=regex runs the attacks whose names match, e.g. ONLY='slow read|pipeliners'.
	if [ -n "${ONLY:-}" ] && ! grep -Eq "$ONLY" <<<"$name"; then
		return 0
	fi
	local before log probe_out oom leak after idled idle_parts settled settled_parts line
	before="$(rss)"
	log="$out/$(echo "$name" | tr ' /' '__').log"
	probe_out="$out/probe-$(echo "$name" | tr ' /' '__').txt"
	local duration="$seconds"
	case "$name" in
		*soak) duration="$soak_seconds" ;;
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
	idled="$(idle)"
	idle_parts="$(parts "$name, idle")"
	settled="$(collect)"
	settled_parts="$(parts "$name, GC")"
	local nmt_name
	nmt_name="$(echo "$name" | tr ' /,:' '____')"
	nmt "$nmt_name"
	oom="$(grep -c "OutOfMemoryError\|OutOfDirectMemoryError" "$server_log" || true)"
	leak="$(grep -c "LEAK:" "$server_log" || true)"
	line="$(grep '^probe ' "$probe_out" || echo "probe: no summary")"
	local success p50 p99
	success="$(sed -n 's/.*success=\([0-9.]*%\).*/\1/p' <<<"$line")"
	p50="$(sed -n 's/.*p50=\([0-9.]*ms\).*/\1/p' <<<"$line")"
	p99="$(sed -n 's/.*p99=\([0-9.]*ms\).*/\1/p' <<<"$line")"
	echo "   $line; RSS $before -> $after -> $idled ($idle_parts) -> $settled ($settled_parts) MB; OOM $oom, LEAK $leak (log lines so far)"
	tail -n 3 "$log" | sed 's/^/   | /'
	echo "| $name | $success | $p50 / $p99 | $before -> $after -> $idled -> $settled | $idle_parts | $settled_parts | $(nmt_mb "$nmt_name") | $oom | $leak |" >>"$table"
}

# ROUNDS=N runs the whole suite N times against the same server: memory that an attack kept
# would add up from one round to the next, where a one-time cost (code compiled once) does not.
rounds="${ROUNDS:-1}"
for round in $(seq 1 "$rounds"); do
	prefix=""
	if [ "$rounds" -gt 1 ]; then
		prefix="round $round: "
	fi
	run "${prefix}slowloris (-H, 1000 connections)" slow -c 1000 -H -i 10 -r 200 -t GET -u "http://127.0.0.1:$port/" -x 24 -p 3
	run "${prefix}slow body (-B, 1000 connections)" slow -c 1000 -B -i 10 -r 200 -s 8192 -t POST -u "http://127.0.0.1:$port/" -x 10 -p 3
	run "${prefix}slow read (-X, 1000 connections)" slow -c 1000 -X -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -u "http://127.0.0.1:$port/" -p 3
	run "${prefix}15,000 idle connections" client idle "$port" 15000 "$((seconds * 3 / 4))"
	run "${prefix}6 non-reading pipeliners, 109 KB responses" client pipeline "$port" 6 "$seconds"
	run "${prefix}soak" client soak "$port" "$tcp_port" "$soak_seconds" 10
done

echo
echo "RSS after the warm-up: ${warm} MB ($warm_parts); baseline RSS (after the rehearsal and ${idle_settle} s idle): ${baseline} MB ($baseline_parts, NMT total / code $(nmt_mb baseline) MB); server: -Xmx512m $server_opts, paranoid leak detection;"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "budget and limits: $(grep -o 'maxBufferedBytes=.*' "$server_log")"
cat "$table"
