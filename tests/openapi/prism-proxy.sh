#!/usr/bin/env bash
# The OpenAPI document against the wire: Stoplight Prism, built from docs/openapi.json, proxies pushes to the real
# service and validates each request and response (--errors). Pushes the service accepts in their wire variants
# (an extra property, a number for a string, Status for status, names in other letter case, an unknown notifyType,
# the command callback) must come back 200 through it; a push the service rejects must be refused by Prism too.
# The management API's answers (campaigns, an operation's rows, dead letters) must match the document as well.
# Prints "prism proxy: passed" or says what failed (exit 1). Needs Node (npx) and the .NET SDK.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { echo "prism proxy: $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d /tmp/iotpush-prism.XXXXXX)
service_port=$(free_port)
prism_port=$(free_port)
cleanup() {
  status=$?
  [ -n "${prism:-}" ] && kill "$prism" 2>/dev/null || true
  [ -n "${service:-}" ] && kill "$service" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

dotnet build src/IoTPush.Service -v quiet --nologo >/dev/null
(cd "$work" && ASPNETCORE_URLS="http://127.0.0.1:$service_port" ConnectionStrings__IoTPush="Data Source=$work/iotpush.db" \
  Management__ApiKeys__0=prism-key \
  exec dotnet "$root/src/IoTPush.Service/bin/Debug/net10.0/IoTPush.Service.dll" >"$work/service.log" 2>&1) &
service=$!
npx --yes @stoplight/prism-cli@5.16.0 proxy docs/openapi.json "http://127.0.0.1:$service_port" --errors --port "$prism_port" \
  >"$work/prism.log" 2>&1 &
prism=$!

for _ in $(seq 1 240); do
  curl -s -o /dev/null "http://127.0.0.1:$service_port/health/ready" && \
    curl -s -o /dev/null "http://127.0.0.1:$prism_port/health/live" && break
  sleep 0.5
done

failed=0
push() { # name, path, expected status, body
  local status
  status=$(curl -s -o "$work/answer" -w '%{http_code}' "http://127.0.0.1:$prism_port$2" -H 'Content-Type: application/json' --data-binary "$4")
  if [ "$status" = "$3" ]; then say "$1: $status"; else say "$1: expected $3, got $status: $(cat "$work/answer")"; failed=1; fi
}

push "extra property" /v1.0.0/messageReceiver 200 \
  '{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d1","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading","gatewayId":"gw","extra":{"x":[1]}}'
push "number for a string" /v1.0.0/messageReceiver 200 \
  '{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d2","appId":"a","operationId":"o","subOperationId":"s","step":1,"stepDesc":"downloading"}'
push "Status for status" /v1.0.0/messageReceiver 200 \
  '{"notifyType":"fwUpgradeResultNotify","deviceId":"d3","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1","targetVersion":"1","sourceVersion":"0","Status":"SUCCESS","statusDesc":"","upgradeTime":3600}'
push "names in other letter case" /v1.0.0/messageReceiver 200 \
  '{"NotifyType":"swUpgradeStateChangeNotify","DEVICEID":"d4","AppId":"a","operationID":"o","SubOperationId":"s","SwUpgradeState":"idle"}'
push "unknown notifyType" /v1.0.0/messageReceiver 200 '{"notifyType":"deviceCapabilitiesAdded","deviceId":"d5","capabilities":{"x":1}}'
push "deviceDataChanged" /v1.0.0/messageReceiver 200 "$(cat src/IoTPush/Notifications/Examples/deviceDataChanged.json)"
push "command callback" /v1.0.0/messageReceiver/cmd 200 "$(cat src/IoTPush/Notifications/Examples/nbCommandStateChanged.json)"
push "notifyType a number (refused by Prism)" /v1.0.0/messageReceiver 422 '{"notifyType":5}'
push "status in lower case (refused by Prism)" /v1.0.0/messageReceiver 422 \
  '{"notifyType":"fwUpgradeResultNotify","deviceId":"d6","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1","targetVersion":"1","sourceVersion":"0","status":"success","statusDesc":"","upgradeTime":"1"}'

get() { # name, path, expected status
  local status
  status=$(curl -s -o "$work/answer" -w '%{http_code}' "http://127.0.0.1:$prism_port$2" -H 'X-Api-Key: prism-key')
  if [ "$status" = "$3" ]; then say "$1: $status"; else say "$1: expected $3, got $status: $(cat "$work/answer")"; failed=1; fi
}

sleep 1 # the tracker has the pushes above
get "campaigns" "/api/upgrades?limit=10" 200
get "active campaigns of a kind" "/api/upgrades?active=true&kind=firmware" 200
get "an operation's failed rows" "/api/upgrades/o?result=FAIL" 200
get "dead letters" "/api/notifications?status=failed" 200
get "a kind that is none (refused by Prism)" "/api/upgrades?kind=hardware" 422

if [ "$failed" = 0 ]; then
  say "passed"
else
  tail -n 20 "$work/prism.log" >&2
  exit 1
fi
