#!/usr/bin/env bash
# The benchmark harness: builds everything, runs every scenario against every peer and writes
# docs/benchmarks.md with PNG charts in docs/benchmarks/.
#
#   benchmarks/run.sh                     the full run (about 2.5 hours on two JDKs; keep the machine quiet)
#   benchmarks/run.sh --quick             about 30 minutes, short measurements, labelled as such
#   benchmarks/run.sh --smoke             a few seconds per piece: ujrpc and Vert.x, 1 repetition,
#                                         written to a temporary directory (what CI runs)
#
# Options:
#   --peers a,b,...       peers, in order (default: ujrpc,ujrpc-metrics-off,vertx,webflux,webflux-epoll,tomcat,
#                         jsonrpc4j,nginx,fastapi,fastapi-workers; also: vertx-io_uring)
#   --jdks a,b,...        JDKs the Java peers run on, the first being the headline one (default: 25,17;
#                         smoke: 25, else the default java); each a feature version or a path to a java
#                         binary. nginx and FastAPI run once.
#   --scenarios a,b,...   scenarios (default: all; see `--list`)
#   --reps N              repetitions of each measurement (default 3; smoke 1; idle-10k: 1 in --quick)
#   --out-dir DIR         where benchmarks.md and benchmarks/*.png go (default: docs; smoke: a temp dir)
#   --no-build            use the jars already built
#   --no-jmh              skip the JMH hot-path benchmarks
#   --report-only RUN     only write the report again from benchmarks/target/run-*/ (its results.jsonl
#                         and jmh.json; give the run's mode, e.g. --quick, too)
#   --list                print the scenarios and exit
# Environment: JAVA_25, JAVA_17 (any JAVA_<version>) point at a JDK's java (default: /usr/lib/jvm/
# temurin-<v>-jdk-amd64 or java-<v>-openjdk-amd64); JAVA alone (without --jdks) runs everything on that JVM;
# JAVA_OPTS adds options to the peers' JVMs (on JDK 24+ they and JMH get --sun-misc-unsafe-memory-access=allow
# unless NETTY_UNSAFE=default); FASTAPI_WORKERS (default: the number of online CPUs) sizes fastapi-workers.
#
# The server runs pinned to CPU 0 and the load generator to CPU 1 (taskset). Throughput comes from
# wrk (lua/*.lua), latency percentiles from loadgen's open-loop constant-rate mode, set-up times and
# memory per idle connection from `loadgen connect` and `loadgen idle`. Only 127.0.0.1 is used.
# Exit status: 0 when every peer answered every scenario correctly and the report was written;
# 1 otherwise. Timings never fail the run.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode=full
peers_arg=""
jdks_arg=""
scenarios_arg=""
reps=""
out_dir=""
build=1
jmh=1
report_only=""

all_peers="ujrpc,ujrpc-metrics-off,vertx,webflux,webflux-epoll,tomcat,jsonrpc4j,nginx,fastapi,fastapi-workers"
all_scenarios="latency-keepalive latency-new-connection sum-c1 sum-c32 sum-c64 pipelined pipelined-16 batch-100 \
echo-doubles-1 echo-doubles-256 echo-doubles-8192 echo-doubles-8192-array fibo-sleep-20 connect-100 \
echo-string-1KB echo-string-10KB echo-string-100KB echo-string-1MB clients-10 clients-128 idle-10k"

usage() {
	sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
	case "$1" in
		--quick) mode=quick ;;
		--smoke) mode=smoke ;;
		--full) mode=full ;;
		--peers) peers_arg="${2:?--peers: missing value}"; shift ;;
		--jdks) jdks_arg="${2:?--jdks: missing value}"; shift ;;
		--scenarios) scenarios_arg="${2:?--scenarios: missing value}"; shift ;;
		--reps) reps="${2:?--reps: missing value}"; shift ;;
		--out-dir) out_dir="${2:?--out-dir: missing value}"; shift ;;
		--no-build) build=0 ;;
		--no-jmh) jmh=0 ;;
		--report-only) report_only="${2:?--report-only: missing value}"; shift ;;
		--list) echo "$all_scenarios" | tr -s ' ' '\n'; exit 0 ;;
		-h | --help) usage; exit 0 ;;
		*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

# Durations per mode: global JVM warm-up, per-scenario warm-up, one measurement, latency runs.
# The JVM warm-up is 45 s in full mode: pinned to one CPU, the JIT compiles beside the event loop, and
# on JDK 25 a 15 s warm-up left ujrpc still speeding up through the measurements (sum-c64 73.6k, 93.6k,
# 105.5k req/s in reps 1-3 on a quiet machine, 2026-12-02).
case "$mode" in
	full)
		peers_default="ujrpc,ujrpc-metrics-off,vertx,webflux,webflux-epoll,tomcat,jsonrpc4j,nginx,fastapi,fastapi-workers"; jdks_default="25,17"
		warmup=45; scenario_warmup=2; measure=5; lat_warmup=5; lat_measure=10; lat_rate=500; newconn_rate=100
		connect_count=100; idle_connections=10000; idle_timeout=30s; reps_default=3; idle_reps=3
		scenarios_default="$all_scenarios"
		jmh_args=() ;;
	quick)
		peers_default="ujrpc,ujrpc-metrics-off,vertx,webflux,webflux-epoll,tomcat,jsonrpc4j,nginx,fastapi,fastapi-workers"; jdks_default="25,17"
		warmup=8; scenario_warmup=0; measure=1; lat_warmup=3; lat_measure=1; lat_rate=500; newconn_rate=100
		connect_count=100; idle_connections=10000; idle_timeout=20s; reps_default=3; idle_reps=1
		scenarios_default="$all_scenarios"
		# allocation per call needs the C2-compiled code: short iterations, but enough of them
		jmh_args=(-f 1 -wi 6 -w 1s -i 3 -r 1s) ;;
	smoke)
		peers_default="ujrpc,vertx"; jdks_default="25"
		warmup=3; scenario_warmup=0; measure=1; lat_warmup=2; lat_measure=1; lat_rate=100; newconn_rate=50
		connect_count=10; idle_connections=200; idle_timeout=10s; reps_default=1; idle_reps=1
		# one scenario of every kind and every request body shape
		scenarios_default="latency-keepalive latency-new-connection sum-c32 pipelined batch-100 echo-doubles-8192 \
echo-doubles-8192-array fibo-sleep-20 connect-100 echo-string-1MB idle-10k"
		jmh_args=(-f 1 -wi 0 -i 1 -r 200ms -p metrics=on) ;;
esac
reps="${reps:-$reps_default}"
IFS=',' read -r -a peers <<<"${peers_arg:-$peers_default}"
for p in "${peers[@]}"; do
	case ",$all_peers,vertx-io_uring,nginx," in *",$p,"*) ;; *) echo "run.sh: unknown peer $p" >&2; exit 2 ;; esac
done
# JDKs: JAVA alone (the old way) pins every Java peer to that JVM.
if [ -z "$jdks_arg" ] && [ -n "${JAVA:-}" ]; then jdks_arg="$JAVA"; fi
IFS=',' read -r -a jdk_requests <<<"${jdks_arg:-$jdks_default}"
if [ -n "$scenarios_arg" ]; then
	IFS=',' read -r -a scenarios <<<"$scenarios_arg"
else
	read -r -a scenarios <<<"$scenarios_default"
fi
for s in "${scenarios[@]}"; do
	case " $all_scenarios " in *" $s "*) ;; *) echo "run.sh: unknown scenario $s (see --list)" >&2; exit 2 ;; esac
done
if [ -z "$out_dir" ]; then
	if [ "$mode" = smoke ]; then out_dir="$(mktemp -d /tmp/ujrpc-bench-smoke.XXXXXX)"; else out_dir="$root/docs"; fi
fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
if [ -n "$report_only" ]; then
	work="$(cd "$report_only" && pwd)" || exit 2
	[ -s "$work/results.jsonl" ] || { echo "run.sh: no results in $work" >&2; exit 2; }
	build=0; jmh=0; peers=()
	results="$work/results.jsonl"
else
	work="$root/benchmarks/target/run-$(date -u +%Y%m%d-%H%M%S)-$mode"
	mkdir -p "$work/logs" "$work/bodies"
	results="$work/results.jsonl"
	: >"$results"
fi
mkdir -p "$work/logs" "$work/bodies"
failures=()
started=$(date +%s)
load_at_start="$(cut -d' ' -f1 /proc/loadavg)"

log() {
	local elapsed=$(($(date +%s) - started))
	printf '[%02d:%02d] %s\n' $((elapsed / 60)) $((elapsed % 60)) "$*"
}

fail() {
	failures+=("$*")
	log "FAILED: $*"
}

# --- JDKs -------------------------------------------------------------------------------------

# Prints the java binary of a JDK request: a path, or a feature version looked up in JAVA_<v> and
# /usr/lib/jvm; nothing when there is none.
java_for() {
	local request="$1" var candidate
	if [[ "$request" == */* ]] || ! [[ "$request" =~ ^[0-9]+$ ]]; then
		command -v "$request" 2>/dev/null
		return 0
	fi
	var="JAVA_$request"
	for candidate in "${!var:-}" "/usr/lib/jvm/temurin-$request-jdk-amd64/bin/java" \
		"/usr/lib/jvm/java-$request-openjdk-amd64/bin/java" /usr/lib/jvm/*-"$request"-*/bin/java; do
		if [ -n "$candidate" ] && [ -x "$candidate" ]; then
			echo "$candidate"
			return 0
		fi
	done
}

# The feature version a java binary reports (17, 25, ...).
java_version() {
	"$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2; exit }'
}

jdk_javas=()
jdk_labels=()
for request in "${jdk_requests[@]}"; do
	candidate="$(java_for "$request")"
	if [ -z "$candidate" ] && [ "$mode" = smoke ] && [ "${#jdk_requests[@]}" = 1 ]; then
		candidate="$(command -v java)"
	fi
	if [ -z "$candidate" ]; then
		echo "run.sh: no JDK $request (set JAVA_$request or --jdks)" >&2
		exit 2
	fi
	jdk_javas+=("$candidate")
	jdk_labels+=("$(java_version "$candidate")")
done
# The headline JDK also runs JMH.
java="${jdk_javas[0]}"
headline_jdk="${jdk_labels[0]}"

# --- tools ------------------------------------------------------------------------------------

install_tools() {
	local missing=()
	command -v wrk >/dev/null 2>&1 || missing+=(wrk)
	command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
	command -v ss >/dev/null 2>&1 || missing+=(iproute2)
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]} with apt-get"
		local sudo=""
		[ "$(id -u)" -ne 0 ] && sudo="sudo"
		DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
			{ echo "run.sh: cannot install ${missing[*]}" >&2; exit 1; }
	fi
}

# Maven offline when everything is in ~/.m2 already, online otherwise.
maven() {
	local cmd=("$@")
	"${cmd[@]}" -o >"$work/logs/build.log" 2>&1 && return 0
	"${cmd[@]}" >>"$work/logs/build.log" 2>&1 && return 0
	tail -40 "$work/logs/build.log" >&2
	return 1
}

build_all() {
	log "building: ujrpc (install, no tests), then the benchmarks"
	(cd "$root" && maven ./mvnw -q -B install -DskipTests) || { echo "run.sh: root build failed" >&2; exit 1; }
	# Without its jar, a peer's jar is made anew: an unchanged module keeps its repackaged jar,
	# and repackaging that keeps the ujrpc it was first built with.
	rm -f "$here"/peer-*/target/*.jar "$here"/peer-*/target/*.jar.original
	(cd "$root" && maven ./mvnw -q -B -f benchmarks/pom.xml package) ||
		{ echo "run.sh: benchmarks build failed" >&2; exit 1; }
}

# FastAPI on uvicorn, in a virtual environment of its own under benchmarks/target.
fastapi_venv="$here/target/fastapi-venv"
setup_fastapi() {
	if [ -x "$fastapi_venv/bin/uvicorn" ] && "$fastapi_venv/bin/python" -c 'import fastapi, uvicorn, uvloop, httptools' 2>/dev/null; then
		return 0
	fi
	log "creating $fastapi_venv: pip install fastapi uvicorn uvloop httptools"
	command -v python3 >/dev/null 2>&1 || { fail "fastapi: no python3"; return 1; }
	python3 -m venv "$fastapi_venv" >"$work/logs/fastapi-venv.log" 2>&1 &&
		"$fastapi_venv/bin/pip" install -q -r "$here/peer-fastapi/requirements.txt" >>"$work/logs/fastapi-venv.log" 2>&1 ||
		{ fail "fastapi: cannot set up $fastapi_venv (see $work/logs/fastapi-venv.log)"; return 1; }
}

install_tools
[ "$build" = 1 ] && build_all
fastapi_ok=1
case " ${peers[*]+${peers[*]}} " in *" fastapi"*) setup_fastapi || fastapi_ok=0 ;; esac
loadgen_jar="$here/loadgen/target/loadgen.jar"
[ -f "$loadgen_jar" ] || { echo "run.sh: $loadgen_jar missing (build first)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle_connections + 1000)) ]; then
	log "open files limit $(ulimit -n) is below $((idle_connections + 1000)): idle-10k will fall short"
fi

jcmd_of() { echo "$(dirname "$(readlink -f "$1")")/jcmd"; }

loadgen() {
	taskset -c 1 java -XX:+UseSerialGC -Xss512k -jar "$loadgen_jar" "$@"
}

# --- request bodies ---------------------------------------------------------------------------

body() { printf '%s' "$2" >"$work/bodies/$1.json"; }
doubles() { awk -v n="$1" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s%d.25", (i ? "," : ""), i; printf "]" }'; }
string_of() { head -c "$1" /dev/zero | tr '\0' 'x'; }
body sum '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":1}'
body fibo '{"jsonrpc":"2.0","method":"fibo_sleep","params":[20],"id":1}'
for n in 1 256 8192; do
	body "doubles-$n" "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[$(doubles $n)],\"id\":1}"
done
body doubles-8192-array "{\"jsonrpc\":\"2.0\",\"method\":\"echo_doubles\",\"params\":[$(doubles 8192)],\"id\":1}"
for size in 1KB:1024 10KB:10240 100KB:102400 1MB:1048576; do
	body "string-${size%%:*}" "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"$(string_of "${size##*:}")\"],\"id\":1}"
done
body batch-100 "[$(for i in $(seq 1 100); do printf '%s{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":%d}' "$([ "$i" -gt 1 ] && echo ,)" "$i"; done)]"

# --- scenarios --------------------------------------------------------------------------------

# Sets: kind (wrk|latency|connect|idle), conns, body, script, pipeline, calls, metric, better,
# source, desc, expect (a substring of a correct answer), min_bytes, constant (nginx can answer it).
scenario() {
	kind=wrk; conns=32; body=sum; script=post.lua; pipeline=1; calls=1; metric=rps; better=higher
	expect='"result":3'; min_bytes=0; constant=yes; size=0; rate=0; newconn=""
	case "$1" in
		latency-keepalive)
			kind=latency; conns=1; rate=$lat_rate; metric=p50_us; better=lower; source=ucall
			desc="sum(1, 2) over one keep-alive connection, open loop at a constant $lat_rate calls/s (loadgen); latency from each call's intended send time." ;;
		latency-new-connection)
			kind=latency; conns=1; rate=$newconn_rate; newconn=--new-connection; metric=p50_us; better=lower; source=ucall
			desc="sum(1, 2) with a new TCP connection per call (Connection: close), open loop at $newconn_rate calls/s (loadgen); latency includes the connect." ;;
		sum-c1)
			conns=1; source="the issue"; desc="sum(1, 2), one keep-alive connection, closed loop (wrk): one call at a time." ;;
		sum-c32)
			conns=32; source=ucall; desc="sum(1, 2), 32 keep-alive connections, closed loop (wrk)." ;;
		sum-c64)
			conns=64; source="the issue's headline number"; desc="sum(1, 2), 64 keep-alive connections, closed loop (wrk)." ;;
		pipelined)
			conns=100; script=pipeline.lua; pipeline=24; source=Japronto
			desc="sum(1, 2), 100 connections with 24 HTTP/1.1 requests pipelined in each write (wrk, lua/pipeline.lua)." ;;
		pipelined-16)
			conns=64; script=pipeline.lua; pipeline=16; source="the issue"
			desc="sum(1, 2), 64 connections with 16 HTTP/1.1 requests pipelined in each write (wrk, lua/pipeline.lua)." ;;
		batch-100)
			conns=16; body=batch-100; script=batch.lua; calls=100; metric=calls_per_s; constant=no
			expect='"id":100'; source="JSON-RPC batches"
			desc="One HTTP request carrying a batch of 100 sum calls, 16 connections (wrk, lua/batch.lua); calls/s = requests/s x 100." ;;
		echo-doubles-1 | echo-doubles-256 | echo-doubles-8192)
			local n="${1##*-}"
			body="doubles-$n"; constant=no; expect="$((n - 1)).25]"; source="NumPy RPC benchmark"
			desc="echo of an array of $n doubles as a JSON list, 32 connections (wrk); ujrpc's method is \`Object echo(Object x)\`." ;;
		echo-doubles-8192-array)
			body="doubles-8192-array"; constant=no; expect="8191.25]"; source="the issue"
			desc="echo_doubles of an array of 8192 doubles, 32 connections (wrk); ujrpc's method is \`double[] echo_doubles(double[] x)\`, the other peers answer it as they answer echo." ;;
		fibo-sleep-20)
			conns=100; body=fibo; constant=no; expect='"result":6765'; source="FastAPI workers article"
			desc="fibo_sleep(20): recursive fibo(20), then a 6,765 µs sleep, on the blocking path; 100 connections (wrk)." ;;
		connect-100)
			kind=connect; metric=us_per_setup; better=lower; source=rpycbench
			desc="$connect_count sequential connection set-ups, each: connect, one sum(1, 2) with Connection: close, read the answer, close (loadgen connect)." ;;
		echo-string-*)
			local label="${1#echo-string-}"
			body="string-$label"; conns=1; constant=no; source=rpycbench
			case "$label" in 1KB) size=1024 ;; 10KB) size=10240 ;; 100KB) size=102400 ;; 1MB) size=1048576 ;; esac
			expect='"result":"xxxxxxxx'; min_bytes=$size
			desc="upload and download: echo of a $label string over one keep-alive connection (wrk); MB/s counts the payload one way." ;;
		clients-10 | clients-128)
			conns="${1#clients-}"; source=rpycbench
			desc="sum(1, 2) from $conns concurrent clients, each its own keep-alive connection (wrk)." ;;
		idle-10k)
			kind=idle; metric=kb_per_connection; better=lower; source="10,000 idle connections"
			desc="Resident memory per idle keep-alive connection: RSS of the server process (and children) before and after opening $idle_connections connections that made one call each (loadgen idle)." ;;
	esac
}

# --- peers ------------------------------------------------------------------------------------

port_of() {
	case "$1" in
		tomcat) echo 8081 ;; webflux | webflux-epoll) echo 8082 ;; vertx | vertx-io_uring) echo 8083 ;;
		jsonrpc4j) echo 8084 ;; ujrpc | ujrpc-metrics-off) echo 8085 ;; nginx) echo 8086 ;;
		fastapi | fastapi-workers) echo 8087 ;;
		*) echo "run.sh: unknown peer $1" >&2; exit 2 ;;
	esac
}

# Whether a peer runs on the JVM (and so on every JDK of --jdks).
is_java_peer() { case "$1" in nginx | fastapi*) return 1 ;; *) return 0 ;; esac; }

port_busy() { ss -Htln "sport = :$1" | grep -q .; }

peer_pid=""

stop_peer() {
	[ -z "$peer_pid" ] && return 0
	kill -TERM -- "-$peer_pid" 2>/dev/null
	for _ in $(seq 1 150); do
		kill -0 "$peer_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$peer_pid" 2>/dev/null
	wait "$peer_pid" 2>/dev/null
	peer_pid=""
}
trap 'stop_peer' EXIT
trap 'stop_peer; exit 130' INT TERM

# POSTs a body file, prints the response body; fails on a non-2xx status.
post() {
	curl -sS -f -m 10 -H 'Content-Type: application/json' --data-binary "@$work/bodies/$2.json" "http://127.0.0.1:$1/"
}

start_peer() {
	local peer="$1" port="$2"
	if port_busy "$port"; then
		fail "$peer: port $port is already in use (a peer left running?)"
		return 1
	fi
	# setsid: the peer leads its own process group, so stop_peer can end it and its children.
	NGINX_PREFIX="$work/nginx" JAVA="$java" FASTAPI_VENV="$fastapi_venv" setsid taskset -c 0 "$here/run-peer.sh" "$peer" \
		>"$work/logs/$peer$log_suffix.log" 2>&1 </dev/null &
	peer_pid=$!
	local deadline=$(($(date +%s) + 120))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		if ! kill -0 "$peer_pid" 2>/dev/null; then
			fail "$peer: exited during start-up (see $work/logs/$peer$log_suffix.log)"
			tail -20 "$work/logs/$peer$log_suffix.log" >&2
			peer_pid=""
			return 1
		fi
		if post "$port" sum 2>/dev/null | grep -q '"result":3'; then
			return 0
		fi
		sleep 0.25
	done
	fail "$peer: no correct answer to sum(1, 2) on port $port within 120 s"
	stop_peer
	return 1
}

# Checks that the peer answers the scenario's request correctly before it is measured.
check_answer() {
	local peer="$1" port="$2" answer attempt
	# A peer still busy with the warm-up's backlog (or starved by other work on the machine) may
	# not answer within curl's 10 s: three tries before that counts as a failure.
	for attempt in 1 2 3; do
		answer="$(post "$port" "$body" 2>&1)" && break
		[ "$attempt" = 3 ] && { fail "$peer $name: HTTP error: ${answer:0:200}"; return 1; }
		log "$peer $name: no answer yet (${answer:0:120}); trying again"
		sleep 1
	done
	if [[ "$answer" != *"$expect"* ]]; then
		fail "$peer $name: wrong answer (expected it to contain $expect): ${answer:0:200}"
		return 1
	fi
	if [ "${#answer}" -lt "$min_bytes" ]; then
		fail "$peer $name: answer of ${#answer} bytes (expected: >= $min_bytes)"
		return 1
	fi
}

run_wrk() {
	local port="$1" seconds="$2"
	BODY_FILE="$work/bodies/$body.json" PIPELINE="$pipeline" BATCH=100 CALLS_PER_REQUEST="$calls" \
		taskset -c 1 wrk -t1 -c"$conns" -d"${seconds}s" --timeout 10s -s "$here/lua/$script" "http://127.0.0.1:$port/"
}

num() { grep -o "\"$1\":[-0-9.eE]*" <<<"$2" | head -n 1 | cut -d: -f2; }

labels() {
	printf '"peer":"%s","jdk":"%s","scenario":"%s","rep":%d,"source":"%s","description":"%s","metric":"%s","better":"%s"' \
		"$peer" "$jdk" "$name" "$rep" "$source" "$desc" "$metric" "$better"
}

# One measurement; appends a row to $results. Returns non-zero when the tool produced no result.
measure_once() {
	local port="$1" pid="$2" out line
	local tag="$work/logs/$peer$log_suffix-$name-$rep"
	case "$kind" in
		wrk)
			out="$(run_wrk "$port" "$measure" 2>&1)"
			printf '%s\n' "$out" >"$tag.log"
			line="$(grep '^WRK_RESULT ' <<<"$out" | sed 's/^WRK_RESULT {//')"
			[ -n "$line" ] || return 1
			local extra=""
			if [ "$size" -gt 0 ]; then
				extra="$(awk -v r="$(num rps "{$line")" -v s="$size" 'BEGIN { printf "\"mb_per_s\":%.1f,", r * s / 1e6 }')"
			fi
			# wrk's latencies of pipelined writes are not per request (often 0): leave them out
			[ "$pipeline" -gt 1 ] && line="$(sed -E 's/"(p50|p90|p99|p999|max)_us":[0-9.]+,//g' <<<"$line")"
			line="{$(labels),\"tool\":\"wrk\",\"connections\":$conns,\"pipeline\":$pipeline,$extra$line"
			;;
		latency)
			# shellcheck disable=SC2086
			line="$(loadgen --url "http://127.0.0.1:$port/" -c "$conns" -R "$rate" $newconn -w "${lat_warmup}s" \
				-d "${lat_measure}s" -b "@$work/bodies/$body.json" 2>"$tag.log" | tail -n 1)"
			[[ "$line" == "{"* ]] || return 1
			line="{$(labels),\"tool\":\"loadgen\",${line#\{}"
			;;
		connect)
			line="$(loadgen connect --url "http://127.0.0.1:$port/" -n "$connect_count" \
				--warmup-count "$connect_count" 2>"$tag.log" | tail -n 1)"
			[[ "$line" == "{"* ]] || return 1
			line="{$(labels),\"tool\":\"loadgen connect\",${line#\{}"
			;;
		idle)
			local gc=()
			# a JVM peer collects its garbage before each memory reading (jcmd PID GC.run)
			is_java_peer "$peer" && [ -x "$(jcmd_of "$java")" ] && gc=(--jcmd "$(jcmd_of "$java")")
			line="$(loadgen idle --url "http://127.0.0.1:$port/" -c "$idle_connections" --pid "$pid" \
				--timeout "$idle_timeout" "${gc[@]}" 2>"$tag.log" | tail -n 1)"
			[[ "$line" == "{"* ]] || return 1
			line="{$(labels),\"tool\":\"loadgen idle\",${line#\{}"
			;;
	esac
	printf '%s\n' "$line" >>"$results"
	last="$line"
}

warm_up() {
	local peer="$1" port="$2" share
	log "[$peer] warming up for ${warmup}s"
	share=$(((warmup + 2) / 3))
	for warm in sum-c32 pipelined echo-doubles-8192; do
		scenario "$warm"
		[ "$peer" = nginx ] && [ "$constant" = no ] && scenario sum-c32
		run_wrk "$port" "$share" >/dev/null 2>&1
	done
}

# --- the run ----------------------------------------------------------------------------------

[ -z "$report_only" ] &&
	log "mode $mode: peers ${peers[*]}; ${#scenarios[@]} scenarios; $reps repetitions; measurement ${measure}s; results in $work"
# Every Java peer on every JDK (the headline JDK first), nginx and FastAPI once.
runs=()
for jdk_index in "${!jdk_labels[@]}"; do
	for peer in ${peers[@]+"${peers[@]}"}; do
		if is_java_peer "$peer" || [ "$jdk_index" = 0 ]; then runs+=("$jdk_index:$peer"); fi
	done
done
run_index=0
for run in ${runs[@]+"${runs[@]}"}; do
	run_index=$((run_index + 1))
	jdk_index="${run%%:*}"
	peer="${run#*:}"
	java="${jdk_javas[$jdk_index]}"
	if is_java_peer "$peer"; then
		jdk="JDK ${jdk_labels[$jdk_index]}"
		log_suffix="-jdk${jdk_labels[$jdk_index]}"
		prefix="[peer $run_index/${#runs[@]} $peer, $jdk]"
	else
		jdk="-"
		log_suffix=""
		prefix="[peer $run_index/${#runs[@]} $peer]"
	fi
	port="$(port_of "$peer")"
	if [[ "$peer" == fastapi* ]] && [ "$fastapi_ok" != 1 ]; then
		log "$prefix: skipped (no FastAPI environment)"
		continue
	fi
	log "$prefix starting on CPU 0, port $port"
	start_peer "$peer" "$port" || continue
	warm_up "$peer" "$port"
	scenario_index=0
	for name in "${scenarios[@]}"; do
		scenario_index=$((scenario_index + 1))
		scenario "$name"
		sprefix="$prefix scenario $scenario_index/${#scenarios[@]} $name"
		if [ "$peer" = nginx ] && [ "$constant" = no ]; then
			log "$sprefix: skipped (nginx only answers sum)"
			continue
		fi
		check_answer "$peer" "$port" || continue
		if [ "$kind" = wrk ] && [ "$scenario_warmup" != 0 ]; then
			run_wrk "$port" "$scenario_warmup" >/dev/null 2>&1
		fi
		n_reps="$reps"
		[ "$kind" = idle ] && [ "$idle_reps" -lt "$reps" ] && n_reps="$idle_reps"
		for rep in $(seq 1 "$n_reps"); do
			last=""
			if ! measure_once "$port" "$peer_pid"; then
				fail "$peer $name rep $rep: no result (see $work/logs/$peer$log_suffix-$name-$rep.log)"
				break
			fi
			value="$(num "$metric" "$last")"
			errs="$(num errors "$last")"
			log "$sprefix rep $rep/$n_reps: $metric=$value errors=${errs:-0}"
		done
		if ! kill -0 "$peer_pid" 2>/dev/null; then
			fail "$peer: died during $name (see $work/logs/$peer$log_suffix.log)"
			peer_pid=""
			break
		fi
	done
	log "$prefix stopping"
	stop_peer
	for _ in $(seq 1 50); do port_busy "$port" || break; sleep 0.1; done
	port_busy "$port" && fail "$peer: port $port still in use after stopping"
done
java="${jdk_javas[0]}"

# --- JMH --------------------------------------------------------------------------------------

jmh_json="$work/jmh.json"
if [ "$jmh" = 1 ]; then
	log "JMH: hot path benchmarks with -prof gc on JDK $headline_jdk (pinned to CPU 0)"
	# As the peers get it (run-peer.sh): Netty's Unsafe on JDK 24+; the forks inherit the option.
	jmh_opts=()
	spec="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')"
	if [ "${NETTY_UNSAFE:-allow}" = allow ] && [ "${spec%%.*}" -ge 24 ] 2>/dev/null; then
		jmh_opts=(--sun-misc-unsafe-memory-access=allow)
	fi
	if taskset -c 0 "$java" "${jmh_opts[@]}" -jar "$here/jmh/target/benchmarks.jar" -prof gc "${jmh_args[@]}" -rf json -rff "$jmh_json" \
		>"$work/logs/jmh.log" 2>&1; then
		for b in DispatchBenchmark.sum DispatchBenchmark.batch100 EchoBenchmark.object8192 EchoBenchmark.doubleArray8192 \
			HttpPipelineBenchmark.sum HttpPipelineBenchmark.batch100; do
			grep -q "\"io.ujrpc.benchmarks.jmh.$b\"" "$jmh_json" || fail "JMH $b: no result (see $work/logs/jmh.log)"
		done
		grep -E '^(Dispatch|Echo|HttpPipeline)Benchmark\.[a-zA-Z0-9]+(:gc\.alloc\.rate\.norm)? ' "$work/logs/jmh.log" |
			while read -r line; do log "JMH $line"; done
	else
		fail "JMH: failed (see $work/logs/jmh.log)"
	fi
fi

# --- report -----------------------------------------------------------------------------------

case "$mode" in
	full) note="" ;;
	quick) note="**Quick run** (\`benchmarks/run.sh --quick\`): ${measure} s measurements on a machine that may have been busy with other work. Do not quote these numbers; the full run is \`benchmarks/run.sh\`." ;;
	smoke) note="**Smoke run** (\`benchmarks/run.sh --smoke\`): checks that the harness works; the numbers mean nothing." ;;
esac
# BENCH_NOTE adds the conditions of the run (who else was using the machine) to the note.
note="${note}${BENCH_NOTE:+${note:+ }$BENCH_NOTE}"
jdks=""
for j in "${jdk_javas[@]}"; do
	jdks="${jdks:+$jdks; }$("$j" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { v = $2 } /java.vm.name/ { n = $2 } END { print n " " v }')"
done
python="none"
if [ -x "$fastapi_venv/bin/python" ]; then
	python="$("$fastapi_venv/bin/python" -c 'import sys, fastapi, uvicorn, uvloop, httptools, starlette; print("Python %d.%d.%d, FastAPI %s, Starlette %s, uvicorn %s (uvloop %s, httptools %s)" % (sys.version_info[:3] + (fastapi.__version__, starlette.__version__, uvicorn.__version__, uvloop.__version__, httptools.__version__)))' 2>/dev/null || echo unknown)"
fi
gc="$(taskset -c 0 "$java" ${JAVA_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/ Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC .*= true/ { print $2 }' | head -n 1)"
cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null)$(cd "$root" && git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
mode_line="$mode, $reps repetitions, ${measure} s per throughput measurement (after ${scenario_warmup} s unmeasured), ${lat_measure} s per latency measurement (after ${lat_warmup} s), ${warmup} s JVM warm-up"
load_line="${load_at_start:-?} and $(cut -d' ' -f1 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN) CPUs (above 2 means other work shared the CPUs)"
if [ -n "$report_only" ] && [ -s "$work/mode.txt" ]; then
	mode_line="$(cat "$work/mode.txt")"
	[ -s "$work/load.txt" ] && load_line="$(cat "$work/load.txt")"
else
	printf '%s\n' "$mode_line" >"$work/mode.txt"
	printf '%s\n' "$load_line" >"$work/load.txt"
fi
meta=(--meta "Mode=$mode_line"
	--meta "Date=$(date -u -r "$results" '+%Y-%m-%d %H:%M UTC')"
	--meta "CPU=$cpu, $(nproc) cores"
	--meta "Memory=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
	--meta "Kernel=$(uname -sr)"
	--meta "JDKs (Java peers; JMH on the first)=$jdks; GC when pinned to one CPU: ${gc:-?}; JAVA_OPTS=${JAVA_OPTS:-none}; sun.misc.Unsafe for Netty on JDK 24+: ${NETTY_UNSAFE:-allow}"
	--meta "FastAPI peers=$python; fastapi: 1 worker, fastapi-workers: ${FASTAPI_WORKERS:-$(getconf _NPROCESSORS_ONLN)} workers, all pinned to CPU 0 like every peer"
	--meta "Pinning=server on CPU 0, load generator on CPU 1 (taskset)"
	--meta "Load average (1 min) at start and end=$load_line"
	--meta "Tools=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3), loadgen (Netty epoll, HdrHistogram)"
	--meta "Commit=$commit"
	--meta "Peers=$(grep -o '"peer":"[^"]*"' "$results" | cut -d'"' -f4 | uniq | awk '!seen[$0]++' | paste -sd' ')")
if [ "$mode" != smoke ] && [ "$out_dir" = "$root/docs" ]; then
	rm -f "$out_dir"/benchmarks/*.png
fi
if loadgen_out="$(java -jar "$loadgen_jar" report --in "$results" --out-dir "$out_dir" \
	--title "ujrpc benchmarks" ${note:+--note "$note"} --targets "$here/targets.csv" --column jdk --headline "JDK $headline_jdk" \
	$([ -f "$root/docs/benchmarks/where-the-time-goes.md" ] && echo "--section $root/docs/benchmarks/where-the-time-goes.md") \
	$([ -f "$jmh_json" ] && echo "--jmh $jmh_json") "${meta[@]}" 2>&1)"; then
	cp "$results" "$out_dir/benchmarks/results.jsonl"
	[ -f "$jmh_json" ] && cp "$jmh_json" "$out_dir/benchmarks/jmh.json"
	log "report: $out_dir/benchmarks.md (charts in $out_dir/benchmarks/)"
else
	fail "report: $loadgen_out"
fi
[ -s "$out_dir/benchmarks.md" ] || fail "report: $out_dir/benchmarks.md was not written"

if [ ${#failures[@]} -gt 0 ]; then
	log "${#failures[@]} failure(s):"
	printf '  %s\n' "${failures[@]}"
	exit 1
fi
log "done: $(wc -l <"$results") measurements"
