-- POST the bytes of $BODY_FILE with Content-Type $CONTENT_TYPE; counts non-200 answers.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE")

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("NUMPY_RESULT rps=%.1f errors=%d non200=%d\n",
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, bad))
end
