-- HAProxy (2.6 or newer, built with Lua) asking Plystra about every request: load it with
-- `lua-load` and call `http-request lua.plystra_auth` (docs/gateways/haproxy.cfg). The gateway's key
-- comes from the environment variable PLYSTRA_GATEWAY_KEY, Plystra's forward-auth URL from
-- PLYSTRA_FORWARD_URL (default http://127.0.0.1:8080/api/v1/authz/forward; an IP address: HAProxy's
-- Lua HTTP client does not resolve names). The answer's status goes to txn.plystra_status, the deny
-- code to txn.plystra_deny; on an allow the identity headers replace whatever the client sent.
local forward = os.getenv("PLYSTRA_FORWARD_URL") or "http://127.0.0.1:8080/api/v1/authz/forward"
local key = os.getenv("PLYSTRA_GATEWAY_KEY") or ""
local identity = { "x-plystra-user-id", "x-plystra-service-id", "x-plystra-member-id", "x-plystra-space-id" }

local function first(values)
  if values == nil then return nil end
  return values[0] or values[1]
end

core.register_action("plystra_auth", { "http-req" }, function(txn)
  for _, name in ipairs(identity) do
    txn.http:req_del_header(name)
  end
  local headers = {
    ["x-plystra-gateway-key"] = { key },
    ["x-forwarded-method"] = { txn.sf:method() },
    ["x-forwarded-uri"] = { txn.sf:pathq() },
    ["x-forwarded-host"] = { txn.sf:req_fhdr("host") or "" },
  }
  local authorization = txn.sf:req_fhdr("authorization")
  if authorization ~= nil and authorization ~= "" then
    headers["authorization"] = { authorization }
  end
  local ok, res = pcall(function()
    return core.httpclient():get { url = forward, headers = headers, timeout = 2000 }
  end)
  local status = 0
  if ok and res ~= nil and res.status ~= nil then
    status = res.status
  end
  txn:set_var("txn.plystra_status", status)
  txn:set_var("txn.plystra_deny", "")
  if status == 200 then
    for _, name in ipairs(identity) do
      local value = first(res.headers[name])
      if value ~= nil then
        txn.http:req_set_header(name, value)
      end
    end
  elseif status == 403 then
    txn:set_var("txn.plystra_deny", first(res.headers["x-plystra-deny-code"]) or "")
  end
end)
