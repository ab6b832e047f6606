#!/usr/bin/env bash
# Same-run ratios on a noisy machine: every peer runs at once (all pinned to CPU 0, each on
# its own port), and the measurements take turns, one short wrk run per peer in each round,
# so that whatever the host does to CPU 0 over minutes falls on every peer alike. run.sh
# measures one peer after another, minutes apart; on a VM whose speed drifts, the ratio of two
# peers' medians then carries the drift. Here each round gives its own ratio against the first
# peer (the first peer divided by it), and the report is the median of those ratios, with
# their range.
#
#   benchmarks/interleaved.sh                                    # ujrpc, ujrpc-metrics-off, vertx; sum-c64 and batch-100; 10 rounds
#   benchmarks/interleaved.sh --peers ujrpc,vertx --scenarios sum-c64,sum-c1 --rounds 20
#   benchmarks/interleaved.sh --out docs/benchmarks/some-day/interleaved.md
#
# Options: --peers (ujrpc, ujrpc-metrics-off, ujrpc-epoll, vertx, vertx-io_uring, nginx),
# --scenarios (sum-c64, sum-c1, pipelined-16, batch-100), --rounds N (10), --seconds S per
# measurement (5), --warmup S per peer and scenario (30), --out FILE (the markdown report,
# also printed). JAVA picks the JVM (default: Temurin 25 under /usr/lib/jvm, else java) and
# JAVA_OPTS adds options; run-peer.sh starts each peer, so on JDK 24+ they get
# --sun-misc-unsafe-memory-access=allow as in run.sh. KEEP=1 keeps the peers' logs, which are
# kept anyway when something failed.
# Needs the peers' jars (run.sh builds them), wrk, taskset and curl. Loopback only;
# every wait and every run is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
peers_arg=ujrpc,ujrpc-metrics-off,vertx
scenarios_arg=sum-c64,batch-100
rounds=10
seconds=5
warmup=30
out=""
while [ $# -gt 0 ]; do
	case "$1" in
		--peers) peers_arg="${2:?--peers: missing value}"; shift ;;
		--scenarios) scenarios_arg="${2:?--scenarios: missing value}"; shift ;;
		--rounds) rounds="${2:?--rounds: missing value}"; shift ;;
		--seconds) seconds="${2:?--seconds: missing value}"; shift ;;
		--warmup) warmup="${2:?--warmup: missing value}"; shift ;;
		--out) out="${2:?--out: missing value}"; shift ;;
		-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
		*) echo "interleaved.sh: unknown option $1 (expected: --peers, --scenarios, --rounds, --seconds, --warmup, --out)" >&2; exit 2 ;;
	esac
	shift
done
for value in "$rounds" "$seconds" "$warmup"; do
	[[ "$value" =~ ^[0-9]+$ ]] || { echo "interleaved.sh: $value is not a whole number of rounds or seconds" >&2; exit 2; }
done
[ "$rounds" -ge 1 ] && [ "$rounds" -le 200 ] || { echo "interleaved.sh: --rounds $rounds (expected: 1 to 200)" >&2; exit 2; }
[ "$seconds" -ge 1 ] && [ "$seconds" -le 60 ] || { echo "interleaved.sh: --seconds $seconds (expected: 1 to 60)" >&2; exit 2; }
IFS=',' read -r -a peers <<<"$peers_arg"
IFS=',' read -r -a scenarios <<<"$scenarios_arg"
[ "${#peers[@]}" -ge 2 ] || { echo "interleaved.sh: --peers needs at least two peers to compare" >&2; exit 2; }
# A scenario's wrk load, as run.sh defines it: connections, script, pipeline depth, calls per
# request (for calls/s).
shape() {
	case "$1" in
		sum-c64) echo 64 post.lua 1 1 ;;
		sum-c1) echo 1 post.lua 1 1 ;;
		pipelined-16) echo 64 pipeline.lua 16 1 ;;
		batch-100) echo 16 batch.lua 1 100 ;;
		*) return 1 ;;
	esac
}
for scenario in "${scenarios[@]}"; do
	shape "$scenario" >/dev/null ||
		{ echo "interleaved.sh: unknown scenario $scenario (expected: sum-c64, sum-c1, pipelined-16, batch-100)" >&2; exit 2; }
done
case " ${peers[*]} " in
	*" nginx "*)
		case " ${scenarios[*]} " in
			*" batch-100 "*) echo "interleaved.sh: nginx answers every request with sum's reply, so it cannot run batch-100" >&2; exit 2 ;;
		esac ;;
esac

if [ -z "${JAVA:-}" ]; then
	JAVA="$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || command -v java)"
fi
for tool in wrk taskset curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "interleaved.sh: $tool missing (run.sh installs it)" >&2; exit 1; }
done

work=""
pids=()
stop_all() {
	local status=$?
	for pid in "${pids[@]+"${pids[@]}"}"; do
		kill -- "-$pid" 2>/dev/null || true
	done
	[ "${#pids[@]}" = 0 ] || sleep 1
	for pid in "${pids[@]+"${pids[@]}"}"; do
		kill -9 -- "-$pid" 2>/dev/null || true
	done
	# The peers' logs are kept when something failed, for a look at why.
	if [ -z "$work" ]; then
		return
	elif [ "$status" = 0 ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$work"
	else
		echo "interleaved.sh: the peers' logs are in $work" >&2
	fi
}
trap stop_all EXIT

# Each peer on a port of its own, so that they all run at once.
port_of() {
	case "$1" in
		ujrpc) echo 8085 ;; ujrpc-metrics-off) echo 8095 ;; ujrpc-epoll) echo 8096 ;;
		vertx) echo 8083 ;; vertx-io_uring) echo 8093 ;; nginx) echo 8086 ;;
		*) return 1 ;;
	esac
}
start() {
	local peer="$1" port="$2" args=()
	case "$peer" in
		ujrpc) args=(ujrpc --server.port="$port") ;;
		ujrpc-metrics-off) args=(ujrpc-metrics-off --server.port="$port") ;;
		ujrpc-epoll) args=(ujrpc --server.port="$port" --ujrpc.transport=epoll) ;;
		vertx | vertx-io_uring) args=("$peer" --port="$port") ;;
		nginx) args=(nginx "$port") ;;
	esac
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "interleaved.sh: port $port is already in use (a peer left running?)" >&2
		exit 1
	fi
	NGINX_PREFIX="$work/nginx-$port" JAVA="$JAVA" setsid taskset -c 0 "$here/run-peer.sh" "${args[@]}" \
		>"$work/$peer.log" 2>&1 </dev/null &
	pids+=($!)
}
answered() {
	curl -sS -f -m 5 -H 'Content-Type: application/json' \
		--data-binary '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":1}' "http://127.0.0.1:$1/" 2>/dev/null |
		grep -q '"result":3'
}

# The jar run-peer.sh starts for a peer (none for nginx).
jar_of() {
	case "$1" in
		ujrpc*) echo "$here/peer-ujrpc/target/peer-ujrpc.jar" ;;
		vertx*) echo "$here/peer-vertx/target/peer-vertx.jar" ;;
	esac
}

ports=()
for peer in "${peers[@]}"; do
	port="$(port_of "$peer")" || { echo "interleaved.sh: unknown peer $peer (expected: ujrpc, ujrpc-metrics-off, ujrpc-epoll, vertx, vertx-io_uring, nginx)" >&2; exit 2; }
	ports+=("$port")
	jar="$(jar_of "$peer")"
	if [ -n "$jar" ] && [ ! -f "$jar" ]; then
		echo "interleaved.sh: $jar is missing; build the peers first: ./mvnw -q install -DskipTests && ./mvnw -q -f benchmarks/pom.xml package -DskipTests (or run benchmarks/run.sh once)" >&2
		exit 1
	fi
done
case " ${peers[*]} " in
	*" nginx "*) command -v nginx >/dev/null 2>&1 || { echo "interleaved.sh: nginx missing (run.sh installs it)" >&2; exit 1; } ;;
esac
work="$(mktemp -d /tmp/ujrpc-interleaved.XXXXXX)"
for i in "${!peers[@]}"; do
	start "${peers[$i]}" "${ports[$i]}"
done
for i in "${!peers[@]}"; do
	deadline=$(($(date +%s) + 120))
	until answered "${ports[$i]}"; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "interleaved.sh: ${peers[$i]} gave no correct answer to sum(1, 2) on port ${ports[$i]} within 120 s" >&2
			tail -20 "$work/${peers[$i]}.log" >&2
			exit 1
		fi
		sleep 0.25
	done
done

# One wrk run; prints requests/s (calls/s for the batch).
measure() {
	local port="$1" scenario="$2" secs="$3" conns script pipeline calls rps
	read -r conns script pipeline calls < <(shape "$scenario")
	rps="$(PIPELINE="$pipeline" BATCH=100 CALLS_PER_REQUEST="$calls" timeout $((secs + 30)) taskset -c 1 \
		wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/lua/$script" "http://127.0.0.1:$port/" |
		awk '/Requests\/sec/ { print $2 }')"
	[ -n "$rps" ] || { echo "interleaved.sh: wrk gave no result for $scenario on port $port" >&2; exit 1; }
	awk -v r="$rps" -v c="$calls" 'BEGIN { printf "%.0f\n", r * c }'
}

report="$work/report.md"
{
	echo "Interleaved runs ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)):"
	echo "every peer started at once on CPU 0, wrk on CPU 1, ${warmup} s of warm-up per peer and scenario, then"
	echo "$rounds rounds of one ${seconds}-s run per peer in turn. JVM: $("$JAVA" -version 2>&1 | head -n 1); JAVA_OPTS: ${JAVA_OPTS:-none}; NETTY_UNSAFE: ${NETTY_UNSAFE:-allow}."
	echo "A cell is the median over the rounds (min-max); **${peers[0]} ÷ peer** is the median of each round's ratio of"
	echo "${peers[0]} to that peer (min-max), so above 1 means ${peers[0]} was faster."
	echo
} >"$report"
for scenario in "${scenarios[@]}"; do
	for i in "${!peers[@]}"; do
		measure "${ports[$i]}" "$scenario" "$warmup" >/dev/null
	done
	values="$work/$scenario.tsv"
	: >"$values"
	for round in $(seq "$rounds"); do
		line=""
		for i in "${!peers[@]}"; do
			line+="$(measure "${ports[$i]}" "$scenario" "$seconds")"$'\t'
		done
		echo "${line%$'\t'}" >>"$values"
		echo "[$(date -u +%H:%M:%S)] $scenario round $round/$rounds: ${line%$'\t'}" >&2
	done
	unit="req/s"
	[ "$scenario" = batch-100 ] && unit="calls/s"
	awk -F'\t' -v scenario="$scenario" -v unit="$unit" -v names="${peers[*]}" '
		function median(a, n,   i, j, t, b) {
			for (i = 1; i <= n; i++) b[i] = a[i]
			for (i = 2; i <= n; i++) for (j = i; j > 1 && b[j - 1] > b[j]; j--) { t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
			return (n % 2) ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
		}
		function range(a, n,   i, lo, hi) {
			lo = hi = a[1]
			for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
			return sprintf(fmt, lo) "-" sprintf(fmt, hi)
		}
		{ for (i = 1; i <= NF; i++) { v[i, NR] = $i; r[i, NR] = $1 / $i } ; n = NR; k = NF }
		END {
			split(names, name, " ")
			printf "### %s (%s)\n\n| peer | %s | %s ÷ peer |\n|---|---:|---:|\n", scenario, unit, unit, name[1]
			for (i = 1; i <= k; i++) {
				for (j = 1; j <= n; j++) { a[j] = v[i, j]; b[j] = r[i, j] }
				fmt = "%.0f"; cell = sprintf("%.0f (%s)", median(a, n), range(a, n))
				fmt = "%.2f"; ratio = (i == 1) ? "1" : sprintf("%.2f (%s)", median(b, n), range(b, n))
				printf "| %s | %s | %s |\n", name[i], cell, ratio
			}
			print ""
		}' "$values" >>"$report"
done
cat "$report"
if [ -n "$out" ]; then
	mkdir -p "$(dirname "$out")"
	cp "$report" "$out"
	for scenario in "${scenarios[@]}"; do
		cp "$work/$scenario.tsv" "$(dirname "$out")/interleaved-$scenario.tsv"
	done
fi
