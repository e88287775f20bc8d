-- wrk script: every request is a different, valid fwUpgradeStateChangeNotify, so that dedup never
-- answers from the store and every 200 costs a real insert. Unique across threads and runs.
local counter = 0
local prefix = ""

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  prefix = string.format("%x%x", os.time(), math.random(0, 0xFFFFFF))
end

local steps = { "idle", "downloading", "downloaded", "updating" }

function request()
  counter = counter + 1
  local step = counter % 4
  local body = string.format(
    '{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-%s-%d","appId":"bench-app",' ..
    '"operationId":"op-bench","subOperationId":"sub-%d","step":"%d","stepDesc":"%s"}',
    prefix, counter, counter % 1000, step, steps[step + 1])
  return wrk.format("POST", "/v1.0.0/messageReceiver", { ["Content-Type"] = "application/json" }, body)
end
