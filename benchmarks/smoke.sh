#!/usr/bin/env bash
# CI smoke of the benchmark harness (about a minute after the builds): builds ujrpc and the
# benchmarks, runs `run.sh --smoke` (ujrpc with metrics on and Vert.x on one JDK, 25 when installed,
# one scenario of every kind, one short repetition, JMH with one short iteration of the metrics-on
# benchmarks) into a temporary directory, and checks that every
# peer answered every scenario correctly (run.sh checks each answer before measuring), that every
# measurement produced a result, and that the report, its charts and the JMH allocation numbers
# were written; then `interleaved.sh` for one short round of ujrpc against Vert.x, checking that
# its report has a number for each. It fails when the harness is broken, never on a timing (a busy CI machine may
# leave an open-loop run with nothing answered in its short window); docs/ is not touched.
#   benchmarks/smoke.sh            (KEEP=1 keeps the output directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d /tmp/ujrpc-bench-smoke.XXXXXX)"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$out"' EXIT

"$here/run.sh" --smoke --out-dir "$out"

problems=()
page="$out/benchmarks.md"
results="$out/benchmarks/results.jsonl"
[ -s "$page" ] || problems+=("no report at $page")
[ -s "$results" ] || problems+=("no results at $results")
ls "$out"/benchmarks/*.png >/dev/null 2>&1 || problems+=("no charts in $out/benchmarks")
if [ -s "$results" ]; then
	for peer in ujrpc vertx; do
		for scenario in latency-keepalive latency-new-connection sum-c32 pipelined batch-100 echo-doubles-8192 \
			echo-doubles-8192-array fibo-sleep-20 connect-100 echo-string-1MB idle-10k; do
			row="$(grep "\"peer\":\"$peer\",\"jdk\":\"[^\"]*\",\"scenario\":\"$scenario\"," "$results" | head -n 1 || true)"
			if [ -z "$row" ]; then
				problems+=("$peer $scenario: no result")
			elif ! grep -q '"requests":[0-9]' <<<"$row"; then
				problems+=("$peer $scenario: a result without a request count: $row")
			fi
			grep -q "^### $scenario" "$page" || problems+=("$scenario: not in the report")
		done
	done
fi
for bench in DispatchBenchmark.sum DispatchBenchmark.batch100 EchoBenchmark.object8192 EchoBenchmark.doubleArray8192 \
	HttpPipelineBenchmark.sum HttpPipelineBenchmark.batch100; do
	grep -q "| $bench |.* B |" "$page" || problems+=("JMH $bench: no allocation per call in the report")
done
# The interleaved runs: both peers at once, one round of 1 s each, two scenarios.
interleaved="$out/interleaved/README.md"
if "$here/interleaved.sh" --peers ujrpc,vertx --scenarios sum-c64,batch-100 --rounds 1 --seconds 1 --warmup 1 \
	--out "$interleaved" >"$out/interleaved.log" 2>&1; then
	for scenario in sum-c64 batch-100; do
		grep -q "^### $scenario " "$interleaved" || problems+=("interleaved.sh: no $scenario table")
		grep -Eq "^[0-9]+\s[0-9]+$" "$out/interleaved/interleaved-$scenario.tsv" ||
			problems+=("interleaved.sh: no number for each peer in its $scenario round")
	done
	grep -Eq '^\| vertx \| [0-9]+ \([0-9]+-[0-9]+\) \| [0-9.]+ \(' "$interleaved" ||
		problems+=("interleaved.sh: no ratio row for vertx")
else
	problems+=("interleaved.sh failed: $(tail -n 5 "$out/interleaved.log" | tr '\n' ' ')")
fi
if [ ${#problems[@]} -gt 0 ]; then
	echo "smoke: the benchmark harness is broken:" >&2
	printf '  %s\n' "${problems[@]}" >&2
	exit 1
fi
echo "smoke: harness OK (report checked in $out)"
