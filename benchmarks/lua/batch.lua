-- POST a JSON-RPC batch: an array of $BATCH calls (default 16) of $METHOD with $PARAMS
-- (default sum with [1,2]), ids 1..BATCH. Every HTTP response carries BATCH results, so
-- calls/s = wrk's requests/s * BATCH (run with CALLS_PER_REQUEST=$BATCH for result.lua).
--   BATCH=16 wrk -t1 -c16 -d10s -s lua/batch.lua http://127.0.0.1:8081/
local size = tonumber(os.getenv("BATCH") or "16")
local method = os.getenv("METHOD") or "sum"
local params = os.getenv("PARAMS") or "[1,2]"

local calls = {}
for id = 1, size do
  calls[id] = string.format('{"jsonrpc":"2.0","method":"%s","params":%s,"id":%d}', method, params, id)
end

wrk.method = "POST"
wrk.body = "[" .. table.concat(calls, ",") .. "]"
wrk.headers["Content-Type"] = "application/json"

-- the WRK_RESULT line of result.lua, next to this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "result.lua")
