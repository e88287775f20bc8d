#!/usr/bin/env bash
# The campaigns list (GET /api/upgrades) and a campaign's page, on a nearly empty store and on one holding
# 10,000 campaigns over 1,000,000 tracker rows, on SQLite and on PostgreSQL. One run, one client.
#   bench/campaigns.sh                                   both stores (about 3 minutes, most of it seeding)
#   PROVIDERS=sqlite DEVICES=100000 bench/campaigns.sh  a quicker look
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
providers=${PROVIDERS:-sqlite,postgres}
if [[ $providers == *postgres* ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL's server binaries are needed: apt-get install postgresql" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

work=$(mktemp -d /tmp/iotpush-campaigns.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "building (Release) into $work ..." >&2
dotnet publish src/IoTPush.Service -c Release -o "$work/iotpush" --nologo -v quiet >/dev/null

mkdir -p bench/results
python3 bench/campaigns.py --work "$work" --providers "$providers" \
  --devices "${DEVICES:-1000000}" --operations "${OPERATIONS:-10000}" --requests "${REQUESTS:-300}" \
  | tee bench/results/campaigns.md
