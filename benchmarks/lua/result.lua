-- Shared by the scripts here: at the end of a run, one machine-readable line
--   WRK_RESULT {"requests":...,"duration_s":...,"rps":...,"p50_us":...,...}
-- that benchmarks/run.sh turns into a result row. $CALLS_PER_REQUEST (default 1) multiplies
-- requests into calls for batches. wrk's latencies are closed-loop (not corrected for
-- coordinated omission) and, when pipelining, per request of a pipelined write.
function done(summary, latency, requests)
  local calls = tonumber(os.getenv("CALLS_PER_REQUEST") or "1")
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"calls_per_s":%.1f,"bytes":%d,'
      .. '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"p999_us":%.1f,"max_us":%.1f,'
      .. '"errors":%d,"non2xx":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.requests * calls / seconds, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect + e.read + e.write, e.status, e.timeout))
end
