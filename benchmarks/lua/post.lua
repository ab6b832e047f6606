-- POST one JSON-RPC request per HTTP request.
--   wrk -t1 -c16 -d10s -s lua/post.lua http://127.0.0.1:8081/
-- The body comes from $BODY_FILE, else $BODY, else sum(1, 2).
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

wrk.method = "POST"
wrk.body = read_body()
wrk.headers["Content-Type"] = "application/json"

-- the WRK_RESULT line of result.lua, next to this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "result.lua")
