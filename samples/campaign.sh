#!/usr/bin/env bash
# Posts a small firmware campaign, as the platform would push it, so that the README's management examples
# answer what they show on a fresh store:
#   operation op-42, three devices: dev-1 upgraded (SUCCESS), dev-2 failed (FAIL), dev-3 still updating;
#   and one deviceDataChanged push from dev-1.
# Usage: samples/campaign.sh [base URL, default http://localhost:8080]   (add ?token=... via TOKEN=... when set)
set -euo pipefail
base=${1:-http://localhost:8080}
query=${TOKEN:+?token=$TOKEN}

push() {
  curl -sS --fail-with-body "$base/v1.0.0/messageReceiver$query" -H 'Content-Type: application/json' -d "$1"
  echo
}

state() { # device, step, stepDesc
  push "{\"notifyType\":\"fwUpgradeStateChangeNotify\",\"deviceId\":\"$1\",\"appId\":\"app-1\",\"operationId\":\"op-42\",\"subOperationId\":\"sub-$1\",\"step\":\"$2\",\"stepDesc\":\"$3\"}"
}

result() { # device, status, statusDesc
  push "{\"notifyType\":\"fwUpgradeResultNotify\",\"deviceId\":\"$1\",\"appId\":\"app-1\",\"operationId\":\"op-42\",\"subOperationId\":\"sub-$1\",\"curVersion\":\"$4\",\"targetVersion\":\"1.6\",\"sourceVersion\":\"1.3\",\"status\":\"$2\",\"statusDesc\":\"$3\",\"upgradeTime\":\"20261122T101500Z\"}"
}

for device in dev-1 dev-2 dev-3; do
  state "$device" 1 downloading
  state "$device" 2 downloaded
  state "$device" 3 updating
done
result dev-1 SUCCESS "upgrade ok" 1.6
result dev-2 FAIL "image checksum mismatch" 1.3
push '{"notifyType":"deviceDataChanged","requestId":null,"deviceId":"dev-1","gatewayId":"dev-1","service":{"serviceId":"WaterMeter","serviceType":"WaterMeter","data":{"totalFlow":1024},"eventTime":"20261122T101600Z"}}'
