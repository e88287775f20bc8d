#!/usr/bin/env bash
# Chaos check of the scale-out topology (see docs/reliability.md): two instances on one PostgreSQL behind nginx,
# under load, while the tracker's table is locked for three leases, an instance is killed and restarted, and the
# database is stopped and started. Then: every 200 stored once, every record processed, every tracker row counting
# its distinct pushes, no lease left.
#   bench/chaos.sh            three runs (about 4 minutes)
#   RUNS=1 bench/chaos.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
missing=""
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || { echo "install first:$missing" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
export PATH="$PATH:/usr/sbin"
work=$(mktemp -d /tmp/iotpush-chaos.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "building (Release) into $work ..." >&2
dotnet publish src/IoTPush.Service -c Release -o "$work/iotpush" --nologo -v quiet >/dev/null
mkdir -p bench/results
python3 bench/chaos.py --work "$work" --runs "${RUNS:-3}" | tee bench/results/chaos.md
