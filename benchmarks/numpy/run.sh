#!/usr/bin/env bash
# The NumPy RPC benchmark's table: echo of 1, 256 and 8192 doubles as a JSON list, a base64
# buffer, a msgpack-numpy map and a CBOR typed array, against ujrpc, ujrpc before the binary
# encodings (when BASE_CLASSES names its compiled ujrpc-core classes), aiohttp, tornado and Vert.x
# (benchmarks/peer-vertx with --app=numpy; built with the benchmarks pom when its jar is missing).
# Each server is pinned to CPU 0, wrk to CPU 1; loopback only; every step is time-bounded.
# Writes the table into docs/encodings.md (between the numpy-table markers) and prints it.
#
#   benchmarks/numpy/run.sh                         # 5 s per measurement, 2 s warm-up
#   DURATION=3 WARMUP=1 benchmarks/numpy/run.sh     # quicker
#   BASE_CLASSES=/tmp/base/classes benchmarks/numpy/run.sh
#   PEERS="ujrpc vertx" benchmarks/numpy/run.sh    # some peers only (default: ujrpc aiohttp tornado vertx)
#   POINTS=8192 benchmarks/numpy/run.sh             # some sizes only (default: 1 256 8192)
#   REPS=1 benchmarks/numpy/run.sh                  # one measurement per case (default 3; a cell is their median)
#   BASE_FORMATS=all BASE_CLASSES=... run.sh        # ujrpc-before in every format, not the JSON list only
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java run.sh   # the JVM the Java servers run on
#   NETTY_UNSAFE=default run.sh                     # on JDK 24+, without --sun-misc-unsafe-memory-access=allow
#
# Needs: wrk, taskset, a Python with numpy, msgpack, cbor2, aiohttp and tornado (VENV, default
# /tmp/codec-venv; created with pip when missing), and ujrpc-core compiled (./mvnw -pl ujrpc-core compile).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/numpy"
WORK="$ROOT/benchmarks/target/numpy"
VENV=${VENV:-/tmp/codec-venv}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-8}
# Measurements per case; the table shows their median. On a shared VM one 5-s measurement can
# fall into a slow spell of the host: 2026-12-04 (AMD EPYC), ujrpc's base64 echo of 8192
# doubles did 18,988, 17,743, 20,732 and 11,676 req/s in four runs, the MessagePack one 13,845,
# then 25,086 to 28,158.
REPS=${REPS:-3}
PORT=${PORT:-18081}
OUT=${OUT:-$ROOT/docs/encodings.md}
JAVA=${JAVA:-java}
UJRPC_CLASSES=${UJRPC_CLASSES:-$ROOT/ujrpc-core/target/classes}
POINTS=${POINTS:-"1 256 8192"}
BASE_FORMATS=${BASE_FORMATS:-json}
mkdir -p "$WORK/classes"
# As benchmarks/run.sh does: on JDK 24+ the Java servers get sun.misc.Unsafe back for Netty
# (without it every copy out of a direct buffer makes a new NIO view), unless NETTY_UNSAFE=default.
JVM_OPTS=()
java_feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${NETTY_UNSAFE:-allow}" = allow ] && [ "${java_feature:-0}" -ge 24 ] 2>/dev/null; then
  JVM_OPTS=(--sun-misc-unsafe-memory-access=allow)
fi

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  timeout 600 "$VENV/bin/pip" install -q numpy msgpack cbor2 aiohttp tornado
fi
PY="$VENV/bin/python"
"$PY" "$HERE/make_bodies.py" "$WORK/bodies"

if [ ! -s "$WORK/classpath.txt" ]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl ujrpc-core dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt")
fi
DEPS=$(cat "$WORK/classpath.txt")
javac -parameters -nowarn -d "$WORK/classes" -cp "$UJRPC_CLASSES:$DEPS" "$HERE/NumpyEchoServer.java"
printf '<configuration><root level="WARN"/></configuration>\n' > "$WORK/logback.xml"
PEERS=${PEERS:-"ujrpc aiohttp tornado vertx"}
VERTX_JAR="$ROOT/benchmarks/peer-vertx/target/peer-vertx.jar"
if [[ " $PEERS " == *" vertx "* ]] && [ ! -s "$VERTX_JAR" ]; then
  (cd "$ROOT" && timeout 900 ./mvnw -B -ntp -q -f benchmarks/pom.xml -pl peer-vertx -am package -DskipTests)
fi

PEER_PID=""
stop_peer() {
  if [ -n "$PEER_PID" ]; then
    kill -- "-$PEER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$PEER_PID" 2>/dev/null || true
    PEER_PID=""
  fi
  # The next peer must not find this one still answering on the port (a JVM shutting down).
  for _ in $(seq 1 100); do
    ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q . || break
    sleep 0.1
  done
}
trap stop_peer EXIT

start_peer() {
  local peer=$1
  case "$peer" in
    ujrpc) setsid taskset -c 0 "$JAVA" "${JVM_OPTS[@]}" -Dlogback.configurationFile="$WORK/logback.xml" \
        -cp "$WORK/classes:$UJRPC_CLASSES:$DEPS" NumpyEchoServer "$PORT" > "$WORK/$peer.log" 2>&1 & ;;
    ujrpc-before) setsid taskset -c 0 "$JAVA" "${JVM_OPTS[@]}" -Dlogback.configurationFile="$WORK/logback.xml" \
        -cp "$WORK/classes:$BASE_CLASSES:$DEPS" NumpyEchoServer "$PORT" > "$WORK/$peer.log" 2>&1 & ;;
    vertx) setsid taskset -c 0 "$JAVA" "${JVM_OPTS[@]}" -jar "$VERTX_JAR" --port="$PORT" --app=numpy > "$WORK/$peer.log" 2>&1 & ;;
    aiohttp|tornado) setsid taskset -c 0 "$PY" "$HERE/echo_servers.py" "$peer" "$PORT" > "$WORK/$peer.log" 2>&1 & ;;
  esac
  PEER_PID=$!
  for _ in $(seq 1 600); do
    if ! kill -0 "$PEER_PID" 2>/dev/null; then break; fi
    if curl -s -m 2 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @"$WORK/bodies/json-1.body" "http://127.0.0.1:$PORT/" 2>/dev/null | grep -q 200; then
      return 0
    fi
    sleep 0.1
  done
  echo "$peer did not start; see $WORK/$peer.log" >&2
  return 1
}

content_type() {
  case "$1" in json|base64) echo application/json ;; msgpack) echo application/msgpack ;; cbor) echo application/cbor ;; esac
}

measure() {
  local format=$1 points=$2 seconds=$3
  BODY_FILE="$WORK/bodies/$format-$points.body" CONTENT_TYPE=$(content_type "$format") \
    timeout $((seconds + 30)) taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" -s "$HERE/body.lua" \
    "http://127.0.0.1:$PORT/" | sed -n 's/^NUMPY_RESULT rps=\([0-9.]*\) errors=\([0-9]*\) non200=\([0-9]*\)$/\1 \2 \3/p'
}

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
if [ -n "${BASE_CLASSES:-}" ]; then PEERS="ujrpc-before $PEERS"; fi
for peer in $PEERS; do
  echo "[$(date +%H:%M:%S)] $peer: starting"
  if ! start_peer "$peer"; then stop_peer; continue; fi
  case "$peer" in
    ujrpc*|vertx) # the JIT's warm-up, longer than a case's
      measure json 8192 $((WARMUP * 4)) > /dev/null || true
      if [ "$peer" != ujrpc-before ] || [ "$BASE_FORMATS" = all ]; then
        for format in base64 msgpack cbor; do measure "$format" 8192 $((WARMUP * 2)) > /dev/null || true; done
      fi ;;
  esac
  # Each case is warmed up before it is measured, the JVMs' three times as long: a case's
  # first seconds still run code the JIT has not compiled for it (2026-12-03, ujrpc's JSON-list
  # echo of 1 double on a fresh JVM: 133-136k req/s in its first 4 s after 6 s of warm-up,
  # 154-176k in the next rounds; Vert.x 121k, then 149-151k).
  case_warmup=$WARMUP
  case "$peer" in ujrpc*|vertx) case_warmup=$((WARMUP * 3)) ;; esac
  for format in json base64 msgpack cbor; do
    if [ "$peer" = ujrpc-before ] && [ "$BASE_FORMATS" != all ] && [ "$format" != json ]; then continue; fi
    for points in $POINTS; do
      measure "$format" "$points" "$case_warmup" > /dev/null || true
      runs=()
      rps=""
      for _ in $(seq 1 "$REPS"); do
        read -r one errors non200 < <(measure "$format" "$points" "$DURATION" || echo "0 1 0")
        if [ "${errors:-1}" != 0 ] || [ "${non200:-1}" != 0 ]; then rps="failed"; break; fi
        runs+=("$one")
      done
      if [ "$rps" != failed ]; then
        rps=$(printf '%s\n' "${runs[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
      fi
      echo "[$(date +%H:%M:%S)] $peer $format $points: $rps req/s (median of: ${runs[*]})"
      printf '%s\t%s\t%s\t%s\n' "$peer" "$format" "$points" "$rps" >> "$RESULTS"
    done
  done
  stop_peer
done

"$PY" - "$RESULTS" "$OUT" "$DURATION" "$CONNECTIONS" "$JAVA" "${JVM_OPTS[*]}" "$REPS" <<'PYEOF'
import platform, subprocess, sys, datetime
results, out, duration, connections, java, jvm_opts, reps = sys.argv[1:8]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
peers = list(dict.fromkeys(r[0] for r in rows))
value = {(p, f, n): v for p, f, n, v in rows}
names = {"json": "JSON list", "base64": "base64", "msgpack": "MessagePack", "cbor": "CBOR"}
lines = ["| format | points | " + " | ".join(peers) + " |", "|---|---:|" + "---:|" * len(peers)]
for f in ("json", "base64", "msgpack", "cbor"):
    for n in ("1", "256", "8192"):
        if not any((p, f, n) in value for p in peers):
            continue
        cells = []
        for p in peers:
            v = value.get((p, f, n))
            cells.append("n/a" if v is None else v if v == "failed" else f"{float(v):,.0f}")
        lines.append(f"| {names[f]} | {n} | " + " | ".join(cells) + " |")
def rps(p, f, n):
    v = value.get((p, f, n))
    try:
        return float(v)
    except (TypeError, ValueError):
        return None
notes = []
base = rps("ujrpc-before", "json", "8192") or rps("ujrpc", "json", "8192")
base_name = "ujrpc before this change" if rps("ujrpc-before", "json", "8192") else "ujrpc"
aio = rps("aiohttp", "msgpack", "8192")
for f in ("base64", "msgpack", "cbor"):
    u = rps("ujrpc", f, "8192")
    if u and base:
        notes.append(f"- ujrpc {names[f]} echo of 8192 doubles: {u / base:.1f}x the requests/s of the JSON-list echo of {base_name}")
    if u and aio:
        notes.append(f"  and {u / aio:.1f}x aiohttp's MessagePack echo")
    b = rps("ujrpc-before", f, "8192")
    if u and b:
        notes.append(f"  and {u / b:.2f}x ujrpc-before's {names[f]} echo")
    v = rps("vertx", f, "8192")
    if u and v:
        notes.append(f"  and {u / v:.1f}x Vert.x's {names[f]} echo")
cpu = ""
try:
    cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
except Exception:
    pass
load = open("/proc/loadavg").read().split()[:3]
java_version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
header = (f"Run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {cpu or platform.processor()} "
          f"({platform.system()} {platform.release()}), load average {' '.join(load)} at the end: "
          f"requests/s, wrk -t1 -c{connections}, "
          + (f"the median of {reps} measurements of {duration} s" if reps != "1" else f"{duration} s per measurement")
          + " after a warm-up, "
          f"server on CPU 0, wrk on CPU 1, loopback; Java servers on {java_version}"
          + (f" with {jvm_opts}." if jvm_opts else "."))
table = "\n".join([header, "", *lines, "", *notes])
text = open(out).read()
start, end = "<!-- numpy-table-start -->", "<!-- numpy-table-end -->"
if start in text and end in text:
    text = text[:text.index(start) + len(start)] + "\n" + table + "\n" + text[text.index(end):]
    open(out, "w").write(text)
print(table)
PYEOF
