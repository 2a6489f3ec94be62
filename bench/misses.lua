-- wrk script: POST /api/v1/authz/check with a random scale actor (su_n, sm_n, sum_n) and a random invoice
-- (sinv_m) per request, action approve (bench/misses.sh). TOKEN, USERS and INVOICES come from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local users = tonumber(os.getenv("USERS"))
local invoices = tonumber(os.getenv("INVOICES"))
local seeded = false

request = function()
  if not seeded then
    -- each wrk thread has its own Lua state: seed each differently
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
    seeded = true
  end
  local n = math.random(1, users)
  local body = '{"actor":{"user_id":"su_' .. n .. '","member_id":"sm_' .. n .. '","user_member_id":"sum_' .. n ..
      '","space_id":"space_scale"},"resource_type":"invoice","resource_id":"sinv_' .. math.random(1, invoices) ..
      '","action":"approve"}'
  return wrk.format(nil, nil, nil, body)
end
