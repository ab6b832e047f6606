-- HTTP/1.1 pipelining, Japronto-style: $PIPELINE requests (default 24) in one write, the next
-- write after all of them are answered.
--   PIPELINE=24 wrk -t1 -c16 -d10s -s lua/pipeline.lua http://127.0.0.1:8081/
-- The body comes from $BODY_FILE, else $BODY, else sum(1, 2).
local depth = tonumber(os.getenv("PIPELINE") or "24")

local function read_body()
  local path = os.getenv("BODY_FILE")
  if path then
    local file = assert(io.open(path, "rb"), "cannot open BODY_FILE " .. path)
    local body = file:read("*a")
    file:close()
    return body
  end
  return os.getenv("BODY") or '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":1}'
end

local pipelined

function init(args)
  local body = read_body()
  local one = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  pipelined = string.rep(one, depth)
end

function request()
  return pipelined
end

-- the WRK_RESULT line of result.lua, next to this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "result.lua")
